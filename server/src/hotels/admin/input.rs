//! Parsers of what admins type about hotels, room types, calendar changes and alert
//! recipients, with one message per field; services take only what passed them.
use app::model::{
    AlertRecipient, AlertRecipients, CalendarChange, FieldErrors, HotelInput, RoomTypeInput,
};
use chrono_tz::Tz;

use crate::checked::Checked;
use crate::customers::input::{EMAIL_HINT, valid_email};

/// Path segments the admin UI uses for its own pages ("/room-types/new"), never given as slugs.
const RESERVED: &[&str] = &["new"];

/// A URL-safe slug from a name: lower-case ASCII letters, digits and single hyphens.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    if slug.is_empty() {
        "hotel".to_owned()
    } else {
        slug.trim_end_matches('-').to_owned()
    }
}

/// Slugs to try in turn for a name when the plain one is taken: base, base-2 … base-50.
pub fn slug_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    (1..=50)
        .map(move |n| match n {
            1 => base.to_owned(),
            n => format!("{base}-{n}"),
        })
        .filter(|slug| !RESERVED.contains(&slug.as_str()))
}

fn length(errors: &mut FieldErrors, field: &str, value: &str, min: usize, max: usize, what: &str) {
    let n = value.trim().chars().count();
    if n < min {
        errors.add(field, &format!("Enter the {what}."));
    } else if n > max {
        errors.add(field, &format!("Keep the {what} under {max} characters."));
    }
}

fn valid_time(text: &str) -> bool {
    chrono::NaiveTime::parse_from_str(text, "%H:%M").is_ok() && text.len() == 5
}

fn list(errors: &mut FieldErrors, field: &str, items: &[String], max_items: usize, max_len: usize) {
    if items.len() > max_items {
        errors.add(field, &format!("List at most {max_items}."));
    }
    if items
        .iter()
        .any(|a| a.trim().is_empty() || a.chars().count() > max_len)
    {
        errors.add(
            field,
            &format!("Each line needs some text, at most {max_len} characters."),
        );
    }
}

/// Trims the input and checks every field; all problems are reported at once.
pub fn hotel(mut h: HotelInput) -> Result<Checked<HotelInput>, FieldErrors> {
    for s in [
        &mut h.name,
        &mut h.city,
        &mut h.country,
        &mut h.address,
        &mut h.time_zone,
        &mut h.currency,
        &mut h.tagline,
        &mut h.description,
        &mut h.check_in_time,
        &mut h.check_out_time,
    ] {
        *s = s.trim().to_owned();
    }
    h.currency = h.currency.to_ascii_uppercase();
    h.amenities = h
        .amenities
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    h.notes = h
        .notes
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    let mut e = FieldErrors::default();
    length(&mut e, "name", &h.name, 2, 120, "hotel's name");
    length(&mut e, "city", &h.city, 2, 80, "city");
    length(&mut e, "address", &h.address, 5, 200, "street address");
    if h.time_zone.parse::<Tz>().is_err() {
        e.add(
            "time_zone",
            "Enter an IANA time zone such as Europe/Lisbon or America/New_York.",
        );
    }
    if !(1..=5).contains(&h.stars) {
        e.add("stars", "Choose 1 to 5 stars.");
    }
    if h.currency.len() != 3 || !h.currency.chars().all(|c| c.is_ascii_uppercase()) {
        e.add(
            "currency",
            "Enter a three-letter ISO 4217 code such as EUR.",
        );
    }
    if h.tagline.chars().count() > 160 {
        e.add("tagline", "Keep the tagline under 160 characters.");
    }
    if h.description.chars().count() > 4000 {
        e.add(
            "description",
            "Keep the description under 4,000 characters.",
        );
    }
    list(&mut e, "amenities", &h.amenities, 30, 60);
    list(&mut e, "notes", &h.notes, 10, 200);
    if !valid_time(&h.check_in_time) {
        e.add("check_in_time", "Enter a time as HH:MM, e.g. 15:00.");
    }
    if !valid_time(&h.check_out_time) {
        e.add("check_out_time", "Enter a time as HH:MM, e.g. 11:00.");
    }
    if h.free_cancellation_days > 60 {
        e.add("free_cancellation_days", "Use 0 to 60 days.");
    }
    if h.tax_rate_bp > 5000 {
        e.add("tax_rate_bp", "Taxes can be at most 50 %.");
    }
    if h.country.chars().count() > 60 {
        e.add("country", "Keep the country under 60 characters.");
    }
    checked(e, h)
}

fn checked<T>(errors: FieldErrors, value: T) -> Result<Checked<T>, FieldErrors> {
    if errors.is_empty() {
        Ok(Checked::new(value))
    } else {
        Err(errors)
    }
}

/// The largest nightly rate accepted: a typo guard (100 million minor units).
pub const MAX_RATE_MINOR: i64 = 100_000_000;

