//! The application value: the database, clock, outbox, metrics, token keys and sign-in
//! throttle, built once at start-up and handed to every service and edge (no process-wide state).
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::customers::throttle::SignInThrottle;
use crate::customers::tokens::{Signer, Verifier};
use crate::metrics::Metrics;
use crate::outbox::Outbox;
use crate::store::Db;

/// Everything a service needs. Cheap to clone: each part is shared.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub clock: Clock,
    /// Where side effects (emails now) are written inside the transactions that cause them.
    pub outbox: Outbox,
    pub metrics: Metrics,
    /// Checks the customers service's access tokens.
    pub verifier: Verifier,
    /// Issues access tokens: only where the customers service runs.
    pub signer: Option<Arc<Signer>>,
    /// Failed sign-ins per account, counted in this process.
    pub sign_ins: SignInThrottle,
    /// Which webhook endpoints may be registered, and how long a rotated secret still signs.
    pub webhooks: crate::outbox::webhooks::Policy,
    /// What guests browse, kept between requests while its version stands.
    pub catalog: crate::hotels::catalog::CatalogCache,
}

impl App {
    /// The application value of a process that runs services on `db` (a `serve` role or a
    /// function), from what it built at start-up.
    pub fn for_services(
        db: &Db,
        outbox: &Outbox,
        metrics: &Metrics,
        verifier: Verifier,
        signer: Option<Arc<Signer>>,
        webhooks: &crate::outbox::webhooks::Policy,
    ) -> App {
        App {
            db: db.clone(),
            clock: Clock::System,
            outbox: outbox.clone(),
            metrics: metrics.clone(),
            verifier,
            signer,
            sign_ins: SignInThrottle::new(),
            webhooks: webhooks.clone(),
            catalog: Default::default(),
        }
    }

    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_deref()
    }
}

/// Handlers that only read and write their tables take the pool alone.
impl axum::extract::FromRef<App> for Db {
    fn from_ref(app: &App) -> Db {
        app.db.clone()
    }
}

/// What time it is, for every rule that depends on it.
#[derive(Clone, Copy, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// Frozen at one instant (tests of rules that depend on the date).
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }

    /// Today's date on a hotel's own wall calendar (UTC for a zone that does not parse).
    pub fn today_in(&self, time_zone: &str) -> NaiveDate {
        app::model::today_at(self.now(), time_zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_follows_the_hotels_time_zone() {
        let at = "2027-03-14T23:30:00Z".parse().unwrap();
        let clock = Clock::Fixed(at);
        assert_eq!(clock.today_in("Europe/Lisbon").to_string(), "2027-03-14");
        assert_eq!(clock.today_in("Asia/Tokyo").to_string(), "2027-03-15");
        assert_eq!(clock.today_in("America/New_York").to_string(), "2027-03-14");
        assert_eq!(clock.today_in("not/a zone").to_string(), "2027-03-14");
    }
}
