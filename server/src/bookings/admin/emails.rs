//! The emails an admin may look at: those of their hotels (every email for a platform admin).
use app::model::EmailSummary;

use crate::error::{Result, internal};
use crate::hotels::scope::Admin;
use crate::store::Db;

/// How many of the newest emails the admin list shows.
pub const LIMIT: i64 = 200;

pub async fn list(db: &Db, admin: &Admin, hotel: Option<&str>) -> Result<Vec<EmailSummary>> {
    let only = match hotel.map(str::trim).filter(|h| !h.is_empty()) {
        Some(slug) => Some(vec![admin.hotel(db, slug).await?.0.id]),
        None => admin.scope.hotel_ids().map(<[i64]>::to_vec),
    };
    crate::outbox::recent(db, only.as_deref(), LIMIT)
        .await
        .map_err(internal("cannot list emails"))
}
