//! Oracle Cloud over plain HTTPS: one request signer, the four principals (API key, instance,
//! resource, workload identity), and clients of Vault, Streaming, Notifications and Monitoring.
pub mod client;
pub mod endpoints;
pub mod error;
pub mod monitoring;
pub mod notifications;
pub mod principal;
pub mod signer;
pub mod streaming;
pub mod vault;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use url::Url;

pub use endpoints::Endpoints;
pub use error::OciError;
pub use monitoring::{Datapoint, MetricData, MetricNamespace, PostMetricDataResult};
pub use notifications::PublishResult;
pub use principal::{AuthKind, Env, Principal};
pub use streaming::{
    CursorPosition, Messages, PutEntry, PutMessagesResult, StreamMessage, StreamRecord,
};
pub use vault::SecretValue;

/// OCI settings, shared by every command (`oci-vault:` secrets need them before anything).
/// Principal-specific settings use Oracle's own variables (`OCI_RESOURCE_PRINCIPAL_*`,
/// `OCI_METADATA_BASE_URL`, `KUBERNETES_SERVICE_HOST`, ...), read when the principal is made.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OciArgs {
    /// How this process signs its OCI requests; unset: it makes none (and `oci-vault:`
    /// settings, `--oci-stream-id` and `--oci-topic-id` are refused).
    #[arg(long = "oci-auth", env = "VS_OCI_AUTH", value_enum, global = true)]
    pub auth: Option<AuthKind>,
    /// The OCI config file of the api-key principal [default: ~/.oci/config].
    #[arg(long = "oci-config-file", env = "VS_OCI_CONFIG_FILE", global = true)]
    pub config_file: Option<PathBuf>,
    /// The profile of that file [default: DEFAULT].
    #[arg(long = "oci-profile", env = "VS_OCI_PROFILE", global = true)]
    pub profile: Option<String>,
    /// The region (e.g. eu-frankfurt-1); default: the principal's (config file, instance
    /// metadata, OCI_RESOURCE_PRINCIPAL_REGION).
    #[arg(long = "oci-region", env = "VS_OCI_REGION", global = true)]
    pub region: Option<String>,
    /// The Vault secrets endpoint [default: https://secrets.vaults.<region>.oci.oraclecloud.com].
    #[arg(
        long = "oci-secrets-endpoint",
        env = "VS_OCI_SECRETS_ENDPOINT",
        global = true
    )]
    pub secrets_endpoint: Option<Url>,
    /// The stream pool's messages endpoint (required with --oci-stream-id: it is per pool,
    /// shown on the stream's page and by `oci streaming admin stream get`).
    #[arg(
        long = "oci-streaming-endpoint",
        env = "VS_OCI_STREAMING_ENDPOINT",
        global = true
    )]
    pub streaming_endpoint: Option<Url>,
    /// The topic's API endpoint [default: https://notification.<region>.oci.oraclecloud.com].
    #[arg(
        long = "oci-notifications-endpoint",
        env = "VS_OCI_NOTIFICATIONS_ENDPOINT",
        global = true
    )]
    pub notifications_endpoint: Option<Url>,
    /// The stream that receives every booking event.
    #[arg(long = "oci-stream-id", env = "VS_OCI_STREAM_ID", global = true)]
    pub stream_id: Option<String>,
    /// The Notifications topic that receives admin alerts.
    #[arg(long = "oci-topic-id", env = "VS_OCI_TOPIC_ID", global = true)]
    pub topic_id: Option<String>,
    /// Monitoring's ingestion endpoint [default: https://telemetry-ingestion.<region>.oraclecloud.com].
    #[arg(
        long = "oci-monitoring-endpoint",
        env = "VS_OCI_MONITORING_ENDPOINT",
        global = true
    )]
    pub monitoring_endpoint: Option<Url>,
    /// Post the gauges the page alerts need to OCI Monitoring under this custom namespace
    /// (e.g. vision_stays); unset: nothing is posted.
    #[arg(
        long = "oci-monitoring-namespace",
        env = "VS_OCI_MONITORING_NAMESPACE",
        global = true
    )]
    pub monitoring_namespace: Option<MetricNamespace>,
    /// The compartment the custom metrics belong to (required with the namespace).
    #[arg(
        long = "oci-monitoring-compartment-id",
        env = "VS_OCI_MONITORING_COMPARTMENT_ID",
        global = true
    )]
    pub monitoring_compartment_id: Option<String>,
    /// Seconds between two posts to OCI Monitoring (the alarms read one-minute intervals).
    #[arg(
        long = "oci-monitoring-interval",
        env = "VS_OCI_MONITORING_INTERVAL",
        default_value_t = 60,
        global = true
    )]
    pub monitoring_interval: u64,
}

/// The OCI client: principal, region, endpoints and one HTTP client. Cheap to clone.
#[derive(Clone)]
pub struct Oci {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    principal: Principal,
    region: String,
    endpoints: Endpoints,
    stream_id: Option<String>,
    topic_id: Option<String>,
    monitoring: Option<(MetricNamespace, String)>,
}

impl std::fmt::Debug for Oci {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oci")
            .field("auth", &self.inner.principal.kind())
            .field("region", &self.inner.region)
            .field("endpoints", &self.inner.endpoints)
            .finish_non_exhaustive()
    }
}

impl Oci {
    /// The client `args` describe, its principal ready to sign (a token principal has fetched
    /// its first token); `None` when `VS_OCI_AUTH` is not set.
    pub async fn from_args(args: &OciArgs) -> anyhow::Result<Option<Oci>> {
        Self::from_args_with_env(args, &principal::process_env).await
    }

