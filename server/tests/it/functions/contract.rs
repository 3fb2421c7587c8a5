//! The web's contract suite (`backends.rs`) once more, through the API Gateway stand-in serving
//! the real deployment specification, with the two real functions behind it (started as Fn
//! starts them) and the services at the app: reads and the whole guest journey answer as the
//! in-process backend does, and the function routes really reach the functions.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use app::client::Client;
use serde_json::json;
use server::web::remote::{Remote, RemoteSessions, ServiceUrls, fetch_verifier};

use super::*;
use crate::backends::{guest_journey, reads_agree};
use crate::common::backends;
use crate::common::fn_agent::{FRAME_NAME, FnFunction};
use crate::common::gateway::{Gateway, Invoke, render, template};

const CREATE_BOOKING_ID: &str = "ocid1.fnfunc.oc1.test.create-booking";
const HOTEL_DETAILS_ID: &str = "ocid1.fnfunc.oc1.test.get-hotel-details";

/// The gateway in front of `app` and the two functions, and the web's client of it.
struct ThroughTheGateway {
    client: Client,
    functions: Arc<HashMap<&'static str, FnFunction>>,
    _gateway: Gateway,
}

impl ThroughTheGateway {
    async fn start(app: &TestApp) -> Self {
        let functions = Arc::new(HashMap::from([
            (
                CREATE_BOOKING_ID,
                FnFunction::start(app, CREATE_BOOKING).await,
            ),
            (
                HOTEL_DETAILS_ID,
                FnFunction::start(app, GET_HOTEL_DETAILS).await,
            ),
        ]));
        let base = app.url("");
        let jwks = app.url("/.well-known/jwks.json");
        let origin = app.origin();
        let mut spec = render(
            &template(),
            &[
                ("create_booking_function_id", CREATE_BOOKING_ID),
                ("get_hotel_details_function_id", HOTEL_DETAILS_ID),
                ("customers_url", &base),
                ("hotels_url", &base),
                ("bookings_url", &base),
                ("jwks_uri", &jwks),
                ("site_origin", &origin),
            ],
        )
        .unwrap();
        // One test client is one IP, faster than a guest: the limit is tested in gateway/.
        spec["requestPolicies"]["rateLimiting"]["rateInRequestsPerSecond"] = json!(10_000);
        let called = functions.clone();
        let invoke: Invoke = Arc::new(move |id, req| {
            let called = called.clone();
            Box::pin(async move {
                let function = called.get(id.as_str()).expect("a function the spec names");
                function.call(req).await
            })
        });
        let gateway = Gateway::start(&spec, invoke).await;
        let url = gateway.url("");
        let urls = ServiceUrls {
            customers: url.clone(),
            hotels: url.clone(),
            bookings: url,
        };
        let client = Client::new(Arc::new(Remote::new(urls).unwrap()));
        // The web checks its session tokens with the customers service's keys, inside the VCN.
        let verifier = fetch_verifier(&base, Duration::from_secs(10))
            .await
            .unwrap();
        let sessions = RemoteSessions {
            client: client.clone(),
            verifier,
        };
        ThroughTheGateway {
            client: client.with_sessions(Arc::new(sessions)),
            functions,
            _gateway: gateway,
        }
    }

    /// How many calls `id`'s function has taken (each call's log frame is on stdout and stderr).
    fn calls(&self, id: &str) -> usize {
        let log = self.functions[id].log_text();
        log.matches(&format!("\n{FRAME_NAME}=")).count() / 2
    }
}

#[tokio::test]
async fn reads_through_the_gateway_and_its_function_answer_as_in_process() {
    let app = TestApp::spawn().await;
    let (local, _) = backends(&app).await;
    let gateway = ThroughTheGateway::start(&app).await;
    reads_agree(&app, &local, &gateway.client).await;
    assert!(
        gateway.calls(HOTEL_DETAILS_ID) >= 4,
        "hotel details came from the function"
    );
    assert_eq!(gateway.calls(CREATE_BOOKING_ID), 0);
}

#[tokio::test]
async fn the_guest_journey_holds_through_the_gateway_and_its_functions() {
    let app = TestApp::spawn().await;
    let gateway = ThroughTheGateway::start(&app).await;
    guest_journey(&app, &gateway.client, 3).await;
    // Booked, replayed, key reused, a bad email, no such room, and the last room twice.
    assert!(
        gateway.calls(CREATE_BOOKING_ID) >= 7,
        "bookings went through the function: {}",
        gateway.calls(CREATE_BOOKING_ID)
    );
}
