//! `cargo xtask test`: every test of the project on a fresh machine, with a per-step summary.
//!
//! Three lanes run side by side, because on two cores much of a fresh build is one crate at a
//! time (build scripts, the WASM's link-time optimisation, linking test binaries): the host lane
//! (clippy, build, cargo tests on SQLite and PostgreSQL, API fuzzing), the site lane (the WASM
//! bundle in its own target dir, then clippy for wasm32) and the setup lane (PostgreSQL and the
//! Python venvs). The browser tests run last; they need both the server and the site.
use crate::site;
use crate::steps::{Outcome, Steps};
use crate::tools;
use crate::util::{self, cargo};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::mpsc;
use std::thread;

/// The packages whose tests `cargo test` runs on the host (frontend is WASM; xtask apart,
/// because testing it with the server would unify features).
const HOST_TESTS: [&str; 5] = ["--workspace", "--exclude", "frontend", "--exclude", "xtask"];

/// What the setup lane hands the host lane.
#[derive(Default)]
struct Setup {
    postgres_url: Option<String>,
    smtp_python: Option<PathBuf>,
}

impl Setup {
    fn smtp_env(&self) -> Vec<(&'static str, PathBuf)> {
        self.smtp_python
            .iter()
            .map(|p| (crate::python::ENV, p.clone()))
            .collect()
    }
}

