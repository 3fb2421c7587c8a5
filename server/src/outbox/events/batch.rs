//! The stream relay's rules, free of I/O: which pending events go into one `PutMessages`
//! request (each hotel's in order, under OCI's 1 MiB limit), and what each answer means for
//! every event and hotel (published, retried, parked; when the hotel is due again).
use std::collections::BTreeMap;
use std::time::Duration;

use super::sink::{PutOutcome, SinkError};

/// OCI's limit on one `PutMessages` request body.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// `{"messages":[` … `]}` around the messages.
const ENVELOPE: usize = 16;

/// One event waiting for the stream, as the relay loaded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub row_id: i64,
    pub hotel_id: i64,
    pub seq: i64,
    /// The hotel's slug: the message key, so one hotel's events share a partition.
    pub key: Vec<u8>,
    /// The event's JSON.
    pub value: Vec<u8>,
    /// Failed tries so far.
    pub attempts: u32,
}

/// What one message adds to the request body: key and value in base64, and the JSON around.
pub fn wire_size(key: usize, value: usize) -> usize {
    let b64 = |n: usize| n.div_ceil(3) * 4;
    b64(key) + b64(value) + r#"{"key":"","value":""},"#.len()
}

/// One request's events, and those too large for any request (to be parked).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub events: Vec<Pending>,
    pub too_large: Vec<Pending>,
}

/// Fills a request from `pending`: each hotel's oldest event (events too large for any request
/// are set aside first), hotels by id, while they fit in `limit` bytes. One event per hotel per
/// request keeps each hotel's events in commit order on the stream even when OCI stores some
/// messages of a request and refuses others: a hotel's next event leaves only after its
/// previous one is stored (or parked). Many hotels still share a request.
pub fn batch(pending: Vec<Pending>, limit: usize) -> Batch {
    let mut by_hotel: BTreeMap<i64, Vec<Pending>> = BTreeMap::new();
    for p in pending {
        by_hotel.entry(p.hotel_id).or_default().push(p);
    }
    let mut out = Batch::default();
    let mut used = ENVELOPE;
    for (_, mut events) in by_hotel {
        events.sort_by_key(|e| e.seq);
        for e in events {
            let size = wire_size(e.key.len(), e.value.len());
            if ENVELOPE + size > limit {
                out.too_large.push(e);
                continue;
            }
            if used + size <= limit {
                used += size;
                out.events.push(e);
            }
            break;
        }
    }
    out
}

/// What becomes of one event after a try.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Published {
        partition: String,
        offset: i64,
    },
    /// Failed; tried again when its hotel is due.
    Retry {
        error: String,
    },
    /// Failed for the last time: set aside for an admin, the hotel's cursor moves past it.
    Parked {
        error: String,
    },
    /// The service did not take the request (an outage): no fault of the event, not counted.
    Unavailable {
        error: String,
    },
}

/// The outcome of one request: per event (row, failed tries now, verdict) and per hotel how
/// long until its next event may go (zero: at once).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub events: Vec<(i64, u32, Verdict)>,
    pub hotels: BTreeMap<i64, Duration>,
}

/// The relay's retry settings, as the plan needs them.
pub struct Retry<'a> {
    pub max_attempts: u32,
    /// The delay after `n` failures (capped exponential with jitter).
    pub backoff: &'a (dyn Fn(u32) -> Duration + Sync),
}

/// Reads a `PutMessages` answer (`outcomes` in request order) for `sent`. A failed event holds
/// its hotel back (its later events wait for it) until it is stored or parked.
pub fn plan_answer(sent: &[Pending], outcomes: &[PutOutcome], retry: &Retry<'_>) -> Plan {
    let mut plan = Plan::default();
    for (event, outcome) in sent.iter().zip(outcomes) {
        plan.hotels.entry(event.hotel_id).or_insert(Duration::ZERO);
        match outcome {
            PutOutcome::Stored { partition, offset } => plan.events.push((
                event.row_id,
                event.attempts,
                Verdict::Published {
                    partition: partition.clone(),
                    offset: *offset,
                },
            )),
            PutOutcome::Failed { error } => failed(&mut plan, event, error, retry),
        }
    }
    // An answer with fewer entries than messages: the rest were not confirmed.
    for event in sent.iter().skip(outcomes.len()) {
        failed(&mut plan, event, "no answer for this message", retry);
    }
    plan
}

