//! PostgreSQL for the test command: the server on 127.0.0.1:5432 when one answers, else one
//! installed from Debian's packages and started here (as root), else a clear instruction.
use anyhow::{Context, Result, bail};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util;

/// The environment variable the server's tests read (see server/tests/common/mod.rs).
pub const ENV: &str = "VS_TEST_POSTGRES_URL";
const TRUST_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const PASSWORD_URL: &str = "postgres://postgres:vision-stays-tests@127.0.0.1:5432/postgres";

fn port_open() -> bool {
    let addr: SocketAddr = "127.0.0.1:5432".parse().expect("valid address");
    TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok()
}

/// Whether `url` accepts a query (needs psql; without it an open port has to do).
fn accepts(url: &str) -> bool {
    match util::which("psql") {
        Some(psql) => Command::new(psql)
            .args([url, "-Atqc", "SELECT 1"])
            .env("PGCONNECT_TIMEOUT", "5")
            .output()
            .is_ok_and(|o| o.status.success()),
        None => port_open(),
    }
}

fn is_root() -> bool {
    util::output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

/// Debian's cluster versions under /etc/postgresql.
fn clusters() -> Vec<String> {
    std::fs::read_dir("/etc/postgresql")
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn install_and_start() -> Result<()> {
    if util::which("pg_ctlcluster").is_none() {
        println!("    installing PostgreSQL from Debian's packages");
        util::run(Command::new("apt-get").arg("update").arg("-qq"))?;
        util::run(
            Command::new("apt-get")
                .args([
                    "install",
                    "-y",
                    "-qq",
                    "--no-install-recommends",
                    "postgresql",
                ])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    let version = clusters()
        .into_iter()
        .max()
        .context("no PostgreSQL cluster under /etc/postgresql")?;
    println!("    starting PostgreSQL {version}");
    util::run(Command::new("pg_ctlcluster").args([
        "--skip-systemctl-redirect",
        &version,
        "main",
        "start",
    ]))
    .or_else(|e| if port_open() { Ok(()) } else { Err(e) })?;
    // Debian's default TCP authentication wants a password: give the superuser one for tests.
    util::run(Command::new("su").args([
        "postgres",
        "-c",
        "psql -qc \"ALTER USER postgres PASSWORD 'vision-stays-tests'\"",
    ]))?;
    Ok(())
}

/// The admin URL the PostgreSQL tests use, starting a server when needed.
pub fn ensure() -> Result<String> {
    if let Ok(url) = std::env::var(ENV) {
        return Ok(url);
    }
    // Two lanes may ask at once: one installs and starts, the other then finds it running.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for url in [TRUST_URL, PASSWORD_URL] {
        if port_open() && accepts(url) {
            return Ok(url.to_owned());
        }
    }
    if !is_root() || util::which("apt-get").is_none() && !Path::new("/etc/postgresql").exists() {
        bail!(
            "the PostgreSQL tests need a server on 127.0.0.1:5432 that the postgres user can reach; \
             run as root to have it installed and started, or start one and set {ENV}=postgres://USER:PASSWORD@127.0.0.1:5432/postgres"
        );
    }
    install_and_start()?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        for url in [TRUST_URL, PASSWORD_URL] {
            if accepts(url) {
                return Ok(url.to_owned());
            }
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    bail!("PostgreSQL was started but does not accept connections on 127.0.0.1:5432")
}
