//! What one process saw since its last post to OCI Monitoring: requests per guest journey, and
//! the latest outbox lag its relays measured (Prometheus keeps totals; OCI wants intervals).
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A guest journey of the service-level objectives (deploy/monitoring/prometheus/rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Journey {
    Search,
    HotelPage,
    Booking,
}

impl Journey {
    pub const ALL: [Journey; 3] = [Journey::Search, Journey::HotelPage, Journey::Booking];

    /// The journey a request belongs to: its page route and its API route together, as the
    /// recording rules count them.
    pub fn of(method: &str, route: &str) -> Option<Journey> {
        match (method, route) {
            ("GET", "/search" | "/api/v1/search") => Some(Journey::Search),
            ("GET", "/hotels/{slug}" | "/api/v1/hotels/{slug}") => Some(Journey::HotelPage),
            ("POST", "/hotels/{slug}/book" | "/api/v1/bookings") => Some(Journey::Booking),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Journey::Search => "search",
            Journey::HotelPage => "hotel_page",
            Journey::Booking => "booking",
        }
    }

    /// Slower than this (seconds) counts against the latency objective: the histogram bucket
    /// the recording rules use.
    pub fn slow_after(self) -> f64 {
        match self {
            Journey::Search | Journey::HotelPage => 1.0,
            Journey::Booking => 2.5,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The outboxes whose lag is posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outbox {
    Emails,
    Events,
    Webhooks,
}

impl Outbox {
    pub const ALL: [Outbox; 3] = [Outbox::Emails, Outbox::Events, Outbox::Webhooks];

    pub fn as_str(self) -> &'static str {
        match self {
            Outbox::Emails => "emails",
            Outbox::Events => "events",
            Outbox::Webhooks => "webhooks",
        }
    }
}

#[derive(Default)]
struct Counts {
    requests: AtomicU64,
    errors: AtomicU64,
    slow: AtomicU64,
}

impl Counts {
    fn take(&self) -> (u64, u64, u64) {
        (
            self.requests.swap(0, Ordering::Relaxed),
            self.errors.swap(0, Ordering::Relaxed),
            self.slow.swap(0, Ordering::Relaxed),
        )
    }
}

/// Counters since the last [`Window::take`], and the latest lag per outbox.
#[derive(Default)]
pub struct Window {
    all: Counts,
    journeys: [Counts; 3],
    /// f64 bits of the seconds, valid once `lag_set`: a relay has measured.
    lag: [AtomicU64; 3],
    lag_set: [AtomicBool; 3],
}

/// One interval's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Taken {
    /// Requests answered (probes and scrapes left out) and how many of them were 5xx.
    pub requests: u64,
    pub errors: u64,
    /// Per journey with traffic: (journey, requests, 5xx, slower than its threshold).
    pub journeys: Vec<(Journey, u64, u64, u64)>,
    /// Per outbox a relay here has measured: seconds since its oldest undelivered item.
    pub lag: Vec<(Outbox, f64)>,
}

impl Window {
    /// Counts one answered request (`route` is the template, as the Prometheus labels).
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if matches!(route, "/healthz" | "/readyz" | "/metrics") {
            return;
        }
        let error = u64::from(status >= 500);
        self.all.requests.fetch_add(1, Ordering::Relaxed);
        self.all.errors.fetch_add(error, Ordering::Relaxed);
        if let Some(journey) = Journey::of(method, route) {
            let counts = &self.journeys[journey.index()];
            counts.requests.fetch_add(1, Ordering::Relaxed);
            counts.errors.fetch_add(error, Ordering::Relaxed);
            let slow = u64::from(seconds > journey.slow_after());
            counts.slow.fetch_add(slow, Ordering::Relaxed);
        }
    }

    /// Records the lag a relay measured.
    pub fn set_lag(&self, outbox: Outbox, seconds: f64) {
        let i = outbox as usize;
        self.lag[i].store(seconds.to_bits(), Ordering::Relaxed);
        self.lag_set[i].store(true, Ordering::Relaxed);
    }

    /// The figures since the last call, the counters starting again from zero.
    pub fn take(&self) -> Taken {
        let (requests, errors, _) = self.all.take();
        let journeys = Journey::ALL
            .into_iter()
            .map(|j| {
                let (n, e, s) = self.journeys[j.index()].take();
                (j, n, e, s)
            })
            .filter(|(_, n, _, _)| *n > 0)
            .collect();
        let lag = Outbox::ALL
            .into_iter()
            .filter(|o| self.lag_set[*o as usize].load(Ordering::Relaxed))
            .map(|o| {
                (
                    o,
                    f64::from_bits(self.lag[o as usize].load(Ordering::Relaxed)),
                )
            })
            .collect();
        Taken {
            requests,
            errors,
            journeys,
            lag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_interval_by_journey_and_leaves_probes_out() {
        let w = Window::default();
        w.observe("GET", "/search", 200, 0.2);
        w.observe("GET", "/api/v1/search", 500, 1.5);
        w.observe("POST", "/api/v1/bookings", 409, 2.0);
        w.observe("POST", "/hotels/{slug}/book", 303, 3.0);
        w.observe("GET", "/healthz", 200, 0.0);
        w.observe("GET", "/account", 502, 0.0);
        w.set_lag(Outbox::Emails, 12.5);
        let t = w.take();
        assert_eq!((t.requests, t.errors), (5, 2));
        assert_eq!(
            t.journeys,
            vec![(Journey::Search, 2, 1, 1), (Journey::Booking, 2, 0, 1)]
        );
        assert_eq!(t.lag, vec![(Outbox::Emails, 12.5)]);
        let again = w.take();
        assert_eq!((again.requests, again.journeys.len()), (0, 0));
        assert_eq!(again.lag, vec![(Outbox::Emails, 12.5)], "lag is a gauge");
    }
}
