//! Building and running the app in any role: used by `main` and by the integration tests.
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::client::Client;
use app::ssr::Cookies;
use axum::Router;
use tokio::net::TcpListener;

use crate::api::{self, Services};
use crate::backup::DataDirLock;
use crate::backup::schedule::Scheduler;
use crate::config::{Role, ServeArgs};
use crate::customers::tokens::{Signer, Verifier};
use crate::http::{self, limits::RateLimit};
use crate::metrics::Metrics;
use crate::metrics::oci_post::{Poster, Source};
use crate::oci::Oci;
use crate::outbox::events::{EventRelay, EventRelayConfig};
use crate::outbox::webhooks::Deliverer;
use crate::outbox::{Outbox, Relay};
use crate::state::App;
use crate::store::{self, Db};
use crate::web::local::{Local, LocalSessions};
use crate::web::remote::{Remote, RemoteSessions, ServiceUrls, fetch_verifier};
use crate::web::{self, SiteState};

/// How long a role waits for the services it depends on to come up.
mod run;

const DEPENDENCY_WAIT: Duration = Duration::from_secs(60);

pub struct Application {
    listener: TcpListener,
    /// `/metrics`, on its own address (`--metrics-addr`).
    metrics_listener: TcpListener,
    router: Router,
    /// The database, for roles that own tables (none for the web role).
    pub db: Option<Db>,
    /// The services' application value, for roles that run a service.
    pub app: Option<App>,
    /// The email relay, for the roles that deliver email (all, relay).
    relay: Option<Relay>,
    /// The webhook deliverer, beside the email relay.
    deliverer: Option<Deliverer>,
    /// The event relay, for those roles when a stream or topic is configured.
    events: Option<EventRelay>,
    /// Posts the alarms' gauges to OCI Monitoring when `VS_OCI_MONITORING_NAMESPACE` is set.
    poster: Option<Poster>,
    /// Scheduled backups (`--backup-every`, SQLite only).
    backups: Option<Scheduler>,
    /// The data dir's shared lock, held while the database is open so `restore` refuses to
    /// run (roles with a SQLite database only).
    lock: Option<DataDirLock>,
    metrics: Metrics,
}

/// The role's database, migrated, with the demo loaded when asked for and `demo` allows.
async fn open_db(args: &ServeArgs, demo: bool) -> anyhow::Result<Db> {
    // A fresh SQLite data dir will load the demo: its password's hash runs beside the migrations.
    let fresh =
        args.db.database_url.is_none() && !store::sqlite_file_in(&args.db.data_dir).exists();
    let early = if demo && args.demo_data && fresh {
        Some(crate::demo::Password::start(&args.demo)?)
    } else {
        None
    };
    let db = args.db.connect().await?;
    store::migrate(&db).await?;
    if demo && args.demo_data {
        let added = crate::demo::load_if_empty(&db, &args.demo, early)
            .await
            .context("loading demo data")?;
        if added > 0 {
            tracing::info!(hotels = added, "loaded demo hotels into the empty database");
        }
    }
    Ok(db)
}

pub(crate) fn signer(args: &ServeArgs) -> anyhow::Result<Arc<Signer>> {
    let pem = args
        .jwt_private_key
        .as_ref()
        .map(|s| s.value())
        .transpose()?;
    let mut signer = Signer::load_or_generate(&args.db.data_dir, pem.map(String::as_str))
        .context("loading the token signing key")?;
    if let Some(pem) = &args.jwt_previous_key {
        let pem = pem.value()?;
        signer = signer
            .with_previous(pem)
            .context("loading the previous token signing key (--jwt-previous-key)")?;
    }
    tracing::info!(signer = ?signer, "token keys");
    Ok(Arc::new(signer))
}

/// [`signer`] on a blocking thread, beside the database's migrations and demo: a fresh data
/// dir's RSA key takes a core for 100 ms or more.
fn signer_in_background(args: &ServeArgs) -> tokio::task::JoinHandle<anyhow::Result<Arc<Signer>>> {
    let args = args.clone();
    tokio::task::spawn_blocking(move || signer(&args))
}

