//! The OCI stand-in for the tests: `tests/python/oci_standin.py` as a child process that checks every
//! request's signature as OCI does, with an API key and OCI config file made here, the
//! environment each principal needs, and its test controls (secrets, outages, read-back).
//!
//! ```ignore
//! let oci = OciStandIn::start().await;
//! oci.put_secret("ocid1.vaultsecret.oc1.phx.db", &database_url).await;
//! let web = Process::serve("web", dir, |cmd| {
//!     cmd.envs(oci.api_key_env())            // or instance_principal_env(), ...
//!         .envs(oci.stream_and_topic_env())  // VS_OCI_STREAM_ID, VS_OCI_TOPIC_ID
//!         .env("DATABASE_URL", "oci-vault:ocid1.vaultsecret.oc1.phx.db");
//! });
//! oci.set_stream_down(true).await;           // every Streaming call answers 503
//! let events = oci.stream_messages(STREAM_ID).await;
//! let refused = oci.requests().await.into_iter().filter(|r| !r.accepted);
//! ```
use std::path::{Path, PathBuf};

use rsa::RsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::process::Child;

mod controls;
pub use controls::{LoggedRequest, StreamMessage};

pub const TENANCY: &str = "ocid1.tenancy.oc1..aaaaaaaastandintenancy";
pub const USER: &str = "ocid1.user.oc1..aaaaaaaastandinuser";
pub const REGION: &str = "us-phoenix-1";
/// The stream and the topic that exist (any other id is 404, as on OCI).
pub const STREAM_ID: &str = "ocid1.stream.oc1.phx.aaaaaaaastandinbookings";
pub const TOPIC_ID: &str = "ocid1.onstopic.oc1.phx.aaaaaaaastandinalerts";

/// What the stand-in prints once it listens (see oci_standin.py).
#[derive(Clone, Debug, Deserialize)]
pub struct Ready {
    pub url: String,
    pub port: u16,
    pub proxymux_url: String,
    pub proxymux_port: u16,
    pub region: String,
    pub imds_region: String,
    pub tenancy: String,
    pub files: ReadyFiles,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReadyFiles {
    pub instance_root_ca: PathBuf,
    pub cluster_ca: PathBuf,
    pub sa_token: PathBuf,
}

pub struct OciStandIn {
    pub ready: Ready,
    dir: tempfile::TempDir,
    key_id: String,
    key_file: PathBuf,
    config_file: PathBuf,
    http: reqwest::Client,
    _child: Child,
}

/// A new RSA-2048 key: its PKCS#8 PEM and its SubjectPublicKeyInfo PEM.
pub fn new_key_pem() -> (String, String) {
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
    let private = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let public = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    (private, public)
}

fn config_text(fingerprint: &str, key_file: &Path) -> String {
    format!(
        "[DEFAULT]\nuser={USER}\nfingerprint={fingerprint}\nkey_file={}\ntenancy={TENANCY}\nregion={REGION}\n",
        key_file.display()
    )
}

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

impl OciStandIn {
    /// A running stand-in with [`STREAM_ID`] and [`TOPIC_ID`] and a registered API key.
    pub async fn start() -> Self {
        Self::start_with_args(&[]).await
    }

    /// [`OciStandIn::start`] with more oci_standin.py flags, e.g. `--token-ttl 5`,
    /// `--imds-region phx`, `--partitions 3`, `--stream <another id>`.
    pub async fn start_with_args(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (child, line) =
            super::python::start_peer("the OCI stand-in", "oci_standin.py", |cmd| {
                cmd.arg("--dir")
                    .arg(dir.path().join("standin"))
                    .args(["--region", REGION, "--tenancy", TENANCY])
                    .args(["--stream", STREAM_ID, "--topic", TOPIC_ID])
                    .args(extra);
            })
            .await;
        let ready: Ready = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("OCI stand-in ready line {line:?}: {e}"));

