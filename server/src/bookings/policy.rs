//! Cancellation rules, computed on the hotel's own clock.
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Free cancellation ends `days` before check-in, at the hotel's check-in time, in its zone.
pub fn cancel_deadline(
    check_in: NaiveDate,
    check_in_time: &str,
    days: u32,
    time_zone: &str,
) -> Option<DateTime<Utc>> {
    let tz: Tz = time_zone.parse().ok()?;
    let time = NaiveTime::parse_from_str(check_in_time, "%H:%M").unwrap_or(NaiveTime::MIN);
    let day = check_in.checked_sub_days(Days::new(days.into()))?;
    // On a DST gap the local time does not exist; the earliest valid reading is the fair one.
    let local = tz.from_local_datetime(&day.and_time(time));
    let at = local.earliest().or_else(|| {
        tz.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
            .earliest()
    })?;
    Some(at.with_timezone(&Utc))
}

pub fn can_cancel(confirmed: bool, deadline: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    confirmed && deadline.is_some_and(|d| now < d)
}

pub use app::model::wall_clock;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn deadline_is_local_check_in_time_minus_days() {
        // Kyoto is UTC+9 all year: 15:00 local on 1 Apr is 06:00 UTC.
        let dl = cancel_deadline(d("2027-04-03"), "15:00", 2, "Asia/Tokyo").unwrap();
        assert_eq!(dl, utc("2027-04-01T06:00:00Z"));
        assert_eq!(wall_clock(dl, "Asia/Tokyo"), "Thu 1 Apr 2027, 15:00");
        // New York in summer is UTC-4.
        let dl = cancel_deadline(d("2027-07-10"), "16:00", 0, "America/New_York").unwrap();
        assert_eq!(dl, utc("2027-07-10T20:00:00Z"));
    }

    #[test]
    fn deadline_survives_a_dst_gap() {
        // Lisbon springs forward at 01:00 on 28 Mar 2027; 01:30 does not exist that day.
        let dl = cancel_deadline(d("2027-03-29"), "01:30", 1, "Europe/Lisbon").unwrap();
        assert_eq!(dl, utc("2027-03-28T00:00:00Z"));
    }

    #[test]
    fn cancellation_allowed_only_before_deadline_and_when_confirmed() {
        let dl = Some(utc("2027-04-01T06:00:00Z"));
        assert!(can_cancel(true, dl, utc("2027-04-01T05:59:59Z")));
        assert!(!can_cancel(true, dl, utc("2027-04-01T06:00:00Z")));
        assert!(!can_cancel(false, dl, utc("2027-03-01T00:00:00Z")));
        assert!(!can_cancel(true, None, utc("2027-03-01T00:00:00Z")));
    }
}
