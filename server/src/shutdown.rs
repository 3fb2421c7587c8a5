//! Stopping inside the termination grace period (Kubernetes: 45 s, of which the preStop sleep
//! takes 10): on SIGTERM new connections stop, requests in flight get [`DRAIN`] to finish,
//! then the relays get [`SENDS`] to finish the send in flight and hand the rest back. What
//! is still held then is taken over by another relay once its lease lapses.
use std::future::Future;
use std::time::Duration;

use tokio::sync::oneshot;

/// How long requests in flight may take after the signal: inside the 30 s request timeout's
/// worst case would overrun the grace period, and no page or API call should take this long.
pub const DRAIN: Duration = Duration::from_secs(25);

/// How long the relays may take to finish their sends after the requests drained.
pub const SENDS: Duration = Duration::from_secs(8);

/// Resolves on Ctrl-C or SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// `shutdown`, and a receiver told when it resolved (the drain's clock starts then).
pub fn noticed(
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> (
    impl Future<Output = ()> + Send + 'static,
    oneshot::Receiver<()>,
) {
    let (tx, rx) = oneshot::channel();
    let fired = async move {
        shutdown.await;
        let _ = tx.send(());
    };
    (fired, rx)
}

/// Runs `serving` (a server with graceful shutdown) until it ends, or until `drain` (the
/// servers give [`DRAIN`]) after the shutdown was noticed: connections still open then are
/// closed.
pub async fn drained<E>(
    serving: impl Future<Output = Result<(), E>>,
    noticed: oneshot::Receiver<()>,
    drain: Duration,
) -> Result<(), E> {
    let deadline = async {
        if noticed.await.is_ok() {
            tokio::time::sleep(drain).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        served = serving => served,
        () = deadline => {
            tracing::warn!(drain_secs = drain.as_secs(), "requests still in flight after the drain; closing their connections");
            Ok(())
        }
    }
}

/// Waits at most [`SENDS`] for `stopping` (the relays finishing their sends).
pub async fn sends_finished(stopping: impl Future<Output = ()>) {
    if tokio::time::timeout(SENDS, stopping).await.is_err() {
        tracing::warn!(
            sends_secs = SENDS.as_secs(),
            "a send was still in flight at exit; its claim lapses and another relay takes it"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT: Duration = Duration::from_millis(200);

    #[tokio::test]
    async fn a_request_that_outlives_the_drain_is_cut_off_after_the_signal() {
        let (signal, noticed) = noticed(tokio::time::sleep(SHORT));
        tokio::spawn(signal);
        let started = std::time::Instant::now();
        let never = std::future::pending::<Result<(), ()>>();
        assert_eq!(drained(never, noticed, SHORT).await, Ok(()));
        // The clock starts at the signal, not at start-up.
        assert!(started.elapsed() >= SHORT * 2, "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn a_server_that_drains_in_time_ends_on_its_own() {
        let (_signal, noticed) = noticed(std::future::pending());
        let quick = async { Err::<(), &str>("served") };
        assert_eq!(drained(quick, noticed, SHORT).await, Err("served"));
    }
}
