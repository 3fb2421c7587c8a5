//! Creating, editing and publishing a hotel; uploading and deleting its photos.
use std::collections::HashMap;

use app::model::{AppError, FieldErrors, Flash, HotelInput};
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{Back, Fields, admin, done, field, lines, notice_to, parse_count};
use crate::web::SiteState;
use crate::web::forms::caller;

const RENAMES: &[(&str, &str)] = &[("tax_rate_bp", "tax_rate")];

/// The hotel form as typed, or the errors that can be told before asking the service.
async fn input(state: &SiteState, f: &Fields) -> Result<HotelInput, AppError> {
    let mut errors = FieldErrors::default();
    let stars = field(f, "stars").parse::<u8>().unwrap_or(0);
    let tax = field(f, "tax_rate");
    let tax_rate_bp = match super::parse_major(tax.trim_end_matches('%'), "EUR") {
        Ok(bp) if bp <= 10_000 => bp as u32,
        _ => {
            errors.add(
                "tax_rate",
                "Enter the tax rate as a percentage, e.g. 7.5 (or 0).",
            );
            0
        }
    };
    let free_cancellation_days = parse_count(
        f,
        "free_cancellation_days",
        &mut errors,
        "Enter a number of days, 0 to 60.",
    );
    // A time input may send seconds; the service wants HH:MM.
    let time = |name: &str| field(f, name).chars().take(5).collect::<String>();
    let city = field(f, "city");
    let mut time_zone = field(f, "time_zone");
    if time_zone.is_empty() {
        // Without JavaScript the city's zone is filled in here.
        let cities = state.client.cities().await.unwrap_or_default();
        if let Some(c) = cities.iter().find(|c| c.name.eq_ignore_ascii_case(&city)) {
            time_zone = c.time_zone.clone();
        } else {
            errors.add(
                "time_zone",
                "This city is new: enter its time zone, e.g. Europe/Lisbon.",
            );
        }
    }
    errors.into_result()?;
    Ok(HotelInput {
        name: field(f, "name"),
        city,
        country: field(f, "country"),
        address: field(f, "address"),
        time_zone,
        stars,
        currency: field(f, "currency").to_ascii_uppercase(),
        tagline: field(f, "tagline"),
        description: f
            .get("description")
            .map(|d| d.trim().replace("\r\n", "\n"))
            .unwrap_or_default(),
        amenities: lines(&field(f, "amenities")),
        check_in_time: time("check_in_time"),
        check_out_time: time("check_out_time"),
        free_cancellation_days,
        tax_rate_bp,
        pets_allowed: !field(f, "pets_allowed").is_empty(),
        notes: lines(&field(f, "notes")),
    })
}

pub async fn create(
    State(state): State<SiteState>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = "/admin/hotels/new";
    let (caller, back) = match Back::start(&state, &headers, page, "hotel", RENAMES).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let result = match input(&state, &f).await {
        Ok(i) => state.client.create_hotel(&caller, i).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(h) => done(
            &state,
            &format!("/admin/hotels/{}", h.slug),
            &format!(
                "{} is created, not yet published. Add a room type, then publish it.",
                h.name
            ),
        ),
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn update(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}");
    let (caller, back) = match Back::start(&state, &headers, &page, "hotel", RENAMES).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let result = match input(&state, &f).await {
        Ok(i) => state.client.update_hotel(&caller, &slug, i).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(h) => done(&state, &page, &format!("{} is saved.", h.name)),
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn publish(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let published = field(&f, "published") == "true";
    match state.client.publish_hotel(&caller, &slug, published).await {
        Ok(h) if h.published => done(
            &state,
            &page,
            &format!("{} is published: guests can now find and book it.", h.name),
        ),
        Ok(h) => done(
            &state,
            &page,
            &format!(
                "{} is unpublished: guests can no longer find or book it.",
                h.name
            ),
        ),
        Err(e) => {
            let message = if published {
                format!("Can't publish yet. {e}")
            } else {
                e.to_string()
            };
            notice_to(&state, &page, Flash::alert(&message))
        }
    }
}

/// `multipart/form-data` with `photo` (the file) and `caption`.
pub async fn upload(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let page = format!("/admin/hotels/{slug}");
    let (caller, back) = match Back::start(&state, &headers, &page, "photo", &[]).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let (mut bytes, mut caption) = (Vec::new(), String::new());
    loop {
        match form.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_owned();
                let Ok(data) = part.bytes().await else {
                    let why =
                        "The upload did not finish, or the photo is over 5 MB. Please try again.";
                    return back
                        .with(&HashMap::new(), AppError::invalid("photo", why))
                        .await;
                };
                match name.as_str() {
                    "photo" => bytes = data.to_vec(),
                    "caption" => caption = String::from_utf8_lossy(&data).trim().to_owned(),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return back
                .with(
                    &HashMap::new(),
                    AppError::invalid(
                        "photo",
                        "The upload did not finish, or the photo is over 5 MB. Please try again.",
                    ),
                )
                .await,
        }
    }
    let typed = HashMap::from([("caption".to_owned(), caption.clone())]);
    match state
        .client
        .upload_photo(&caller, &slug, bytes, &caption)
        .await
    {
        Ok(_) => done(
            &state,
            &format!("{page}#photos"),
            "Photo uploaded. Guests see it on the hotel's page.",
        ),
        Err(e) => back.with(&typed, e).await,
    }
}

pub async fn delete_photo(
    State(state): State<SiteState>,
    Path((slug, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    let page = format!("/admin/hotels/{slug}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match state.client.delete_photo(&caller, &slug, id).await {
        Ok(()) => done(&state, &format!("{page}#photos"), "Photo deleted."),
        Err(e) => notice_to(
            &state,
            &format!("{page}#photos"),
            Flash::alert(&e.to_string()),
        ),
    }
}

/// `GET /admin/hotels/{slug}/photos/{id}`: a photo for the admin pages, shown before the hotel is
/// published (guests' `/photos/{id}` only serves published hotels).
pub async fn photo(
    State(state): State<SiteState>,
    Path((slug, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    let status = |e: AppError| StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_GATEWAY);
    let caller = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => return status(e).into_response(),
    };
    match state.client.photo(&caller, &slug, id).await {
        Ok((content_type, bytes)) => {
            crate::hotels::admin::api::image(content_type, bytes, "private, max-age=300")
        }
        Err(e) => status(e).into_response(),
    }
}
