//! SQL for the hotel's view of bookings, on both databases. Filters are built from validated
//! values (ids, dates, enum names) only; the guest search text is always a bound parameter.
use app::model::Arrival;
use chrono::{DateTime, NaiveDate, Utc};

use crate::bookings::row::{BOOKING_COLS, BookingRow};
use crate::store::{At, Db, Tx, on_db, on_tx};

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

/// One page of matching bookings (by check-in date) and how many match in all.
pub async fn list(
    db: &Db,
    w: &Where,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<BookingRow>, u64), sqlx::Error> {
    let pattern = if q.is_empty() {
        String::new()
    } else {
        like_pattern(q)
    };
    let filter = format!("{} AND {SEARCH}", w.sql());
    let select = format!(
        "SELECT {BOOKING_COLS} FROM bookings b WHERE {filter} ORDER BY b.check_in, b.id LIMIT {limit} OFFSET {offset}"
    );
    let count = format!("SELECT COUNT(*) FROM bookings b WHERE {filter}");
    let (rows, total): (Vec<BookingRow>, i64) = on_db!(db, |p| {
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
    Ok((rows, total.max(0) as u64))
}

/// Moves the desk's record of booking `id` from `from` to `to`, once (a compare-and-set);
/// 0 rows when someone else moved it first.
pub async fn set_arrival(
    tx: &mut Tx,
    id: i64,
    from: Arrival,
    to: Arrival,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let sql = "UPDATE bookings SET arrival = $3, arrival_at = $4 WHERE id = $1 AND arrival = $2 AND status = 'confirmed'";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(At(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
}

/// The hotel's bookings a dashboard counts: created or cancelled since `since`, or not yet
/// checked out by `departed`.
pub async fn recent(
    db: &Db,
    hotel_id: i64,
    since: DateTime<Utc>,
    departed: NaiveDate,
) -> Result<Vec<BookingRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {BOOKING_COLS} FROM bookings
          WHERE hotel_id = $1 AND (created_at >= $2 OR cancelled_at >= $2 OR check_out >= $3)"
    );
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(hotel_id)
        .bind(At(since))
        .bind(departed)
        .fetch_all(p)
        .await)
}
