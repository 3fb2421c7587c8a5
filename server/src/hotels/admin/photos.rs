//! Hotel photos: uploaded by admins (JPEG, PNG or WebP, checked by content, not by name) and
//! served by the app: to everyone once the hotel is published, before that only to its admins.
use app::model::{AppError, Customer, Photo};

use super::service::scoped;
use crate::store::{Db, Tx, begin_write, internal, on_db, on_tx};

/// Largest photo accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
const MAX_PHOTOS: i64 = 20;
const MIN_SIDE: usize = 320;
const MAX_SIDE: usize = 12_000;

/// The image type from the file's first bytes; the name and the browser's claim are not trusted.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

/// Checks type, size and dimensions; returns the content type and width × height.
pub fn check(bytes: &[u8]) -> Result<(&'static str, usize, usize), AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid("photo", "Choose a photo to upload."));
    }
    if bytes.len() > MAX_BYTES {
        return Err(AppError::invalid("photo", "Photos can be at most 5 MB."));
    }
    let kind = sniff(bytes)
        .ok_or_else(|| AppError::invalid("photo", "Upload a JPEG, PNG or WebP image."))?;
    let size = imagesize::blob_size(bytes)
        .map_err(|_| AppError::invalid("photo", "This image file is damaged or incomplete."))?;
    if size.width < MIN_SIDE || size.height < MIN_SIDE {
        return Err(AppError::invalid(
            "photo",
            "Photos need to be at least 320 × 320 pixels.",
        ));
    }
    if size.width > MAX_SIDE || size.height > MAX_SIDE {
        return Err(AppError::invalid(
            "photo",
            "Photos can be at most 12,000 pixels on a side.",
        ));
    }
    Ok((kind, size.width, size.height))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    content_type: String,
    width: i32,
    height: i32,
    caption: String,
}

/// Where guests fetch a photo of a published hotel.
pub const PUBLIC: &str = "/photos";

/// Where the hotel's admins fetch its photos through the admin API, published or not.
pub fn admin_prefix(slug: &str) -> String {
    format!("/api/v1/admin/hotels/{slug}/photos")
}

fn view(r: Row, prefix: &str) -> Photo {
    Photo {
        url: format!("{prefix}/{}", r.id),
        id: r.id,
        caption: r.caption,
        width: r.width.max(0) as u32,
        height: r.height.max(0) as u32,
        content_type: r.content_type,
    }
}

/// The hotel's photos in order, with URLs under `prefix` ([`PUBLIC`] or [`admin_prefix`]).
pub async fn list(db: &Db, hotel_id: i64, prefix: &str) -> Result<Vec<Photo>, AppError> {
    let sql = "SELECT id, content_type, width, height, caption FROM hotel_photos WHERE hotel_id = $1 ORDER BY position, id";
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(hotel_id)
        .fetch_all(p)
        .await)
    .map_err(internal("cannot list photos"))?;
    Ok(rows.into_iter().map(|r| view(r, prefix)).collect())
}

pub async fn upload(
    db: &Db,
    caller: &Customer,
    slug: &str,
    bytes: &[u8],
    caption: &str,
) -> Result<Photo, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let caption = caption.trim();
    if caption.chars().count() > 140 {
        return Err(AppError::invalid(
            "caption",
            "Keep the caption under 140 characters.",
        ));
    }
    let (kind, width, height) = check(bytes)?;
    let (bytes, sideways) = super::metadata::strip(bytes, kind)?;
    // Pages reserve the photo's space from these, as it is shown.
    let shown = if sideways {
        (height, width)
    } else {
        (width, height)
    };
    let row = store(db, hotel.id, kind, &bytes, shown, caption)
        .await
        .map_err(internal("cannot store photo"))??;
    tracing::info!(hotel = %slug, photo = row.id, bytes = bytes.len(), "photo uploaded");
    Ok(view(row, &admin_prefix(slug)))
}

pub async fn delete(db: &Db, caller: &Customer, slug: &str, id: i64) -> Result<(), AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let sql = "DELETE FROM hotel_photos WHERE id = $1 AND hotel_id = $2";
    let done = on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(hotel.id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .map_err(internal("cannot delete photo"))?;
    if done == 0 {
        return Err(AppError::not_found("Photo"));
    }
    Ok(())
}

/// Adds the photo unless the hotel has [`MAX_PHOTOS`]: one transaction, the hotel's row
/// locked on PostgreSQL (SQLite's write lock is taken at BEGIN), so two uploads cannot both
/// take the last place.
async fn store(
    db: &Db,
    hotel_id: i64,
    kind: &str,
    bytes: &[u8],
    (width, height): (usize, usize),
    caption: &str,
) -> Result<Result<Row, AppError>, sqlx::Error> {
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
    if count >= MAX_PHOTOS {
        return Ok(Err(AppError::invalid(
            "photo",
            "A hotel can have up to 20 photos: delete one first.",
        )));
    }
    let sql = "INSERT INTO hotel_photos (hotel_id, content_type, bytes, width, height, caption, position)
               VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(position), 0) + 1 FROM hotel_photos WHERE hotel_id = $1))
               RETURNING id, content_type, width, height, caption";
    let row: Row = on_tx!(&mut tx, |t| sqlx::query_as(sql)
        .bind(hotel_id)
        .bind(kind)
        .bind(bytes)
        .bind(width as i32)
        .bind(height as i32)
        .bind(caption)
        .fetch_one(t)
        .await)?;
    tx.commit().await?;
    Ok(Ok(row))
}

/// A published hotel's photo, bytes and content type, for `GET /photos/{id}`. Ids are
/// sequential, so an unpublished hotel's photos must not answer here.
pub async fn public_bytes(db: &Db, id: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let sql = "SELECT p.content_type, p.bytes FROM hotel_photos p JOIN hotels h ON h.id = p.hotel_id WHERE p.id = $1 AND h.published";
    on_db!(db, |p| sqlx::query_as(sql).bind(id).fetch_optional(p).await)
}

/// A photo of a hotel the caller administers, published or not: content type and bytes.
pub async fn admin_bytes(
    db: &Db,
    caller: &Customer,
    slug: &str,
    id: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let sql = "SELECT content_type, bytes FROM hotel_photos WHERE id = $1 AND hotel_id = $2";
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(id)
        .bind(hotel.id)
        .fetch_optional(p)
        .await)
    .map_err(internal("cannot read photo"))?
    .ok_or_else(|| AppError::not_found("Photo"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_from_content() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<svg xmlns=..."), None);
        assert_eq!(sniff(b"GIF89a"), None);
    }

    #[test]
    fn tiny_or_broken_images_are_refused() {
        assert!(check(b"").is_err());
        assert!(check(b"\x89PNG\r\n\x1a\n").is_err());
        assert!(check(b"hello world").is_err());
    }
}
