//! What the rest of the platform needs to know about admin accounts: who gets the alerts no
//! hotel contact receives (the verified platform admins), and whose address is verified.
use super::admins_store as store;
use crate::error::{Result, internal};
use crate::store::{Conn, Db};

/// The verified platform admins' addresses, read in the caller's transaction: they hear about
/// a booking when its hotel has no confirmed alert recipient. An unverified address may be
/// mistyped or not the admin's, and booking alerts carry guests' details.
pub async fn verified_platform_admins(
    conn: Conn<'_>,
) -> std::result::Result<Vec<String>, sqlx::Error> {
    store::verified_platform_admins(conn).await
}

/// Whether the account's address is verified (false for an unknown account).
pub async fn is_verified(db: &Db, id: i64) -> Result<bool> {
    store::is_verified(db, id)
        .await
        .map_err(internal("cannot read address verification"))
}

/// Marks an operator-made admin's address verified, as the accounts migration did for the
/// admins that existed then: the operator who typed it vouches for it.
pub async fn vouch(db: &Db, id: i64) -> Result<()> {
    store::vouch(db, id, chrono::Utc::now())
        .await
        .map_err(internal("cannot mark address verified"))
}
