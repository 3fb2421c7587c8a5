//! SQL for what other services ask about admin accounts: the verified platform admins'
//! addresses, and whether an account's address is verified.
use chrono::{DateTime, Utc};

use crate::store::{At, Conn, Db, on_conn, on_db};

/// The addresses of the platform admins who verified them, in the caller's transaction.
pub async fn verified_platform_admins(conn: Conn<'_>) -> Result<Vec<String>, sqlx::Error> {
    let sql = "SELECT email FROM customers
               WHERE role = 'platform_admin' AND email_verified_at IS NOT NULL ORDER BY email";
    on_conn!(conn, |c| sqlx::query_scalar(sql).fetch_all(c).await)
}

pub async fn is_verified(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let sql = "SELECT email_verified_at IS NOT NULL FROM customers WHERE id = $1";
    let found: Option<bool> = on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(p)
        .await)?;
    Ok(found.unwrap_or(false))
}

/// Marks the address verified at `at`, unless it already was.
pub async fn vouch(db: &Db, id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customers SET email_verified_at = $2
               WHERE id = $1 AND email_verified_at IS NULL";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(At(at))
        .execute(p)
        .await
        .map(|_| ()))
}
