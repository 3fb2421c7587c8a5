//! Building and running the app: used by `main` and by the integration tests.
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::backend::InProcess;
use crate::config::ServeArgs;
use crate::store::{self, Db};
use crate::web::{self, WebState};

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    pub db: Db,
}

impl Application {
    /// Opens and migrates the database, loads demo data when asked, binds the address.
    pub async fn build(args: &ServeArgs) -> anyhow::Result<Self> {
        let url = args.db.url()?;
        let db = store::connect(&url).await?;
        store::migrate(&db).await?;
        if !args.no_demo_data {
            let added = crate::demo::load_if_empty(&db)
                .await
                .context("loading demo data")?;
            if added > 0 {
                tracing::info!(hotels = added, "loaded demo hotels into the empty database");
            }
        }
        if !web::assets_built() {
            tracing::warn!(
                "this binary was built without the site bundle: pages render but do not hydrate (build with `cargo xtask build`)"
            );
        }
        let listener = TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr()?;
        let signer = crate::customers::tokens::Signer::load_or_generate(
            &args.db.data_dir,
            args.jwt_private_key.as_deref(),
        )
        .context("loading the token signing key")?;
        let state = WebState {
            leptos_options: web::leptos_options(addr),
            backend: Arc::new(InProcess { db: db.clone() }),
            db: db.clone(),
            secure_cookies: args.secure_cookies,
            verifier: signer.verifier(),
            signer: Arc::new(signer),
            rate_limit: web::limits::RateLimit {
                per_minute: args.rate_limit_per_minute,
                burst: args.rate_limit_burst,
            },
        };
        Ok(Self {
            listener,
            router: web::router(state),
            db,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await?;
        self.db.close().await;
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
