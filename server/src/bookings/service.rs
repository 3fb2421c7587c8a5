//! Rules for booking a stay and cancelling it.
use app::model::*;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::policy;
use super::reference::{new_reference, normalize};
use super::store::{self, NewBooking, StoredBooking};
use crate::customers::service::{valid_email, valid_phone, validate_name};
use crate::hotels::{pricing, service::parse_stay_params, store as hotels};
use crate::notify::BookingEvent;
use crate::state::App;
use crate::store::{Db, TxFail, begin_write, db_fail, internal, retrying};

const MAX_REQUEST_CHARS: usize = 1000;

/// Fills in what depends on "now" and the hotel's clock.
pub fn present(mut stored: StoredBooking, now: DateTime<Utc>) -> Booking {
    let b = &mut stored.booking;
    let confirmed = b.status == BookingStatus::Confirmed;
    b.can_cancel = policy::can_cancel(confirmed && stored.expected, b.cancel_deadline, now);
    b.cancel_deadline_local = b
        .cancel_deadline
        .map(|d| policy::wall_clock(d, &b.time_zone));
    let today = crate::hotels::service::today_in(&b.time_zone);
    b.upcoming = confirmed && b.check_out > today;
    stored.booking
}

struct Valid {
    stay: Stay,
    guests: u32,
    guest: GuestDetails,
    special_requests: Option<String>,
    key: String,
}

fn validate(form: &BookingForm, time_zone: &str, capacity: u32) -> Result<Valid, AppError> {
    let mut errors = FieldErrors::default();
    let stay = match parse_stay_params(&form.stay, time_zone) {
        Ok(stay) => Some(stay),
        Err(AppError::Invalid(e)) => {
            errors.merge(e);
            None
        }
        Err(e) => return Err(e),
    };
    if let Some((_, guests)) = stay
        && guests > capacity
    {
        errors.add(
            "guests",
            &format!("This room sleeps up to {capacity} guests."),
        );
    }
    let name = form.guest_name.trim();
    validate_name(name, "guest_name", &mut errors);
    let email = form.guest_email.trim();
    if !valid_email(email) {
        errors.add(
            "guest_email",
            "Enter an email address like name@example.com.",
        );
    }
    let phone = form.guest_phone.trim();
    if !phone.is_empty() && !valid_phone(phone) {
        errors.add(
            "guest_phone",
            "Enter a phone number with 6 to 15 digits, e.g. +351 912 345 678.",
        );
    }
    let requests = form.special_requests.trim();
    if requests.chars().count() > MAX_REQUEST_CHARS {
        errors.add(
            "special_requests",
            "Keep special requests under 1,000 characters.",
        );
    }
    let key = form.idempotency_key.trim();
    if key.is_empty() || key.len() > 128 {
        errors.add(
            "idempotency_key",
            "This form has expired. Reload the page and try again.",
        );
    }
    errors.into_result()?;
    let (stay, guests) = stay.ok_or(AppError::Internal)?;
    Ok(Valid {
        stay,
        guests,
        guest: GuestDetails {
            name: name.to_owned(),
            email: email.to_owned(),
            phone: (!phone.is_empty()).then(|| phone.to_owned()),
        },
        special_requests: (!requests.is_empty()).then(|| requests.to_owned()),
        key: key.to_owned(),
    })
}

