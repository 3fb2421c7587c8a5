//! What a service answers when it cannot do what was asked. Services name the problem; each
//! edge (the REST API's problem documents, the CLI) words it for its own users.
use app::model::FieldErrors;
use chrono::NaiveDate;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Input that does not parse, by field (from the parsers of the domain types).
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    /// A rule checked against stored data or the hotel's calendar.
    #[error("refused: {0:?}")]
    Rule(Rule),
    #[error("{0:?} not found")]
    NotFound(Thing),
    /// At least one night of the stay has no room left.
    #[error("sold out")]
    SoldOut,
    /// The caller is not signed in.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, without the role the operation needs.
    #[error("forbidden")]
    Forbidden,
    /// Too many failed sign-ins for the account: refused for now, whatever the password.
    #[error("too many failed sign-ins; retry in {retry_after_secs} s")]
    TooManySignIns { retry_after_secs: u64 },
    /// The database cannot be reached now (see `store::health::is_unavailable`): the same
    /// request may succeed in a few seconds.
    #[error("database unavailable")]
    Unavailable,
    /// The database failed; the detail went to the log where it happened.
    #[error("internal error")]
    Internal,
}

/// What was not found (or is outside the caller's scope, which answers the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Hotel,
    RoomType,
    Booking,
    Photo,
    HotelAdmin,
    AlertRecipient,
    Customer,
    WebhookEndpoint,
    WebhookDelivery,
    /// A front-desk action the API does not know.
    Action,
    /// A parked booking event or admin alert.
    ParkedItem,
}

impl Thing {
    pub fn name(self) -> &'static str {
        match self {
            Thing::Hotel => "Hotel",
            Thing::RoomType => "Room type",
            Thing::Booking => "Booking",
            Thing::Photo => "Photo",
            Thing::HotelAdmin => "Hotel admin",
            Thing::AlertRecipient => "Alert recipient",
            Thing::Customer => "Customer",
            Thing::WebhookEndpoint => "Webhook endpoint",
            Thing::WebhookDelivery => "Webhook delivery",
            Thing::Action => "Action",
            Thing::ParkedItem => "Parked item",
        }
    }
}

/// Who a refused cancellation was asked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Guest,
    Hotel,
}

/// A front-desk action that the booking's state does not allow now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskAction {
    CheckIn,
    CheckOut,
    NoShow,
    Cancel,
}

/// Rules a request can break that only the service can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Check-in before today in the hotel's time zone.
    CheckInPast,
    /// Check-in more than `app::model::MAX_DAYS_AHEAD` days ahead.
    CheckInTooFar,
    /// No city of that name has hotels; `known` are the ones that do.
    UnknownCity {
        name: String,
        known: Vec<String>,
    },
    TooManyGuests {
        capacity: u32,
    },
    /// The idempotency key was first used for another booking.
    KeyReused,
    AlreadyCancelled,
    /// The guest's free-cancellation window has closed.
    CancellationClosed,
    /// The front desk has recorded an arrival or no-show.
    Arrived {
        asked_by: Party,
    },
    DeskRefused(DeskAction),
    /// Another request changed the booking between reading and writing it.
    ChangedMeanwhile,
    WrongCredentials,
    /// An emailed link that was used, expired or never existed.
    LinkInvalid,
    /// Admin rights need an account that confirmed its address.
    NotVerified,
    /// No account uses the email an admin is being assigned by.
    NoAccount,
    /// A new city needs its country.
    CityNeedsCountry,
    /// Every slug made from the name is taken.
    NameTaken {
        room_type: bool,
    },
    CurrencyLocked {
        currency: String,
    },
    /// Publishing needs a room type with rooms.
    NothingToSell,
    /// Fewer rooms than already sold on a night; `more` other nights too.
    RoomsSold {
        night: NaiveDate,
        sold: u32,
        more: usize,
        field: RoomsField,
    },
    PhotoLimit,
    /// A calendar change that starts before today.
    PastNights,
    /// A calendar change that starts more than the horizon ahead.
    NightsTooFar,
    /// A calendar view that starts more than the horizon away from today.
    CalendarTooFar,
    /// `vision-stays admin create --hotel` names no hotel.
    UnknownHotelSlug,
    /// An alert confirmation link that matches no waiting address (replaced by a newer link,
    /// or the address was taken off the alerts).
    AlertLinkUnknown,
    AlertLinkExpired,
    /// The link's address is already confirmed (links work once).
    AlertLinkUsed,
    /// A new link was asked for an address that already confirmed.
    AlreadyConfirmed,
    /// Only a webhook delivery that was given up can be sent again.
    DeliveryNotFailed,
}

/// Which field a `RoomsSold` refusal belongs to: the room type's total or the calendar's rooms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomsField {
    TotalRooms,
    CalendarRooms,
}

impl From<FieldErrors> for Error {
    fn from(e: FieldErrors) -> Self {
        Error::Invalid(e)
    }
}

impl From<Rule> for Error {
    fn from(r: Rule) -> Self {
        Error::Rule(r)
    }
}

/// Turns a database error into [`Error::Unavailable`] when the database cannot be reached now,
/// else [`Error::Internal`], logging the detail with what was being done.
pub fn internal(context: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |e| {
        if crate::store::health::is_unavailable(&e) {
            tracing::warn!(error = %e, "{context}: the database is unavailable");
            Error::Unavailable
        } else {
            tracing::error!(error = %e, "{context}");
            Error::Internal
        }
    }
}
