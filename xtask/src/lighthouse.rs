//! Lighthouse scores for `cargo xtask bench`: performance and accessibility of the guest pages
//! (home, search, hotel), mobile and desktop, in Debian's Chromium. Lighthouse comes from npm
//! into target/lighthouse, pinned; a machine without node or Chromium gets a note instead.
use crate::util::{self, step};
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

const VERSION: &str = "12.8.2";
const CHROMIUM: &str = "/usr/bin/chromium";

/// `(figure, value)` lines: one per page and form factor, or one saying why none.
pub fn scores(pages: &[(&str, Url)]) -> Vec<(String, String)> {
    match step("Lighthouse", || run_all(pages)) {
        Ok(rows) => rows,
        Err(err) => vec![(
            "Lighthouse".into(),
            format!(
                "SKIPPED: {}",
                format!("{err:#}").lines().next().unwrap_or("")
            ),
        )],
    }
}

fn run_all(pages: &[(&str, Url)]) -> Result<Vec<(String, String)>> {
    if !std::path::Path::new(CHROMIUM).exists() || util::which("npm").is_none() {
        bail!("needs node, npm and {CHROMIUM} (apt-get install nodejs npm chromium)");
    }
    let cli = install()?;
    let out = util::target_dir().join("lighthouse/reports");
    fs::create_dir_all(&out)?;
    let mut rows = Vec::new();
    for (name, url) in pages {
        for desktop in [false, true] {
            let form = if desktop { "desktop" } else { "mobile" };
            let report = out.join(format!("{name}-{form}.json"));
            let (perf, a11y) = with_retries(|| one(&cli, url, desktop, &report))?;
            println!("    {name} ({form}): performance {perf}, accessibility {a11y}");
            rows.push((
                format!("Lighthouse {VERSION}, {name} page, {form}"),
                format!("performance {perf}, accessibility {a11y}"),
            ));
        }
    }
    println!("    reports in {}", out.display());
    Ok(rows)
}

/// Lighthouse sometimes loses its own trace of the load (`NO_NAVSTART`, "Please run Lighthouse
/// again"): a run gets up to three tries.
fn with_retries<T>(mut run: impl FnMut() -> Result<T>) -> Result<T> {
    let mut tries = 1;
    loop {
        match run() {
            Err(err) if tries < 3 => {
                println!("    try {tries} failed ({err:#}); again");
                tries += 1;
            }
            result => return result,
        }
    }
}

/// `npm install lighthouse@VERSION` into target/lighthouse once; the CLI's path.
fn install() -> Result<PathBuf> {
    let dir = util::target_dir().join("lighthouse");
    let cli = dir.join("node_modules/lighthouse/cli/index.js");
    let installed = dir.join("node_modules/lighthouse/package.json");
    let have = fs::read_to_string(&installed).unwrap_or_default();
    if cli.is_file() && have.contains(&format!("\"version\": \"{VERSION}\"")) {
        return Ok(cli);
    }
    fs::create_dir_all(&dir)?;
    util::run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&dir)
            .arg(format!("lighthouse@{VERSION}")),
    )
    .context("installing Lighthouse from npm")?;
    Ok(cli)
}

/// One Lighthouse run: the performance and accessibility scores, out of 100.
fn one(cli: &PathBuf, url: &Url, desktop: bool, report: &PathBuf) -> Result<(u32, u32)> {
    let mut cmd = Command::new("node");
    cmd.arg(cli)
        .arg(url.as_str())
        .args([
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ])
        .arg(format!("--output-path={}", report.display()))
        .env("CHROME_PATH", CHROMIUM);
    if desktop {
        cmd.arg("--preset=desktop");
    }
    util::run(&mut cmd).with_context(|| format!("Lighthouse on {url}"))?;
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(report)?)
        .with_context(|| format!("reading {}", report.display()))?;
    let score = |category: &str| -> Result<u32> {
        json["categories"][category]["score"]
            .as_f64()
            .map(|s| (s * 100.0).round() as u32)
            .with_context(|| format!("{} has no {category} score", report.display()))
    };
    Ok((score("performance")?, score("accessibility")?))
}