/// The customers service's keys, fetched from where it runs.
async fn remote_verifier(args: &ServeArgs) -> anyhow::Result<Verifier> {
    let customers = args.service_url(&args.customers_url, "customers")?;
    fetch_verifier(&customers, DEPENDENCY_WAIT).await
}

/// The web's client of the services running in this process: the same routes, called inside
/// the process and not rate-limited (the web limits its own forms).
pub fn in_process_client(app: &App) -> Client {
    let local = Local::new(api::router(app.clone(), Services::ALL, None));
    let sessions = LocalSessions { app: app.clone() };
    Client::new(Arc::new(local)).with_sessions(Arc::new(sessions))
}

/// The web's client of services that run as their own roles at `urls`; waits up to `wait` for
/// the customers service's keys.
pub async fn remote_client(urls: ServiceUrls, wait: Duration) -> anyhow::Result<Client> {
    let verifier = fetch_verifier(&urls.customers, wait).await?;
    let client = Client::new(Arc::new(Remote::new(urls)?));
    let sessions = RemoteSessions {
        client: client.clone(),
        verifier,
    };
    Ok(client.with_sessions(Arc::new(sessions)))
}

/// What `build` puts together for one role.
struct Parts {
    router: Router,
    db: Option<Db>,
    app: Option<App>,
}

