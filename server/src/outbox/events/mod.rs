//! Booking events in the outbox: the transaction that changes a booking records its CloudEvents
//! document here, numbered among its hotel's events in commit order; relays publish them to
//! OCI Streaming (and webhooks fan them out) after commit.
mod batch;
mod config;
mod document;
pub mod oci_sink;
pub mod parked;
mod parked_store;
mod publish_span;
mod relay;
pub mod sink;
mod store;
mod stream_store;
mod topic_store;

use uuid::Uuid;

pub use document::{
    BookingEventData, BookingEventDoc, DataContentType, DepartureData, EventType, GuestsData,
    HotelData, MoneyData, RoomTypeData, SpecVersion, StayData, TYPE_PREFIX, sequence, source,
};

pub use config::{EventArgs, EventRelayConfig};
pub use relay::EventRelay;

use crate::store::Tx;

/// An event as recorded: its row, its hotel's number for it and the exact JSON published.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedEvent {
    /// The `booking_events` row.
    pub row_id: i64,
    /// The CloudEvents `id`.
    pub id: Uuid,
    pub hotel_id: i64,
    pub booking_id: Option<i64>,
    /// The event's number among its hotel's events (1, 2, …), in commit order.
    pub seq: i64,
    pub event_type: EventType,
    /// The document with its `sequence`, byte for byte as every sink gets it.
    pub json: String,
}

/// Records `event` about booking `booking_id` at hotel `hotel_id` inside the transaction that
/// made the change: numbers it (the hotel's row lock, held to commit), stores it pending for
/// the stream, and hands it to the webhooks. Call it as the transaction's last write: the lock
/// on the hotel's number is then held only for the commit.
pub async fn record(
    tx: &mut Tx,
    hotel_id: i64,
    booking_id: Option<i64>,
    event: &BookingEventDoc,
) -> Result<RecordedEvent, sqlx::Error> {
    let seq = store::next_seq(tx, hotel_id).await?;
    let mut doc = event.clone();
    doc.sequence = Some(sequence(seq));
    let json = doc.to_json();
    let row_id = store::insert(
        tx,
        &store::NewEvent {
            event_id: &doc.id.to_string(),
            hotel_id,
            seq,
            booking_id,
            booking_reference: &doc.subject,
            hotel_name: &doc.data.hotel.name,
            event_type: doc.event_type.cloud_type(),
            document: &json,
            origin: &crate::telemetry::Origin::current(),
        },
    )
    .await?;
    let recorded = RecordedEvent {
        row_id,
        id: doc.id,
        hotel_id,
        booking_id,
        seq,
        event_type: doc.event_type,
        json,
    };
    fan_out_to_webhooks(tx, &recorded).await?;
    Ok(recorded)
}

/// The one place each recorded event reaches the webhook endpoints subscribed to it (the
/// hotel's and the platform-wide ones), inside the same transaction: one delivery per endpoint,
/// whose body is this exact JSON.
async fn fan_out_to_webhooks(tx: &mut Tx, event: &RecordedEvent) -> Result<(), sqlx::Error> {
    let id = event.id.to_string();
    let for_webhooks = super::webhooks::EventForWebhooks {
        id: &id,
        hotel_id: event.hotel_id,
        type_: event.event_type.cloud_type(),
        json: &event.json,
    };
    super::webhooks::fan_out(tx, &for_webhooks).await?;
    Ok(())
}

/// Writes the admin alert for the Notifications topic `topic_id` beside the alert emails.
pub(in crate::outbox) async fn alert(
    tx: &mut Tx,
    facts: &crate::outbox::BookingFacts,
    topic_id: &str,
    alert: &crate::outbox::templates::topic::TopicAlert,
) -> Result<(), sqlx::Error> {
    topic_store::insert(
        tx,
        &topic_store::NewAlert {
            hotel_id: facts.hotel_id,
            booking_id: facts.booking_id,
            booking_reference: &facts.reference,
            hotel_name: &facts.hotel_name,
            kind: alert.kind.as_str(),
            topic_id,
            title: &alert.title,
            body: &alert.body,
        },
    )
    .await
}
