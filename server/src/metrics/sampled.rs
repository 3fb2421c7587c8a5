//! Gauges read when Prometheus scrapes instead of kept up to date: the build, readiness and the
//! database pool, so alerts see the state of the moment (`/readyz` answered from the same check).
use super::Metrics;
use crate::store::Db;

/// The revision the release was built from: `VS_REVISION` at build time (the build pipeline
/// sets the commit), else `unknown`.
const REVISION: &str = match option_env!("VS_REVISION") {
    Some(revision) => revision,
    None => "unknown",
};

/// Sets `vs_build_info`, `vs_ready` and, for a role with a database, the pool gauges.
pub async fn sample(metrics: &Metrics, db: Option<&Db>) {
    let ready = match db {
        Some(db) => crate::store::health::answers(db).await,
        None => true,
    };
    let pool = db.map(Db::pool_use);
    metrics.record(|| {
        let version = env!("CARGO_PKG_VERSION");
        metrics::gauge!("vs_build_info", "version" => version, "revision" => REVISION).set(1.0);
        metrics::gauge!("vs_ready").set(if ready { 1.0 } else { 0.0 });
        if let Some((in_use, idle, max)) = pool {
            metrics::gauge!("vs_db_pool_connections", "state" => "in_use").set(f64::from(in_use));
            metrics::gauge!("vs_db_pool_connections", "state" => "idle").set(f64::from(idle));
            metrics::gauge!("vs_db_pool_max_connections").set(f64::from(max));
        }
    });
}

pub fn describe() {
    use metrics::{Unit, describe_gauge};
    describe_gauge!(
        "vs_build_info",
        "Always 1: the running build's version and revision, as labels."
    );
    describe_gauge!(
        "vs_ready",
        "1 when this process would answer /readyz with 200 (its database answers and is migrated)."
    );
    describe_gauge!(
        "vs_db_pool_connections",
        Unit::Count,
        "The database pool's connections, by state: in_use or idle."
    );
    describe_gauge!(
        "vs_db_pool_max_connections",
        Unit::Count,
        "The most connections the database pool opens."
    );
    describe_gauge!(
        "vs_emails_oldest_pending_seconds",
        Unit::Seconds,
        "Age of the oldest email not yet delivered."
    );
    describe_gauge!(
        "vs_webhook_deliveries_oldest_pending_seconds",
        Unit::Seconds,
        "Age of the oldest webhook delivery not yet made."
    );
}
