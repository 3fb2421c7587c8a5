//! Every REST operation's method and path, defined once: the server registers its handler and
//! OpenAPI entry from it (`#[utoipa::path(path = endpoints::X.path)]`), and the client calls it.
//! A server test checks that each of these is in the OpenAPI document with its method.

/// Which service answers an operation (the web role reaches each at its own URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    Customers,
    Hotels,
    Bookings,
}

/// One REST operation. Path parameters are written `{name}` and filled in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub service: Service,
    pub method: Method,
    pub path: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

const fn op(service: Service, method: Method, path: &'static str) -> Endpoint {
    Endpoint {
        service,
        method,
        path,
    }
}

use Method::{Delete, Get, Post, Put};
use Service::{Bookings, Customers, Hotels};

// Customers: accounts and access tokens.
pub const CREATE_CUSTOMER: Endpoint = op(Customers, Post, "/api/v1/customers");
pub const CREATE_SESSION: Endpoint = op(Customers, Post, "/api/v1/sessions");
pub const ME: Endpoint = op(Customers, Get, "/api/v1/customers/me");
pub const JWKS: Endpoint = op(Customers, Get, "/.well-known/jwks.json");
pub const VERIFY_EMAIL: Endpoint = op(Customers, Post, "/api/v1/customers/verify");
pub const RESEND_VERIFICATION: Endpoint = op(Customers, Post, "/api/v1/customers/me/verification");
pub const REQUEST_PASSWORD_RESET: Endpoint = op(Customers, Post, "/api/v1/password-resets");
pub const RESET_PASSWORD: Endpoint = op(Customers, Post, "/api/v1/password-resets/complete");
pub const END_SESSIONS: Endpoint = op(Customers, Delete, "/api/v1/sessions");
pub const END_SESSION: Endpoint = op(Customers, Delete, "/api/v1/sessions/current");

// Hotels, for guests.
pub const HOTELS: Endpoint = op(Hotels, Get, "/api/v1/hotels");
pub const HOTEL: Endpoint = op(Hotels, Get, "/api/v1/hotels/{slug}");
pub const AVAILABILITY: Endpoint = op(Hotels, Get, "/api/v1/availability");
pub const CITIES: Endpoint = op(Hotels, Get, "/api/v1/cities");
pub const SEARCH: Endpoint = op(Hotels, Get, "/api/v1/search");

// Alert recipients confirm their address by the emailed link (the token is the credential).
pub const CONFIRM_ALERT_RECIPIENT: Endpoint = op(Hotels, Post, "/api/v1/alert-recipients/confirm");

// Bookings, for guests.
pub const CREATE_BOOKING: Endpoint = op(Bookings, Post, "/api/v1/bookings");
pub const BOOKINGS: Endpoint = op(Bookings, Get, "/api/v1/bookings");
pub const BOOKING: Endpoint = op(Bookings, Get, "/api/v1/bookings/{reference}");
pub const CANCEL_BOOKING: Endpoint = op(Bookings, Post, "/api/v1/bookings/{reference}/cancel");

