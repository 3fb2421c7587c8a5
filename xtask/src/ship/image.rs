//! The image as a user runs it: `podman run` with a read-only root and a volume for SQLite's
//! /data, its HEALTHCHECK, `/readyz`, a booking through its API, and SIGTERM ending it cleanly.
use super::podman::{self, APP, podman};
use super::traffic;
use crate::util;
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::net::TcpListener;
use std::time::Duration;

const NAME: &str = "vs-image-rehearsal";
const VOLUME: &str = "vs-image-rehearsal-data";

pub fn run() -> Result<String> {
    podman::remove(NAME);
    let _ = podman().args(["volume", "rm", "--force", VOLUME]).output();
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    util::run(podman().args([
        "run",
        "--detach",
        "--name",
        NAME,
        "--read-only",
        "--cap-drop",
        "all",
        "--security-opt",
        "no-new-privileges",
        "--publish",
        &format!("127.0.0.1:{port}:8080"),
        "--volume",
        &format!("{VOLUME}:/data"),
        "--env",
        "VS_DEMO_DATA=true",
        "--env",
        "VS_RATE_LIMIT_PER_MINUTE=0",
        APP,
    ]))?;
    let result = exercise(port);
    if result.is_err() {
        let _ = util::run(podman().args(["logs", "--tail", "40", NAME]));
    }
    let stopped = stop();
    podman::remove(NAME);
    let _ = podman().args(["volume", "rm", "--force", VOLUME]).output();
    let summary = result?;
    Ok(format!("{summary}; {}", stopped?))
}

fn exercise(port: u16) -> Result<String> {
    let base = Url::parse(&format!("http://127.0.0.1:{port}/"))?;
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        traffic::wait_ok(&base.join("/readyz")?, Duration::from_secs(60)).await?;
        // What the container engine runs on its own every 10 s.
        util::run(podman().args(["healthcheck", "run", NAME]))
            .context("the image's HEALTHCHECK did not pass")?;
        let today = chrono::Local::now().date_naive();
        let demo = std::fs::read_to_string(util::root().join("server/src/demo/hotels.json"))?;
        let plan = std::sync::Arc::new(crate::plan::Plan::from_demo_json(&demo, today)?);
        let booker = traffic::Booker::api(&base, &base, plan).await?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        drop(tx);
        let counts = traffic::run(&booker, &[base.join("/")?], async {
            let _ = rx.await;
            tokio::time::sleep(Duration::from_secs(1)).await;
        })
        .await?;
        let lost = traffic::lost(&booker, &counts.booked).await?;
        if counts.failed() > 0 || counts.booked.is_empty() || lost > 0 {
            bail!("through the image: {counts}, {lost} lost");
        }
        // The deployment pipeline's smoke stage, against this container as the public URL.
        let origin = base.as_str().trim_end_matches('/');
        util::run(
            std::process::Command::new("bash")
                .arg(util::root().join("deploy/oci/smoke.sh"))
                .args([origin, origin]),
        )
        .context("deploy/oci/smoke.sh failed against the image")?;
        Ok(format!(
            "/readyz 200, healthy, {} bookings made and found again, smoke.sh passed",
            counts.booked.len()
        ))
    })
}

/// `podman stop` (SIGTERM) and the exit code the process chose.
fn stop() -> Result<String> {
    util::run(podman().args(["stop", "--time", "20", NAME]))?;
    let code = util::output(podman().args(["inspect", "--format", "{{.State.ExitCode}}", NAME]))?;
    match code.trim() {
        "0" => Ok("SIGTERM: exit 0".to_owned()),
        other => bail!("the container exited {other} after SIGTERM"),
    }
}
