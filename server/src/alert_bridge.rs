//! `vision-stays alert-bridge`: Alertmanager's webhook in, OCI Notifications out, so a page
//! reaches the on-call topic's subscriptions (SMS, PagerDuty, Slack) as well as email.
use std::net::SocketAddr;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::oci::Oci;
use crate::secrets::{Secret, Slot, slot};

/// OCI Notifications refuses messages over 64 KB; the body is cut well below it.
const MAX_BODY: usize = 60 * 1024;

#[derive(clap::Args, Debug)]
pub struct AlertBridgeArgs {
    /// Where Alertmanager posts (`webhook_configs[].url` is http://<this>/alert).
    #[arg(long, env = "VS_ALERT_BRIDGE_ADDR", default_value = "127.0.0.1:9095")]
    pub addr: SocketAddr,
    /// The bearer token Alertmanager sends (`http_config.authorization.credentials_file`);
    /// requests without it are refused.
    #[arg(long, env = "VS_ALERT_BRIDGE_TOKEN", hide_env_values = true)]
    pub token: Option<Secret<String>>,
}

impl AlertBridgeArgs {
    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        vec![slot("VS_ALERT_BRIDGE_TOKEN", &mut self.token)]
    }
}

/// Alertmanager's webhook payload (version 4), the parts a message needs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub version: String,
    pub status: String,
    #[serde(default)]
    pub alerts: Vec<Alert>,
    #[serde(default)]
    pub common_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub external_url: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub status: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub starts_at: String,
}

#[derive(Clone)]
struct Bridge {
    oci: Oci,
    topic: String,
    token: String,
}

/// The bridge's routes: `POST /alert` and `GET /healthz`.
pub fn router(oci: Oci, topic: String, token: String) -> Router {
    Router::new()
        .route("/alert", post(alert))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(Bridge { oci, topic, token })
}

/// Runs the bridge until `shutdown` resolves.
pub async fn run(
    args: &AlertBridgeArgs,
    oci: Option<Oci>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let oci = oci.context("the alert bridge publishes to OCI Notifications: set VS_OCI_AUTH")?;
    let topic = oci
        .topic_id()
        .context("the alert bridge needs VS_OCI_TOPIC_ID: the on-call topic")?
        .to_owned();
    let token = match &args.token {
        Some(secret) => secret.value()?.trim().to_owned(),
        None => String::new(),
    };
    // An empty token would let `Authorization: Bearer ` in: refuse to start instead.
    anyhow::ensure!(
        token.len() >= 16,
        "the alert bridge needs VS_ALERT_BRIDGE_TOKEN of at least 16 characters: the bearer \
         token Alertmanager sends"
    );
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    tracing::info!(addr = %listener.local_addr()?, "alert bridge: Alertmanager → OCI Notifications");
    axum::serve(listener, router(oci, topic, token))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

async fn alert(State(bridge): State<Bridge>, headers: HeaderMap, body: String) -> Response {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let matches = presented.is_some_and(|t| {
        use subtle::ConstantTimeEq;
        t.as_bytes().ct_eq(bridge.token.as_bytes()).into()
    });
    if !matches {
        return (
            StatusCode::UNAUTHORIZED,
            "a valid bearer token is required\n",
        )
            .into_response();
    }
    let notification: Notification = match serde_json::from_str(&body) {
        Ok(n) => n,
        Err(e) => {
            let why = format!("not an Alertmanager webhook payload: {e}\n");
            return (StatusCode::BAD_REQUEST, why).into_response();
        }
    };
    if notification.version != "4" {
        let why = format!(
            "webhook payload version {} (4 expected)\n",
            notification.version
        );
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    let (title, text) = message(&notification);
    match bridge
        .oci
        .publish_message(&bridge.topic, &title, &text)
        .await
    {
        Ok(published) => {
            tracing::info!(%title, message_id = %published.message_id, "alert published to the on-call topic");
            (StatusCode::OK, "published\n").into_response()
        }
        Err(e) => {
            // 5xx: Alertmanager retries the notification until its group's next interval.
            tracing::warn!(%title, error = %e, "cannot publish the alert; Alertmanager will retry");
            (
                StatusCode::BAD_GATEWAY,
                "OCI Notifications did not take it\n",
            )
                .into_response()
        }
    }
}

/// The message's title and plain-text body: what fires or resolved, and where to look.
pub fn message(n: &Notification) -> (String, String) {
    let name = n
        .common_labels
        .get("alertname")
        .map_or("alerts", String::as_str);
    let severity = n
        .common_labels
        .get("severity")
        .map_or(String::new(), |s| format!("{} ", s.to_uppercase()));
    let title = format!(
        "[{severity}{}] {name} ({})",
        n.status.to_uppercase(),
        n.alerts.len()
    );
    let mut text = String::new();
    for a in &n.alerts {
        let what = a
            .annotations
            .get("summary")
            .cloned()
            .unwrap_or_else(|| format!("{:?}", a.labels));
        text.push_str(&format!("{} — {what}\n", a.status.to_uppercase()));
        for key in ["description", "runbook_url"] {
            if let Some(v) = a.annotations.get(key) {
                text.push_str(&format!("  {v}\n"));
            }
        }
        let labels: Vec<String> = a
            .labels
            .iter()
            .filter(|(k, _)| !["alertname", "severity"].contains(&k.as_str()))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        text.push_str(&format!("  since {} · {}\n", a.starts_at, labels.join(" ")));
    }
    if !n.external_url.is_empty() {
        text.push_str(&format!("\nAlertmanager: {}\n", n.external_url));
    }
    if text.len() > MAX_BODY {
        let mut cut = MAX_BODY;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n… (cut: see Alertmanager for the rest)\n");
    }
    (title, text)
}
