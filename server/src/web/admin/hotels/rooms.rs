//! Room types (create, edit, retire) and changes to a range of nights in the calendar.
use app::model::{AppError, CalendarChange, FieldErrors, RoomTypeInput, format_money};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Duration, NaiveDate};

use super::{Back, Fields, admin, done, field, lines, notice_to, parse_count, parse_major};
use crate::web::SiteState;
use app::model::Flash;

const RENAMES: &[(&str, &str)] = &[
    ("nightly_rate_minor", "nightly_rate"),
    ("weekend_rate_minor", "weekend_rate"),
];

fn input(f: &Fields, currency: &str) -> Result<RoomTypeInput, AppError> {
    let mut errors = FieldErrors::default();
    let capacity = parse_count(f, "capacity", &mut errors, "A room sleeps 1 to 12 guests.");
    let size_m2 = if field(f, "size_m2").is_empty() {
        0
    } else {
        parse_count(
            f,
            "size_m2",
            &mut errors,
            "Enter the size in square metres.",
        )
    };
    let total_rooms = parse_count(
        f,
        "total_rooms",
        &mut errors,
        "Enter a number of rooms, 0 to 1,000.",
    );
    let nightly_rate_minor = parse_major(&field(f, "nightly_rate"), currency).unwrap_or_else(|e| {
        errors.add("nightly_rate", &e);
        0
    });
    let weekend = field(f, "weekend_rate");
    let weekend_rate_minor = if weekend.is_empty() {
        None
    } else {
        Some(parse_major(&weekend, currency).unwrap_or_else(|e| {
            errors.add("weekend_rate", &e);
            0
        }))
    };
    errors.into_result()?;
    Ok(RoomTypeInput {
        name: field(f, "name"),
        description: field(f, "description").replace("\r\n", "\n"),
        capacity,
        beds: field(f, "beds"),
        size_m2,
        amenities: lines(&field(f, "amenities")),
        nightly_rate_minor,
        weekend_rate_minor,
        total_rooms,
    })
}

pub async fn create(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/room-types/new");
    let (caller, back) = match Back::start(&state, &headers, &page, "room_type", RENAMES).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let hotel = match state.client.admin_hotel(&caller, &slug).await {
        Ok(h) => h,
        Err(e) => return back.with(&f, e).await,
    };
    let result = match input(&f, &hotel.currency) {
        Ok(i) => state.client.create_room_type(&caller, &slug, i).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(r) => {
            let next = if hotel.published {
                "Set special prices and closed nights in its calendar."
            } else {
                "Publish the hotel when you're ready."
            };
            done(
                &state,
                &format!("/admin/hotels/{slug}#room-types"),
                &format!("{} is added. {next}", r.name),
            )
        }
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn update(
    State(state): State<SiteState>,
    Path((slug, room)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/room-types/{room}");
    let (caller, back) = match Back::start(&state, &headers, &page, "room_type", RENAMES).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let result = async {
        let hotel = state.client.admin_hotel(&caller, &slug).await?;
        let i = input(&f, &hotel.currency)?;
        state
            .client
            .update_room_type(&caller, &slug, &room, i)
            .await
    }
    .await;
    match result {
        Ok(r) => done(&state, &page, &format!("{} is saved.", r.name)),
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn retire(
    State(state): State<SiteState>,
    Path((slug, room)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/room-types/{room}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let retired = field(&f, "retired") == "true";
    match state
        .client
        .retire_room_type(&caller, &slug, &room, retired)
        .await
    {
        Ok(r) if r.retired => done(
            &state,
            &page,
            &format!(
                "{} is retired: it no longer appears in search. Its bookings stay.",
                r.name
            ),
        ),
        Ok(r) => done(&state, &page, &format!("{} is back on sale.", r.name)),
        Err(e) => notice_to(&state, &page, Flash::alert(&e.to_string())),
    }
}

/// One change to the nights from `first_night` to `last_night`, chosen by `change`.
pub async fn calendar(
    State(state): State<SiteState>,
    Path((slug, room)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let base = format!("/admin/hotels/{slug}/room-types/{room}/calendar");
    let view_from = NaiveDate::parse_from_str(&field(&f, "view_from"), "%Y-%m-%d").ok();
    let page = view_from
        .map(|d| format!("{base}?from={d}"))
        .unwrap_or_else(|| base.clone());
    let (caller, back) = match Back::start(
        &state,
        &headers,
        &page,
        "calendar",
        &[("rate_minor", "price")],
    )
    .await
    {
        Ok(started) => started,
        Err(r) => return r,
    };
    let hotel = match state.client.admin_hotel(&caller, &slug).await {
        Ok(h) => h,
        Err(e) => return back.with(&f, e).await,
    };
    let mut errors = FieldErrors::default();
    let mut date = |name: &str| {
        NaiveDate::parse_from_str(&field(&f, name), "%Y-%m-%d").unwrap_or_else(|_| {
            errors.add(name, "Enter a date.");
            NaiveDate::MIN
        })
    };
    let (first_night, last_night) = (date("first_night"), date("last_night"));
    let mut change = CalendarChange {
        first_night,
        last_night,
        ..Default::default()
    };
    let what = field(&f, "change");
    match what.as_str() {
        "price" => match parse_major(&field(&f, "price"), &hotel.currency) {
            Ok(p) => change.rate_minor = Some(p),
            Err(e) => errors.add("price", &e),
        },
        "rooms" => {
            change.rooms = Some(parse_count(
                &f,
                "rooms",
                &mut errors,
                "Enter a number of rooms, 0 to 1,000.",
            ));
        }
        "close" => change.closed = Some(true),
        "open" => change.closed = Some(false),
        "reset" => change.reset_rate = true,
        _ => errors.add("change", "Choose what to change."),
    }
    if let Err(e) = errors.into_result() {
        return back.with(&f, e).await;
    }
    match state
        .client
        .change_calendar(&caller, &slug, &room, change.clone())
        .await
    {
        Ok(cal) => {
            let nights = (last_night - first_night).num_days() + 1;
            let range = if nights == 1 {
                format!("{}", first_night.format("%a %-d %b %Y"))
            } else {
                format!(
                    "{} – {} ({nights} nights)",
                    first_night.format("%a %-d %b"),
                    last_night.format("%a %-d %b %Y")
                )
            };
            let did = match what.as_str() {
                "price" => format!(
                    "Price set to {} a night",
                    format_money(change.rate_minor.unwrap_or(0), &cal.currency)
                ),
                "rooms" => format!("Rooms for sale set to {}", change.rooms.unwrap_or(0)),
                "close" => "Closed for sale".to_owned(),
                "open" => "Reopened for sale".to_owned(),
                _ => "Back to base rates".to_owned(),
            };
            // Stay on the weeks shown when the change is among them; else go to the change.
            let shown =
                view_from.is_some_and(|v| first_night >= v && first_night < v + Duration::days(42));
            let to = if shown {
                page
            } else {
                format!("{base}?from={first_night}")
            };
            done(
                &state,
                &to,
                &format!("{did}: {range}, {}.", cal.room_type.name),
            )
        }
        Err(e) => back.with(&f, e).await,
    }
}
