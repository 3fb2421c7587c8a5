//! Rules for accounts: argon2id password hashes, sign-in, web sessions and roles.
use app::client::SessionGrant;
use app::model::{Customer, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub(crate) use super::hashing::hash_password;
use super::hashing::verify_password;
use super::input::Credentials;
use super::throttle::SignInThrottle;
use super::{links_store, store};
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::store::Db;

/// A session ends 30 days after sign-in whatever happens (absolute expiry)…
const SESSION_DAYS: i64 = 30;
/// …and after 7 days without a page view (idle expiry).
const SESSION_IDLE_DAYS: i64 = 7;

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new session with its own random id; expired sessions and links are purged on the way, so
/// the tables hold only live rows (sign-in is rate-limited, so this runs at a bounded rate).
pub(super) async fn new_session(db: &Db, customer: Customer) -> Result<SessionGrant> {
    let now = chrono::Utc::now();
    links_store::purge(db, now, now - chrono::Duration::days(SESSION_IDLE_DAYS))
        .await
        .map_err(internal("cannot purge expired sessions"))?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires = now + chrono::Duration::days(SESSION_DAYS);
    store::insert_session(db, &hash_token(&token), customer.id, now, expires)
        .await
        .map_err(internal("cannot create session"))?;
    Ok(SessionGrant { customer, token })
}

/// Checks the credentials; the same answer for an unknown email and a wrong password. Refused
/// unchecked while the account has failed too often (`throttle.rs`).
pub async fn authenticate(
    db: &Db,
    sign_ins: &SignInThrottle,
    credentials: Credentials,
) -> Result<Customer> {
    let email = credentials.email.clone();
    sign_ins
        .attempt(&email, check_password(db, credentials))
        .await
}

async fn check_password(db: &Db, credentials: Credentials) -> Result<Customer> {
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

pub async fn sign_in(
    db: &Db,
    sign_ins: &SignInThrottle,
    credentials: Credentials,
) -> Result<SessionGrant> {
    let customer = authenticate(db, sign_ins, credentials).await?;
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

/// Raises the account to `role` (never lowers a platform admin). Only an account that confirmed
/// its address can be an admin: staff see guests' details. The account's sessions end, so its
/// next sign-in starts with the new rights in a new session.
pub async fn raise_role(db: &Db, id: i64, role: Role) -> Result<()> {
    if !links_store::is_verified(db, id)
        .await
        .map_err(internal("cannot read customer"))?
    {
        return Err(Rule::NotVerified.into());
    }
    store::raise_role(db, id, role.as_str())
        .await
        .map_err(internal("cannot set role"))?;
    end_sessions(db, id).await
}

/// Ends every session of the account (its rights changed).
pub async fn end_sessions(db: &Db, id: i64) -> Result<()> {
    links_store::end_sessions(db, id, None)
        .await
        .map_err(internal("cannot end sessions"))?;
    Ok(())
}

/// Creates an account with this password, or gives an existing one the new password (ending its
/// sessions); true when the account is new. The operator vouches for the address.
pub async fn set_up_account(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
) -> Result<(i64, bool)> {
    let hash = hash_password(password.to_owned()).await?;
    set_up_account_with_hash(db, email, name, &hash).await
}

/// [`set_up_account`] with the password already hashed (the demo hashes its one password once).
pub(crate) async fn set_up_account_with_hash(
    db: &Db,
    email: &str,
    name: &str,
    hash: &str,
) -> Result<(i64, bool)> {
    let vouch = |id| async move {
        links_store::vouch(db, id, chrono::Utc::now())
            .await
            .map_err(internal("cannot verify account"))
    };
    if let Some(c) = store::insert(db, name, email, None, hash)
        .await
        .map_err(internal("cannot insert customer"))?
    {
        vouch(c.id).await?;
        return Ok((c.id, true));
    }
    let existing = by_email(db, email).await?.ok_or(Error::Internal)?;
    store::set_password(db, existing.id, hash)
        .await
        .map_err(internal("cannot set password"))?;
    vouch(existing.id).await?;
    end_sessions(db, existing.id).await?;
    Ok((existing.id, false))
}

/// The argon2id hash of a random string nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2IvB1cM9Nw6Cn6FfXyqWl8IkUJpT4mHnVjtBnQl2Qb8";

pub async fn session(db: &Db, token: &str) -> Result<Option<Customer>> {
    if token.len() != 64 {
        return Ok(None);
    }
    let now = chrono::Utc::now();
    let idle_since = now - chrono::Duration::days(SESSION_IDLE_DAYS);
    store::session_customer(db, &hash_token(token), now, idle_since)
        .await
        .map_err(internal("cannot read session"))
}

/// Keeps a session for an access token (keyed by the hash of its id, ending when the token
/// does), so that signing out, everywhere or here, ends a web session that holds the token.
pub async fn open_token_session(
    db: &Db,
    customer_id: i64,
    token_id: &str,
    expires: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    store::insert_session(
        db,
        &hash_token(token_id),
        customer_id,
        chrono::Utc::now(),
        expires,
    )
    .await
    .map_err(internal("cannot create session"))
}

/// Whether the session of an access token is still open.
pub async fn token_session_open(db: &Db, token_id: &str) -> Result<bool> {
    let now = chrono::Utc::now();
    let idle_since = now - chrono::Duration::days(SESSION_IDLE_DAYS);
    let found = store::session_customer(db, &hash_token(token_id), now, idle_since)
        .await
        .map_err(internal("cannot read session"))?;
    Ok(found.is_some())
}

/// Ends the session of an access token.
pub async fn end_token_session(db: &Db, token_id: &str) -> Result<()> {
    sign_out(db, token_id).await
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
