//! Rules for accounts: validation, argon2id password hashes, session tokens.
use app::client::SessionGrant;
use app::model::{AppError, FieldErrors, MIN_PASSWORD_LEN, SignIn, SignUp};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::store;
use crate::store::{Db, internal};

const SESSION_DAYS: i64 = 30;

/// A cheap shape check; the confirmation email is the real proof of an address.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

pub fn validate_name(name: &str, field: &str, errors: &mut FieldErrors) {
    if name.is_empty() {
        errors.add(field, "Enter a name.");
    } else if name.chars().count() > 100 {
        errors.add(field, "Keep the name under 100 characters.");
    }
}

fn validate_sign_up(form: &SignUp) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    validate_name(form.name.trim(), "name", &mut errors);
    if !valid_email(form.email.trim()) {
        errors.add("email", "Enter an email address like name@example.com.");
    }
    if let Some(phone) = form
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        && !valid_phone(phone)
    {
        errors.add(
            "phone",
            "Enter a phone number with 6 to 15 digits, e.g. +351 912 345 678.",
        );
    }
    let len = form.password.chars().count();
    if len < MIN_PASSWORD_LEN {
        errors.add("password", "Use at least 10 characters.");
    } else if len > 256 {
        errors.add("password", "Use at most 256 characters.");
    }
    errors.into_result()
}

/// Argon2id with the crate's defaults (OWASP's minimum: m=19 MiB, t=2, p=1), off the async runtime.
pub(crate) async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

async fn new_session(db: &Db, customer: app::model::Customer) -> Result<SessionGrant, AppError> {
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
pub async fn register(db: &Db, form: SignUp) -> Result<app::model::Customer, AppError> {
    validate_sign_up(&form)?;
    let hash = hash_password(form.password).await?;
    let phone = form
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let customer = store::insert(db, form.name.trim(), form.email.trim(), phone, &hash)
        .await
        .map_err(internal("cannot insert customer"))?
        .ok_or_else(|| {
            AppError::invalid(
                "email",
                "An account with this email already exists. Sign in instead.",
            )
        })?;
    tracing::info!(customer_id = customer.id, "customer signed up");
    Ok(customer)
}

/// Creates the account and a web session.
pub async fn sign_up(db: &Db, form: SignUp) -> Result<SessionGrant, AppError> {
    let customer = register(db, form).await?;
    new_session(db, customer).await
}

/// Checks the credentials; the same answer for an unknown email and a wrong password.
pub async fn authenticate(db: &Db, form: SignIn) -> Result<app::model::Customer, AppError> {
    let mut errors = FieldErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address.");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password.");
    }
    errors.into_result()?;
    let found = store::by_email(db, form.email.trim())
        .await
        .map_err(internal("cannot read customer"))?;
    // Verify against a real hash even for unknown emails, so timing does not reveal accounts.
    let hash = found
        .as_ref()
        .map(|f| f.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = verify_password(form.password, hash).await;
    match found {
        Some(found) if ok => Ok(found.customer),
        _ => Err(AppError::invalid(
            "password",
            "That email and password don't match an account.",
        )),
    }
}

pub async fn sign_in(db: &Db, form: SignIn) -> Result<SessionGrant, AppError> {
    let customer = authenticate(db, form).await?;
    new_session(db, customer).await
}

pub async fn by_id(db: &Db, id: i64) -> Result<app::model::Customer, AppError> {
    store::by_id(db, id)
        .await
        .map_err(internal("cannot read customer"))?
        .ok_or_else(|| AppError::not_found("Customer"))
}

/// The argon2id hash of a random string nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2IvB1cM9Nw6Cn6FfXyqWl8IkUJpT4mHnVjtBnQl2Qb8";

pub async fn session(db: &Db, token: &str) -> Result<Option<app::model::Customer>, AppError> {
    if token.len() != 64 {
        return Ok(None);
    }
    store::session_customer(db, &hash_token(token), chrono::Utc::now())
        .await
        .map_err(internal("cannot read session"))
}

pub async fn sign_out(db: &Db, token: &str) -> Result<(), AppError> {
    store::delete_session(db, &hash_token(token))
        .await
        .map_err(internal("cannot delete session"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_phones() {
        assert!(valid_email("ana@example.pt"));
        assert!(!valid_email("ana@example"));
        assert!(!valid_email("ana example@x.com"));
        assert!(!valid_email("@x.com"));
        assert!(valid_phone("+351 912 345 678"));
        assert!(!valid_phone("12345"));
        assert!(!valid_phone("call me"));
    }

    #[test]
    fn sign_up_reports_every_bad_field() {
        let form = SignUp {
            name: " ".into(),
            email: "nope".into(),
            password: "short".into(),
            phone: Some("x".into()),
        };
        let Err(AppError::Invalid(errors)) = validate_sign_up(&form) else {
            panic!("expected invalid")
        };
        for field in ["name", "email", "password", "phone"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