/// Identifies the request body an idempotency key was first used with.
fn fingerprint(hotel: &str, room_type: &str, v: &Valid) -> String {
    let canonical = serde_json::json!([
        hotel,
        room_type,
        v.stay,
        v.guests,
        v.guest,
        v.special_requests
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Books the stay; the flag is true when an earlier request with this key is being replayed.
pub async fn create(
    app: &App,
    caller: &Customer,
    hotel_slug: &str,
    form: &BookingForm,
) -> Result<(Booking, bool), AppError> {
    let db = &app.db;
    let hotel = hotels::hotel_by_slug(db, hotel_slug)
        .await
        .map_err(internal("cannot read hotel"))?
        .ok_or_else(|| AppError::not_found("Hotel"))?;
    let rooms = hotels::room_types(db, &[hotel.id])
        .await
        .map_err(internal("cannot read room types"))?;
    let room = rooms
        .iter()
        .find(|r| r.slug == form.room_type)
        .ok_or_else(|| AppError::not_found("Room type"))?;
    let valid = validate(form, &hotel.time_zone, room.capacity)?;
    let print = fingerprint(hotel_slug, &room.slug, &valid);
    let deadline = policy::cancel_deadline(
        valid.stay.check_in,
        &hotel.policies.check_in_time,
        hotel.policies.free_cancellation_days,
        &hotel.time_zone,
    );

    let attempt = Attempt {
        caller,
        hotel_slug,
        room_slug: &room.slug,
        currency: &hotel.currency,
        tax_rate_bp: hotel.policies.tax_rate_bp,
        valid: &valid,
        print: &print,
        deadline,
    };
    let (reference, replayed) = retrying(|| attempt.run(app)).await?;
    Ok((get(db, caller, &reference).await?, replayed))
}

/// One try at the booking transaction; retried as a whole on serialization failure or deadlock.
struct Attempt<'a> {
    caller: &'a Customer,
    hotel_slug: &'a str,
    room_slug: &'a str,
    currency: &'a str,
    tax_rate_bp: u32,
    valid: &'a Valid,
    print: &'a str,
    deadline: Option<DateTime<Utc>>,
}

impl Attempt<'_> {
    /// The booking's reference, and whether it is the replay of an earlier request.
    async fn run(&self, app: &App) -> Result<(String, bool), TxFail> {
        let (caller, valid) = (self.caller, self.valid);
        let mut tx = begin_write(&app.db)
            .await
            .map_err(db_fail("cannot begin booking"))?;
        store::lock_key(&mut tx, caller.id, &valid.key)
            .await
            .map_err(db_fail("cannot lock idempotency key"))?;
        if let Some((first_print, reference)) =
            store::idempotent_hit(&mut tx, caller.id, &valid.key)
                .await
                .map_err(db_fail("cannot read idempotency key"))?
        {
            if first_print != self.print {
                return Err(AppError::invalid(
                    "idempotency_key",
                    "This form was already used for a different booking. Reload the page and try again.",
                )
                .into());
            }
            tracing::info!(%reference, "idempotent replay of booking");
            app.metrics.booking_replayed();
            return Ok((reference, true));
        }
        let sellable = store::sellable(&mut tx, self.hotel_slug, self.room_slug)
            .await
            .map_err(db_fail("cannot read room type"))?
            .ok_or_else(|| AppError::not_found("Room type"))?;
        let (from, to) = (valid.stay.check_in, valid.stay.check_out);
        let sold = store::sell_nights(&mut tx, &sellable, from, to)
            .await
            .map_err(db_fail("cannot sell nights"))?;
        if sold != u64::from(valid.stay.nights()) {
            // Dropping the transaction rolls back the nights that did sell.
            app.metrics.booking_sold_out(self.hotel_slug);
            return Err(AppError::SoldOut.into());
        }
        let nights = store::night_states(&mut tx, sellable.room_type_id, from, to)
            .await
            .map_err(db_fail("cannot price stay"))?;
        let quote = pricing::quote(
            &valid.stay,
            &sellable.rates,
            &nights,
            self.currency,
            self.tax_rate_bp,
        )
        .ok_or(AppError::SoldOut)?;
        let now = Utc::now();
        let mut inserted = None;
        for _ in 0..5 {
            let reference = new_reference();
            let new = NewBooking {
                reference: &reference,
                customer_id: caller.id,
                sellable: &sellable,
                check_in: from,
                check_out: to,
                guests: valid.guests,
                guest: &valid.guest,
                special_requests: valid.special_requests.as_deref(),
                price: &quote,
                cancel_deadline: self.deadline,
                created_at: now,
            };
            if let Some(id) = store::insert_booking(&mut tx, &new)
                .await
                .map_err(db_fail("cannot insert booking"))?
            {
                inserted = Some((id, reference));
                break;
            }
        }
        let (id, reference) = inserted.ok_or(AppError::Internal)?;
        store::insert_idempotency_key(&mut tx, caller.id, &valid.key, self.print, id, now)
            .await
            .map_err(db_fail("cannot store idempotency key"))?;
        let event = serde_json::json!({ "reference": reference, "hotel": self.hotel_slug, "room_type": self.room_slug,
            "check_in": from, "check_out": to, "total_minor": quote.total_minor, "currency": quote.currency });
        store::insert_outbox(&mut tx, "booking.confirmed", id, &event, now)
            .await
            .map_err(db_fail("cannot write outbox"))?;
        app.outbox
            .booking_emails(&mut tx, id, BookingEvent::Confirmed)
            .await
            .map_err(db_fail("cannot write emails"))?;
        tx.commit()
            .await
            .map_err(db_fail("cannot commit booking"))?;
        app.outbox.wake();
        tracing::info!(%reference, hotel = self.hotel_slug, room_type = self.room_slug, nights = valid.stay.nights(), "booking confirmed");
        app.metrics.booking_confirmed(self.hotel_slug);
        Ok((reference, false))
    }
}

pub async fn get(db: &Db, caller: &Customer, reference: &str) -> Result<Booking, AppError> {
    // Another guest's booking answers exactly like a missing one: references are not secrets.
    let reference = normalize(reference).ok_or_else(|| AppError::not_found("Booking"))?;
    let stored = store::by_reference(db, caller.id, &reference)
        .await
        .map_err(internal("cannot read booking"))?;
    stored
        .map(|s| present(s, Utc::now()))
        .ok_or_else(|| AppError::not_found("Booking"))
}

pub async fn list(db: &Db, caller: &Customer) -> Result<Vec<Booking>, AppError> {
    let now = Utc::now();
    let stored = store::for_customer(db, caller.id)
        .await
        .map_err(internal("cannot list bookings"))?;
    Ok(stored.into_iter().map(|s| present(s, now)).collect())
}

pub async fn cancel(app: &App, caller: &Customer, reference: &str) -> Result<Booking, AppError> {
    let reference = normalize(reference).ok_or_else(|| AppError::not_found("Booking"))?;
    cancel_as(app, &reference, Canceller::Guest(caller.id)).await?;
    get(&app.db, caller, &reference).await
}

/// Who cancels: the guest, within the hotel's free-cancellation window, or the hotel itself,
/// at any time before the guest has arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Canceller {
    Guest(i64),
    Hotel,
}

