//! The booking event as it leaves the platform: one CloudEvents 1.0 JSON document (structured
//! mode), the one type the writer, the relay and the tests share. The stream is for analysis,
//! so the data names the stay and its money but never the guest (no name, email or phone).
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The `type` prefix: reverse DNS of the platform, then the object (`booking`).
pub const TYPE_PREFIX: &str = "com.visionstays.booking.";

/// What happened to a booking. The `type` attribute is `com.visionstays.booking.<name>.v1`;
/// a change that breaks a consumer gets a new version suffix, never a changed meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "com.visionstays.booking.created.v1")]
    Created,
    #[serde(rename = "com.visionstays.booking.cancelled.v1")]
    Cancelled,
    #[serde(rename = "com.visionstays.booking.checked_in.v1")]
    CheckedIn,
    #[serde(rename = "com.visionstays.booking.checked_out.v1")]
    CheckedOut,
    #[serde(rename = "com.visionstays.booking.no_show.v1")]
    NoShow,
    /// The stay's dates or room type changed. Nothing changes a stay yet; the type is here so
    /// consumers and webhook subscriptions can name it.
    #[serde(rename = "com.visionstays.booking.stay_changed.v1")]
    StayChanged,
}

impl EventType {
    pub const ALL: [EventType; 6] = [
        EventType::Created,
        EventType::Cancelled,
        EventType::CheckedIn,
        EventType::CheckedOut,
        EventType::NoShow,
        EventType::StayChanged,
    ];

    /// The short name (`booking.created`): metric labels, admin pages, webhook subscriptions.
    pub fn name(self) -> &'static str {
        match self {
            EventType::Created => "booking.created",
            EventType::Cancelled => "booking.cancelled",
            EventType::CheckedIn => "booking.checked_in",
            EventType::CheckedOut => "booking.checked_out",
            EventType::NoShow => "booking.no_show",
            EventType::StayChanged => "booking.stay_changed",
        }
    }

    /// The CloudEvents `type` attribute (`com.visionstays.booking.created.v1`).
    pub fn cloud_type(self) -> &'static str {
        match self {
            EventType::Created => "com.visionstays.booking.created.v1",
            EventType::Cancelled => "com.visionstays.booking.cancelled.v1",
            EventType::CheckedIn => "com.visionstays.booking.checked_in.v1",
            EventType::CheckedOut => "com.visionstays.booking.checked_out.v1",
            EventType::NoShow => "com.visionstays.booking.no_show.v1",
            EventType::StayChanged => "com.visionstays.booking.stay_changed.v1",
        }
    }

    /// Either spelling: the short name or the CloudEvents type.
    pub fn parse(text: &str) -> Option<EventType> {
        EventType::ALL
            .into_iter()
            .find(|t| t.name() == text || t.cloud_type() == text)
    }
}

/// Only "1.0" is written or read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpecVersion {
    #[serde(rename = "1.0")]
    V1,
}

/// Only JSON data is written or read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataContentType {
    #[serde(rename = "application/json")]
    Json,
}

/// One booking event: CloudEvents 1.0 context attributes and the booking's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingEventDoc {
    pub specversion: SpecVersion,
    /// A UUID; with `source` it is unique, and a consumer drops any event whose id it has seen.
    pub id: Uuid,
    /// The hotel the booking is at, as a URI: `<public url>/hotels/<hotel slug>`.
    pub source: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When the change happened (UTC, RFC 3339 with milliseconds).
    #[serde(with = "rfc3339")]
    pub time: DateTime<Utc>,
    /// The booking reference.
    pub subject: String,
    pub datacontenttype: DataContentType,
    /// The CloudEvents `sequence` extension: the event's number among its hotel's events, in
    /// commit order, as 20 zero-padded digits so it also orders as text. Assigned when the
    /// event is recorded (absent before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    pub data: BookingEventData,
}

/// The booking as the event tells it: no guest name, email or phone (the stream is for
/// analysis; the hotel's own admins read those in the admin UI).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingEventData {
    /// The booking reference (also the event's `subject`).
    pub reference: String,
    /// `confirmed` or `cancelled`.
    pub status: String,
    /// The front desk's record: `expected`, `checked_in`, `checked_out` or `no_show`.
    pub arrival: String,
    pub hotel: HotelData,
    pub room_type: RoomTypeData,
    pub stay: StayData,
    pub guests: GuestsData,
    pub total: MoneyData,
    /// When the booking was made (UTC).
    #[serde(with = "rfc3339")]
    pub booked_at: DateTime<Utc>,
    /// Who cancelled (`guest` or `hotel`): on `booking.cancelled` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_by: Option<String>,
    /// The day the guest actually left (the hotel's local date): on `booking.checked_out` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departure: Option<DepartureData>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotelData {
    pub slug: String,
    pub name: String,
    /// The IANA zone the stay's dates are calendar dates in.
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomTypeData {
    pub slug: String,
    pub name: String,
}

/// The booked stay, `[check_in, check_out)` in the hotel's local calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayData {
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub nights: u32,
}

/// The party size. Bookings record one count today; `adults` and `children` can join it
/// without breaking v1 consumers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestsData {
    pub total: u32,
}

/// An amount in integer minor units of an ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyData {
    pub amount_minor: i64,
    pub currency: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartureData {
    /// The hotel's local date the guest left on.
    pub date: NaiveDate,
    /// Left before the booked check-out date; the unused nights went back on sale.
    pub early: bool,
}

