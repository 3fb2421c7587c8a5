//! SQL for the single-use links sent by email (`account_links`), verified addresses and the
//! session housekeeping that account changes need, on SQLite and PostgreSQL.
use chrono::{DateTime, Utc};

use crate::store::{At, Db, Tx, on_db, on_tx};

/// What a link is for (the `purpose` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
        }
    }
}

/// Stores a new link; earlier links of the same purpose for the account stop working (the
/// newest email is the one people open).
pub async fn replace_link(
    tx: &mut Tx,
    customer_id: i64,
    purpose: Purpose,
    token_hash: &str,
    email: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let delete = "DELETE FROM account_links WHERE customer_id = $1 AND purpose = $2";
    on_tx!(tx, |c| sqlx::query(delete)
        .bind(customer_id)
        .bind(purpose.as_str())
        .execute(c)
        .await
        .map(|_| ()))?;
    let insert = "INSERT INTO account_links (token_hash, customer_id, purpose, email, created_at, expires_at)
                  VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, |c| sqlx::query(insert)
        .bind(token_hash)
        .bind(customer_id)
        .bind(purpose.as_str())
        .bind(email)
        .bind(At(now))
        .bind(At(expires))
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Uses up a live link: deletes it and answers its account and the address it was sent to.
/// A used, expired or unknown link answers `None`.
pub async fn take_link(
    tx: &mut Tx,
    purpose: Purpose,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let sql = "DELETE FROM account_links WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3
               RETURNING customer_id, email";
    on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(At(now))
        .fetch_optional(c)
        .await)
}

/// Marks the address verified when it is still the account's address.
pub async fn mark_verified(
    tx: &mut Tx,
    customer_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE customers SET email_verified_at = COALESCE(email_verified_at, $3)
               WHERE id = $1 AND lower(email) = lower($2)";
    let n = on_tx!(tx, |c| sqlx::query(sql)
        .bind(customer_id)
        .bind(email)
        .bind(At(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Marks the account verified without a link (the operator's `admin create`, the demo).
pub async fn vouch(db: &Db, customer_id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let sql =
        "UPDATE customers SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1";
    on_db!(db, |p| sqlx::query(sql)
        .bind(customer_id)
        .bind(At(now))
        .execute(p)
        .await
        .map(|_| ()))
}

/// Whether the account has confirmed its address.
pub async fn is_verified(db: &Db, customer_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM customers WHERE id = $1 AND email_verified_at IS NOT NULL";
    let n: i64 = on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(customer_id)
        .fetch_one(p)
        .await)?;
    Ok(n == 1)
}

pub async fn set_password_in(
    tx: &mut Tx,
    customer_id: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customers SET password_hash = $2 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(customer_id)
        .bind(password_hash)
        .execute(c)
        .await
        .map(|_| ()))
}

/// Ends every session of the account but `keep` (a token hash), answering how many ended.
pub async fn end_sessions(
    db: &Db,
    customer_id: i64,
    keep: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let sql = "DELETE FROM sessions WHERE customer_id = $1 AND token_hash <> COALESCE($2, '')";
    on_db!(db, |p| sqlx::query(sql)
        .bind(customer_id)
        .bind(keep)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
}

/// The same inside a transaction (a password reset ends them with the password change).
pub async fn end_sessions_in(tx: &mut Tx, customer_id: i64) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM sessions WHERE customer_id = $1";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(customer_id)
        .execute(c)
        .await
        .map(|_| ()))
}

/// Deletes sessions past their absolute or idle expiry and links past theirs.
pub async fn purge(
    db: &Db,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let sessions = "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2";
    let links = "DELETE FROM account_links WHERE expires_at <= $1";
    let a = on_db!(db, |p| sqlx::query(sessions)
        .bind(At(now))
        .bind(At(idle_since))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    let b = on_db!(db, |p| sqlx::query(links)
        .bind(At(now))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(a + b)
}
