//! Running a built [`Application`]: its listeners, relays and background tasks until the
//! shutdown signal, then stopping them inside the grace period.
use std::future::IntoFuture;
use std::net::SocketAddr;

use super::Application;
use crate::backup::schedule::Scheduler;
use crate::http;
use crate::metrics::UPKEEP_INTERVAL;
use crate::metrics::oci_post::Poster;
use crate::outbox::Relay;
use crate::outbox::events::EventRelay;
use crate::outbox::webhooks::Deliverer;
use crate::shutdown;

impl Application {
    /// Serves (and relays email) until `shutdown` resolves, then lets in-flight requests and
    /// the sends in flight finish, within the grace period (`shutdown::DRAIN`, `SENDS`).
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let relay = self.relay.map(Relay::spawn);
        let deliverer = self.deliverer.map(Deliverer::spawn);
        let events = self.events.map(EventRelay::spawn);
        let poster = self.poster.map(Poster::spawn);
        let backups = self.backups.map(Scheduler::spawn);
        let metrics_server = tokio::spawn(
            axum::serve(
                self.metrics_listener,
                http::metrics_routes(&self.metrics, self.db.clone()),
            )
            .into_future(),
        );
        let metrics = self.metrics.clone();
        let upkeep = tokio::spawn(async move {
            let mut tick = tokio::time::interval(UPKEEP_INTERVAL);
            loop {
                tick.tick().await;
                metrics.upkeep();
            }
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let (shutdown, noticed) = shutdown::noticed(shutdown);
        let serving = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .into_future();
        let served = shutdown::drained(serving, noticed, shutdown::DRAIN).await;
        upkeep.abort();
        metrics_server.abort();
        // The relays stop side by side (each finishes the send in flight, hands the rest back),
        // and a scheduled backup in progress ends.
        shutdown::sends_finished(async {
            tokio::join!(
                async {
                    if let Some(relay) = relay {
                        relay.shutdown().await;
                    }
                },
                async {
                    if let Some(deliverer) = deliverer {
                        deliverer.shutdown().await;
                    }
                },
                async {
                    if let Some(events) = events {
                        events.shutdown().await;
                    }
                },
                async {
                    if let Some(poster) = poster {
                        poster.shutdown().await;
                    }
                },
                async {
                    if let Some(backups) = backups {
                        backups.shutdown().await;
                    }
                },
            );
        })
        .await;
        served?;
        if let Some(db) = self.db {
            db.close().await;
        }
        // Only once the database is closed may a restore replace it.
        drop(self.lock);
        Ok(())
    }
}
