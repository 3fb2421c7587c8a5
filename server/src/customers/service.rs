//! Rules for accounts: argon2id password hashes, sign-in, web sessions and roles.
use app::client::SessionGrant;
use app::model::{Customer, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::hashing::{hash_password, verify_password};
use super::input::{Credentials, NewAccount};
use super::store;
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::store::Db;

const SESSION_DAYS: i64 = 30;

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

async fn new_session(db: &Db, customer: Customer) -> Result<SessionGrant> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = chrono::Utc::now();
    let expires = now + chrono::Duration::days(SESSION_DAYS);
    store::insert_session(db, &hash_token(&token), customer.id, now, expires)
        .await
        .map_err(internal("cannot create session"))?;
    Ok(SessionGrant { customer, token })
}

/// Creates the account (no session): the API's `POST /customers`.
pub async fn register(db: &Db, account: NewAccount) -> Result<Customer> {
    let hash = hash_password(account.password).await?;
    let customer = store::insert(
        db,
        &account.name,
        &account.email,
        account.phone.as_deref(),
        &hash,
    )
    .await
    .map_err(internal("cannot insert customer"))?
    .ok_or(Rule::EmailTaken)?;
    tracing::info!(customer_id = customer.id, "customer signed up");
    Ok(customer)
}

/// Creates the account and a web session.
pub async fn sign_up(db: &Db, account: NewAccount) -> Result<SessionGrant> {
    let customer = register(db, account).await?;
    new_session(db, customer).await
}

/// Checks the credentials; the same answer for an unknown email and a wrong password.
pub async fn authenticate(db: &Db, credentials: Credentials) -> Result<Customer> {
    let found = store::by_email(db, &credentials.email)
        .await
        .map_err(internal("cannot read customer"))?;
    // Verify against a real hash even for unknown emails, so timing does not reveal accounts.
    let hash = found
        .as_ref()
        .map(|f| f.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = verify_password(credentials.password, hash).await;
    match found {
        Some(found) if ok => Ok(found.customer),
        _ => Err(Rule::WrongCredentials.into()),
    }
}

pub async fn sign_in(db: &Db, credentials: Credentials) -> Result<SessionGrant> {
    let customer = authenticate(db, credentials).await?;
    new_session(db, customer).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Customer> {
    store::by_id(db, id)
        .await
        .map_err(internal("cannot read customer"))?
        .ok_or(Error::NotFound(Thing::Customer))
}

/// The accounts with these ids (in no particular order).
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Customer>> {
    store::by_ids(db, ids)
        .await
        .map_err(internal("cannot read customers"))
}

/// The account that uses this email, in any letter case.
pub async fn by_email(db: &Db, email: &str) -> Result<Option<Customer>> {
    Ok(store::by_email(db, email)
        .await
        .map_err(internal("cannot read customer"))?
        .map(|s| s.customer))
}

/// The role granted to a customer, read from the database on every admin request: a changed
/// role takes effect at once, not when an access token expires.
pub async fn role(db: &Db, id: i64) -> Result<Role> {
    let role = store::role(db, id)
        .await
        .map_err(internal("cannot read role"))?;
    Ok(Role::parse(&role).unwrap_or_default())
}

/// Raises the account to `role` (never lowers a platform admin).
pub async fn raise_role(db: &Db, id: i64, role: Role) -> Result<()> {
    store::raise_role(db, id, role.as_str())
        .await
        .map_err(internal("cannot set role"))
}

/// Creates an account with this password, or gives an existing one the new password; true when
/// the account is new.
pub async fn set_up_account(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
) -> Result<(i64, bool)> {
    let hash = hash_password(password.to_owned()).await?;
    if let Some(c) = store::insert(db, name, email, None, &hash)
        .await
        .map_err(internal("cannot insert customer"))?
    {
        return Ok((c.id, true));
    }
    let existing = by_email(db, email).await?.ok_or(Error::Internal)?;
    store::set_password(db, existing.id, &hash)
        .await
        .map_err(internal("cannot set password"))?;
    Ok((existing.id, false))
}

/// The argon2id hash of a random string nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2IvB1cM9Nw6Cn6FfXyqWl8IkUJpT4mHnVjtBnQl2Qb8";

pub async fn session(db: &Db, token: &str) -> Result<Option<Customer>> {
    if token.len() != 64 {
        return Ok(None);
    }
    store::session_customer(db, &hash_token(token), chrono::Utc::now())
        .await
        .map_err(internal("cannot read session"))
}

pub async fn sign_out(db: &Db, token: &str) -> Result<()> {
    store::delete_session(db, &hash_token(token))
        .await
        .map_err(internal("cannot delete session"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordHash;

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
