//! SQL for who hears about each hotel's bookings (`alert_recipients`), on both databases: the
//! addresses, what each subscribed to, and the confirmation link each must use first.
use app::model::{AlertRecipient, HotelAlertRecipient};
use chrono::{DateTime, Utc};

use crate::store::{At, Conn, Db, Ids, Tx, any_of, on_conn, on_db, on_tx};

type Row = (String, bool, bool, bool);

fn recipient((email, on_booking, on_cancellation, confirmed): Row) -> AlertRecipient {
    AlertRecipient {
        email,
        on_booking,
        on_cancellation,
        confirmed,
    }
}

/// The hotel's recipients, read inside `conn` (a transaction when about to change them).
pub async fn list(conn: Conn<'_>, hotel_id: i64) -> Result<Vec<AlertRecipient>, sqlx::Error> {
    let sql = "SELECT email, on_booking, on_cancellation, confirmed_at IS NOT NULL
               FROM alert_recipients WHERE hotel_id = $1 ORDER BY email";
    let rows: Vec<Row> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(hotel_id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().map(recipient).collect())
}

/// The recipients of these hotels (`None`: every hotel), by hotel name then address.
pub async fn all(
    db: &Db,
    hotel_ids: Option<&[i64]>,
) -> Result<Vec<HotelAlertRecipient>, sqlx::Error> {
    let only = match hotel_ids {
        Some(_) => any_of(db.is_sqlite(), "r.hotel_id", "$1"),
        None => "TRUE".to_owned(),
    };
    let sql = format!(
        "SELECT h.slug, h.name, r.email, r.on_booking, r.on_cancellation, r.confirmed_at IS NOT NULL
           FROM alert_recipients r JOIN hotels h ON h.id = r.hotel_id
          WHERE {only} ORDER BY h.name, r.email"
    );
    let ids = Ids(hotel_ids.unwrap_or_default());
    let rows: Vec<(String, String, String, bool, bool, bool)> = on_db!(db, |p| {
        let q = sqlx::query_as(&sql);
        let q = if hotel_ids.is_some() { q.bind(ids) } else { q };
        q.fetch_all(p).await
    })?;
    Ok(rows
        .into_iter()
        .map(
            |(hotel, hotel_name, email, on_booking, on_cancellation, confirmed)| {
                HotelAlertRecipient {
                    hotel,
                    hotel_name,
                    email,
                    on_booking,
                    on_cancellation,
                    confirmed,
                }
            },
        )
        .collect())
}

/// The confirmed recipients who asked to hear about new bookings (`cancellation` false) or
/// about cancellations, read in the transaction that changed the booking.
pub async fn subscribed(
    conn: Conn<'_>,
    hotel_id: i64,
    cancellation: bool,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = if cancellation {
        "SELECT email FROM alert_recipients
         WHERE hotel_id = $1 AND on_cancellation AND confirmed_at IS NOT NULL ORDER BY email"
    } else {
        "SELECT email FROM alert_recipients
         WHERE hotel_id = $1 AND on_booking AND confirmed_at IS NOT NULL ORDER BY email"
    };
    on_conn!(conn, |c| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .fetch_all(c)
        .await)
}

/// A new address, waiting for its link (`link`: token hash and expiry) or, without one,
/// confirmed at `now`. False when the address is already on the hotel's list.
pub async fn insert(
    tx: &mut Tx,
    hotel_id: i64,
    r: &AlertRecipient,
    link: Option<(&str, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO alert_recipients
                   (hotel_id, email, on_booking, on_cancellation, confirmed_at, token_hash, token_expires_at)
               VALUES ($1, lower($2), $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
    let confirmed_at = link.is_none().then_some(At(now));
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(&r.email)
        .bind(r.on_booking)
        .bind(r.on_cancellation)
        .bind(confirmed_at)
        .bind(link.map(|l| l.0))
        .bind(link.map(|l| At(l.1)))
        .execute(c)
        .await
        .map(|done| done.rows_affected() > 0))
}

pub async fn subscribe(tx: &mut Tx, hotel_id: i64, r: &AlertRecipient) -> Result<(), sqlx::Error> {
    let sql = "UPDATE alert_recipients SET on_booking = $3, on_cancellation = $4
               WHERE hotel_id = $1 AND lower(email) = lower($2)";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(&r.email)
        .bind(r.on_booking)
        .bind(r.on_cancellation)
        .execute(c)
        .await
        .map(|_| ()))
}

/// False when the address was not on the hotel's list.
pub async fn delete(tx: &mut Tx, hotel_id: i64, email: &str) -> Result<bool, sqlx::Error> {
    let sql = "DELETE FROM alert_recipients WHERE hotel_id = $1 AND lower(email) = lower($2)";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(email)
        .execute(c)
        .await
        .map(|done| done.rows_affected() > 0))
}

/// Gives a waiting address a new link (the old one stops working). `None` when the address is
/// not on the list, `Some(false)` when it already confirmed (nothing changes then).
pub async fn new_link(
    tx: &mut Tx,
    hotel_id: i64,
    email: &str,
    token_hash: &str,
    expires: DateTime<Utc>,
) -> Result<Option<bool>, sqlx::Error> {
    let sql = "SELECT confirmed_at IS NOT NULL FROM alert_recipients
               WHERE hotel_id = $1 AND lower(email) = lower($2)";
    let confirmed: Option<bool> = on_tx!(tx, |c| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .bind(email)
        .fetch_optional(c)
        .await)?;
    if confirmed != Some(false) {
        return Ok(confirmed.map(|_| false));
    }
    let sql = "UPDATE alert_recipients SET token_hash = $3, token_expires_at = $4
               WHERE hotel_id = $1 AND lower(email) = lower($2) AND confirmed_at IS NULL";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(email)
        .bind(token_hash)
        .bind(At(expires))
        .execute(c)
        .await
        .map(|done| Some(done.rows_affected() > 0)))
}

/// The address a link was sent to, as of `now`.
pub struct Link {
    pub hotel_id: i64,
    pub hotel_name: String,
    pub email: String,
    pub confirmed: bool,
    pub expired: bool,
}

pub async fn by_token(
    tx: &mut Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Link>, sqlx::Error> {
    let sql = "SELECT r.hotel_id, h.name, r.email, r.confirmed_at IS NOT NULL,
                      r.token_expires_at IS NULL OR r.token_expires_at <= $2
                 FROM alert_recipients r JOIN hotels h ON h.id = r.hotel_id
                WHERE r.token_hash = $1";
    let row: Option<(i64, String, String, bool, bool)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(token_hash)
        .bind(At(now))
        .fetch_optional(c)
        .await)?;
    Ok(
        row.map(|(hotel_id, hotel_name, email, confirmed, expired)| Link {
            hotel_id,
            hotel_name,
            email,
            confirmed,
            expired,
        }),
    )
}

/// Confirms the address of a link; false when it was confirmed meanwhile (links work once).
pub async fn confirm(
    tx: &mut Tx,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE alert_recipients SET confirmed_at = $2
               WHERE token_hash = $1 AND confirmed_at IS NULL";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(token_hash)
        .bind(At(now))
        .execute(c)
        .await
        .map(|done| done.rows_affected() > 0))
}
