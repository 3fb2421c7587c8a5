//! Hotel and room cards, star ratings, the generated artwork and the hotel's own photos.
use leptos::prelude::*;

use crate::components::price::{PriceBreakdown, money, nights_label};
use crate::model::{HotelDetail, HotelSummary, Photo, RoomTypeOffer, Stay};

pub fn hotel_art(slug: &str) -> String {
    format!("/art/hotels/{slug}.svg")
}

pub fn room_art(hotel: &str, room: &str) -> String {
    format!("/art/rooms/{hotel}/{room}.svg")
}

/// The hotel page's banner: the hotel's first photo, or the drawn artwork until it has one.
#[component]
pub fn HeroImage(hotel: HotelDetail) -> impl IntoView {
    match hotel.photos.first() {
        Some(p) => {
            let alt = if p.caption.is_empty() { format!("Photo of {}", hotel.name) } else { p.caption.clone() };
            view! { <img src=p.url.clone() alt=alt width=p.width.to_string() height=p.height.to_string() /> }.into_any()
        }
        None => view! { <img src=hotel_art(&hotel.slug) alt=format!("Illustration of {}", hotel.name) width="1200" height="800" /> }.into_any(),
    }
}

/// The hotel's photos as a row of thumbnails that scrolls sideways (each opens full size);
/// nothing when there are fewer than two (the first is already the banner).
#[component]
pub fn PhotoStrip(photos: Vec<Photo>) -> impl IntoView {
    (photos.len() > 1).then(|| {
        let items = photos.into_iter().enumerate().map(|(i, p)| view! {
            <li>
                <a href=p.url.clone()>
                    <img src=p.url.clone() alt=if p.caption.is_empty() { format!("Photo {}", i + 1) } else { p.caption.clone() } width=p.width.to_string() height=p.height.to_string() loading="lazy" />
                </a>
                {(!p.caption.is_empty()).then(|| view! { <span>{p.caption.clone()}</span> })}
            </li>
        }).collect_view();
        view! {
            <leptos_meta::Style id="vs-photo-strip">{PHOTO_STRIP_CSS}</leptos_meta::Style>
            <ul class="photo-strip" aria-label="Photos">{items}</ul>
        }
    })
}

// The guest stylesheet has no rules for photos yet; these few travel with the component.
const PHOTO_STRIP_CSS: &str = ".photo-strip{display:flex;gap:12px;margin:16px 0 0;padding:0 0 8px;list-style:none;overflow-x:auto;scroll-snap-type:x mandatory}\
.photo-strip li{flex:0 0 auto;width:clamp(150px,30vw,220px);scroll-snap-align:start}\
.photo-strip a{display:block;border-radius:10px}\
.photo-strip img{width:100%;height:auto;aspect-ratio:3/2;object-fit:cover;border-radius:10px}\
.photo-strip span{display:block;margin-top:4px;color:var(--muted);font-size:.8125rem;line-height:1.35}";

#[component]
pub fn Stars(stars: u8) -> impl IntoView {
    let label = format!("{stars}-star hotel");
    view! {
        <span class="stars" role="img" aria-label=label>
            {"★".repeat(stars as usize)}
        </span>
    }
}

#[component]
pub fn Amenities(items: Vec<String>, #[prop(default = usize::MAX)] max: usize) -> impl IntoView {
    let more = items.len().saturating_sub(max);
    view! {
        <ul class="chips">
            {items.into_iter().take(max).map(|a| view! { <li>{a}</li> }).collect_view()}
            {(more > 0).then(|| view! { <li class="chip-more">{format!("+{more} more")}</li> })}
        </ul>
    }
}

