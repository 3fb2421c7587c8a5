//! Who hears about a hotel's bookings: alert recipients, each confirmed by a single-use link
//! emailed to the address before any alert (with guests' details) goes to it. Hotel admins
//! manage their hotels' recipients; platform admins see and remove every hotel's.
pub mod api;
pub mod store;

use app::model::{AlertRecipient, AlertRecipients, ConfirmedAlerts, HotelAlertRecipient};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;

use super::scope::Admin;
use super::store::HotelRow;
use crate::checked::Parsed;
use crate::customers::service::hash_token;
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::outbox::{AccountMessage, Outbox, VERIFY_DAYS};
use crate::state::App;
use crate::store::{Conn, Db, Tx, TxFail, begin_write, db_fail, retrying};

pub use store::subscribed;

pub async fn recipients(db: &Db, admin: &Admin, slug: &str) -> Result<AlertRecipients> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let recipients = store::list(Conn::Pool(db), hotel.id)
        .await
        .map_err(internal("cannot read alert recipients"))?;
    Ok(AlertRecipients { recipients })
}

/// The recipients of every hotel the admin runs: all of them for a platform admin.
pub async fn all(db: &Db, admin: &Admin) -> Result<Vec<HotelAlertRecipient>> {
    store::all(db, admin.scope.hotel_ids())
        .await
        .map_err(internal("cannot read alert recipients"))
}

/// Replaces the hotel's list. Addresses already on it keep their confirmation; each new one
/// waits for the link emailed to it in the same transaction, so a new address is never
/// stored without its email, nor emailed for a list that was not saved.
pub async fn set_recipients(
    app: &App,
    admin: &Admin,
    slug: &str,
    list: Parsed<AlertRecipients>,
) -> Result<AlertRecipients> {
    let (hotel, _) = admin.hotel(&app.db, slug).await?;
    let wanted = list?.into_inner().recipients;
    let (saved, invited) = retrying(|| replace(app, &hotel, &wanted)).await?;
    if invited > 0 {
        app.outbox.wake();
    }
    tracing::info!(hotel = %slug, recipients = saved.len(), invited, "alert recipients saved");
    Ok(AlertRecipients { recipients: saved })
}

async fn replace(
    app: &App,
    hotel: &HotelRow,
    wanted: &[AlertRecipient],
) -> std::result::Result<(Vec<AlertRecipient>, usize), TxFail> {
    let fail = db_fail("cannot save alert recipients");
    let mut tx = begin_write(&app.db).await.map_err(fail)?;
    let now = app.clock.now();
    let current = store::list(Conn::Tx(&mut tx), hotel.id)
        .await
        .map_err(db_fail("cannot save alert recipients"))?;
    let mut invited = 0;
    for old in &current {
        if !wanted
            .iter()
            .any(|w| w.email.eq_ignore_ascii_case(&old.email))
        {
            store::delete(&mut tx, hotel.id, &old.email)
                .await
                .map_err(db_fail("cannot save alert recipients"))?;
        }
    }
    for r in wanted {
        if current
            .iter()
            .any(|c| c.email.eq_ignore_ascii_case(&r.email))
        {
            store::subscribe(&mut tx, hotel.id, r)
                .await
                .map_err(db_fail("cannot save alert recipients"))?;
        } else {
            invite(&mut tx, &app.outbox, hotel, r, now)
                .await
                .map_err(db_fail("cannot save alert recipients"))?;
            invited += 1;
        }
    }
    let saved = store::list(Conn::Tx(&mut tx), hotel.id)
        .await
        .map_err(db_fail("cannot save alert recipients"))?;
    tx.commit()
        .await
        .map_err(db_fail("cannot save alert recipients"))?;
    Ok((saved, invited))
}

/// A fresh link secret: 32 random bytes, hex. Only its hash is stored.
fn token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(VERIFY_DAYS)
}

/// Adds a waiting address and writes its confirmation email, inside `tx`.
async fn invite(
    tx: &mut Tx,
    outbox: &Outbox,
    hotel: &HotelRow,
    r: &AlertRecipient,
    now: DateTime<Utc>,
) -> std::result::Result<(), sqlx::Error> {
    let token = token();
    let link = (hash_token(&token), expiry(now));
    if store::insert(tx, hotel.id, r, Some((&link.0, link.1)), now).await? {
        send_link(tx, outbox, hotel, &r.email, &token).await?;
    }
    Ok(())
}

async fn send_link(
    tx: &mut Tx,
    outbox: &Outbox,
    hotel: &HotelRow,
    email: &str,
    token: &str,
) -> std::result::Result<(), sqlx::Error> {
    let message = AccountMessage::RecipientConfirm {
        hotel_name: &hotel.name,
        token,
    };
    let about = Some((hotel.id, hotel.name.as_str(), hotel.time_zone.as_str()));
    outbox.account_email(tx, email, about, message).await
}