pub fn run() -> ExitCode {
    let steps = Steps::default();
    steps.run("format (cargo fmt --check)", || {
        cargo_checked(cargo().args(["fmt", "--all", "--check"]), "rustfmt")
    });
    // Installs Debian packages: before the lanes, so no other apt-get runs beside it.
    let tools_ok = steps.run("system tools (node, npm, chromium)", || {
        tools::ensure_browser_tools().map(|()| Outcome::Passed)
    });

    let ship_tools_ok = steps.run("system tools for shipping (podman, nginx, systemd)", || {
        crate::ship::ensure_packages().map(|()| Outcome::Passed)
    });

    let (server_ok, site_ok) = thread::scope(|lanes| {
        let (built_tx, built_rx) = mpsc::channel();
        let setup = lanes.spawn(|| setup_lane(&steps));
        let site = lanes.spawn(|| site_lane(&steps));
        let ship = lanes.spawn(|| ship_lane(&steps, ship_tools_ok, built_rx));
        let server_ok = host_lane(&steps, || setup.join().unwrap_or_default(), built_tx);
        let _ = ship.join();
        (server_ok, site.join().unwrap_or(false))
    });

    let browser_ready = tools_ok && server_ok && site_ok;
    let why = "the system tools, the server build or the site build failed";
    steps.run_if(browser_ready, BROWSER_STEP, why, browser_tests);

    if steps.summary() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// PostgreSQL and the Python venvs: network and disk, little CPU.
fn setup_lane(steps: &Steps) -> Setup {
    let mut setup = Setup::default();
    steps.run("database (PostgreSQL)", || {
        setup.postgres_url = Some(crate::postgres::ensure()?);
        Ok(Outcome::Passed)
    });
    // Without it the email tests fail, saying so; the other tests still run.
    steps.run("Python test peers (venv)", || {
        setup.smtp_python = Some(crate::python::ensure_venv()?);
        Ok(Outcome::Passed)
    });
    steps.run("API fuzzing venv (schemathesis)", || {
        fuzz_script(|cmd| cmd.env("FUZZ_SETUP_ONLY", "1"))
    });
    setup
}

/// `cargo xtask ship`: the shipping steps alone, on the debug server `cargo build` makes.
pub fn ship_only() -> ExitCode {
    let steps = Steps::default();
    let tools_ok = steps.run("system tools for shipping (podman, nginx, systemd)", || {
        crate::ship::ensure_packages().map(|()| Outcome::Passed)
    });
    let (built_tx, built_rx) = mpsc::channel();
    // As `test` builds it, so either command reuses the other's build.
    let built = steps.run("build the debug server", || {
        cargo_test(&HOST_TESTS, &["--no-run"], &[])
    });
    let _ = built_tx.send(built);
    ship_lane(&steps, tools_ok, built_rx);
    if steps.summary() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Shipping: the checkers and base images beside the build, then, with the debug server, the
/// image, the Kubernetes rehearsal and the release rehearsals.
fn ship_lane(steps: &Steps, tools_ok: bool, built: mpsc::Receiver<bool>) {
    let venv = if tools_ok {
        crate::ship::prepare(steps)
    } else {
        None
    };
    let built = built.recv().unwrap_or(false);
    let bin = site::server_bin(false);
    match venv {
        Some(venv) if built => crate::ship::rehearse(steps, &venv, &bin),
        _ => {
            let why = "the shipping tools, the base images or the server build failed";
            steps.run_if(false, "shipping: rehearsals", why, || Ok(Outcome::Passed));
        }
    }
}

/// The WASM bundle into target/site, then clippy for wasm32; whether the site was built.
fn site_lane(steps: &Steps) -> bool {
    let built = steps.run("site (WASM bundle, styles, assets)", || {
        site::build_site().map(|()| Outcome::Passed)
    });
    steps.run("clippy (frontend, wasm32)", || {
        let mut cmd = cargo();
        cmd.env("CARGO_TARGET_DIR", site::wasm_target_dir()).args([
            "clippy",
            "-p",
            "frontend",
            "--target",
            site::WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]);
        cargo_checked(&mut cmd, "clippy")
    });
    built
}

/// Clippy, the build, the cargo tests and API fuzzing; whether the debug server was built.
fn host_lane(steps: &Steps, setup: impl FnOnce() -> Setup, built_tx: mpsc::Sender<bool>) -> bool {
    steps.run("clippy (server, app, art, xtask; all targets)", || {
        let args = ["clippy", "--workspace", "--exclude", "frontend"];
        let lint = ["--all-targets", "--", "-D", "warnings"];
        cargo_checked(cargo().args(args).args(lint), "clippy")
    });
    // `cargo test` builds the server binary too (the integration tests run it): one build,
    // with the tests' features, serves the tests, the fuzzing and the browser tests.
    let built = steps.run("build the tests and the debug server", || {
        cargo_test(&HOST_TESTS, &["--no-run"], &[])?;
        let bin = site::server_bin(false);
        if !bin.is_file() {
            bail!("cargo test did not leave the server at {}", bin.display());
        }
        Ok(Outcome::Passed)
    });
    let _ = built_tx.send(built);
    let setup = setup();
    let smtp = setup.smtp_env();
    let why = "the build failed";
    steps.run_if(built, "cargo test (SQLite)", why, || {
        cargo_test(&HOST_TESTS, &[], &smtp)
    });
    // The server's integration tests are the store conformance suite: run them on PostgreSQL too.
    let pg_ready = built && setup.postgres_url.is_some();
    let pg_why = "PostgreSQL or the build is not available";
    steps.run_if(pg_ready, PG_STEP, pg_why, || postgres_tests(&setup, &smtp));
    steps.run("cargo test -p xtask", || {
        cargo_test(&["-p", "xtask"], &[], &[])
    });
    steps.run_if(built, FUZZ_STEP, why, api_fuzzing);
    built
}

const PG_STEP: &str = "cargo test -p server (PostgreSQL)";

fn postgres_tests(setup: &Setup, smtp: &[(&str, PathBuf)]) -> Result<Outcome> {
    let url = setup.postgres_url.clone().unwrap_or_default();
    // Every test app, role process and relay opens its own pool on one server
    // (max_connections 100 by default): keep each pool small.
    let env = [
        (crate::postgres::ENV, PathBuf::from(url)),
        ("VS_DB_MAX_CONNECTIONS", PathBuf::from("6")),
    ];
    let env: Vec<_> = env.into_iter().chain(smtp.iter().cloned()).collect();
    cargo_test(&["-p", "server"], &[], &env)
}

/// A cargo subcommand that ships as a rustup component; says how to add it when missing.
fn cargo_checked(cmd: &mut Command, component: &str) -> Result<Outcome> {
    util::run(cmd).with_context(|| {
        format!("(if `cargo {component}` is missing: rustup component add {component})")
    })?;
    Ok(Outcome::Passed)
}

/// `cargo test <packages> --tests <extra>`: doc tests are left out (the crates have none to
/// run, and collecting them costs a rustdoc pass over each crate).
fn cargo_test(packages: &[&str], extra: &[&str], env: &[(&str, PathBuf)]) -> Result<Outcome> {
    util::run(
        cargo()
            .arg("test")
            .args(packages)
            .arg("--tests")
            .args(extra)
            .envs(env.iter().cloned()),
    )?;
    Ok(Outcome::Passed)
}

const FUZZ_STEP: &str = "API fuzzing (schemathesis)";

/// `end2end/fuzz/run.sh` with the debug server, reporting into target/fuzz-report.
fn fuzz_script(configure: impl FnOnce(&mut Command) -> &mut Command) -> Result<Outcome> {
    if util::which("python3").is_none() {
        bail!(
            "python3 is not installed: API fuzzing needs it \
             (Debian: apt-get install python3 python3-venv)"
        );
    }
    let mut cmd = Command::new("bash");
    cmd.arg(tools::end2end_dir().join("fuzz/run.sh"))
        .current_dir(util::root())
        .env("FUZZ_REPORT_DIR", report_dir());
    util::run(configure(&mut cmd))?;
    Ok(Outcome::Passed)
}

fn report_dir() -> PathBuf {
    util::target_dir().join("fuzz-report")
}

/// Fuzzes the JSON API from its OpenAPI document with schemathesis (`end2end/fuzz/run.sh`
/// installs it into a venv under target/, starts the debug server and runs it).
fn api_fuzzing() -> Result<Outcome> {
    let bin = site::server_bin(false);
    let bin = bin
        .canonicalize()
        .with_context(|| format!("the server binary {} is missing", bin.display()))?;
    let result = fuzz_script(|cmd| cmd.env("VS_BIN", &bin));
    // run.sh writes e.g. "1021 test cases, 0 failures (seed 1)".
    let summary = fs::read_to_string(report_dir().join("summary.txt")).unwrap_or_default();
    let summary = summary.trim();
    match result {
        Ok(_) => {
            println!("    API fuzzing: {summary}");
            Ok(Outcome::Passed)
        }
        Err(err) => Ok(Outcome::Failed(fuzz_failure(summary, &format!("{err:#}")))),
    }
}

/// The failure text of the fuzzing step: the counts first (the summary shows the first line).
fn fuzz_failure(summary: &str, err: &str) -> String {
    if summary.is_empty() {
        err.to_owned()
    } else {
        format!("{summary}; see the schemathesis output above\n{err}")
    }
}

const BROWSER_STEP: &str = "browser tests (playwright)";

fn browser_tests() -> Result<Outcome> {
    tools::ensure_end2end_deps()?;
    let bin = site::server_bin(false);
    let bin = bin
        .canonicalize()
        .with_context(|| format!("the server binary {} is missing", bin.display()))?;
    // The account tests read their email from a real SMTP server run with this venv's python.
    let smtp_python = crate::python::ensure_venv()?;
    let mut cmd = Command::new("npx");
    cmd.args(["playwright", "test"])
        .current_dir(tools::end2end_dir())
        .env("VS_BIN", &bin)
        .env(crate::python::ENV, &smtp_python)
        .env("CI", "1");
    println!("    VS_BIN={}", bin.display());
    util::run(&mut cmd)?;
    Ok(Outcome::Passed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::first_line;

    #[test]
    fn fuzz_failure_leads_with_counts() {
        assert_eq!(
            fuzz_failure("", "`bash run.sh` failed"),
            "`bash run.sh` failed"
        );
        let why = fuzz_failure(
            "900 test cases, 2 failures (seed 1)",
            "`bash run.sh` failed",
        );
        assert_eq!(
            first_line(&why),
            "900 test cases, 2 failures (seed 1); see the schemathesis output above"
        );
    }
}
