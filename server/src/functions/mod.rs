//! OCI Functions: `create-booking` and `get-hotel-details`, the REST API's own operations served
//! over the Fn `http-stream` contract (a unix socket, one `POST /call` per invocation).
mod call;
mod listener;

use std::time::Instant;

use anyhow::Context;
use axum::Router;
use axum::routing::{get, post};
use clap::{Args, ValueEnum};

use crate::api;
use crate::config::ServeArgs;
use crate::customers::tokens::KEY_FILE_NAME;
use crate::http::{self, security};
use crate::metrics::Metrics;
use crate::oci::Oci;
use crate::outbox::Outbox;
use crate::state::App;
use crate::store::{self, Db};
use app::endpoints as ep;

pub use call::Call;
pub use listener::FnListener;

/// The operations deployed as functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Function {
    /// `POST /api/v1/bookings`: book a stay (token, idempotency key, no overbooking).
    CreateBooking,
    /// `GET /api/v1/hotels/{slug}`: a hotel, with prices and rooms left for a stay.
    GetHotelDetails,
}

impl Function {
    pub fn name(self) -> &'static str {
        match self {
            Function::CreateBooking => "create-booking",
            Function::GetHotelDetails => "get-hotel-details",
        }
    }

    /// The REST route this function serves, with the REST handler itself.
    fn routes(self) -> axum::Router<App> {
        match self {
            Function::CreateBooking => {
                Router::new().route(ep::CREATE_BOOKING.path, post(crate::bookings::api::create))
            }
            Function::GetHotelDetails => {
                Router::new().route(ep::HOTEL.path, get(crate::hotels::api::detail))
            }
        }
    }

    /// The REST path of the operation an invocation's original URL path names: the gateway may
    /// add its deployment prefix, so only the tail counts (`…/bookings`, `…/hotels/{slug}`);
    /// `None` when the path names another operation.
    pub fn rest_path(self, original: &str) -> Option<String> {
        let mut segments = original.trim_end_matches('/').rsplit('/');
        match self {
            Function::CreateBooking => {
                (segments.next()? == "bookings").then(|| ep::CREATE_BOOKING.path.to_owned())
            }
            Function::GetHotelDetails => {
                let slug = segments.next().filter(|s| !s.is_empty())?;
                (segments.next()? == "hotels").then(|| ep::HOTEL.fill(&[&decode(slug)]))
            }
        }
    }
}

/// A path segment as the client meant it (`ep::fill` encodes it again).
fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

#[derive(Args, Debug, Clone)]
pub struct FunctionArgs {
    /// The function to run (a function's configuration sets `VS_FUNCTION`).
    #[arg(env = "VS_FUNCTION", value_enum)]
    pub function: Function,
    /// Everything else is `serve`'s configuration: the database, token keys, mail and webhook
    /// settings, and `oci-vault:` references read through the resource principal.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Runs `args.function` until SIGTERM: opens the database (migrated beforehand by `vision-stays
/// migrate`, never by a function), loads the token keys, then listens on `FN_LISTENER`.
pub async fn run(args: FunctionArgs, started: Instant) -> anyhow::Result<()> {
    let listener = FnListener::from_env(&crate::oci::principal::process_env)?;
    // On SQLite the function keeps the database open like `serve`: a restore must wait.
    let lock = crate::backup::hold_data_dir(&args.serve.db)?;
    let db = open(&args.serve).await?;
    let oci = args.serve.connect_oci().await?;
    let metrics = Metrics::new();
    let app = app(&args.serve, &db, oci.as_ref(), &metrics)?;
    let router = http::finish(
        args.function
            .routes()
            .fallback(api::not_found)
            .with_state(app)
            .layer(axum::middleware::from_fn_with_state(
                db.clone(),
                http::outage::net,
            )),
        &metrics,
        args.serve.trusted_proxies.clone(),
        security::Headers {
            hsts: args.serve.public_https(),
        },
    );
    let socket = listener.bind()?;
    tracing::info!(
        function = args.function.name(),
        listener = %listener,
        database = db.kind(),
        cold_start_ms = started.elapsed().as_secs_f64() * 1000.0,
        "function ready"
    );
    let calls = Call::router(args.function, router);
    let served = axum::serve(socket, calls)
        .with_graceful_shutdown(crate::startup::shutdown_signal())
        .await;
    listener.remove();
    db.close().await;
    drop(lock);
    served.context("serving the function's socket")
}

/// The database, which must already hold every migration this binary knows.
async fn open(args: &ServeArgs) -> anyhow::Result<Db> {
    // OCI runs functions on a read-only root: with DATABASE_URL, the data dir is not made.
    let url = match &args.db.database_url {
        Some(url) => url.value()?.clone(),
        None => args.db.url()?,
    };
    let db = store::connect(&url, args.db.max_connections).await?;
    if !store::is_ready(&db).await {
        anyhow::bail!(
            "the database is not migrated to this version: run `vision-stays migrate` \
             (the deployment pipeline does) before the functions take calls"
        );
    }
    Ok(db)
}

/// The application value: tokens are checked with the customers service's keys, which a
/// function never generates (`VS_JWT_PRIVATE_KEY`, or the key kept in the data dir).
fn app(args: &ServeArgs, db: &Db, oci: Option<&Oci>, metrics: &Metrics) -> anyhow::Result<App> {
    let kept = args.db.data_dir.join(KEY_FILE_NAME);
    if args.jwt_private_key.is_none() && !kept.exists() {
        anyhow::bail!(
            "a function checks access tokens with the customers service's key: set \
             VS_JWT_PRIVATE_KEY (a value, oci-vault:<OCID> or VS_JWT_PRIVATE_KEY_FILE), or point \
             --data-dir at the folder holding {KEY_FILE_NAME}"
        );
    }
    let signer = crate::startup::signer(args)?;
    let outbox = Outbox::new(&args.mail).with_topic(oci.and_then(Oci::topic_id));
    let webhooks = args.webhooks.policy()?;
    Ok(App::for_services(
        db,
        &outbox,
        metrics,
        signer.verifier(),
        None,
        &webhooks,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_original_path_names_the_operation_whatever_the_prefix() {
        let create = Function::CreateBooking;
        for path in ["/api/v1/bookings", "/bookings", "/v1/bookings/", "bookings"] {
            assert_eq!(
                create.rest_path(path).as_deref(),
                Some("/api/v1/bookings"),
                "{path}"
            );
        }
        assert_eq!(create.rest_path("/api/v1/bookings/VS-1/cancel"), None);
        assert_eq!(create.rest_path("/"), None);
        let hotel = Function::GetHotelDetails;
        assert_eq!(
            hotel.rest_path("/api/v1/hotels/casa-do-tejo").as_deref(),
            Some("/api/v1/hotels/casa-do-tejo")
        );
        assert_eq!(
            hotel.rest_path("/hotels/casa%20do%20tejo/").as_deref(),
            Some("/api/v1/hotels/casa%20do%20tejo")
        );
        for other in [
            "/api/v1/hotels",
            "/api/v1/hotels/",
            "/api/v1/rooms/x",
            "/x/y/z",
        ] {
            assert_eq!(hotel.rest_path(other), None, "{other}");
        }
    }
}