        let http = reqwest::Client::new();
        let (private, public) = new_key_pem();
        let registered = control(
            &http,
            &ready.url,
            "/_standin/api-keys",
            json!({"public_key_pem": public, "tenancy": TENANCY, "user": USER}),
        )
        .await;
        let key_file = dir.path().join("oci_api_key.pem");
        std::fs::write(&key_file, private).unwrap();
        let config_file = dir.path().join("oci-config");
        let fingerprint = registered["fingerprint"].as_str().unwrap();
        std::fs::write(&config_file, config_text(fingerprint, &key_file)).unwrap();
        OciStandIn {
            key_id: registered["key_id"].as_str().unwrap().to_owned(),
            ready,
            dir,
            key_file,
            config_file,
            http,
            _child: child,
        }
    }

    /// The OCI API endpoint (every service, IMDS and /v1/x509): `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.ready.url
    }

    /// The OKE proxymux endpoint (HTTPS, certificate from [`OciStandIn::cluster_ca`]).
    pub fn proxymux_url(&self) -> &str {
        &self.ready.proxymux_url
    }

    pub fn cluster_ca(&self) -> &Path {
        &self.ready.files.cluster_ca
    }

    pub fn sa_token_file(&self) -> &Path {
        &self.ready.files.sa_token
    }

    /// The OCI config file (`[DEFAULT]` user, fingerprint, key_file, tenancy, region).
    pub fn config_file(&self) -> &Path {
        &self.config_file
    }

    /// The registered API private key (PKCS#8 PEM file).
    pub fn key_file(&self) -> &Path {
        &self.key_file
    }

    /// `<tenancy>/<user>/<fingerprint>` of the registered key.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn private_key_pem(&self) -> String {
        std::fs::read_to_string(&self.key_file).unwrap()
    }

    /// A folder for the test's own files, removed with the stand-in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The three service endpoints, all the stand-in.
    pub fn endpoints_env(&self) -> Vec<(String, String)> {
        let url = self.url();
        env(&[
            ("VS_OCI_SECRETS_ENDPOINT", url),
            ("VS_OCI_STREAMING_ENDPOINT", url),
            ("VS_OCI_NOTIFICATIONS_ENDPOINT", url),
        ])
    }

    /// Publish booking events to [`STREAM_ID`] and admin alerts to [`TOPIC_ID`].
    pub fn stream_and_topic_env(&self) -> Vec<(String, String)> {
        env(&[
            ("VS_OCI_STREAM_ID", STREAM_ID),
            ("VS_OCI_TOPIC_ID", TOPIC_ID),
        ])
    }

    /// API-key principal from the config file, plus the endpoints.
    pub fn api_key_env(&self) -> Vec<(String, String)> {
        self.api_key_env_for(&self.config_file)
    }

    /// [`OciStandIn::api_key_env`] with another config file (e.g. a wrong key).
    pub fn api_key_env_for(&self, config_file: &Path) -> Vec<(String, String)> {
        let mut out = env(&[
            ("VS_OCI_AUTH", "api-key"),
            ("VS_OCI_CONFIG_FILE", config_file.to_str().unwrap()),
            ("VS_OCI_PROFILE", "DEFAULT"),
            ("VS_OCI_REGION", REGION),
        ]);
        out.extend(self.endpoints_env());
        out
    }

    /// Instance principal: IMDS v2 and federation here (the region comes from IMDS).
    pub fn instance_principal_env(&self) -> Vec<(String, String)> {
        let imds = format!("{}/opc/v2", self.url());
        let mut out = env(&[
            ("VS_OCI_AUTH", "instance-principal"),
            ("OCI_METADATA_BASE_URL", &imds),
            ("OCI_SDK_AUTH_CLIENT_REGION_URL", self.url()),
        ]);
        out.extend(self.endpoints_env());
        out
    }

    /// OKE workload identity: proxymux here, the service-account token and cluster CA files.
    pub fn workload_identity_env(&self) -> Vec<(String, String)> {
        let mut out = env(&[
            ("VS_OCI_AUTH", "workload-identity"),
            ("KUBERNETES_SERVICE_HOST", "127.0.0.1"),
            ("OCI_RESOURCE_PRINCIPAL_VERSION", "2.2"),
            ("OCI_RESOURCE_PRINCIPAL_REGION", REGION),
            ("VS_OCI_PROXYMUX_URL", self.proxymux_url()),
            (
                "VS_OCI_SA_TOKEN_FILE",
                self.sa_token_file().to_str().unwrap(),
            ),
            (
                "OCI_KUBERNETES_SERVICE_ACCOUNT_CERT_PATH",
                self.cluster_ca().to_str().unwrap(),
            ),
        ]);
        out.extend(self.endpoints_env());
        out
    }

    /// Resource principal v2.2 with the token and key as files in `dir` (`rpst`, `rp_key.pem`),
    /// a fresh key and a token valid for an hour; rewrite them with
    /// [`OciStandIn::resource_principal_token`] to rotate.
    pub async fn resource_principal_env(&self, dir: &Path) -> Vec<(String, String)> {
        let (token, private) = self.resource_principal_token(3600).await;
        let rpst = dir.join("rpst");
        let key = dir.join("rp_key.pem");
        std::fs::write(&rpst, token).unwrap();
        std::fs::write(&key, private).unwrap();
        let mut out = env(&[
            ("VS_OCI_AUTH", "resource-principal"),
            ("OCI_RESOURCE_PRINCIPAL_VERSION", "2.2"),
            ("OCI_RESOURCE_PRINCIPAL_RPST", rpst.to_str().unwrap()),
            ("OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM", key.to_str().unwrap()),
            ("OCI_RESOURCE_PRINCIPAL_REGION", REGION),
        ]);
        out.extend(self.endpoints_env());
        out
    }

    /// Resource principal v2.2 with the token and key given as values, not paths.
    pub async fn resource_principal_env_values(&self) -> Vec<(String, String)> {
        let (token, private) = self.resource_principal_token(3600).await;
        let mut out = env(&[
            ("VS_OCI_AUTH", "resource-principal"),
            ("OCI_RESOURCE_PRINCIPAL_VERSION", "2.2"),
            ("OCI_RESOURCE_PRINCIPAL_RPST", &token),
            ("OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM", &private),
            ("OCI_RESOURCE_PRINCIPAL_REGION", REGION),
        ]);
        out.extend(self.endpoints_env());
        out
    }

    /// A resource principal session token for a fresh key: (token, PKCS#8 PEM private key).
    /// A negative lifetime gives an expired token.
    pub async fn resource_principal_token(&self, ttl_seconds: i64) -> (String, String) {
        let (private, public) = new_key_pem();
        let minted = self
            .control(
                "/_standin/rpst",
                json!({"public_key_pem": public, "ttl_seconds": ttl_seconds}),
            )
            .await;
        (minted["token"].as_str().unwrap().to_owned(), private)
    }

    /// A config file whose key the stand-in does not know (its own, correct fingerprint).
    pub async fn wrong_key_config_file(&self) -> PathBuf {
        let (private, public) = new_key_pem();
        let key_file = self.dir().join("unknown_api_key.pem");
        std::fs::write(&key_file, private).unwrap();
        // Its real fingerprint (MD5 of the public key), computed by the stand-in unregistered.
        let other = self
            .control(
                "/_standin/api-keys",
                json!({"public_key_pem": public, "register": false}),
            )
            .await;
        let path = self.dir().join("oci-config-unknown-key");
        let fingerprint = other["fingerprint"].as_str().unwrap();
        std::fs::write(&path, config_text(fingerprint, &key_file)).unwrap();
        path
    }

    /// A config file naming the registered key's fingerprint but holding another private key
    /// (the wrong key_file): its signatures do not verify.
    pub fn mismatched_key_config_file(&self) -> PathBuf {
        let (private, _) = new_key_pem();
        let key_file = self.dir().join("mismatched_api_key.pem");
        std::fs::write(&key_file, private).unwrap();
        let fingerprint = self.key_id.rsplit('/').next().unwrap();
        let path = self.dir().join("oci-config-mismatched-key");
        std::fs::write(&path, config_text(fingerprint, &key_file)).unwrap();
        path
    }
}

async fn control(http: &reqwest::Client, url: &str, path: &str, body: Value) -> Value {
    let res = http
        .post(format!("{url}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "OCI stand-in {path}: {status} {text}");
    serde_json::from_str(&text).unwrap()
}
