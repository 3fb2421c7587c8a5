//! Building and running the app in any role: used by `main` and by the integration tests.
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::api::{self, BookingsState, CustomersState, HotelsState};
use crate::backend::{HttpBackend, InProcess, ServiceUrls, fetch_verifier};
use crate::config::{Role, ServeArgs};
use crate::customers::tokens::Signer;
use crate::notify::{self, Relay};
use crate::store::{self, Db};
use crate::web::{self, SiteState, limits::RateLimit};

/// How long a role waits for the services it depends on to come up.
const DEPENDENCY_WAIT: Duration = Duration::from_secs(60);

pub struct Application {
    listener: TcpListener,
    router: Router,
    /// The database, for roles that own tables (none for the web role).
    pub db: Option<Db>,
    /// The email relay, for the roles that deliver email (all, relay).
    relay: Option<Relay>,
}

async fn open_db(args: &ServeArgs, demo: bool) -> anyhow::Result<Db> {
    let db = args.db.connect().await?;
    store::migrate(&db).await?;
    if demo && !args.no_demo_data {
        let added = crate::demo::load_if_empty(&db)
            .await
            .context("loading demo data")?;
        if added > 0 {
            tracing::info!(hotels = added, "loaded demo hotels into the empty database");
        }
    }
    Ok(db)
}

fn signer(args: &ServeArgs) -> anyhow::Result<Signer> {
    Signer::load_or_generate(&args.db.data_dir, args.jwt_private_key.as_deref())
        .context("loading the token signing key")
}

impl Application {
    /// Opens and migrates the role's database, loads demo data when asked, binds the address.
    pub async fn build(args: &ServeArgs) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        notify::configure(&args.mail);
        let limit = RateLimit {
            per_minute: args.rate_limit_per_minute,
            burst: args.rate_limit_burst,
        };
        let site = |backend: Arc<dyn app::backend::Backend>| {
            if !web::assets_built() {
                tracing::warn!(
                    "built without the site bundle: pages render but do not hydrate (use `cargo xtask build`)"
                );
            }
            web::site(SiteState {
                leptos_options: web::leptos_options(addr),
                backend,
                secure_cookies: args.secure_cookies,
                rate_limit: limit,
            })
        };
        let (router, db) = match args.role {
            Role::All => {
                let db = open_db(args, true).await?;
                let signer = Arc::new(signer(args)?);
                let verifier = signer.verifier();
                let router = site(Arc::new(InProcess { db: db.clone() }))
                    .merge(api::customers(
                        CustomersState {
                            db: db.clone(),
                            signer,
                            verifier: verifier.clone(),
                        },
                        limit,
                    ))
                    .merge(api::hotels(HotelsState {
                        db: db.clone(),
                        verifier: verifier.clone(),
                    }))
                    .merge(api::bookings(
                        BookingsState {
                            db: db.clone(),
                            verifier,
                        },
                        limit,
                    ))
                    .merge(api::docs())
                    .merge(web::art(db.clone()))
                    .merge(web::ops(Some(db.clone())));
                (router, Some(db))
            }
            Role::Customers => {
                let db = open_db(args, false).await?;
                let signer = Arc::new(signer(args)?);
                let state = CustomersState {
                    db: db.clone(),
                    verifier: signer.verifier(),
                    signer,
                };
                (
                    api::customers(state, limit)
                        .merge(api::docs())
                        .merge(web::ops(Some(db.clone()))),
                    Some(db),
                )
            }
            Role::Hotels => {
                let db = open_db(args, true).await?;
                let customers = args.service_url(&args.customers_url, "customers")?;
                let verifier =
                    fetch_verifier(&reqwest::Client::new(), &customers, DEPENDENCY_WAIT).await?;
                let router = api::hotels(HotelsState {
                    db: db.clone(),
                    verifier,
                })
                .merge(api::docs())
                .merge(web::art(db.clone()))
                .merge(web::ops(Some(db.clone())));
                (router, Some(db))
            }
            Role::Bookings => {
                let db = open_db(args, false).await?;
                let customers = args.service_url(&args.customers_url, "customers")?;
                let verifier =
                    fetch_verifier(&reqwest::Client::new(), &customers, DEPENDENCY_WAIT).await?;
                let state = BookingsState {
                    db: db.clone(),
                    verifier,
                };
                (
                    api::bookings(state, limit)
                        .merge(api::docs())
                        .merge(web::ops(Some(db.clone()))),
                    Some(db),
                )
            }
            Role::Web => {
                let urls = ServiceUrls {
                    customers: args.service_url(&args.customers_url, "customers")?,
                    hotels: args.service_url(&args.hotels_url, "hotels")?,
                    bookings: args.service_url(&args.bookings_url, "bookings")?,
                };
                let hotels = urls.hotels.clone();
                let backend = HttpBackend::connect(urls, DEPENDENCY_WAIT).await?;
                (
                    site(Arc::new(backend))
                        .merge(web::art_proxy(hotels))
                        .merge(web::ops(None)),
                    None,
                )
            }
            Role::Relay => {
                let db = open_db(args, false).await?;
                (web::ops(Some(db.clone())), Some(db))
            }
        };
        let relay = match (args.role, &db) {
            (Role::All | Role::Relay, Some(db)) => {
                let relay = Relay::from_args(db.clone(), &args.mail, &args.db.data_dir)
                    .context("setting up email delivery")?;
                tracing::info!(backend = %relay.mailer().describe(), "email delivery");
                Some(relay)
            }
            (Role::Bookings, _) => {
                tracing::info!("emails are written to the database; a relay role delivers them");
                None
            }
            _ => None,
        };
        tracing::info!(role = ?args.role, "serving");
        Ok(Self {
            listener,
            router: web::finish(router),
            db,
            relay,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// Serves (and relays email) until `shutdown` resolves, then lets in-flight requests and
    /// the email being sent finish.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let relay = self.relay.map(Relay::spawn);
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        if let Some(relay) = relay {
            relay.shutdown().await;
        }
        served?;
        if let Some(db) = self.db {
            db.close().await;
        }
        Ok(())
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
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