impl BookingEventDoc {
    /// A new event (fresh id) about `data` at `time`, from the hotel at `public_url`.
    pub fn new(
        public_url: &str,
        event_type: EventType,
        time: DateTime<Utc>,
        data: BookingEventData,
    ) -> Self {
        BookingEventDoc {
            specversion: SpecVersion::V1,
            id: Uuid::new_v4(),
            source: source(public_url, &data.hotel.slug),
            event_type,
            time,
            subject: data.reference.clone(),
            datacontenttype: DataContentType::Json,
            sequence: None,
            data,
        }
    }

    /// The JSON bytes published (and stored) for this event.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an event always serialises")
    }

    pub fn from_json(text: &str) -> serde_json::Result<Self> {
        serde_json::from_str(text)
    }

    /// The event's per-hotel number, when recorded.
    pub fn seq(&self) -> Option<i64> {
        self.sequence.as_deref().and_then(|s| s.parse().ok())
    }
}

/// The `source` of a hotel's events: the hotel's page, `<public url>/hotels/<slug>`.
pub fn source(public_url: &str, hotel_slug: &str) -> String {
    format!("{}/hotels/{hotel_slug}", public_url.trim_end_matches('/'))
}

/// The `sequence` attribute of event number `seq`.
pub fn sequence(seq: i64) -> String {
    format!("{:020}", seq.max(0))
}

/// RFC 3339 UTC with milliseconds and `Z`, the one form instants take in an event.
mod rfc3339 {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> BookingEventData {
        BookingEventData {
            reference: "VS7K2M9Q".into(),
            status: "confirmed".into(),
            arrival: "expected".into(),
            hotel: HotelData {
                slug: "lisbon-harbour".into(),
                name: "Lisbon Harbour".into(),
                time_zone: "Europe/Lisbon".into(),
            },
            room_type: RoomTypeData {
                slug: "river-double".into(),
                name: "River Double".into(),
            },
            stay: StayData {
                check_in: "2027-03-14".parse().unwrap(),
                check_out: "2027-03-17".parse().unwrap(),
                nights: 3,
            },
            guests: GuestsData { total: 2 },
            total: MoneyData {
                amount_minor: 45_600,
                currency: "EUR".into(),
            },
            booked_at: "2027-02-01T10:00:00Z".parse().unwrap(),
            cancelled_by: None,
            departure: None,
        }
    }

    #[test]
    fn the_document_is_cloudevents_structured_json() {
        let time = "2027-02-01T10:00:00.123Z".parse().unwrap();
        let mut doc =
            BookingEventDoc::new("https://stays.example/", EventType::Created, time, data());
        doc.sequence = Some(sequence(42));
        let json: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
        assert_eq!(json["specversion"], "1.0");
        assert_eq!(json["id"], doc.id.to_string());
        assert_eq!(
            json["source"],
            "https://stays.example/hotels/lisbon-harbour"
        );
        assert_eq!(json["type"], "com.visionstays.booking.created.v1");
        assert_eq!(json["time"], "2027-02-01T10:00:00.123Z");
        assert_eq!(json["subject"], "VS7K2M9Q");
        assert_eq!(json["datacontenttype"], "application/json");
        assert_eq!(json["sequence"], "00000000000000000042");
        let data = &json["data"];
        assert_eq!(data["reference"], "VS7K2M9Q");
        assert_eq!(data["hotel"]["time_zone"], "Europe/Lisbon");
        assert_eq!(data["room_type"]["slug"], "river-double");
        assert_eq!(data["stay"]["check_in"], "2027-03-14");
        assert_eq!(data["stay"]["nights"], 3);
        assert_eq!(data["guests"]["total"], 2);
        assert_eq!(data["total"]["amount_minor"], 45_600);
        assert_eq!(data["total"]["currency"], "EUR");
        assert_eq!(data["booked_at"], "2027-02-01T10:00:00.000Z");
        // Absent, not null, when they do not apply.
        assert!(data.get("cancelled_by").is_none() && data.get("departure").is_none());
        for leak in ["guest_name", "email", "phone", "name\":\"Ana"] {
            assert!(!doc.to_json().contains(leak), "{leak}");
        }
        assert_eq!(BookingEventDoc::from_json(&doc.to_json()).unwrap(), doc);
        assert_eq!(doc.seq(), Some(42));
    }

    #[test]
    fn only_version_one_json_documents_parse() {
        let doc = BookingEventDoc::new("http://x", EventType::NoShow, Utc::now(), data());
        let json = doc.to_json();
        assert!(BookingEventDoc::from_json(&json.replace("\"1.0\"", "\"0.3\"")).is_err());
        let other = json.replace("application/json", "text/xml");
        assert!(BookingEventDoc::from_json(&other).is_err());
        let unknown = json.replace("no_show.v1", "no_show.v9");
        assert!(BookingEventDoc::from_json(&unknown).is_err());
    }

    #[test]
    fn type_names_agree_with_serde() {
        for t in EventType::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.cloud_type()));
            assert!(t.cloud_type().starts_with(TYPE_PREFIX), "{t:?}");
            assert_eq!(format!("com.visionstays.{}.v1", t.name()), t.cloud_type());
            assert_eq!(EventType::parse(t.name()), Some(t));
            assert_eq!(EventType::parse(t.cloud_type()), Some(t));
        }
        assert_eq!(EventType::parse("booking.moved"), None);
    }

    #[test]
    fn sequences_order_as_text_and_as_numbers() {
        let seqs = [1_i64, 9, 10, 11, 99, 100, 12_345];
        let texts: Vec<String> = seqs.iter().map(|s| sequence(*s)).collect();
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(sorted, texts);
    }
}
