//! The emails an admin may look at: those of their hotels (every email for a platform admin).
use app::model::{AppError, Customer, EmailSummary};

use crate::customers::admins;
use crate::store::{Db, internal};

/// How many of the newest emails the admin list shows.
pub const LIMIT: i64 = 200;

pub async fn list(
    db: &Db,
    caller: &Customer,
    hotel: Option<&str>,
) -> Result<Vec<EmailSummary>, AppError> {
    let scope = admins::scope(db, caller).await?;
    let only = match hotel.map(str::trim).filter(|h| !h.is_empty()) {
        Some(slug) => Some(vec![admins::hotel_id(db, &scope, slug).await?]),
        None => scope.hotel_ids().map(<[i64]>::to_vec),
    };
    crate::notify::recent(db, only.as_deref(), LIMIT)
        .await
        .map_err(internal("cannot list emails"))
}
