//! The booking form: guest details and the price, with sign-in on the way when needed.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{BookPage as Page, load_book};
use crate::components::form::{ErrorSummary, Field, SubmitButton};
use crate::components::hotel::room_art;
use crate::components::layout::{ErrorPage, FlashBanner, Loading};
use crate::components::price::{PriceBreakdown, money, nights_label};
use crate::pages::hotel::cancellation_text;
use crate::url::url_encode;

#[component]
pub fn BookPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let stay = super::stay_params_from_query();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("slug").unwrap_or_default()),
                query.with(|q| q.get("room_type").unwrap_or_default()),
                stay.get(),
            )
        },
        |(slug, room, stay)| load_book(slug, room, stay),
    );
    view! {
        <Title text="Book your stay" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <BookView page /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BookView(page: Page) -> impl IntoView {
    let Page {
        hotel,
        room,
        stay,
        guests,
        customer,
        flash,
        idempotency_key,
    } = page;
    let here = format!(
        "/hotels/{}/book?room_type={}&{}",
        hotel.slug,
        room.slug,
        stay.query(guests)
    );
    let back = format!("/hotels/{}?{}", hotel.slug, stay.query(guests));
    let summary = view! {
        <aside class="book-summary">
            <img src=room_art(&hotel.slug, &room.slug) alt="" width="400" height="300" />
            <h2>{hotel.name.clone()}</h2>
            <p class="muted small">{hotel.address.clone()}</p>
            <dl class="facts">
                <dt>"Room"</dt><dd>{room.name.clone()}" · "{room.beds.clone()}</dd>
                <dt>"Check-in"</dt><dd>{format!("{} from {}", stay.check_in.format("%a %-d %b %Y"), hotel.policies.check_in_time)}</dd>
                <dt>"Check-out"</dt><dd>{format!("{} until {}", stay.check_out.format("%a %-d %b %Y"), hotel.policies.check_out_time)}</dd>
                <dt>"Stay"</dt><dd>{format!("{}, {} {}", nights_label(stay.nights()), guests, if guests == 1 { "guest" } else { "guests" })}</dd>
            </dl>
            {room.quote.clone().map(|q| view! { <PriceBreakdown quote=q open=true /> })}
            <p class="policy">{cancellation_text(hotel.policies.free_cancellation_days)}" Pay at the hotel."</p>
            <a href=back.clone() class="small">"Change room or dates"</a>
        </aside>
    };
    let Some(quote) = room.quote.clone().filter(|_| room.bookable(guests)) else {
        return view! {
            <section class="wrap narrow empty-state">
                <h1>"This room is no longer available"</h1>
                <p>{format!("{} has no {} free for every night of your stay.", hotel.name, room.name)}</p>
                <a class="btn btn-primary" href=back>"See other rooms"</a>
            </section>
        }
        .into_any();
    };
    let main = match customer {
        None => {
            let next = url_encode(&here);
            view! {
                <section class="book-main">
                    <h1>"Almost there"</h1>
                    <FlashBanner flash=flash />
                    <p class="lead">"Sign in or create an account to confirm this booking. We'll bring you straight back here with your stay kept."</p>
                    <div class="auth-choices">
                        <a class="btn btn-primary" href=format!("/signup?next={next}")>"Create an account"</a>
                        <a class="btn" href=format!("/signin?next={next}")>"I already have an account"</a>
                    </div>
                </section>
            }
            .into_any()
        }
        Some(c) => {
            let v = |f: &str, default: &str| {
                flash.value("book", f).unwrap_or_else(|| default.to_owned())
            };
            let e = |f: &str| flash.error("book", f);
            let key_error = e("idempotency_key");
            let phone = c.phone.clone().unwrap_or_default();
            view! {
                <section class="book-main">
                    <h1>"Confirm your booking"</h1>
                    <FlashBanner flash=flash.clone() />
                    // The form's key has no field to highlight: its error stands on its own.
                    {key_error.clone().map(|m| view! { <p class="banner banner-alert" role="alert">{m}</p> })}
                    <ErrorSummary count=flash.errors.0.len() - usize::from(key_error.is_some()) />
                    <form method="post" action=format!("/hotels/{}/book", hotel.slug) class="stack" novalidate=false>
                        <input type="hidden" name="room_type" value=room.slug.clone() />
                        <input type="hidden" name="check_in" value=stay.check_in.to_string() />
                        <input type="hidden" name="check_out" value=stay.check_out.to_string() />
                        <input type="hidden" name="guests" value=guests.to_string() />
                        <input type="hidden" name="idempotency_key" value=idempotency_key />
                        <h2 class="h3">"Who's staying?"</h2>
                        <Field label="Full name" name="guest_name" value=v("guest_name", &c.name) error=e("guest_name") autocomplete="name" />
                        <Field label="Email" name="guest_email" kind="email" value=v("guest_email", &c.email) error=e("guest_email") autocomplete="email" hint="We'll send the confirmation here." />
                        <Field label="Phone" name="guest_phone" kind="tel" value=v("guest_phone", &phone) error=e("guest_phone") autocomplete="tel" required=false hint="Only used by the hotel about your stay." />
                        <div class="field" class:has-error=e("special_requests").is_some()>
                            <label for="f-special_requests">"Special requests"<span class="optional">" (optional)"</span></label>
                            <textarea id="f-special_requests" name="special_requests" rows="3" maxlength="1000"
                                placeholder="Late arrival, a quiet room, a cot…">{v("special_requests", "")}</textarea>
                            <p class="hint">"Requests aren't guaranteed, but the hotel will do its best."</p>
                            {e("special_requests").map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                        <SubmitButton label=format!("Confirm booking · {}", money(quote.total_minor, &quote.currency)) pending_label="Confirming…" />
                        <p class="muted small">"You pay the hotel at check-in. No card needed now."</p>
                    </form>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <div class="wrap book-layout">
            {main}
            {summary}
        </div>
    }
    .into_any()
}
