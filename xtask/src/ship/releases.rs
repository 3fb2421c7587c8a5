//! The zero-downtime rehearsal of the services' releases, as OCI DevOps runs them on OKE through
//! ingress-nginx: blue → green, then a canary shifted 10 % → 50 % → 100 %, each old version
//! stopped with SIGTERM after the switch, under steady bookings and searches. Then the web VM's
//! rolling upgrade (deploy/vm) with a new binary under steady form bookings and page reads.
use super::nginx::Nginx;
use super::traffic::{self, Booker, Counts};
use super::vm;
use crate::plan::Plan;
use crate::process::Server;
use crate::util;
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

/// How long each phase lets traffic run before the next change.
const PHASE: Duration = Duration::from_secs(4);
/// Between taking a version out of the upstream and its SIGTERM: the Kubernetes manifests'
/// preStop sleep, so requests that were already on their way to it are answered.
const DRAIN: Duration = Duration::from_secs(2);

pub fn run(bin: &Path) -> Result<String> {
    let dir = tempfile::Builder::new().prefix("vs-release-").tempdir()?;
    let key = dir.path().join("jwt.pem");
    // Every version signs and verifies with the one key (Vault's, on OKE).
    util::output(
        Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
            ])
            .arg(&key),
    )?;
    let mut db = crate::pgdb::create()?;
    let rt = tokio::runtime::Runtime::new()?;
    let result = rt.block_on(rehearse(bin, dir.path(), &key, &db.url));
    db.drop_now()?;
    result
}

async fn rehearse(bin: &Path, dir: &Path, key: &Path, db: &str) -> Result<String> {
    let env = [("VS_JWT_PRIVATE_KEY_FILE", key)];
    let start = |name: &str| Server::start_bin(bin, name, dir, "all", Some(db), &[], &env);
    let mut blue = start("blue")?;
    blue.wait_ready().await?;
    let mut green = start("green")?;
    green.wait_ready().await?;
    let addr = |s: &Server| s.base.authority().to_owned();
    let nginx = Nginx::start("ingress", &[(addr(&blue), 1)])?;
    let base = nginx.base();
    let today = chrono::Local::now().date_naive();
    let demo = std::fs::read_to_string(util::root().join("server/src/demo/hotels.json"))?;
    let plan = Arc::new(Plan::from_demo_json(&demo, today)?);
    let booker = Booker::api(&base, &base, plan.clone()).await?;
    let reads = searches(&base, today)?;

    let mut canary_slot = None;
    let changes = async {
        tokio::time::sleep(PHASE).await;
        say("blue → green");
        nginx.switch(&[(addr(&green), 1)])?;
        stop(&mut blue).await?;
        let mut canary = start("canary")?;
        canary.wait_ready().await?;
        for (old, new) in [(9, 1), (1, 1), (0, 1)] {
            tokio::time::sleep(PHASE).await;
            say(&format!("canary at {} %", 100 * new / (old + new)));
            let mut servers = vec![(addr(&canary), new)];
            if old > 0 {
                servers.push((addr(&green), old));
            }
            nginx.switch(&servers)?;
        }
        stop(&mut green).await?;
        tokio::time::sleep(PHASE).await;
        canary_slot = Some(canary);
        anyhow::Ok(())
    };
    let (changed, counts) = run_traffic(&booker, &reads, changes).await?;
    changed?;
    let lost = traffic::lost(&booker, &counts.booked).await?;
    let services = verdict(
        "services: blue → green, canary 10 → 50 → 100 %",
        &counts,
        lost,
    )?;

    let canary = canary_slot.context("the canary was not started")?;
    let web = vm_upgrade(bin, &canary.base, plan).await;
    nginx.stop()?;
    Ok(format!("{services}; {}", web?))
}

/// The web VM kit in a systemd container, upgraded (deploy/vm/install.sh) under traffic.
async fn vm_upgrade(bin: &Path, api: &Url, plan: Arc<Plan>) -> Result<String> {
    vm::ensure_image()?;
    // The image's copy (no debug info): the same code, a seventh of the bytes to copy in.
    let staged = util::target_dir().join("ship/vision-stays");
    let bin = if staged.is_file() {
        staged.as_path()
    } else {
        bin
    };
    let kit = vm::Kit::up(bin, api).await?;
    let site = kit.base();
    let booker = Booker::site(&site, api, api, plan).await?;
    let today = chrono::Local::now().date_naive();
    let (check_in, check_out) = (today + chrono::Days::new(30), today + chrono::Days::new(32));
    let reads = vec![
        site.join("/")?,
        site.join(&format!(
            "/search?city=lisbon&check_in={check_in}&check_out={check_out}&guests=2"
        ))?,
        site.join(&format!(
            "/hotels/casa-do-tejo?check_in={check_in}&check_out={check_out}&guests=2"
        ))?,
    ];
    let upgrade = async {
        tokio::time::sleep(PHASE).await;
        say("web VM: install.sh with a new binary");
        let upgraded = kit.upgrade(bin).await;
        tokio::time::sleep(PHASE).await;
        upgraded
    };
    let (upgraded, counts) = run_traffic(&booker, &reads, upgrade).await?;
    upgraded?;
    let lost = traffic::lost(&booker, &counts.booked).await?;
    kit.down()?;
    verdict("web VM: rolling upgrade of both instances", &counts, lost)
}

/// Runs traffic until `changes` is done; returns both.
async fn run_traffic<T>(
    booker: &Booker,
    reads: &[Url],
    changes: impl Future<Output = T>,
) -> Result<(T, Counts)> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let traffic = traffic::run(booker, reads, async {
        let _ = rx.await;
    });
    let changes = async {
        let out = changes.await;
        let _ = tx.send(());
        out
    };
    let (out, counts) = tokio::join!(changes, traffic);
    Ok((out, counts?))
}

fn searches(base: &Url, today: chrono::NaiveDate) -> Result<Vec<Url>> {
    let (check_in, check_out) = (today + chrono::Days::new(30), today + chrono::Days::new(32));
    Ok(vec![
        base.join(&format!(
            "/search?city=lisbon&check_in={check_in}&check_out={check_out}&guests=2"
        ))?,
        base.join(&format!(
            "/api/v1/search?city=kyoto&check_in={check_in}&check_out={check_out}&guests=2"
        ))?,
    ])
}

/// The drain pause, then SIGTERM off the async workers (the stop waits for the process).
async fn stop(server: &mut Server) -> Result<()> {
    tokio::time::sleep(DRAIN).await;
    tokio::task::block_in_place(|| server.stop())
}

fn say(what: &str) {
    println!("    {} {what}", chrono::Local::now().format("%H:%M:%S%.3f"));
}

/// The counts as one line; an error when any request failed or any booking was lost.
fn verdict(what: &str, counts: &Counts, lost: usize) -> Result<String> {
    let line = format!("{what}: {counts}, {lost} lost");
    println!("    {line}");
    if counts.failed() > 0 || lost > 0 || counts.booked.is_empty() {
        bail!("{line}");
    }
    Ok(line)
}