/// Cancels the booking and gives its nights back, in one transaction with the outbox rows.
pub async fn cancel_as(app: &App, reference: &str, who: Canceller) -> Result<(), AppError> {
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin cancellation"))?;
    let owner = match who {
        Canceller::Guest(id) => Some(id),
        Canceller::Hotel => None,
    };
    let stored = store::by_reference_tx(&mut tx, owner, reference)
        .await
        .map_err(internal("cannot read booking"))?
        .ok_or_else(|| AppError::not_found("Booking"))?;
    let (id, room_type_id, expected) = (stored.id, stored.room_type_id, stored.expected);
    let booking = present(stored, Utc::now());
    if booking.status == BookingStatus::Cancelled {
        return Err(AppError::Conflict(
            "This booking is already cancelled.".into(),
        ));
    }
    let refusal = match who {
        _ if !expected => Some(match who {
            Canceller::Guest(_) => {
                "The hotel has already recorded your arrival or a no-show, so this booking can no longer be cancelled online. Please contact the hotel."
            }
            Canceller::Hotel => {
                "The guest has already arrived or was marked as a no-show: this booking can no longer be cancelled."
            }
        }),
        Canceller::Guest(_) if !booking.can_cancel => Some(
            "The free cancellation period for this booking has ended. Please contact the hotel.",
        ),
        _ => None,
    };
    if let Some(why) = refusal {
        return Err(AppError::Conflict(why.into()));
    }
    let now = Utc::now();
    if store::mark_cancelled(&mut tx, id, now)
        .await
        .map_err(internal("cannot cancel booking"))?
        != 1
    {
        return Err(AppError::Conflict(
            "This booking was changed at the same time. Please reload.".into(),
        ));
    }
    let by = if who == Canceller::Hotel {
        "hotel"
    } else {
        "guest"
    };
    super::admin::store::set_cancelled_by(&mut tx, id, by)
        .await
        .map_err(internal("cannot record who cancelled"))?;
    let released =
        store::release_nights(&mut tx, room_type_id, booking.check_in, booking.check_out)
            .await
            .map_err(internal("cannot release nights"))?;
    if released != u64::from(booking.nights()) {
        tracing::error!(%reference, released, "inventory did not match the booking being cancelled");
        return Err(AppError::Internal);
    }
    let event = serde_json::json!({ "reference": reference, "cancelled_by": by });
    store::insert_outbox(&mut tx, "booking.cancelled", id, &event, now)
        .await
        .map_err(internal("cannot write outbox"))?;
    app.outbox
        .booking_emails(&mut tx, id, BookingEvent::Cancelled)
        .await
        .map_err(internal("cannot write emails"))?;
    tx.commit()
        .await
        .map_err(internal("cannot commit cancellation"))?;
    app.outbox.wake();
    tracing::info!(%reference, by, "booking cancelled");
    app.metrics.booking_cancelled(&booking.hotel_slug);
    Ok(())
}
