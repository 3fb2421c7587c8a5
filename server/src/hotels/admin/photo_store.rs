//! SQL for hotel photos (`hotel_photos`) on both databases.
use crate::store::{Db, Tx, begin_write, on_db, on_tx};

#[derive(sqlx::FromRow)]
pub struct PhotoRow {
    pub id: i64,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub caption: String,
}

/// The hotel's photos in order.
pub async fn list(db: &Db, hotel_id: i64) -> Result<Vec<PhotoRow>, sqlx::Error> {
    let sql = "SELECT id, content_type, width, height, caption FROM hotel_photos WHERE hotel_id = $1 ORDER BY position, id";
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(hotel_id)
        .fetch_all(p)
        .await)
}

/// A new photo's content and how it is shown.
pub struct NewPhoto<'a> {
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub width: usize,
    pub height: usize,
    pub caption: &'a str,
}

/// Adds the photo unless the hotel has `max` already (`None` then): one transaction, the
/// hotel's row locked on PostgreSQL (SQLite's write lock is taken at BEGIN), so two uploads
/// cannot both take the last place.
pub async fn insert(
    db: &Db,
    hotel_id: i64,
    max: i64,
    p: &NewPhoto<'_>,
) -> Result<Option<PhotoRow>, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    if let Tx::Postgres(t) = &mut tx {
        sqlx::query("SELECT id FROM hotels WHERE id = $1 FOR UPDATE")
            .bind(hotel_id)
            .execute(&mut **t)
            .await?;
    }
    let sql = "SELECT COUNT(*) FROM hotel_photos WHERE hotel_id = $1";
    let count: i64 = on_tx!(&mut tx, |t| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .fetch_one(t)
        .await)?;
    if count >= max {
        return Ok(None);
    }
    let sql = "INSERT INTO hotel_photos (hotel_id, content_type, bytes, width, height, caption, position)
               VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(position), 0) + 1 FROM hotel_photos WHERE hotel_id = $1))
               RETURNING id, content_type, width, height, caption";
    let row: PhotoRow = on_tx!(&mut tx, |t| sqlx::query_as(sql)
        .bind(hotel_id)
        .bind(p.content_type)
        .bind(p.bytes)
        .bind(p.width as i32)
        .bind(p.height as i32)
        .bind(p.caption)
        .fetch_one(t)
        .await)?;
    tx.commit().await?;
    Ok(Some(row))
}

/// Deletes a photo of the hotel; false when it has no such photo.
pub async fn delete(db: &Db, hotel_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM hotel_photos WHERE id = $1 AND hotel_id = $2";
    let done = on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(hotel_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done > 0)
}

/// A published hotel's photo, content type and bytes. Ids are sequential, so an unpublished
/// hotel's photos must not answer here.
pub async fn public_bytes(db: &Db, id: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let sql = "SELECT p.content_type, p.bytes FROM hotel_photos p JOIN hotels h ON h.id = p.hotel_id WHERE p.id = $1 AND h.published";
    on_db!(db, |p| sqlx::query_as(sql).bind(id).fetch_optional(p).await)
}

/// A photo of this hotel, published or not: content type and bytes.
pub async fn bytes(
    db: &Db,
    hotel_id: i64,
    id: i64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let sql = "SELECT content_type, bytes FROM hotel_photos WHERE id = $1 AND hotel_id = $2";
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(id)
        .bind(hotel_id)
        .fetch_optional(p)
        .await)
}
