//! Hotel photos: uploaded by admins (JPEG, PNG or WebP, checked by content, not by name) and
//! served by the app: to everyone once the hotel is published, before that only to its admins.
use app::model::{FieldErrors, Photo};

use super::photo_store::{self, NewPhoto, PhotoRow};
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::hotels::scope::Admin;
use crate::store::Db;

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
pub fn check(bytes: &[u8]) -> std::result::Result<(&'static str, usize, usize), FieldErrors> {
    let refuse = |why: &str| FieldErrors::one("photo", why);
    if bytes.is_empty() {
        return Err(refuse("Choose a photo to upload."));
    }
    if bytes.len() > MAX_BYTES {
        return Err(refuse("Photos can be at most 5 MB."));
    }
    let kind = sniff(bytes).ok_or_else(|| refuse("Upload a JPEG, PNG or WebP image."))?;
    let size = imagesize::blob_size(bytes)
        .map_err(|_| refuse("This image file is damaged or incomplete."))?;
    if size.width < MIN_SIDE || size.height < MIN_SIDE {
        return Err(refuse("Photos need to be at least 320 × 320 pixels."));
    }
    if size.width > MAX_SIDE || size.height > MAX_SIDE {
        return Err(refuse("Photos can be at most 12,000 pixels on a side."));
    }
    Ok((kind, size.width, size.height))
}

/// Where guests fetch a photo of a published hotel.
pub const PUBLIC: &str = "/photos";

/// Where the hotel's admins fetch its photos through the admin API, published or not.
pub fn admin_prefix(slug: &str) -> String {
    format!("/api/v1/admin/hotels/{slug}/photos")
}

fn view(r: PhotoRow, prefix: &str) -> Photo {
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
pub async fn list(db: &Db, hotel_id: i64, prefix: &str) -> Result<Vec<Photo>> {
    let rows = photo_store::list(db, hotel_id)
        .await
        .map_err(internal("cannot list photos"))?;
    Ok(rows.into_iter().map(|r| view(r, prefix)).collect())
}

/// A photo ready to store: a JPEG, PNG or WebP of a sensible size, camera metadata removed.
pub struct Upload {
    content_type: &'static str,
    bytes: Vec<u8>,
    /// Width and height as the photo is shown (pages reserve its space from these).
    shown: (usize, usize),
    caption: String,
}

impl Upload {
    pub fn parse(bytes: &[u8], caption: &str) -> std::result::Result<Upload, FieldErrors> {
        let caption = caption.trim();
        if caption.chars().count() > 140 {
            return Err(FieldErrors::one(
                "caption",
                "Keep the caption under 140 characters.",
            ));
        }
        let (content_type, width, height) = check(bytes)?;
        let (bytes, sideways) = super::metadata::strip(bytes, content_type)?;
        let shown = if sideways {
            (height, width)
        } else {
            (width, height)
        };
        Ok(Upload {
            content_type,
            bytes,
            shown,
            caption: caption.to_owned(),
        })
    }
}

pub async fn upload(
    db: &Db,
    admin: &Admin,
    slug: &str,
    photo: std::result::Result<Upload, FieldErrors>,
) -> Result<Photo> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let photo = photo?;
    let new = NewPhoto {
        content_type: photo.content_type,
        bytes: &photo.bytes,
        width: photo.shown.0,
        height: photo.shown.1,
        caption: &photo.caption,
    };
    let row = photo_store::insert(db, hotel.id, MAX_PHOTOS, &new)
        .await
        .map_err(internal("cannot store photo"))?
        .ok_or(Rule::PhotoLimit)?;
    tracing::info!(hotel = %slug, photo = row.id, bytes = photo.bytes.len(), "photo uploaded");
    Ok(view(row, &admin_prefix(slug)))
}

pub async fn delete(db: &Db, admin: &Admin, slug: &str, id: i64) -> Result<()> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    if photo_store::delete(db, hotel.id, id)
        .await
        .map_err(internal("cannot delete photo"))?
    {
        Ok(())
    } else {
        Err(Error::NotFound(Thing::Photo))
    }
}

/// A published hotel's photo, for `GET /photos/{id}`: content type and bytes.
pub async fn public_bytes(db: &Db, id: i64) -> Result<Option<(String, Vec<u8>)>> {
    photo_store::public_bytes(db, id)
        .await
        .map_err(internal("cannot read photo"))
}

/// A photo of a hotel the caller administers, published or not: content type and bytes.
pub async fn admin_bytes(db: &Db, admin: &Admin, slug: &str, id: i64) -> Result<(String, Vec<u8>)> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    photo_store::bytes(db, hotel.id, id)
        .await
        .map_err(internal("cannot read photo"))?
        .ok_or(Error::NotFound(Thing::Photo))
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
