//! Rules for booking a stay and cancelling it: one transaction per change, with the nights it
//! sells or gives back and the emails it causes.
use app::model::{Booking, BookingStatus, Customer};
use chrono::{DateTime, Utc};

use super::events::{self, Change};
use super::reference::{new_reference, normalize};
use super::request::BookingRequest;
use super::row::BookingRow;
use super::store::{self, NewBooking};
use super::{emails, labelled, policy};
use crate::checked::Checked;
use crate::error::{Error, Party, Result, Rule, Thing, internal};
use crate::hotels::store::{self as hotels, Labels, Sellable};
use crate::hotels::{pricing, service::opens};
use crate::inventory::store as inventory;
use crate::outbox::BookingEvent;
use crate::state::App;
use crate::store::{Conn, Db, TxFail, begin_write, db_fail, retrying};

/// The names of the hotels and room types of `rows`.
pub async fn labels(conn: Conn<'_>, rows: &[&BookingRow]) -> Result<Labels> {
    let hotel_ids: Vec<i64> = rows.iter().map(|r| r.hotel_id).collect();
    let room_ids: Vec<i64> = rows.iter().map(|r| r.room_type_id).collect();
    hotels::labels(conn, &hotel_ids, &room_ids)
        .await
        .map_err(internal("cannot read hotel names"))
}

/// Whether the hotel is published and offers the room type (404 otherwise).
pub async fn on_sale(app: &App, hotel: &str, room_type: &str) -> Result<()> {
    let catalog = app.catalog.get(&app.db).await?;
    let hotel = catalog.hotel(hotel).ok_or(Error::NotFound(Thing::Hotel))?;
    if catalog.rooms_of(hotel.id).any(|r| r.slug == room_type) {
        Ok(())
    } else {
        Err(Error::NotFound(Thing::RoomType))
    }
}

/// Books the stay; the flag is true when an earlier request with this key is being replayed.
pub async fn create(
    app: &App,
    caller: &Customer,
    req: Checked<BookingRequest>,
) -> Result<(Booking, bool)> {
    // The catalog answers what the guest may ask for; the transaction reads the room type again.
    let catalog = app.catalog.get(&app.db).await?;
    let hotel = catalog
        .hotel(&req.hotel)
        .ok_or(Error::NotFound(Thing::Hotel))?;
    let room = catalog
        .rooms_of(hotel.id)
        .find(|r| r.slug == req.room_type)
        .ok_or(Error::NotFound(Thing::RoomType))?;
    opens(&req.stay, app.clock.today_in(&hotel.time_zone))?;
    if req.guests > room.capacity {
        return Err(Rule::TooManyGuests {
            capacity: room.capacity,
        }
        .into());
    }
    let attempt = Attempt {
        caller,
        req: &req,
        print: req.fingerprint(),
        currency: &hotel.currency,
        tax_rate_bp: hotel.policies.tax_rate_bp,
        deadline: policy::cancel_deadline(
            req.stay.check_in,
            &hotel.policies.check_in_time,
            hotel.policies.free_cancellation_days,
            &hotel.time_zone,
        ),
    };
    match retrying(|| attempt.run(app)).await? {
        Done::Booked(booking) => Ok((*booking, false)),
        Done::Replayed(reference) => Ok((get(app, caller, &reference).await?, true)),
    }
}

/// How one booking request ended.
enum Done {
    /// Booked now: the booking as its transaction committed it.
    Booked(Box<Booking>),
    /// The reference an earlier request with the same key booked.
    Replayed(String),
}

/// One try at the booking transaction; retried as a whole on serialization failure or deadlock.
struct Attempt<'a> {
    caller: &'a Customer,
    req: &'a BookingRequest,
    print: String,
    currency: &'a str,
    tax_rate_bp: u32,
    deadline: Option<DateTime<Utc>>,
}

