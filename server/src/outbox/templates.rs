//! The four booking emails (guest confirmation and cancellation, hotel-admin alerts), each as
//! plain text and as HTML built from one outline so the two always say the same thing.
use app::model::{EmailKind, Policies, Quote, format_money};
use chrono::{DateTime, NaiveDate, Utc};

use super::BookingEvent;
use app::model::wall_clock;
#[cfg(test)]
use layout::esc;
use layout::{Outline, PriceLines};

/// What the emails of one booking say, read inside the booking's transaction.
#[derive(Clone, Debug)]
pub struct BookingFacts {
    pub booking_id: i64,
    pub hotel_id: i64,
    pub reference: String,
    /// For the link to the hotel's alert emails page in an alert a platform admin gets.
    pub hotel_slug: String,
    pub hotel_name: String,
    pub address: String,
    pub city_name: String,
    pub time_zone: String,
    pub policies: Policies,
    pub room_type_name: String,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub guests: u32,
    pub guest_name: String,
    pub guest_email: String,
    /// The booking account's own address: the guest's emails go there (the name and contact on
    /// the booking may be somebody else's).
    pub account_email: String,
    pub guest_phone: Option<String>,
    pub special_requests: Option<String>,
    pub price: Quote,
    pub cancel_deadline: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The hotel cancelled (not the guest): both emails say so.
    pub by_hotel: bool,
}

pub struct Rendered {
    pub kind: EmailKind,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The email to the guest about `event`.
pub fn guest(f: &BookingFacts, event: BookingEvent, public_url: &str) -> Rendered {
    let link = booking_link(public_url, &f.reference);
    let (kind, subject, outline) = match event {
        BookingEvent::Confirmed => (
            EmailKind::GuestConfirmation,
            format!(
                "Booking confirmed: {}, {} to {} ({})",
                f.hotel_name,
                short_date(f.check_in),
                short_date(f.check_out),
                f.reference
            ),
            Outline {
                preheader: format!(
                    "{} nights at {} from {}. Reference {}.",
                    nights(f),
                    f.hotel_name,
                    long_date(f.check_in),
                    f.reference
                ),
                heading: "Your booking is confirmed".into(),
                paragraphs: vec![
                    format!("Dear {},", f.guest_name),
                    format!(
                        "Thank you for booking with {}. Your room is reserved; keep the reference {} for the front desk.",
                        f.hotel_name, f.reference
                    ),
                ],
                details: stay_details(f),
                price: Some(price_lines(&f.price)),
                notices: guest_policy(f),
                button: Some(("View your booking".into(), link)),
                footer: format!(
                    "You receive this email because a stay was booked at {} with this address on Vision Stays.",
                    f.hotel_name
                ),
            },
        ),
        BookingEvent::Cancelled => (
            EmailKind::GuestCancellation,
            format!(
                "Booking cancelled: {}, {} to {} ({})",
                f.hotel_name,
                short_date(f.check_in),
                short_date(f.check_out),
                f.reference
            ),
            Outline {
                preheader: format!(
                    "Your stay at {} from {} is cancelled.",
                    f.hotel_name,
                    long_date(f.check_in)
                ),
                heading: "Your booking is cancelled".into(),
                paragraphs: vec![
                    format!("Dear {},", f.guest_name),
                    format!(
                        "Your booking {} at {} has been cancelled{}{}. {}",
                        f.reference,
                        f.hotel_name,
                        if f.by_hotel { " by the hotel" } else { "" },
                        f.cancelled_at
                            .map(|at| format!(" on {}", local_time(f, at)))
                            .unwrap_or_default(),
                        if f.by_hotel {
                            "Nothing is owed for it. If you did not expect this, please contact the hotel."
                        } else {
                            "The room is released and nothing more is needed from you."
                        }
                    ),
                    "We hope to welcome you another time.".into(),
                ],
                details: stay_details(f),
                price: None,
                notices: Vec::new(),
                button: Some(("View the booking".into(), link)),
                footer: format!(
                    "You receive this email because a stay at {} booked with this address was cancelled on Vision Stays.",
                    f.hotel_name
                ),
            },
        ),
    };
    outline.render(kind, &f.account_email, subject)
}

/// The alert to one of the hotel's admins about `event`.
/// A booking alert; `instead` when it goes to a platform admin because the hotel has no
/// confirmed alert recipient for the event, which the email says first.
pub fn admin(
    f: &BookingFacts,
    event: BookingEvent,
    recipient: &str,
    public_url: &str,
    instead: bool,
) -> Rendered {
    let desk = format!(
        "{}/admin/bookings/{}",
        public_url.trim_end_matches('/'),
        f.reference
    );
    let mut details = vec![
        ("Guest", f.guest_name.clone()),
        ("Email", f.guest_email.clone()),
    ];
    if let Some(phone) = &f.guest_phone {
        details.push(("Phone", phone.clone()));
    }
    details.extend(stay_details(f));
    details.push(("Booked", local_time(f, f.created_at)));
    let (kind, subject, outline) = match event {
        BookingEvent::Confirmed => (
            EmailKind::AdminNewBooking,
            format!(
                "New booking {}: {}, {} to {}",
                f.reference,
                f.room_type_name,
                short_date(f.check_in),
                short_date(f.check_out)
            ),
            Outline {
                preheader: format!(
                    "{} booked {} for {}.",
                    f.guest_name,
                    f.room_type_name,
                    nights(f)
                ),
                heading: format!("New booking at {}", f.hotel_name),
                paragraphs: vec![format!(
                    "{} booked a {} for {} from {}. The nights are already taken from your availability.",
                    f.guest_name,
                    f.room_type_name,
                    nights(f),
                    long_date(f.check_in)
                )],
                details,
                price: Some(price_lines(&f.price)),
                notices: Vec::new(),
                button: Some(("Open in the admin".into(), desk)),
                footer: admin_footer(f),
            },
        ),
        BookingEvent::Cancelled => {
            if let Some(at) = f.cancelled_at {
                details.push(("Cancelled", local_time(f, at)));
            }
            (
                EmailKind::AdminCancellation,
                format!(
                    "Booking cancelled {}: {}, {} to {}",
                    f.reference,
                    f.room_type_name,
                    short_date(f.check_in),
                    short_date(f.check_out)
                ),
                Outline {
                    preheader: if f.by_hotel {
                        format!("{} was cancelled by the hotel.", f.reference)
                    } else {
                        format!("{} cancelled {}.", f.guest_name, f.reference)
                    },
                    heading: format!("Booking cancelled at {}", f.hotel_name),
                    paragraphs: vec![format!(
                        "Booking {} ({}, {}) was cancelled {}. Its nights are back in your availability.",
                        f.reference,
                        f.room_type_name,
                        nights(f),
                        if f.by_hotel {
                            "by the hotel"
                        } else {
                            "by the guest"
                        }
                    )],
                    details,
                    price: Some(price_lines(&f.price)),
                    notices: Vec::new(),
                    button: Some(("Open in the admin".into(), desk)),
                    footer: admin_footer(f),
                },
            )
        }
    };
    let mut outline = outline;
    if instead {
        let alerts = format!(
            "{}/admin/hotels/{}/alerts",
            public_url.trim_end_matches('/'),
            f.hotel_slug
        );
        outline.notices.insert(
            0,
            format!(
                "{} has no confirmed alert recipient, so this alert goes to the platform admins. \
                 Add one on the hotel's alert emails page: {alerts}",
                f.hotel_name
            ),
        );
        outline.footer = format!(
            "You receive this alert as a platform admin of Vision Stays because {} has no \
             confirmed alert recipient.",
            f.hotel_name
        );
    }
    outline.render(kind, recipient, subject)
}

fn admin_footer(f: &BookingFacts) -> String {
    format!(
        "You receive this alert as a booking contact of {}. Hotel admins choose who is alerted in the admin area.",
        f.hotel_name
    )
}

fn booking_link(public_url: &str, reference: &str) -> String {
    format!("{}/bookings/{reference}", public_url.trim_end_matches('/'))
}

fn stay_details(f: &BookingFacts) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("Reference", f.reference.clone()),
        ("Hotel", f.hotel_name.clone()),
        ("Address", format!("{}, {}", f.address, f.city_name)),
        ("Room", f.room_type_name.clone()),
        (
            "Check-in",
            format!(
                "{}, from {}",
                long_date(f.check_in),
                f.policies.check_in_time
            ),
        ),
        (
            "Check-out",
            format!(
                "{}, by {}",
                long_date(f.check_out),
                f.policies.check_out_time
            ),
        ),
        ("Length of stay", nights(f)),
        ("Guests", plural(f.guests, "guest")),
        (
            "Total",
            format_money(f.price.total_minor, &f.price.currency),
        ),
    ];
    if let Some(requests) = &f.special_requests {
        rows.push(("Requests", requests.clone()));
    }
    rows
}