impl Application {
    /// Opens and migrates the role's database, loads demo data when asked, binds the address.
    pub async fn build(args: &ServeArgs) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        let metrics_listener = TcpListener::bind(args.metrics_addr)
            .await
            .with_context(|| {
                format!(
                    "cannot listen for metrics on {} (another process has it? set --metrics-addr, \
                 e.g. 127.0.0.1:0 for any free port)",
                    args.metrics_addr
                )
            })?;
        let metrics = Metrics::new();
        // Before the database opens: a restore in progress must not see it half-replaced.
        let lock = match args.role {
            Role::Web => None,
            _ => crate::backup::hold_data_dir(&args.db)?,
        };
        let oci = args.connect_oci().await?;
        let outbox = Outbox::new(&args.mail).with_topic(oci.as_ref().and_then(Oci::topic_id));
        let limit = RateLimit {
            per_minute: args.rate_limit_per_minute,
            burst: args.rate_limit_burst,
        };
        let site = |client: Client| {
            if !web::assets_built() {
                tracing::warn!(
                    "built without the site bundle: pages render but their islands stay inert (use `cargo xtask build`)"
                );
            }
            web::site(SiteState {
                leptos_options: web::leptos_options(addr),
                client,
                cookies: Cookies {
                    secure: args.secure_cookies(),
                },
                rate_limit: limit,
            })
        };
        let webhooks = args.webhooks.policy()?;
        let app = |db: &Db, verifier: Verifier, signer: Option<Arc<Signer>>| {
            App::for_services(db, &outbox, &metrics, verifier, signer, &webhooks)
        };
        let services = |app: &App, services: Services| {
            api::router(app.clone(), services, Some(limit)).merge(api::docs())
        };
        let Parts { router, db, app } = match args.role {
            Role::All => {
                let signing = signer_in_background(args);
                let db = open_db(args, true).await?;
                let signer = signing
                    .await
                    .context("generating the token signing key")??;
                let app = app(&db, signer.verifier(), Some(signer));
                let router = site(in_process_client(&app))
                    .merge(services(&app, Services::ALL))
                    .merge(crate::hotels::art::routes(&app));
                Parts {
                    router,
                    db: Some(db),
                    app: Some(app),
                }
            }
            Role::Customers => {
                let signing = signer_in_background(args);
                let db = open_db(args, false).await?;
                let signer = signing
                    .await
                    .context("generating the token signing key")??;
                let app = app(&db, signer.verifier(), Some(signer));
                let only = Services {
                    customers: true,
                    ..Services::default()
                };
                Parts {
                    router: services(&app, only),
                    db: Some(db),
                    app: Some(app),
                }
            }
            Role::Hotels => {
                let db = open_db(args, true).await?;
                let app = app(&db, remote_verifier(args).await?, None);
                let only = Services {
                    hotels: true,
                    ..Services::default()
                };
                let router = services(&app, only).merge(crate::hotels::art::routes(&app));
                Parts {
                    router,
                    db: Some(db),
                    app: Some(app),
                }
            }
            Role::Bookings => {
                let db = open_db(args, false).await?;
                let app = app(&db, remote_verifier(args).await?, None);
                let only = Services {
                    bookings: true,
                    ..Services::default()
                };
                Parts {
                    router: services(&app, only),
                    db: Some(db),
                    app: Some(app),
                }
            }
            Role::Web => {
                let urls = ServiceUrls {
                    customers: args.service_url(&args.customers_url, "customers")?,
                    hotels: args.service_url(&args.hotels_url, "hotels")?,
                    bookings: args.service_url(&args.bookings_url, "bookings")?,
                };
                let hotels = urls.hotels.clone();
                let router =
                    site(remote_client(urls, DEPENDENCY_WAIT).await?).merge(web::art_proxy(hotels));
                Parts {
                    router,
                    db: None,
                    app: None,
                }
            }
            Role::Relay => {
                let db = open_db(args, false).await?;
                Parts {
                    router: Router::new(),
                    db: Some(db),
                    app: None,
                }
            }
        };
        let mut router = router.merge(http::ops(db.clone()));
        if let Some(db) = &db {
            router = router.layer(axum::middleware::from_fn_with_state(
                db.clone(),
                http::outage::net,
            ));
        }
        if matches!(args.role, Role::All | Role::Bookings) {
            metrics.declare_counters("bookings_idempotent_replays_total", &[&[]]);
        }
        let relay = match (args.role, &db) {
            (Role::All | Role::Relay, Some(db)) => {
                let relay = Relay::from_args(db.clone(), &args.mail, &args.db.data_dir)
                    .context("setting up email delivery")?
                    .for_app(&outbox, &metrics);
                tracing::info!(backend = %relay.mailer().describe(), "email delivery");
                Some(relay)
            }
            (Role::Bookings, _) => {
                tracing::info!("emails are written to the database; a relay role delivers them");
                None
            }
            _ => None,
        };
        let deliverer = match (&relay, &db) {
            (Some(_), Some(db)) => Some(Deliverer::new(
                db.clone(),
                args.webhooks.clone(),
                &webhooks,
                &outbox,
                &metrics,
            )),
            _ => None,
        };
        let events = match (args.role, &db) {
            (Role::All | Role::Relay, Some(db)) => {
                let config = EventRelayConfig::from_args(&args.events);
                EventRelay::on_oci(db, config, oci.as_ref(), &outbox, &metrics)
            }
            _ => None,
        };
        let poster = Poster::new(
            oci.as_ref(),
            &metrics,
            db.clone(),
            Source::new(args.role.as_str(), &args.release_track),
            Duration::from_secs(args.oci.monitoring_interval.max(1)),
        );
        let backups = Scheduler::new(&args.backups, db.as_ref(), &args.db, &metrics)?;
        tracing::info!(
            role = ?args.role,
            metrics = %metrics_listener.local_addr()?,
            trusted_proxies = ?args.trusted_proxies.nets(),
            "serving"
        );
        Ok(Self {
            listener,
            metrics_listener,
            router: http::finish(
                router,
                &metrics,
                args.trusted_proxies.clone(),
                http::security::Headers {
                    hsts: args.public_https(),
                },
            ),
            db,
            app,
            relay,
            deliverer,
            events,
            poster,
            backups,
            lock,
            metrics,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// Where `/metrics` is served.
    pub fn metrics_addr(&self) -> SocketAddr {
        self.metrics_listener
            .local_addr()
            .expect("bound listener has an address")
    }
}

pub use crate::shutdown::signal as shutdown_signal;