#[component]
pub fn HotelCard(hotel: HotelSummary, stay: Option<(Stay, u32)>) -> impl IntoView {
    let href = match &stay {
        Some((s, g)) => format!("/hotels/{}?{}", hotel.slug, s.query(*g)),
        None => format!("/hotels/{}", hotel.slug),
    };
    let price = match (hotel.from_total_minor, &stay) {
        (Some(total), Some((s, _))) => view! {
            <p class="price-line">
                <span class="price">{money(total, &hotel.currency)}</span>
                <span class="muted small">{format!(" total for {}", nights_label(s.nights()))}</span>
            </p>
        }
        .into_any(),
        _ => view! {
            <p class="price-line">
                <span class="muted small">"from "</span>
                <span class="price">{money(hotel.from_nightly_minor, &hotel.currency)}</span>
                <span class="muted small">" / night"</span>
            </p>
        }
        .into_any(),
    };
    let scarcity = hotel
        .rooms_left
        .filter(|n| *n <= 3)
        .map(|n| view! { <p class="scarce">{format!("Only {n} left at this price")}</p> });
    view! {
        <article class="hotel-card">
            <a href=href.clone() class="card-img" tabindex="-1" aria-hidden="true">
                <img src=hotel_art(&hotel.slug) alt="" width="600" height="400" loading="lazy" />
            </a>
            <div class="card-body">
                <div class="card-head">
                    <h3><a href=href.clone()>{hotel.name.clone()}</a></h3>
                    <Stars stars=hotel.stars />
                </div>
                <p class="muted small">{hotel.address.clone()}</p>
                <p class="tagline">{hotel.tagline.clone()}</p>
                <Amenities items=hotel.amenities.clone() max=4 />
            </div>
            <div class="card-side">
                {price}
                {scarcity}
                <a class="btn btn-primary" href=href>"See rooms"</a>
            </div>
        </article>
    }
}

#[component]
pub fn RoomCard(
    hotel: String,
    currency: String,
    room: RoomTypeOffer,
    stay: Option<(Stay, u32)>,
) -> impl IntoView {
    let guests = stay.map(|(_, g)| g).unwrap_or(1);
    let fits = room.capacity >= guests;
    let action = match (&room.quote, stay, fits, room.rooms_left.unwrap_or(0) > 0) {
        (_, None, _, _) => {
            view! { <p class="muted">"Choose dates above to see the price for your stay."</p> }
                .into_any()
        }
        (_, Some(_), false, _) => {
            view! { <p class="muted">{if room.capacity == 1 { "Sleeps 1 guest: too small for your party.".to_owned() } else { format!("Sleeps up to {} guests: too small for your party.", room.capacity) }}</p> }
                .into_any()
        }
        (Some(quote), Some((s, g)), true, true) => {
            let href = format!(
                "/hotels/{hotel}/book?room_type={}&{}",
                room.slug,
                s.query(g)
            );
            let left = room.rooms_left.unwrap_or(0);
            view! {
                <PriceBreakdown quote=quote.clone() />
                {(left <= 3).then(|| view! { <p class="scarce">{if left == 1 { "Last room left".to_owned() } else { format!("Only {left} rooms left") }}</p> })}
                <a class="btn btn-primary" href=href>"Book this room"</a>
            }
            .into_any()
        }
        _ => view! { <p class="sold-out">"Sold out for these dates"</p> }.into_any(),
    };
    view! {
        <article class="room-card" id=format!("room-{}", room.slug)>
            <img src=room_art(&hotel, &room.slug) alt="" width="400" height="300" loading="lazy" />
            <div class="room-body">
                <h3>{room.name.clone()}</h3>
                <p class="room-facts">
                    <span>{room.beds.clone()}</span>
                    <span>{format!("Sleeps {}", room.capacity)}</span>
                    <span>{format!("{} m²", room.size_m2)}</span>
                </p>
                <p>{room.description.clone()}</p>
                <Amenities items=room.amenities.clone() max=6 />
            </div>
            <div class="room-side">
                <p class="muted small">
                    "from "<strong>{money(room.nightly_rate_minor, &currency)}</strong>" / night"
                </p>
                {action}
            </div>
        </article>
    }
}
