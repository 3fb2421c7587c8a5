//! The outbox's parked items as the admin area lists them: booking events the stream would not
//! take and admin alerts the topic would not take, after their last try, each retryable.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a parked item was bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutboxSink {
    /// OCI Streaming: a booking event.
    Stream,
    /// OCI Notifications: an admin alert.
    Topic,
}

impl OutboxSink {
    pub fn as_str(&self) -> &'static str {
        match self {
            OutboxSink::Stream => "stream",
            OutboxSink::Topic => "topic",
        }
    }

    pub fn parse(text: &str) -> Option<OutboxSink> {
        match text {
            "stream" => Some(OutboxSink::Stream),
            "topic" => Some(OutboxSink::Topic),
            _ => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            OutboxSink::Stream => "Booking event → stream",
            OutboxSink::Topic => "Admin alert → topic",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParkedItem {
    pub sink: OutboxSink,
    /// The item's id within its sink (for the retry).
    pub id: i64,
    /// The event type (`booking.created`, …) or the alert kind (`admin_new_booking`, …).
    pub what: String,
    pub booking_reference: Option<String>,
    pub hotel_name: String,
    /// Failed tries (outages not counted).
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub parked_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
}