/// Reads a request that failed as a whole. An outage (`retryable`) holds every hotel in the
/// request back for `outage_delay` (or as long as the service asked) without counting against
/// the events; any other refusal counts as a failed try of each event.
pub fn plan_error(
    sent: &[Pending],
    error: &SinkError,
    outage_delay: Duration,
    retry: &Retry<'_>,
) -> Plan {
    let mut plan = Plan::default();
    if error.retryable {
        let delay = error.retry_after.unwrap_or_default().max(outage_delay);
        for event in sent {
            plan.hotels.insert(event.hotel_id, delay);
            let verdict = Verdict::Unavailable {
                error: error.message.clone(),
            };
            plan.events.push((event.row_id, event.attempts, verdict));
        }
        return plan;
    }
    for event in sent {
        plan.hotels.entry(event.hotel_id).or_insert(Duration::ZERO);
        failed(&mut plan, event, &error.message, retry);
    }
    plan
}

fn failed(plan: &mut Plan, event: &Pending, error: &str, retry: &Retry<'_>) {
    let attempts = event.attempts + 1;
    let error = error.to_owned();
    if attempts >= retry.max_attempts {
        plan.events
            .push((event.row_id, attempts, Verdict::Parked { error }));
        return;
    }
    plan.events
        .push((event.row_id, attempts, Verdict::Retry { error }));
    let wait = plan.hotels.entry(event.hotel_id).or_default();
    *wait = (*wait).max((retry.backoff)(attempts));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(row_id: i64, hotel_id: i64, seq: i64, size: usize) -> Pending {
        Pending {
            row_id,
            hotel_id,
            seq,
            key: format!("hotel-{hotel_id}").into_bytes(),
            value: vec![b'x'; size],
            attempts: 0,
        }
    }

    fn rows(events: &[Pending]) -> Vec<i64> {
        events.iter().map(|e| e.row_id).collect()
    }

    const BACKOFF: &(dyn Fn(u32) -> Duration + Sync) = &|n| Duration::from_secs(u64::from(n) * 10);
    const RETRY: Retry<'static> = Retry {
        max_attempts: 3,
        backoff: BACKOFF,
    };

    #[test]
    fn a_request_carries_each_hotels_oldest_event_and_mixes_hotels() {
        // Loaded out of order: each hotel's lowest number goes, hotels by id; the rest wait.
        let pending = vec![
            ev(3, 2, 2, 10),
            ev(1, 1, 1, 10),
            ev(4, 2, 1, 10),
            ev(2, 1, 2, 10),
        ];
        let b = batch(pending, MAX_REQUEST_BYTES);
        assert_eq!(rows(&b.events), [1, 4]);
        assert!(b.too_large.is_empty());
    }

    #[test]
    fn a_hotel_whose_oldest_event_does_not_fit_waits_without_skipping() {
        let one = wire_size(7, 300);
        let limit = ENVELOPE + 2 * one + one / 2;
        // Hotels 1 and 2 send 300 bytes each; hotel 3's 300 no longer fit, so it waits whole
        // (its tiny second event never leaves before it); hotel 4's tiny event still fits.
        let pending = vec![
            ev(1, 1, 1, 300),
            ev(2, 2, 1, 300),
            ev(3, 3, 1, 300),
            ev(4, 3, 2, 1),
            ev(5, 4, 1, 1),
        ];
        let b = batch(pending, limit);
        assert_eq!(rows(&b.events), [1, 2, 5], "never 4 without 3");
        let total: usize = ENVELOPE
            + b.events
                .iter()
                .map(|e| wire_size(e.key.len(), e.value.len()))
                .sum::<usize>();
        assert!(total <= limit);
    }

    #[test]
    fn an_event_larger_than_any_request_is_set_aside() {
        let b = batch(
            vec![ev(1, 1, 1, 2_000_000), ev(2, 1, 2, 10)],
            MAX_REQUEST_BYTES,
        );
        assert_eq!(rows(&b.too_large), [1]);
        assert_eq!(rows(&b.events), [2]);
    }

    #[test]
    fn the_wire_size_is_the_base64_json() {
        let (key, value) = (b"lisbon".to_vec(), vec![7u8; 1000]);
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let json = format!(
            r#"{{"key":"{}","value":"{}"}},"#,
            b64.encode(&key),
            b64.encode(&value)
        );
        assert_eq!(wire_size(key.len(), value.len()), json.len());
    }

    #[test]
    fn a_failed_message_alone_is_retried_and_holds_its_hotel_back() {
        let sent = vec![ev(1, 1, 1, 5), ev(2, 1, 2, 5), ev(3, 2, 1, 5)];
        let stored = |o| PutOutcome::Stored {
            partition: "0".into(),
            offset: o,
        };
        let outcomes = vec![
            stored(10),
            PutOutcome::Failed {
                error: "InternalServerError".into(),
            },
            stored(11),
        ];
        let plan = plan_answer(&sent, &outcomes, &RETRY);
        assert_eq!(
            plan.events,
            [
                (
                    1,
                    0,
                    Verdict::Published {
                        partition: "0".into(),
                        offset: 10
                    }
                ),
                (
                    2,
                    1,
                    Verdict::Retry {
                        error: "InternalServerError".into()
                    }
                ),
                (
                    3,
                    0,
                    Verdict::Published {
                        partition: "0".into(),
                        offset: 11
                    }
                ),
            ]
        );
        assert_eq!(plan.hotels[&1], Duration::from_secs(10), "held back");
        assert_eq!(plan.hotels[&2], Duration::ZERO, "other hotels flow");
    }

    #[test]
    fn the_last_allowed_failure_parks_and_frees_the_hotel() {
        let mut tired = ev(1, 1, 1, 5);
        tired.attempts = 2;
        let outcomes = vec![PutOutcome::Failed {
            error: "Bad".into(),
        }];
        let plan = plan_answer(&[tired], &outcomes, &RETRY);
        assert_eq!(
            plan.events,
            [(
                1,
                3,
                Verdict::Parked {
                    error: "Bad".into()
                }
            )]
        );
        assert_eq!(plan.hotels[&1], Duration::ZERO, "the cursor moves past it");
    }

    #[test]
    fn an_outage_holds_every_hotel_back_without_counting() {
        let sent = vec![ev(1, 1, 1, 5), ev(2, 2, 1, 5)];
        let down = SinkError {
            message: "HTTP 503".into(),
            retryable: true,
            retry_after: Some(Duration::from_secs(30)),
        };
        let plan = plan_error(&sent, &down, Duration::from_secs(4), &RETRY);
        assert!(
            plan.events
                .iter()
                .all(|(_, n, v)| *n == 0 && matches!(v, Verdict::Unavailable { .. }))
        );
        assert_eq!(plan.hotels[&1], Duration::from_secs(30), "retry-after");
        let shorter = SinkError {
            retry_after: Some(Duration::from_secs(1)),
            ..down
        };
        let plan = plan_error(&sent, &shorter, Duration::from_secs(4), &RETRY);
        assert_eq!(
            plan.hotels[&2],
            Duration::from_secs(4),
            "never less than the backoff"
        );
    }

    #[test]
    fn a_refused_request_counts_against_each_event() {
        let sent = vec![ev(1, 1, 1, 5)];
        let refused = SinkError {
            message: "HTTP 400".into(),
            retryable: false,
            retry_after: None,
        };
        let plan = plan_error(&sent, &refused, Duration::from_secs(4), &RETRY);
        assert_eq!(
            plan.events,
            [(
                1,
                1,
                Verdict::Retry {
                    error: "HTTP 400".into()
                }
            )]
        );
    }

    #[test]
    fn missing_entries_are_failures() {
        let sent = vec![ev(1, 1, 1, 5), ev(2, 1, 2, 5)];
        let plan = plan_answer(&sent, &[], &RETRY);
        assert!(
            plan.events
                .iter()
                .all(|(_, n, v)| *n == 1 && matches!(v, Verdict::Retry { .. }))
        );
    }
}