fn guest_policy(f: &BookingFacts) -> Vec<String> {
    let mut notes = vec![match f.cancel_deadline {
        Some(deadline) if deadline > f.created_at => format!(
            "Free cancellation until {} (hotel time). You can cancel from your booking page until then; after that, please contact the hotel.",
            wall_clock(deadline, &f.time_zone)
        ),
        _ => "This booking can no longer be cancelled free of charge. Please contact the hotel if your plans change.".into(),
    }];
    notes.extend(f.policies.notes.iter().cloned());
    notes
}

fn price_lines(q: &Quote) -> PriceLines {
    let money = |minor| format_money(minor, &q.currency);
    let mut lines: Vec<(String, String)> = q
        .nights
        .iter()
        .map(|n| {
            (
                format!("Night of {}", long_date(n.night)),
                money(n.rate_minor),
            )
        })
        .collect();
    lines.push(("Subtotal".into(), money(q.subtotal_minor)));
    lines.push((
        format!("Taxes ({})", percent(q.tax_rate_bp)),
        money(q.taxes_minor),
    ));
    PriceLines {
        lines,
        total: ("Total".into(), money(q.total_minor)),
    }
}

/// Basis points as a percentage without needless decimals: 600 → "6%", 1250 → "12.5%".
fn percent(bp: u32) -> String {
    let text = format!("{}.{:02}", bp / 100, bp % 100);
    format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
}

fn long_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

fn short_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn local_time(f: &BookingFacts, at: DateTime<Utc>) -> String {
    wall_clock(at, &f.time_zone)
}

fn nights(f: &BookingFacts) -> String {
    plural((f.check_out - f.check_in).num_days().max(0) as u32, "night")
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub mod account;
mod layout;
#[cfg(test)]
mod tests;
pub mod topic;
