//! The security token a principal signs with, kept until it nears expiry and then renewed by
//! one caller while the others wait for it (single flight).
use std::future::Future;
use std::time::{Duration, SystemTime};

use super::Credentials;
use crate::oci::OciError;

/// A token and the key it is bound to, with when to renew it.
#[derive(Clone)]
pub struct Session {
    pub credentials: Credentials,
    /// From then on the next caller renews it.
    pub refresh_at: SystemTime,
    /// Past this the service refuses it; before it, a failed renewal keeps using it.
    pub expires_at: SystemTime,
}

impl Session {
    /// A session whose token expires at `expires_at`, renewed after `fraction` of its life
    /// from now, and at the latest five minutes before it expires.
    pub fn new(credentials: Credentials, expires_at: SystemTime, fraction: f64) -> Session {
        let now = SystemTime::now();
        let life = expires_at.duration_since(now).unwrap_or_default();
        let by_fraction = life.mul_f64(fraction);
        let by_margin = life.saturating_sub(Duration::from_secs(300));
        let wait = if life > Duration::from_secs(600) {
            by_fraction.min(by_margin)
        } else {
            by_fraction
        };
        Session {
            credentials,
            refresh_at: now + wait,
            expires_at,
        }
    }
}

/// One principal's current session.
#[derive(Default)]
pub struct Cache {
    // A tokio mutex held across the renewal: concurrent callers queue behind the one renewing
    // and then read its new session.
    slot: tokio::sync::Mutex<Option<Session>>,
}

impl Cache {
    /// The current credentials, renewed with `fetch` first when due.
    pub async fn get<F, Fut>(&self, fetch: F) -> Result<Credentials, OciError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Session, OciError>>,
    {
        let mut slot = self.slot.lock().await;
        let now = SystemTime::now();
        if let Some(session) = slot.as_ref()
            && now < session.refresh_at
        {
            return Ok(session.credentials.clone());
        }
        match fetch().await {
            Ok(session) => {
                tracing::info!(
                    valid_for_s = session
                        .expires_at
                        .duration_since(now)
                        .unwrap_or_default()
                        .as_secs(),
                    "OCI security token renewed"
                );
                let credentials = session.credentials.clone();
                *slot = Some(session);
                Ok(credentials)
            }
            Err(e) => match slot.as_ref() {
                Some(session) if now < session.expires_at => {
                    tracing::warn!(error = %e, "renewing the OCI security token failed; the current one is still valid");
                    Ok(session.credentials.clone())
                }
                _ => Err(e),
            },
        }
    }

    /// Drops the session (the service refused it): the next call fetches a new one.
    pub async fn invalidate(&self) {
        *self.slot.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn credentials(n: usize) -> Credentials {
        Credentials {
            key_id: format!("ST$token{n}"),
            key: Arc::new(
                crate::oci::principal::keys::private_key(include_str!("../testdata/key.pem"), None)
                    .unwrap(),
            ),
        }
    }

    #[test]
    fn renews_at_the_fraction_or_five_minutes_before_expiry() {
        let now = SystemTime::now();
        let hour = Session::new(credentials(0), now + Duration::from_secs(3600), 0.8);
        let wait = hour.refresh_at.duration_since(now).unwrap().as_secs();
        assert!((2875..=2880).contains(&wait), "{wait}");
        let short = Session::new(credentials(0), now + Duration::from_secs(20), 0.5);
        let wait = short.refresh_at.duration_since(now).unwrap().as_secs_f64();
        assert!((9.0..=10.5).contains(&wait), "{wait}");
        let long = Session::new(credentials(0), now + Duration::from_secs(1200), 0.9);
        let wait = long.refresh_at.duration_since(now).unwrap().as_secs();
        assert!((895..=900).contains(&wait), "{wait}");
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_renewal() {
        let cache = Arc::new(Cache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let calls = (0..8).map(|_| {
            let cache = cache.clone();
            let fetches = fetches.clone();
            tokio::spawn(async move {
                cache
                    .get(|| async {
                        let n = fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok(Session::new(
                            credentials(n),
                            SystemTime::now() + Duration::from_secs(3600),
                            0.8,
                        ))
                    })
                    .await
                    .unwrap()
                    .key_id
            })
        });
        for call in calls.collect::<Vec<_>>() {
            assert_eq!(call.await.unwrap(), "ST$token0");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        cache.invalidate().await;
        let again = cache
            .get(|| async {
                Ok(Session::new(
                    credentials(9),
                    SystemTime::now() + Duration::from_secs(60),
                    0.5,
                ))
            })
            .await
            .unwrap();
        assert_eq!(again.key_id, "ST$token9");
    }

    #[tokio::test]
    async fn a_failed_renewal_keeps_a_token_that_is_still_valid() {
        let cache = Cache::default();
        let now = SystemTime::now();
        let mut due = Session::new(credentials(1), now + Duration::from_secs(60), 0.5);
        due.refresh_at = now;
        cache.get(|| async { Ok(due) }).await.unwrap();
        let kept = cache
            .get(|| async { Err(OciError::Auth("token service down".into())) })
            .await
            .unwrap();
        assert_eq!(kept.key_id, "ST$token1");
        cache.invalidate().await;
        let failed = cache
            .get(|| async { Err(OciError::Auth("token service down".into())) })
            .await;
        assert!(failed.is_err());
    }
}
