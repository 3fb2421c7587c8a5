//! The dashboards and rules against what a running binary exports: guest traffic through every
//! journey, the pipeline's smoke test, then every metric name they use must be in its /metrics.
use crate::process::Server;
use crate::ship::{tools::Venv, traffic};
use crate::util;
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

/// Where the scrape is kept for a person to read.
fn kept() -> std::path::PathBuf {
    util::root().join("target/ship/live-metrics.txt")
}

pub fn run(venv: &Venv, bin: &std::path::Path) -> Result<String> {
    let dir = tempfile::Builder::new()
        .prefix("vs-live-metrics-")
        .tempdir()?;
    let rt = tokio::runtime::Runtime::new()?;
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let extra = [
        "--metrics-addr".to_owned(),
        format!("127.0.0.1:{metrics_port}"),
    ];
    let mut serve = Server::start_bin(bin, "serve", dir.path(), "all", None, &extra, &[])?;
    let scrape = rt.block_on(async {
        serve.wait_ready().await?;
        let traffic = exercise(&serve.base).await?;
        // The relay's loop sets the outbox gauges after a delivery round.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let url = format!("http://127.0.0.1:{metrics_port}/metrics");
        let text = reqwest::get(&url).await?.error_for_status()?.text().await?;
        anyhow::Ok((traffic, text))
    });
    serve.stop()?;
    let (traffic, text) = scrape?;
    std::fs::create_dir_all(kept().parent().expect("target/ship"))?;
    std::fs::write(kept(), &text)?;
    let out = Command::new(venv.bin("python3"))
        .arg(util::root().join("deploy/monitoring/tests/metric_names.py"))
        .arg("--live")
        .arg(kept())
        .output()?;
    let said = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() {
        bail!("{said}{}", String::from_utf8_lossy(&out.stderr));
    }
    let last = said.lines().last().unwrap_or_default();
    Ok(format!(
        "{traffic}; {} — scrape kept in target/ship/live-metrics.txt",
        last.trim_start_matches("metric_names.py: ")
    ))
}

/// Form bookings and page reads for a moment, then smoke.sh (sign-up, a replayed booking, a
/// cancellation): every journey and booking counter has moved once.
async fn exercise(site: &Url) -> Result<String> {
    let today = chrono::Local::now().date_naive();
    let demo = std::fs::read_to_string(util::root().join("server/src/demo/hotels.json"))?;
    let plan = Arc::new(crate::plan::Plan::from_demo_json(&demo, today)?);
    let booker = traffic::Booker::site(site, site, site, plan).await?;
    let check_in = today + chrono::Days::new(30);
    let check_out = check_in + chrono::Days::new(2);
    let reads = [
        site.join(&format!(
            "/search?city=lisbon&check_in={check_in}&check_out={check_out}&guests=2"
        ))?,
        site.join("/hotels/casa-do-tejo")?,
    ];
    let counts = traffic::run(&booker, &reads, tokio::time::sleep(Duration::from_secs(1))).await?;
    if counts.failed() > 0 || counts.booked.is_empty() {
        bail!("guest traffic before the scrape: {counts}");
    }
    let origin = site.as_str().trim_end_matches('/');
    util::run(
        Command::new("bash")
            .arg(util::root().join("deploy/oci/smoke.sh"))
            .args([origin, origin]),
    )
    .context("deploy/oci/smoke.sh failed before the scrape")?;
    Ok(format!(
        "{} form bookings, page reads and smoke.sh",
        counts.booked.len()
    ))
}