// Running hotels.
pub const ADMIN_HOTELS: Endpoint = op(Hotels, Get, "/api/v1/admin/hotels");
pub const CREATE_HOTEL: Endpoint = op(Hotels, Post, "/api/v1/admin/hotels");
pub const ADMIN_HOTEL: Endpoint = op(Hotels, Get, "/api/v1/admin/hotels/{slug}");
pub const UPDATE_HOTEL: Endpoint = op(Hotels, Put, "/api/v1/admin/hotels/{slug}");
pub const PUBLISH_HOTEL: Endpoint = op(Hotels, Put, "/api/v1/admin/hotels/{slug}/published");
pub const UPLOAD_PHOTO: Endpoint = op(Hotels, Post, "/api/v1/admin/hotels/{slug}/photos");
pub const ADMIN_PHOTO: Endpoint = op(Hotels, Get, "/api/v1/admin/hotels/{slug}/photos/{id}");
pub const DELETE_PHOTO: Endpoint = op(Hotels, Delete, "/api/v1/admin/hotels/{slug}/photos/{id}");
pub const CREATE_ROOM_TYPE: Endpoint = op(Hotels, Post, "/api/v1/admin/hotels/{slug}/room-types");
pub const UPDATE_ROOM_TYPE: Endpoint = op(
    Hotels,
    Put,
    "/api/v1/admin/hotels/{slug}/room-types/{room_type}",
);
pub const RETIRE_ROOM_TYPE: Endpoint = op(
    Hotels,
    Put,
    "/api/v1/admin/hotels/{slug}/room-types/{room_type}/retired",
);
pub const CALENDAR: Endpoint = op(
    Hotels,
    Get,
    "/api/v1/admin/hotels/{slug}/room-types/{room_type}/calendar",
);
pub const CHANGE_CALENDAR: Endpoint = op(
    Hotels,
    Post,
    "/api/v1/admin/hotels/{slug}/room-types/{room_type}/calendar",
);
pub const ALERT_RECIPIENTS: Endpoint =
    op(Hotels, Get, "/api/v1/admin/hotels/{slug}/alert-recipients");
pub const SET_ALERT_RECIPIENTS: Endpoint =
    op(Hotels, Put, "/api/v1/admin/hotels/{slug}/alert-recipients");
pub const REMOVE_ALERT_RECIPIENT: Endpoint = op(
    Hotels,
    Delete,
    "/api/v1/admin/hotels/{slug}/alert-recipients/{email}",
);
pub const RESEND_ALERT_CONFIRMATION: Endpoint = op(
    Hotels,
    Post,
    "/api/v1/admin/hotels/{slug}/alert-recipients/{email}/confirmation",
);
pub const ALL_ALERT_RECIPIENTS: Endpoint = op(Hotels, Get, "/api/v1/admin/alert-recipients");
pub const HOTEL_ADMINS: Endpoint = op(Hotels, Get, "/api/v1/admin/hotels/{slug}/admins");
pub const ASSIGN_ADMIN: Endpoint = op(Hotels, Post, "/api/v1/admin/hotels/{slug}/admins");
pub const UNASSIGN_ADMIN: Endpoint =
    op(Hotels, Delete, "/api/v1/admin/hotels/{slug}/admins/{email}");

// The hotel's side of bookings.
pub const ADMIN_BOOKINGS: Endpoint = op(Bookings, Get, "/api/v1/admin/bookings");
pub const ADMIN_BOOKING: Endpoint = op(Bookings, Get, "/api/v1/admin/bookings/{reference}");
pub const BOOKING_ACTION: Endpoint = op(
    Bookings,
    Post,
    "/api/v1/admin/bookings/{reference}/{action}",
);
pub const DASHBOARD: Endpoint = op(Bookings, Get, "/api/v1/admin/hotels/{slug}/dashboard");
pub const EMAILS: Endpoint = op(Bookings, Get, "/api/v1/admin/emails");
pub const PARKED: Endpoint = op(Bookings, Get, "/api/v1/admin/outbox/parked");
pub const RETRY_PARKED: Endpoint = op(
    Bookings,
    Post,
    "/api/v1/admin/outbox/parked/{sink}/{id}/retry",
);

// Webhook endpoints of hotels' own systems, their deliveries and attempts.
pub const WEBHOOK_ENDPOINTS: Endpoint = op(Hotels, Get, "/api/v1/admin/webhook-endpoints");
pub const CREATE_WEBHOOK_ENDPOINT: Endpoint = op(Hotels, Post, "/api/v1/admin/webhook-endpoints");
pub const WEBHOOK_ENDPOINT: Endpoint = op(Hotels, Get, "/api/v1/admin/webhook-endpoints/{id}");
pub const UPDATE_WEBHOOK_ENDPOINT: Endpoint =
    op(Hotels, Put, "/api/v1/admin/webhook-endpoints/{id}");
