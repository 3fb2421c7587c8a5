//! The gauges the page alerts need, posted to OCI Monitoring as custom metrics every interval,
//! so OCI alarms still page when the cluster's Prometheus is the thing that is down.
//!
//! Metric names and dimensions are a contract with the alarms in deploy/oci/terraform/
//! monitoring.tf (deploy/monitoring/README.md, "OCI Monitoring"): every datapoint carries
//! `role`, `track` and `instance`; `heartbeat`, `ready`, `http_requests`, `http_5xx_ratio`,
//! `journey_requests` / `journey_error_ratio` / `journey_slow_ratio` (with `journey`),
//! `db_pool_utilisation` and `outbox_oldest_pending_seconds` (with `outbox`).
use std::collections::BTreeMap;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::Metrics;
use crate::oci::{Datapoint, MetricData, Oci};
use crate::store::Db;

/// Unsent intervals kept through an outage (an hour at the default interval): OCI takes
/// datapoints up to two hours old, so they are still posted when it answers again.
const KEEP_UNSENT: usize = 60 * 50;

/// Who is posting: the dimensions every datapoint carries.
#[derive(Clone, Debug)]
pub struct Source {
    pub role: &'static str,
    pub track: String,
    pub instance: String,
}

impl Source {
    /// `instance` is `VS_INSTANCE`, else the host name (a pod's name on Kubernetes).
    pub fn new(role: &'static str, track: &str) -> Source {
        let instance = std::env::var("VS_INSTANCE")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "unknown".to_owned());
        Source {
            role,
            track: track.to_owned(),
            instance,
        }
    }
}

/// Posts this process's figures to OCI Monitoring until stopped.
pub struct Poster {
    oci: Oci,
    metrics: Metrics,
    db: Option<Db>,
    source: Source,
    every: Duration,
}

pub struct PosterHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl PosterHandle {
    /// Posts the last interval, then stops.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

impl Poster {
    /// `None` unless `oci` has a monitoring namespace (`VS_OCI_MONITORING_NAMESPACE`).
    pub fn new(
        oci: Option<&Oci>,
        metrics: &Metrics,
        db: Option<Db>,
        source: Source,
        every: Duration,
    ) -> Option<Poster> {
        let oci = oci?;
        let (namespace, _) = oci.monitoring()?;
        tracing::info!(%namespace, every_s = every.as_secs_f64(), "posting metrics to OCI Monitoring");
        Some(Poster {
            oci: oci.clone(),
            metrics: metrics.clone(),
            db,
            source,
            every,
        })
    }

    pub fn spawn(self) -> PosterHandle {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut unsent: Vec<MetricData> = Vec::new();
            let mut tick = tokio::time::interval(self.every);
            tick.tick().await;
            loop {
                let last = tokio::select! {
                    _ = tick.tick() => false,
                    _ = stopped.changed() => true,
                };
                unsent.extend(self.collect().await);
                self.post(&mut unsent).await;
                if last {
                    break;
                }
            }
        });
        PosterHandle { stop, task }
    }

    /// This interval's datapoints, one metric stream each.
    async fn collect(&self) -> Vec<MetricData> {
        let (namespace, compartment) = self.oci.monitoring().expect("checked in new");
        let now = Utc::now();
        let mut out = Vec::new();
        let mut add = |name: &'static str, extra: Option<(&'static str, &str)>, value: f64| {
            let mut dimensions = BTreeMap::from([
                ("role", self.source.role.to_owned()),
                ("track", self.source.track.clone()),
                ("instance", self.source.instance.clone()),
            ]);
            if let Some((key, val)) = extra {
                dimensions.insert(key, val.to_owned());
            }
            out.push(MetricData {
                namespace: namespace.to_string(),
                compartment_id: compartment.to_owned(),
                name,
                dimensions,
                datapoints: vec![Datapoint {
                    timestamp: now,
                    value,
                }],
            });
        };
        let ready = match &self.db {
            Some(db) => crate::store::health::answers(db).await,
            None => true,
        };
        add("heartbeat", None, 1.0);
        add("ready", None, if ready { 1.0 } else { 0.0 });
        let taken = self.metrics.window().take();
        add("http_requests", None, taken.requests as f64);
        if taken.requests > 0 {
            add(
                "http_5xx_ratio",
                None,
                taken.errors as f64 / taken.requests as f64,
            );
        }
        for (journey, requests, errors, slow) in taken.journeys {
            let j = Some(("journey", journey.as_str()));
            add("journey_requests", j, requests as f64);
            add("journey_error_ratio", j, errors as f64 / requests as f64);
            add("journey_slow_ratio", j, slow as f64 / requests as f64);
        }
        if let Some(db) = &self.db {
            let (in_use, _, max) = db.pool_use();
            add(
                "db_pool_utilisation",
                None,
                f64::from(in_use) / f64::from(max.max(1)),
            );
        }
        for (outbox, seconds) in taken.lag {
            add(
                "outbox_oldest_pending_seconds",
                Some(("outbox", outbox.as_str())),
                seconds,
            );
        }
        out
    }

    /// Posts what is waiting, at most 50 streams a call; keeps what OCI could not take for the
    /// next interval (an outage), drops what it refused (it would refuse it again).
    async fn post(&self, unsent: &mut Vec<MetricData>) {
        while !unsent.is_empty() {
            let take = unsent
                .len()
                .min(crate::oci::monitoring::MAX_STREAMS_PER_CALL);
            match self.oci.post_metric_data(&unsent[..take]).await {
                Ok(result) => {
                    for (name, why) in result.failed {
                        tracing::warn!(metric = %name, reason = %why, "OCI Monitoring refused a metric");
                    }
                    unsent.drain(..take);
                }
                Err(e) => {
                    tracing::warn!(error = %e, waiting = unsent.len(), "cannot post metrics to OCI Monitoring; retrying next interval");
                    let over = unsent.len().saturating_sub(KEEP_UNSENT);
                    unsent.drain(..over);
                    return;
                }
            }
        }
    }
}