/// Adds a hotel admin's own address to the hotel's alerts inside the transaction that assigns
/// them: confirmed when their account's address is verified, else waiting for a link (emailed
/// when an `outbox` is at hand, or sent again from the alerts page).
pub(super) async fn add_admin_address(
    tx: &mut Tx,
    outbox: Option<&Outbox>,
    hotel: &HotelRow,
    email: &str,
    verified: bool,
) -> std::result::Result<(), sqlx::Error> {
    let r = AlertRecipient {
        email: email.to_lowercase(),
        on_booking: true,
        on_cancellation: true,
        confirmed: verified,
    };
    let now = Utc::now();
    match (verified, outbox) {
        (true, _) => store::insert(tx, hotel.id, &r, None, now).await.map(|_| ()),
        (false, Some(outbox)) => invite(tx, outbox, hotel, &r, now).await,
        (false, None) => {
            let link = (hash_token(&token()), expiry(now));
            let link = Some((link.0.as_str(), link.1));
            store::insert(tx, hotel.id, &r, link, now).await.map(|_| ())
        }
    }
}

/// Takes one address off the hotel's alerts (a platform admin, from any hotel).
pub async fn remove(db: &Db, admin: &Admin, slug: &str, email: &str) -> Result<()> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let email = email.trim();
    let done = retrying(|| async {
        let mut tx = begin_write(db)
            .await
            .map_err(db_fail("cannot remove alert recipient"))?;
        let done = store::delete(&mut tx, hotel.id, email)
            .await
            .map_err(db_fail("cannot remove alert recipient"))?;
        tx.commit()
            .await
            .map_err(db_fail("cannot remove alert recipient"))?;
        Ok(done)
    })
    .await?;
    if !done {
        return Err(Error::NotFound(Thing::AlertRecipient));
    }
    tracing::info!(hotel = %slug, by = admin.customer.id, "alert recipient removed");
    Ok(())
}

/// Emails a waiting address a new link; the previous one stops working.
pub async fn resend(app: &App, admin: &Admin, slug: &str, email: &str) -> Result<()> {
    let (hotel, _) = admin.hotel(&app.db, slug).await?;
    let email = email.trim();
    let fail = "cannot send a new alert link";
    retrying(|| async {
        let mut tx = begin_write(&app.db).await.map_err(db_fail(fail))?;
        let token = token();
        let expires = expiry(app.clock.now());
        match store::new_link(&mut tx, hotel.id, email, &hash_token(&token), expires)
            .await
            .map_err(db_fail(fail))?
        {
            None => return Err(Error::NotFound(Thing::AlertRecipient).into()),
            Some(false) => return Err(Rule::AlreadyConfirmed.into()),
            Some(true) => {}
        }
        send_link(&mut tx, &app.outbox, &hotel, &email.to_lowercase(), &token)
            .await
            .map_err(db_fail(fail))?;
        tx.commit().await.map_err(db_fail(fail))
    })
    .await?;
    app.outbox.wake();
    tracing::info!(hotel = %slug, "alert confirmation link sent again");
    Ok(())
}

/// Confirms the address a link was sent to. A link works once, within `VERIFY_DAYS`; each
/// refusal says which of those it was.
pub async fn confirm(app: &App, token: &str) -> Result<ConfirmedAlerts> {
    // Tokens are 64 hex digits; anything else cannot match and needs no query.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Rule::AlertLinkUnknown.into());
    }
    let hash = hash_token(&token.to_ascii_lowercase());
    let fail = "cannot confirm alert recipient";
    let confirmed = retrying(|| async {
        let now = app.clock.now();
        let mut tx = begin_write(&app.db).await.map_err(db_fail(fail))?;
        let link = store::by_token(&mut tx, &hash, now)
            .await
            .map_err(db_fail(fail))?
            .ok_or(Rule::AlertLinkUnknown)?;
        if link.confirmed {
            return Err(Rule::AlertLinkUsed.into());
        }
        if link.expired {
            return Err(Rule::AlertLinkExpired.into());
        }
        if !store::confirm(&mut tx, &hash, now)
            .await
            .map_err(db_fail(fail))?
        {
            return Err(Rule::AlertLinkUsed.into());
        }
        tx.commit().await.map_err(db_fail(fail))?;
        Ok(link)
    })
    .await?;
    tracing::info!(hotel_id = confirmed.hotel_id, "alert recipient confirmed");
    Ok(ConfirmedAlerts {
        hotel_name: confirmed.hotel_name,
        email: confirmed.email,
    })
}