pub const DELETE_WEBHOOK_ENDPOINT: Endpoint =
    op(Hotels, Delete, "/api/v1/admin/webhook-endpoints/{id}");
pub const ROTATE_WEBHOOK_SECRET: Endpoint =
    op(Hotels, Post, "/api/v1/admin/webhook-endpoints/{id}/secret");
pub const WEBHOOK_DELIVERIES: Endpoint = op(
    Hotels,
    Get,
    "/api/v1/admin/webhook-endpoints/{id}/deliveries",
);
pub const RESEND_WEBHOOK_DELIVERY: Endpoint = op(
    Hotels,
    Post,
    "/api/v1/admin/webhook-endpoints/{id}/deliveries/{delivery}/resend",
);

/// Every operation above, for the test that holds them to the OpenAPI document.
pub const ALL: &[Endpoint] = &[
    CREATE_CUSTOMER,
    CREATE_SESSION,
    ME,
    JWKS,
    VERIFY_EMAIL,
    RESEND_VERIFICATION,
    REQUEST_PASSWORD_RESET,
    RESET_PASSWORD,
    END_SESSIONS,
    END_SESSION,
    HOTELS,
    HOTEL,
    AVAILABILITY,
    CITIES,
    SEARCH,
    CREATE_BOOKING,
    BOOKINGS,
    BOOKING,
    CANCEL_BOOKING,
    ADMIN_HOTELS,
    CREATE_HOTEL,
    ADMIN_HOTEL,
    UPDATE_HOTEL,
    PUBLISH_HOTEL,
    UPLOAD_PHOTO,
    ADMIN_PHOTO,
    DELETE_PHOTO,
    CREATE_ROOM_TYPE,
    UPDATE_ROOM_TYPE,
    RETIRE_ROOM_TYPE,
    CALENDAR,
    CHANGE_CALENDAR,
    ALERT_RECIPIENTS,
    SET_ALERT_RECIPIENTS,
    REMOVE_ALERT_RECIPIENT,
    RESEND_ALERT_CONFIRMATION,
    ALL_ALERT_RECIPIENTS,
    CONFIRM_ALERT_RECIPIENT,
    HOTEL_ADMINS,
    ASSIGN_ADMIN,
    UNASSIGN_ADMIN,
    ADMIN_BOOKINGS,
    ADMIN_BOOKING,
    BOOKING_ACTION,
    DASHBOARD,
    EMAILS,
    WEBHOOK_ENDPOINTS,
    CREATE_WEBHOOK_ENDPOINT,
    WEBHOOK_ENDPOINT,
    UPDATE_WEBHOOK_ENDPOINT,
    DELETE_WEBHOOK_ENDPOINT,
    ROTATE_WEBHOOK_SECRET,
    WEBHOOK_DELIVERIES,
    RESEND_WEBHOOK_DELIVERY,
    PARKED,
    RETRY_PARKED,
];

impl Endpoint {
    /// The path with each `{param}` replaced, in order, by the percent-encoded argument.
    pub fn fill(&self, args: &[&str]) -> String {
        let mut out = String::with_capacity(self.path.len() + 16);
        let mut args = args.iter();
        let mut rest = self.path;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            out.push_str(&crate::url::url_encode(
                args.next().copied().unwrap_or_default(),
            ));
            rest = &rest[close..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fill_in_order_and_encode() {
        assert_eq!(
            UPDATE_ROOM_TYPE.fill(&["casa do tejo", "suite/1"]),
            "/api/v1/admin/hotels/casa%20do%20tejo/room-types/suite%2F1"
        );
        assert_eq!(CITIES.fill(&[]), "/api/v1/cities");
        assert_eq!(
            UNASSIGN_ADMIN.fill(&["h", "a+b@x.pt"]),
            "/api/v1/admin/hotels/h/admins/a%2Bb%40x.pt"
        );
    }
}
