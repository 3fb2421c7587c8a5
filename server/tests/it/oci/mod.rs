//! The OCI client against someone else's code: our signatures equal the OCI Python SDK's, each
//! principal signs requests the signature-checking stand-in accepts, and secret settings come
//! from Vault and `_FILE`s in the real binary.
mod alert_bridge;
mod env_only;
mod functions;
mod monitoring;
mod principals;
mod sdk;
mod secrets;

use std::collections::HashMap;

use server::oci::{AuthKind, Oci, OciArgs};

/// The client the variables `pairs` describe (`VS_OCI_*` as flags would give them, the rest as
/// the principal's environment), made in this process without touching its environment.
pub async fn client(pairs: &[(String, String)]) -> anyhow::Result<Oci> {
    let env: HashMap<String, String> = pairs.iter().cloned().collect();
    let get = |name: &str| env.get(name).cloned();
    let url = |name: &str| get(name).map(|u| u.parse().unwrap());
    let auth = match get("VS_OCI_AUTH").as_deref() {
        Some("api-key") => AuthKind::ApiKey,
        Some("instance-principal") => AuthKind::InstancePrincipal,
        Some("resource-principal") => AuthKind::ResourcePrincipal,
        Some("workload-identity") => AuthKind::WorkloadIdentity,
        other => panic!("VS_OCI_AUTH {other:?}"),
    };
    let args = OciArgs {
        auth: Some(auth),
        config_file: get("VS_OCI_CONFIG_FILE").map(Into::into),
        profile: get("VS_OCI_PROFILE"),
        region: get("VS_OCI_REGION"),
        secrets_endpoint: url("VS_OCI_SECRETS_ENDPOINT"),
        streaming_endpoint: url("VS_OCI_STREAMING_ENDPOINT"),
        notifications_endpoint: url("VS_OCI_NOTIFICATIONS_ENDPOINT"),
        stream_id: get("VS_OCI_STREAM_ID"),
        topic_id: get("VS_OCI_TOPIC_ID"),
        ..Default::default()
    };
    let oci = Oci::from_args_with_env(&args, &get).await?;
    Ok(oci.expect("VS_OCI_AUTH is set"))
}
