//! The emails as the admin lists them: the newest of some hotels, and one with its text, with
//! times on each hotel's wall clock.
use app::model::{EmailKind, EmailStatus, EmailSummary};
use chrono::{DateTime, Utc};

use crate::store::{Db, Ids, any_of, on_db};
use app::model::wall_clock as local;

const SUMMARY_SELECT: &str =
    "SELECT e.id, e.kind, e.recipient, e.subject, e.status, e.attempts, e.created_at,
       e.sent_at, e.last_error, e.booking_reference, e.hotel_name, e.time_zone, e.file_name
  FROM emails e";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    recipient: String,
    subject: String,
    status: String,
    attempts: i32,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
    booking_reference: Option<String>,
    hotel_name: Option<String>,
    time_zone: Option<String>,
    file_name: Option<String>,
}

impl SummaryRow {
    fn summary(self) -> Result<EmailSummary, sqlx::Error> {
        let bad =
            |what: &str, v: &str| sqlx::Error::Decode(format!("unknown email {what} {v:?}").into());
        let zone = self.time_zone.unwrap_or_else(|| "UTC".to_owned());
        Ok(EmailSummary {
            id: self.id,
            kind: EmailKind::parse(&self.kind).ok_or_else(|| bad("kind", &self.kind))?,
            status: EmailStatus::parse(&self.status).ok_or_else(|| bad("status", &self.status))?,
            recipient: self.recipient,
            subject: self.subject,
            attempts: self.attempts.max(0) as u32,
            created_local: local(self.created_at, &zone),
            sent_local: self.sent_at.map(|t| local(t, &zone)),
            created_at: self.created_at,
            sent_at: self.sent_at,
            last_error: self.last_error,
            booking_reference: self.booking_reference,
            hotel_name: self.hotel_name,
            file_name: self.file_name,
        })
    }
}

/// The newest `limit` emails of the given hotels (`None`: every hotel), newest first.
pub async fn recent(
    db: &Db,
    hotel_ids: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<EmailSummary>, sqlx::Error> {
    let order = "ORDER BY e.created_at DESC, e.id DESC LIMIT $1";
    let rows: Vec<SummaryRow> = match hotel_ids {
        None => {
            let sql = format!("{SUMMARY_SELECT} {order}");
            on_db!(db, |p| sqlx::query_as(&sql).bind(limit).fetch_all(p).await)?
        }
        Some([]) => Vec::new(),
        Some(ids) => {
            let only = any_of(db.is_sqlite(), "e.hotel_id", "$2");
            let sql = format!("{SUMMARY_SELECT} WHERE {only} {order}");
            on_db!(db, |p| sqlx::query_as(&sql)
                .bind(limit)
                .bind(Ids(ids))
                .fetch_all(p)
                .await)?
        }
    };
    rows.into_iter().map(SummaryRow::summary).collect()
}

/// One email and its plain-text body.
pub async fn message(db: &Db, id: i64) -> Result<Option<(EmailSummary, String)>, sqlx::Error> {
    let sql = format!("{SUMMARY_SELECT} WHERE e.id = $1");
    let Some(row): Option<SummaryRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?
    else {
        return Ok(None);
    };
    let text: String = on_db!(db, |p| sqlx::query_scalar(
        "SELECT text_body FROM emails WHERE id = $1"
    )
    .bind(id)
    .fetch_one(p)
    .await)?;
    let summary = row.summary()?;
    // The link in it would act for its recipient: whoever reads the admin must not get it.
    let text = if summary.kind.holds_a_secret_link() {
        "(Not shown: this email holds a private link for its recipient.)".to_owned()
    } else {
        text
    };
    Ok(Some((summary, text)))
}
