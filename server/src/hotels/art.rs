//! Hotel and room artwork, drawn as SVG from each hotel's scene and colour (`/art/...`).
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::store as hotels;
use crate::state::App;
use crate::store::Db;
use art::{RoomKind, Scene, hotel_svg, room_svg};

fn svg(body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}

fn hue_of(art: &serde_json::Value) -> u16 {
    art.get("hue").and_then(|h| h.as_u64()).unwrap_or(200) as u16
}

pub async fn hotel(State(db): State<Db>, Path(file): Path<String>) -> Response {
    let Some(slug) = file.strip_suffix(".svg") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(Some(art)) = hotels::hotel_art(&db, slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let scene = art
        .get("scene")
        .and_then(|s| s.as_str())
        .and_then(Scene::parse)
        .unwrap_or(Scene::City);
    svg(hotel_svg(slug, scene, hue_of(&art)))
}

pub async fn room(State(db): State<Db>, Path((hotel, file)): Path<(String, String)>) -> Response {
    let Some(room) = file.strip_suffix(".svg") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(Some((room_art, hotel_art))) = hotels::room_art(&db, &hotel, room).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = room_art
        .get("kind")
        .and_then(|k| k.as_str())
        .and_then(RoomKind::parse)
        .unwrap_or(RoomKind::Double);
    svg(room_svg(
        &format!("{hotel}/{room}"),
        kind,
        hue_of(&hotel_art),
    ))
}

/// Hotel and room artwork, for the roles that run the hotels service.
pub fn routes(app: &App) -> Router {
    Router::new()
        .route("/art/hotels/{file}", get(hotel))
        .route("/art/rooms/{hotel}/{file}", get(room))
        .with_state(app.db.clone())
}