pub fn room_type(mut r: RoomTypeInput) -> Result<Checked<RoomTypeInput>, FieldErrors> {
    for s in [&mut r.name, &mut r.description, &mut r.beds] {
        *s = s.trim().to_owned();
    }
    r.amenities = r
        .amenities
        .iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect();
    let mut e = FieldErrors::default();
    length(&mut e, "name", &r.name, 2, 80, "room type's name");
    length(&mut e, "beds", &r.beds, 2, 80, "beds, e.g. 1 king bed");
    if r.description.chars().count() > 2000 {
        e.add(
            "description",
            "Keep the description under 2,000 characters.",
        );
    }
    if !(1..=12).contains(&r.capacity) {
        e.add("capacity", "A room sleeps 1 to 12 guests.");
    }
    if r.size_m2 > 1000 {
        e.add(
            "size_m2",
            "Enter the size in square metres (at most 1,000).",
        );
    }
    if !(1..=MAX_RATE_MINOR).contains(&r.nightly_rate_minor) {
        e.add("nightly_rate_minor", "Enter a nightly rate above zero.");
    }
    if let Some(w) = r.weekend_rate_minor
        && !(1..=MAX_RATE_MINOR).contains(&w)
    {
        e.add(
            "weekend_rate_minor",
            "Enter a weekend rate above zero, or leave it empty.",
        );
    }
    if r.total_rooms > 1000 {
        e.add("total_rooms", "Enter 0 to 1,000 rooms.");
    }
    list(&mut e, "amenities", &r.amenities, 30, 60);
    checked(e, r)
}

/// Up to 20 distinct addresses, lower-cased.
pub fn recipients(list: AlertRecipients) -> Result<Checked<AlertRecipients>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut clean: Vec<AlertRecipient> = Vec::new();
    if list.recipients.len() > 20 {
        errors.add("recipients", "Up to 20 recipients per hotel.");
    }
    for (i, r) in list.recipients.into_iter().enumerate() {
        let email = r.email.trim().to_lowercase();
        let field = format!("recipients[{i}].email");
        if !valid_email(&email) {
            errors.add(&field, EMAIL_HINT);
        } else if clean.iter().any(|c| c.email == email) {
            errors.add(&field, "This address is already on the list.");
        } else {
            clean.push(AlertRecipient { email, ..r });
        }
    }
    checked(errors, AlertRecipients { recipients: clean })
}

/// The longest range one calendar request reads or changes.
pub const MAX_NIGHTS: i64 = 366;

/// A change to a range of nights that says what to change, in a sensible range (the service
/// checks it against the hotel's today).
pub fn calendar_change(c: CalendarChange) -> Result<Checked<CalendarChange>, FieldErrors> {
    let mut e = FieldErrors::default();
    if c.last_night < c.first_night {
        e.add(
            "last_night",
            "The last night must be on or after the first night.",
        );
    } else if (c.last_night - c.first_night).num_days() >= MAX_NIGHTS {
        e.add("last_night", "Change at most 366 nights at a time.");
    }
    if let Some(rate) = c.rate_minor
        && !(1..=MAX_RATE_MINOR).contains(&rate)
    {
        e.add("rate_minor", "Enter a price above zero.");
    }
    if c.rate_minor.is_some() && c.reset_rate {
        e.add(
            "rate_minor",
            "Either set a price or go back to the base rates, not both.",
        );
    }
    if c.rooms.is_some_and(|r| r > 1000) {
        e.add("rooms", "Enter 0 to 1,000 rooms.");
    }
    if c.rate_minor.is_none() && !c.reset_rate && c.rooms.is_none() && c.closed.is_none() {
        e.add(
            "rate_minor",
            "Choose what to change: a price, the rooms for sale, or open/close.",
        );
    }
    checked(e, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slugify("Pátio das Laranjeiras"), "patio-das-laranjeiras");
        assert_eq!(slugify("  Hôtel -- Ærø! "), "hotel-aero");
        assert_eq!(slugify("!!!"), "hotel");
        assert_eq!(slugify("Reykjavík Harbour Inn"), "reykjavik-harbour-inn");
        assert_eq!(slugify("Straße Æble"), "strasse-aeble");
    }

    #[test]
    fn slug_candidates_number_repeats_and_skip_reserved_words() {
        let first: Vec<_> = slug_candidates("casa").take(3).collect();
        assert_eq!(first, ["casa", "casa-2", "casa-3"]);
        assert_eq!(slug_candidates("new").next().unwrap(), "new-2");
        assert_eq!(slug_candidates("casa").count(), 50);
    }

    #[test]
    fn hotel_fields_are_checked_together() {
        let err = hotel(HotelInput {
            stars: 9,
            currency: "euro".into(),
            time_zone: "Mars/Olympus".into(),
            ..Default::default()
        })
        .unwrap_err();
        let fields = err;
        for f in [
            "name",
            "city",
            "address",
            "time_zone",
            "stars",
            "currency",
            "check_in_time",
        ] {
            assert!(fields.get(f).is_some(), "{f} should be reported");
        }
    }

    #[test]
    fn room_rates_must_be_positive() {
        let r = RoomTypeInput {
            name: "Double".into(),
            beds: "1 queen bed".into(),
            capacity: 2,
            nightly_rate_minor: 0,
            total_rooms: 3,
            ..Default::default()
        };
        let fields = room_type(r).unwrap_err();
        assert!(fields.get("nightly_rate_minor").is_some());
        assert_eq!(fields.0.len(), 1);
    }
}
