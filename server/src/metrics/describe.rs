//! What each metric means (`# HELP` lines), registered once per recorder.
pub fn all() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    super::sampled::describe();
    describe_counter!(
        "http_requests_total",
        Unit::Count,
        "HTTP requests answered, by method, route template and status."
    );
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "Time to produce the response head, by method and route template."
    );
    describe_counter!(
        "bookings_confirmed_total",
        Unit::Count,
        "Bookings created, by hotel."
    );
    describe_counter!(
        "bookings_sold_out_total",
        Unit::Count,
        "Booking attempts refused because no room was left, by hotel."
    );
    describe_counter!(
        "bookings_cancelled_total",
        Unit::Count,
        "Bookings cancelled, by hotel."
    );
    describe_counter!(
        "bookings_value_minor_total",
        "What guests pay for confirmed bookings (taxes included), in the currency's minor unit, by hotel and currency."
    );
    describe_counter!(
        "bookings_cancelled_value_minor_total",
        "The value of cancelled bookings, in the currency's minor unit, by hotel and currency."
    );
    describe_counter!(
        "bookings_idempotent_replays_total",
        Unit::Count,
        "Booking requests answered from a stored idempotent result."
    );
    describe_counter!(
        "vs_emails_sent_total",
        Unit::Count,
        "Emails delivered (SMTP accepted them, or they were written to the mail folder), by kind."
    );
    describe_counter!(
        "vs_emails_failed_total",
        Unit::Count,
        "Emails given up after their last try, by kind."
    );
    describe_counter!(
        "vs_email_attempts_total",
        Unit::Count,
        "Delivery tries, by outcome: sent, retry (will try again), failed (given up)."
    );
    describe_counter!(
        "vs_events_written_total",
        Unit::Count,
        "Booking events committed to the outbox, by type (booking.created, ...)."
    );
    describe_counter!(
        "vs_events_published_total",
        Unit::Count,
        "Booking events (sink stream) and admin alerts (sink topic) the OCI service took."
    );
    describe_counter!(
        "vs_event_publish_attempts_total",
        Unit::Count,
        "Publish tries per event or alert, by sink and outcome: published, retry, parked, unavailable (an outage)."
    );
    describe_gauge!(
        "vs_events_pending",
        Unit::Count,
        "Booking events (stream) or admin alerts (topic) waiting to be published."
    );
    describe_gauge!(
        "vs_events_parked",
        Unit::Count,
        "Booking events or admin alerts parked after their last try, waiting for an admin's retry."
    );
    describe_gauge!(
        "vs_events_oldest_pending_seconds",
        Unit::Seconds,
        "Age of the oldest booking event or admin alert not yet published, by sink."
    );
    describe_gauge!(
        "vs_emails_pending",
        Unit::Count,
        "Emails waiting for delivery (due now or after a backoff)."
    );
}
