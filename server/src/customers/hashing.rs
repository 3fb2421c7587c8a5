//! Argon2id password hashing, bounded: at most one hash per core runs at once, so a flood of
//! sign-ins waits its turn instead of taking 19 MiB and a blocking thread each.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};

/// One permit per core. Process-wide rather than in `state::App`: it bounds what the process
/// has (its cores and memory), however many applications run in it, and the callers that hash
/// (sign-up, sign-in, the CLI's `admin create`, the demo's accounts) hold a pool, not an `App`.
static PERMITS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(permits())));

/// Hashes running now, and the most that ever ran at once (what the bound's test reads).
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Counts one hash as running until dropped (a panicking hash included).
struct Running;

impl Running {
    fn start() -> Running {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How many hashes may run at once: the cores this process may use.
pub fn permits() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on the blocking pool once a permit is free. The permit moves into the blocking
/// task: a caller that gives up waiting (a dropped request) cannot free it while the hash runs.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let permit = PERMITS.clone().acquire_owned().await.ok()?;
    tokio::task::spawn_blocking(move || {
        // Counted while the permit is held, so the count never runs ahead of the bound.
        let out = {
            let _running = Running::start();
            work()
        };
        drop(permit);
        out
    })
    .await
    .ok()
}

/// Argon2id with the crate's defaults (OWASP's minimum: m=19 MiB, t=2, p=1), off the async runtime.
pub async fn hash_password(password: String) -> Result<String> {
    bounded(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or(Error::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        Error::Internal
    })
}

pub async fn verify_password(password: String, hash: String) -> bool {
    bounded(move || {
        PasswordHash::new(&hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_of_hashes_never_runs_more_than_one_per_core() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        let flood = 4 * permits() + 4;
        let calls: Vec<_> = (0..flood)
            .map(|i| {
                let hash = hash.clone();
                tokio::spawn(async move {
                    if i % 2 == 0 {
                        verify_password("correct horse battery".into(), hash).await
                    } else {
                        hash_password(format!("password {i}")).await.is_ok()
                    }
                })
            })
            .collect();
        for call in calls {
            assert!(call.await.unwrap(), "every call in the flood succeeds");
        }
        let peak = PEAK.load(Ordering::SeqCst);
        assert!(peak >= 1, "the counter saw the hashes run");
        assert!(
            peak <= permits(),
            "{peak} hashes ran at once with {} permits",
            permits()
        );
    }
}