    /// [`Oci::from_args`] with the principal's variables (`OCI_*`, `KUBERNETES_SERVICE_HOST`,
    /// `HOME`) looked up in `env` instead of the process environment.
    pub async fn from_args_with_env(args: &OciArgs, env: Env<'_>) -> anyhow::Result<Option<Oci>> {
        let Some(kind) = args.auth else {
            if args.stream_id.is_some() || args.topic_id.is_some() {
                bail!(
                    "VS_OCI_STREAM_ID and VS_OCI_TOPIC_ID need VS_OCI_AUTH (the principal to publish as)"
                );
            }
            if args.monitoring_namespace.is_some() {
                bail!("VS_OCI_MONITORING_NAMESPACE needs VS_OCI_AUTH (the principal to post as)");
            }
            return Ok(None);
        };
        if args.monitoring_namespace.is_some() != args.monitoring_compartment_id.is_some() {
            bail!(
                "VS_OCI_MONITORING_NAMESPACE and VS_OCI_MONITORING_COMPARTMENT_ID go together: \
                 custom metrics need both a namespace and the compartment they belong to"
            );
        }
        if args.stream_id.is_some() && args.streaming_endpoint.is_none() {
            bail!(
                "VS_OCI_STREAM_ID needs VS_OCI_STREAMING_ENDPOINT: the stream pool's messages endpoint \
                 (e.g. https://cell-1.streaming.<region>.oci.oraclecloud.com; see the stream's page)"
            );
        }
        let principal = Principal::new(kind, args, env).await.with_context(|| {
            format!(
                "setting up the OCI principal (VS_OCI_AUTH={})",
                auth_name(kind)
            )
        })?;
        let region = match (args.region.as_deref(), principal.region()) {
            (Some(region), _) | (None, Some(region)) => endpoints::region_id(region),
            (None, None) => bail!(
                "VS_OCI_AUTH={} names no region: set VS_OCI_REGION",
                auth_name(kind)
            ),
        };
        let endpoints = Endpoints::new(
            &region,
            args.secrets_endpoint.as_ref(),
            args.streaming_endpoint.as_ref(),
            args.notifications_endpoint.as_ref(),
            args.monitoring_endpoint.as_ref(),
        )?;
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .user_agent(concat!("vision-stays/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .context("building the OCI HTTP client")?;
        tracing::info!(auth = auth_name(kind), %region, "OCI principal ready");
        Ok(Some(Oci {
            inner: Arc::new(Inner {
                http,
                principal,
                region,
                endpoints,
                stream_id: args.stream_id.clone(),
                topic_id: args.topic_id.clone(),
                monitoring: args
                    .monitoring_namespace
                    .clone()
                    .zip(args.monitoring_compartment_id.clone()),
            }),
        }))
    }

    pub fn region(&self) -> &str {
        &self.inner.region
    }

    pub fn auth(&self) -> AuthKind {
        self.inner.principal.kind()
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.inner.endpoints
    }

    /// `VS_OCI_STREAM_ID`: where booking events go.
    pub fn stream_id(&self) -> Option<&str> {
        self.inner.stream_id.as_deref()
    }

    /// `VS_OCI_TOPIC_ID`: where admin alerts go.
    pub fn topic_id(&self) -> Option<&str> {
        self.inner.topic_id.as_deref()
    }

    /// `VS_OCI_MONITORING_NAMESPACE` and its compartment: where custom metrics go.
    pub fn monitoring(&self) -> Option<(&MetricNamespace, &str)> {
        self.inner
            .monitoring
            .as_ref()
            .map(|(namespace, compartment)| (namespace, compartment.as_str()))
    }
}

/// The `VS_OCI_AUTH` spelling of `kind`.
pub fn auth_name(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::ApiKey => "api-key",
        AuthKind::InstancePrincipal => "instance-principal",
        AuthKind::ResourcePrincipal => "resource-principal",
        AuthKind::WorkloadIdentity => "workload-identity",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        oci: OciArgs,
    }

    #[tokio::test]
    async fn no_auth_no_client_but_a_stream_without_auth_is_refused() {
        let args = Cli::parse_from(["x"]).oci;
        assert!(Oci::from_args(&args).await.unwrap().is_none());
        let args = Cli::parse_from(["x", "--oci-stream-id", "ocid1.stream.oc1..s"]).oci;
        let err = Oci::from_args(&args).await.unwrap_err();
        assert!(err.to_string().contains("need VS_OCI_AUTH"), "{err}");
        let args = Cli::parse_from(["x", "--oci-auth", "api-key", "--oci-stream-id", "s"]).oci;
        let err = Oci::from_args(&args).await.unwrap_err();
        assert!(
            err.to_string().contains("VS_OCI_STREAMING_ENDPOINT"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_monitoring_namespace_needs_auth_a_compartment_and_oci_rules() {
        let args = Cli::parse_from(["x", "--oci-monitoring-namespace", "vision_stays"]).oci;
        let err = Oci::from_args(&args).await.unwrap_err();
        assert!(err.to_string().contains("needs VS_OCI_AUTH"), "{err}");
        let args = Cli::parse_from([
            "x",
            "--oci-auth",
            "api-key",
            "--oci-monitoring-namespace",
            "vision_stays",
        ])
        .oci;
        let err = Oci::from_args(&args).await.unwrap_err();
        assert!(err.to_string().contains("go together"), "{err}");
        let err = Cli::try_parse_from(["x", "--oci-monitoring-namespace", "oci_stays"])
            .err()
            .unwrap();
        assert!(err.to_string().contains("reserved"), "{err}");
    }

    #[test]
    fn auth_names_are_the_flag_values() {
        use clap::ValueEnum;
        for kind in AuthKind::value_variants() {
            let name = kind.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(auth_name(*kind), name);
        }
    }
}
