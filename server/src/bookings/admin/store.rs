//! SQL for the hotel's view of bookings, on both databases. Filters are built from validated
//! values (ids, dates, enum names) only; the guest search text is always a bound parameter.
use app::model::{AdminBookingRow, Arrival, BookingStatus};
use chrono::{DateTime, NaiveDate, Utc};

use crate::store::{At, Db, Tx, begin_write, on_db, on_tx};

/// The WHERE clause of an admin list, made of trusted pieces.
#[derive(Default)]
pub struct Where(Vec<String>);

impl Where {
    pub fn hotels(&mut self, ids: &[i64]) {
        if ids.is_empty() {
            self.0.push("1 = 0".into());
        } else {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            self.0.push(format!("b.hotel_id IN ({})", list.join(", ")));
        }
    }
    /// Stays with a night on or after `from`.
    pub fn from(&mut self, from: NaiveDate) {
        self.0.push(format!("b.check_out > '{from}'"));
    }
    /// Stays with a night before `to`.
    pub fn to(&mut self, to: NaiveDate) {
        self.0.push(format!("b.check_in < '{to}'"));
    }
    pub fn status(&mut self, status: &str) {
        let clause = match status {
            "confirmed" => "b.status = 'confirmed'".to_owned(),
            "cancelled" => "b.status = 'cancelled'".to_owned(),
            other => match Arrival::parse(other) {
                Some(a) => format!("b.status = 'confirmed' AND b.arrival = '{}'", a.as_str()),
                None => "1 = 0".to_owned(),
            },
        };
        self.0.push(clause);
    }
    /// One clause per hotel, each with that hotel's own "today".
    pub fn per_hotel(&mut self, days: &[(i64, NaiveDate)], clause: impl Fn(NaiveDate) -> String) {
        let parts: Vec<String> = days
            .iter()
            .map(|(id, today)| format!("(b.hotel_id = {id} AND {})", clause(*today)))
            .collect();
        if parts.is_empty() {
            self.0.push("1 = 0".into());
        } else {
            self.0.push(format!("({})", parts.join(" OR ")));
        }
    }
    pub fn raw(&mut self, clause: &str) {
        self.0.push(clause.to_owned());
    }
    fn sql(&self) -> String {
        if self.0.is_empty() {
            "TRUE".into()
        } else {
            self.0.join(" AND ")
        }
    }
}

/// `%text%` for LIKE, with the wildcards in the text itself escaped.
pub fn like_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

const SEARCH: &str = "($1 = '' OR b.reference = upper($2) OR lower(b.guest_name) LIKE $1 ESCAPE '\\' OR lower(b.guest_email) LIKE $1 ESCAPE '\\')";

#[derive(sqlx::FromRow)]
struct Row {
    reference: String,
    hotel_slug: String,
    hotel_name: String,
    room_type_name: String,
    guest_name: String,
    guest_email: String,
    check_in: NaiveDate,
    check_out: NaiveDate,
    guests: i32,
    status: String,
    arrival: String,
    total_minor: i64,
    currency: String,
    created_at: DateTime<Utc>,
}

/// One page of matching bookings (by check-in date) and how many match in all.
pub async fn list(
    db: &Db,
    w: &Where,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AdminBookingRow>, u64), sqlx::Error> {
    let pattern = if q.is_empty() {
        String::new()
    } else {
        like_pattern(q)
    };
    let filter = format!("{} AND {SEARCH}", w.sql());
    let select = format!(
        "SELECT b.reference, h.slug AS hotel_slug, h.name AS hotel_name, r.name AS room_type_name, b.guest_name, b.guest_email,
                b.check_in, b.check_out, b.guests, b.status, b.arrival, b.total_minor, b.currency, b.created_at
           FROM bookings b JOIN hotels h ON h.id = b.hotel_id JOIN room_types r ON r.id = b.room_type_id
          WHERE {filter} ORDER BY b.check_in, b.id LIMIT {limit} OFFSET {offset}"
    );
    let count = format!("SELECT COUNT(*) FROM bookings b WHERE {filter}");
    let (rows, total): (Vec<Row>, i64) = on_db!(db, |p| {
        let rows = sqlx::query_as(&select)
            .bind(&pattern)
            .bind(q)
            .fetch_all(p)
            .await?;
        let total = sqlx::query_scalar(&count)
            .bind(&pattern)
            .bind(q)
            .fetch_one(p)
            .await?;
        (rows, total)
    });
    let list = rows
        .into_iter()
        .map(|r| AdminBookingRow {
            reference: r.reference,
            hotel_slug: r.hotel_slug,
            hotel_name: r.hotel_name,
            room_type_name: r.room_type_name,
            guest_name: r.guest_name,
            guest_email: r.guest_email,
            check_in: r.check_in,
            check_out: r.check_out,
            guests: r.guests.max(0) as u32,
            status: BookingStatus::parse(&r.status).unwrap_or(BookingStatus::Cancelled),
            arrival: Arrival::parse(&r.arrival).unwrap_or_default(),
            total_minor: r.total_minor,
            currency: r.currency,
            created_at: r.created_at,
        })
        .collect();
    Ok((list, total.max(0) as u64))
}

/// The booking's hotel, front-desk state and when it changed.
pub struct DeskRow {
    pub id: i64,
    pub hotel_id: i64,
    pub arrival: Arrival,
    pub arrival_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<String>,
}

pub async fn desk(db: &Db, reference: &str) -> Result<Option<DeskRow>, sqlx::Error> {
    let sql =
        "SELECT id, hotel_id, arrival, arrival_at, cancelled_by FROM bookings WHERE reference = $1";
    type Row = (i64, i64, String, Option<DateTime<Utc>>, Option<String>);
    let row: Option<Row> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(reference)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(
        |(id, hotel_id, arrival, arrival_at, cancelled_by)| DeskRow {
            id,
            hotel_id,
            arrival: Arrival::parse(&arrival).unwrap_or_default(),
            arrival_at,
            cancelled_by,
        },
    ))
}

/// Moves the front-desk state from `from` to `to`; 0 rows when someone else moved it first.
/// Moves the desk's record from `from` to `to`, once (a compare-and-set). With `release_from`,
/// the stay's nights from that night on go back on sale in the same transaction, so a no-show's
/// room or an early departure's nights can be sold again; the compare-and-set makes it once.
pub async fn set_arrival(
    db: &Db,
    id: i64,
    from: Arrival,
    to: Arrival,
    now: DateTime<Utc>,
    release_from: Option<NaiveDate>,
) -> Result<u64, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let sql = "UPDATE bookings SET arrival = $3, arrival_at = $4 WHERE id = $1 AND arrival = $2 AND status = 'confirmed'";
    let moved = on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(At(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if moved == 1
        && let Some(first) = release_from
    {
        let sql = "UPDATE inventory SET sold = sold - 1 WHERE sold > 0 AND night >= $2
                     AND room_type_id = (SELECT room_type_id FROM bookings WHERE id = $1)
                     AND night >= (SELECT check_in FROM bookings WHERE id = $1)
                     AND night < (SELECT check_out FROM bookings WHERE id = $1)";
        on_tx!(&mut tx, |c| sqlx::query(sql)
            .bind(id)
            .bind(first)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    tx.commit().await?;
    Ok(moved)
}

pub async fn set_cancelled_by(tx: &mut Tx, id: i64, by: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE bookings SET cancelled_by = $2 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(by)
        .execute(c)
        .await
        .map(|_| ()))
}