impl Attempt<'_> {
    /// The booking made, or the reference of the earlier request this one replays.
    async fn run(&self, app: &App) -> std::result::Result<Done, TxFail> {
        let (caller, req) = (self.caller, self.req);
        let mut tx = begin_write(&app.db)
            .await
            .map_err(db_fail("cannot begin booking"))?;
        store::lock_key(&mut tx, caller.id, &req.key)
            .await
            .map_err(db_fail("cannot lock idempotency key"))?;
        if let Some((first_print, reference)) = store::idempotent_hit(&mut tx, caller.id, &req.key)
            .await
            .map_err(db_fail("cannot read idempotency key"))?
        {
            if first_print != self.print {
                return Err(Rule::KeyReused.into());
            }
            tracing::info!(%reference, "idempotent replay of booking");
            app.metrics.booking_replayed();
            return Ok(Done::Replayed(reference));
        }
        let Sellable {
            hotel_id,
            room_type_id,
            rates,
            ..
        } = hotels::sellable(Conn::Tx(&mut tx), &req.hotel, &req.room_type)
            .await
            .map_err(db_fail("cannot read room type"))?
            .ok_or(Error::NotFound(Thing::RoomType))?;
        let (from, to) = (req.stay.check_in, req.stay.check_out);
        // The nights as sold, with their rates: what the stay is priced at.
        let nights = inventory::sell(&mut tx, room_type_id, rates.total_rooms, from, to)
            .await
            .map_err(db_fail("cannot sell nights"))?;
        if nights.len() != req.stay.nights() as usize {
            // Dropping the transaction rolls back the nights that did sell.
            app.metrics.booking_sold_out(&req.hotel);
            return Err(Error::SoldOut.into());
        }
        let quote = pricing::quote(&req.stay, &rates, &nights, self.currency, self.tax_rate_bp)
            .ok_or(Error::SoldOut)?;
        let now = app.clock.now();
        let mut inserted = None;
        for _ in 0..5 {
            let reference = new_reference();
            let new = NewBooking {
                reference: &reference,
                customer_id: caller.id,
                hotel_id,
                room_type_id,
                check_in: from,
                check_out: to,
                guests: req.guests,
                guest: &req.guest,
                special_requests: req.special_requests.as_deref(),
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
        let (id, reference) = inserted.ok_or(Error::Internal)?;
        store::insert_idempotency_key(&mut tx, caller.id, &req.key, &self.print, id, now)
            .await
            .map_err(db_fail("cannot store idempotency key"))?;
        let booked = labelled::read(&mut tx, id)
            .await
            .map_err(db_fail("cannot read booking"))?;
        emails::write(app, &mut tx, &booked, BookingEvent::Confirmed)
            .await
            .map_err(db_fail("cannot write emails"))?;
        let event = events::write(app, &mut tx, &booked, Change::Created)
            .await
            .map_err(db_fail("cannot record booking event"))?;
        // The answer, from what the transaction read: no second read after the commit.
        let booking = booked.row.present(&booked.labels(), now)?;
        tx.commit()
            .await
            .map_err(db_fail("cannot commit booking"))?;
        app.outbox.wake();
        app.metrics.event_written(event.event_type.name());
        tracing::info!(%reference, hotel = %req.hotel, room_type = %req.room_type, nights = req.stay.nights(), "booking confirmed");
        app.metrics.booking_confirmed(&req.hotel, &quote);
        Ok(Done::Booked(Box::new(booking)))
    }
}

pub async fn get(app: &App, caller: &Customer, reference: &str) -> Result<Booking> {
    // Another guest's booking answers exactly like a missing one: references are not secrets.
    let reference = normalize(reference).ok_or(Error::NotFound(Thing::Booking))?;
    let row = store::by_reference((&app.db).into(), Some(caller.id), &reference)
        .await
        .map_err(internal("cannot read booking"))?
        .ok_or(Error::NotFound(Thing::Booking))?;
    let labels = labels((&app.db).into(), &[&row]).await?;
    row.present(&labels, app.clock.now())
}

pub async fn list(app: &App, caller: &Customer) -> Result<Vec<Booking>> {
    let db: &Db = &app.db;
    let rows = store::for_customer(db, caller.id)
        .await
        .map_err(internal("cannot list bookings"))?;
    let labels = labels(db.into(), &rows.iter().collect::<Vec<_>>()).await?;
    let now = app.clock.now();
    rows.iter().map(|r| r.present(&labels, now)).collect()
}

pub async fn cancel(app: &App, caller: &Customer, reference: &str) -> Result<Booking> {
    let reference = normalize(reference).ok_or(Error::NotFound(Thing::Booking))?;
    cancel_as(app, &reference, Party::Guest, Some(caller.id)).await?;
    get(app, caller, &reference).await
}

/// Cancels the booking and gives its nights back, in one transaction with its emails: the
/// guest's own booking within the hotel's free-cancellation window (`owner` given), or the
/// hotel's, at any time before the guest has arrived.
pub async fn cancel_as(app: &App, reference: &str, by: Party, owner: Option<i64>) -> Result<()> {
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin cancellation"))?;
    let row = store::for_update(&mut tx, owner, reference)
        .await
        .map_err(internal("cannot read booking"))?
        .ok_or(Error::NotFound(Thing::Booking))?;
    let labels = labels(Conn::Tx(&mut tx), &[&row]).await?;
    let booking = row.present(&labels, app.clock.now())?;
    if booking.status == BookingStatus::Cancelled {
        return Err(Rule::AlreadyCancelled.into());
    }
    if !row.expected() {
        return Err(Rule::Arrived { asked_by: by }.into());
    }
    if by == Party::Guest && !booking.can_cancel {
        return Err(Rule::CancellationClosed.into());
    }
    let who = match by {
        Party::Hotel => "hotel",
        Party::Guest => "guest",
    };
    if store::mark_cancelled(&mut tx, row.id, who, app.clock.now())
        .await
        .map_err(internal("cannot cancel booking"))?
        != 1
    {
        return Err(Rule::ChangedMeanwhile.into());
    }
    let released = inventory::release(&mut tx, row.room_type_id, row.check_in, row.check_out)
        .await
        .map_err(internal("cannot release nights"))?;
    if released != u64::from(booking.nights()) {
        tracing::error!(%reference, released, "inventory did not match the booking being cancelled");
        return Err(Error::Internal);
    }
    let cancelled = labelled::read(&mut tx, row.id)
        .await
        .map_err(internal("cannot read booking"))?;
    emails::write(app, &mut tx, &cancelled, BookingEvent::Cancelled)
        .await
        .map_err(internal("cannot write emails"))?;
    let event = events::write(app, &mut tx, &cancelled, Change::Cancelled)
        .await
        .map_err(internal("cannot record booking event"))?;
    tx.commit()
        .await
        .map_err(internal("cannot commit cancellation"))?;
    app.outbox.wake();
    app.metrics.event_written(event.event_type.name());
    tracing::info!(%reference, by = who, "booking cancelled");
    app.metrics
        .booking_cancelled(&booking.hotel_slug, &booking.price);
    Ok(())
}
