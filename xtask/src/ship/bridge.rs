//! The drill's OCI side: the signature-checking OCI stand-in (server/tests/python) with an API
//! key made here, and `vision-stays alert-bridge` signing into it, so a page is followed from
//! Alertmanager's webhook to a message on the on-call topic.
use super::drill::Proc;
use crate::util;
use anyhow::{Context, Result, bail};
use serde_json::{Value as Json, json};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const TOPIC: &str = "ocid1.onstopic.oc1.phx.aaaaaaaadrillpages";
const TENANCY: &str = "ocid1.tenancy.oc1..aaaaaaaadrilltenancy";
const USER: &str = "ocid1.user.oc1..aaaaaaaadrilluser";
const REGION: &str = "us-phoenix-1";
/// The bearer token Alertmanager sends (the drill writes it to the file alertmanager.yml names).
pub const TOKEN: &str = "drill-bridge-token";

pub struct Bridge {
    pub procs: Vec<Proc>,
    pub standin: Standin,
    /// Where the bridge listens (it picks a free port itself).
    pub port: u16,
}

/// The stand-in's test controls.
pub struct Standin(String);

impl Bridge {
    /// Starts the stand-in (its topic is the only one that exists) and the bridge.
    pub async fn start(bin: &Path, python: &Path, dir: &Path) -> Result<Bridge> {
        let oci = dir.join("oci");
        fs::create_dir_all(&oci)?;
        let mut standin = Command::new(python);
        standin
            .arg(util::root().join("server/tests/python/oci_standin.py"))
            .arg("--dir")
            .arg(oci.join("standin"))
            .args(["--region", REGION, "--tenancy", TENANCY, "--topic", TOPIC]);
        let standin = Proc::spawn("oci-standin", dir, &mut standin)?;
        let ready = |line: &Json| line["url"].as_str().map(str::to_owned);
        let url = from_log(&dir.join("oci-standin.log"), ready).await?;

        let key = oci.join("key.pem");
        let rsa = [
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
        ];
        util::run(Command::new("openssl").args(rsa).arg(&key))?;
        let public = util::output(
            Command::new("openssl")
                .args(["pkey", "-pubout", "-in"])
                .arg(&key),
        )?;
        let registered: Json = reqwest::Client::new()
            .post(format!("{url}/_standin/api-keys"))
            .json(&json!({"public_key_pem": public, "tenancy": TENANCY, "user": USER}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let fingerprint = registered["fingerprint"]
            .as_str()
            .context("no fingerprint")?;
        let config = oci.join("config");
        fs::write(
            &config,
            format!(
                "[DEFAULT]\nuser={USER}\nfingerprint={fingerprint}\nkey_file={}\n\
                 tenancy={TENANCY}\nregion={REGION}\n",
                key.display()
            ),
        )?;
        let mut bridge = Command::new(bin);
        bridge
            .args(["alert-bridge", "--addr", "127.0.0.1:0"])
            .env("VS_LOG_FORMAT", "json")
            .env("VS_OCI_AUTH", "api-key")
            .env("VS_OCI_CONFIG_FILE", &config)
            .env("VS_OCI_NOTIFICATIONS_ENDPOINT", &url)
            .env("VS_OCI_TOPIC_ID", TOPIC)
            .env("VS_ALERT_BRIDGE_TOKEN", TOKEN);
        let bridge = Proc::spawn("alert-bridge", dir, &mut bridge)?;
        let log = dir.join("alert-bridge.log");
        let port = from_log(&log, |line| {
            let addr = line["addr"].as_str()?;
            addr.rsplit(':').next()?.parse::<u16>().ok()
        })
        .await?;
        Ok(Bridge {
            procs: vec![standin, bridge],
            standin: Standin(url),
            port,
        })
    }
}

impl Standin {
    /// The title of the first message on the topic that starts with `prefix`.
    pub async fn published(&self, prefix: &str) -> Result<Option<String>> {
        let url = format!("{}/_standin/topics/{TOPIC}", self.0);
        let answer: Json = reqwest::get(url).await?.error_for_status()?.json().await?;
        let titles = answer["messages"].as_array().into_iter().flatten();
        let mut titles = titles.filter_map(|m| m["title"].as_str());
        Ok(titles.find(|t| t.starts_with(prefix)).map(str::to_owned))
    }
}

/// The first value `pick` finds in a JSON line of `log` (what a helper says once it listens).
async fn from_log<T>(log: &Path, pick: impl Fn(&Json) -> Option<T>) -> Result<T> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let text = fs::read_to_string(log).unwrap_or_default();
        let lines = text.lines().filter(|l| l.starts_with('{'));
        if let Some(found) = lines
            .filter_map(|l| serde_json::from_str::<Json>(l).ok())
            .find_map(|l| pick(&l))
        {
            return Ok(found);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("no ready line in {} within 20 s", log.display())
}
