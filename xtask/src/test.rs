//! `cargo xtask test`: every test of the project on a fresh machine, with a per-step summary.
use crate::site;
use crate::tools;
use crate::util::{self, cargo};
use anyhow::{Context, Result, bail};
use std::fs;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// How one step ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

struct StepResult {
    name: &'static str,
    outcome: Outcome,
    elapsed: Duration,
}

#[derive(Default)]
struct Steps(Vec<StepResult>);

impl Steps {
    /// Runs a step, prints its outcome, records it, and returns whether it passed.
    fn run(&mut self, name: &'static str, f: impl FnOnce() -> Result<Outcome>) -> bool {
        println!("\n==> [test] {name}");
        let start = Instant::now();
        let outcome = f().unwrap_or_else(|err| Outcome::Failed(format!("{err:#}")));
        match &outcome {
            Outcome::Passed => println!("    {name}: passed"),
            Outcome::Failed(why) => println!("    {name}: FAILED: {why}"),
            Outcome::Skipped(why) => println!("    {name}: skipped: {why}"),
        }
        let passed = outcome == Outcome::Passed;
        self.0.push(StepResult {
            name,
            outcome,
            elapsed: start.elapsed(),
        });
        passed
    }

    fn not_run(&mut self, name: &'static str, because: &str) {
        self.run(name, || Ok(Outcome::Skipped(format!("not run: {because}"))));
    }

    /// Prints one line per step and the closing `N passed, N failed` line.
    fn summary(&self) -> ExitCode {
        println!("\n==> [test] summary");
        for step in &self.0 {
            let (word, why) = match &step.outcome {
                Outcome::Passed => ("PASS", String::new()),
                Outcome::Failed(why) => ("FAIL", format!(": {}", first_line(why))),
                Outcome::Skipped(why) => ("SKIP", format!(": {}", first_line(why))),
            };
            println!(
                "    {word}  {} ({}){why}",
                step.name,
                util::secs(step.elapsed)
            );
        }
        let count = |f: fn(&Outcome) -> bool| self.0.iter().filter(|s| f(&s.outcome)).count();
        let passed = count(|o| matches!(o, Outcome::Passed));
        let failed = count(|o| matches!(o, Outcome::Failed(_)));
        let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
        println!("{}", closing_line(passed, failed, skipped));
        if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The plain line CI reads: `N passed, N failed` (`, N skipped` when any).
pub fn closing_line(passed: usize, failed: usize, skipped: usize) -> String {
    let mut line = format!("{passed} passed, {failed} failed");
    if skipped > 0 {
        line.push_str(&format!(", {skipped} skipped"));
    }
    line
}

pub fn run() -> ExitCode {
    let mut steps = Steps::default();

    let tools_ok = steps.run("system tools (node, npm, chromium)", || {
        tools::ensure_browser_tools().map(|()| Outcome::Passed)
    });
    let mut pg_url = None;
    let pg_ok = steps.run("database (PostgreSQL)", || {
        pg_url = Some(crate::postgres::ensure()?);
        Ok(Outcome::Passed)
    });
    let build_ok = steps.run("build (site wasm-release, server debug)", || {
        site::build(false).map(|()| Outcome::Passed)
    });
    // Without it the email tests fail, saying so; the other tests still run.
    let mut smtp_python = None;
    steps.run("SMTP test server (aiosmtpd venv)", || {
        smtp_python = Some(crate::smtp::ensure_venv()?);
        Ok(Outcome::Passed)
    });
    let smtp_env: Vec<(&str, std::path::PathBuf)> = smtp_python
        .iter()
        .map(|p| (crate::smtp::ENV, p.clone()))
        .collect();

    // Two cargo invocations: testing xtask together with the server would unify features
    // (and frontend's `hydrate` must never reach the server build).
    if build_ok {
        steps.run("cargo test --workspace", || {
            util::run(
                cargo()
                    .args([
                        "test",
                        "--workspace",
                        "--exclude",
                        "frontend",
                        "--exclude",
                        "xtask",
                    ])
                    .envs(smtp_env.iter().cloned()),
            )?;
            Ok(Outcome::Passed)
        });
    } else {
        steps.not_run("cargo test --workspace", "the build failed");
    }
    steps.run("cargo test -p xtask", || cargo_test(&["-p", "xtask"]));

    // The server's integration tests are the store conformance suite: run them on PostgreSQL too.
    const PG_STEP: &str = "cargo test -p server --tests (PostgreSQL)";
    match (&pg_url, build_ok && pg_ok) {
        (Some(url), true) => {
            steps.run(PG_STEP, || {
                util::run(
                    cargo()
                        .args(["test", "-p", "server", "--tests"])
                        .env(crate::postgres::ENV, url)
                        // Every test app, role process and relay opens its own pool on one
                        // server (max_connections 100 by default): keep each pool small.
                        .env("VS_DB_MAX_CONNECTIONS", "6")
                        .envs(smtp_env.iter().cloned()),
                )?;
                Ok(Outcome::Passed)
            });
        }
        _ => steps.not_run(PG_STEP, "PostgreSQL or the build is not available"),
    }

    if build_ok {
        steps.run(FUZZ_STEP, api_fuzzing);
    } else {
        steps.not_run(FUZZ_STEP, "the build failed");
    }

    let config = tools::end2end_dir().join("playwright.config.ts");
    if !config.is_file() {
        println!(
            "\n!!!!!! WARNING: {} does not exist yet: browser tests are SKIPPED !!!!!!",
            config.display()
        );
        steps.not_run("browser tests (playwright)", "no playwright.config.ts yet");
    } else if !tools_ok || !build_ok {
        steps.not_run(
            "browser tests (playwright)",
            "the system tools or the build failed",
        );
    } else {
        steps.run("browser tests (playwright)", browser_tests);
    }

    steps.summary()
}

fn cargo_test(args: &[&str]) -> Result<Outcome> {
    util::run(cargo().arg("test").args(args))?;
    Ok(Outcome::Passed)
}

const FUZZ_STEP: &str = "API fuzzing (schemathesis)";

/// Fuzzes the JSON API from its OpenAPI document with schemathesis (`end2end/fuzz/run.sh`
/// installs it into a venv under target/, starts the debug server and runs it).
fn api_fuzzing() -> Result<Outcome> {
    if util::which("python3").is_none() {
        bail!(
            "python3 is not installed: API fuzzing needs it \
             (Debian: apt-get install python3 python3-venv)"
        );
    }
    let bin = site::server_bin(false);
    let bin = bin
        .canonicalize()
        .with_context(|| format!("the server binary {} is missing", bin.display()))?;
    let report = util::target_dir().join("fuzz-report");
    let mut cmd = Command::new("bash");
    cmd.arg(tools::end2end_dir().join("fuzz/run.sh"))
        .current_dir(util::root())
        .env("VS_BIN", &bin)
        .env("FUZZ_REPORT_DIR", &report);
    let result = util::run(&mut cmd);
    // run.sh writes e.g. "1021 test cases, 0 failures (seed 1)".
    let summary = fs::read_to_string(report.join("summary.txt")).unwrap_or_default();
    let summary = summary.trim();
    match result {
        Ok(()) => {
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

fn browser_tests() -> Result<Outcome> {
    tools::ensure_end2end_deps()?;
    let bin = site::server_bin(false);
    let bin = bin
        .canonicalize()
        .with_context(|| format!("the server binary {} is missing", bin.display()))?;
    let mut cmd = Command::new("npx");
    cmd.args(["playwright", "test"])
        .current_dir(tools::end2end_dir())
        .env("VS_BIN", &bin)
        .env("CI", "1");
    println!("    VS_BIN={}", bin.display());
    util::run(&mut cmd)?;
    Ok(Outcome::Passed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_line_is_plain() {
        assert_eq!(closing_line(3, 0, 0), "3 passed, 0 failed");
        assert_eq!(closing_line(4, 1, 2), "4 passed, 1 failed, 2 skipped");
    }

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

    #[test]
    fn steps_record_outcomes() {
        let mut steps = Steps::default();
        assert!(steps.run("ok", || Ok(Outcome::Passed)));
        assert!(!steps.run("err", || anyhow::bail!("boom")));
        steps.not_run("later", "err failed");
        let outcomes: Vec<_> = steps.0.iter().map(|s| s.outcome.clone()).collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Passed,
                Outcome::Failed("boom".into()),
                Outcome::Skipped("not run: err failed".into())
            ]
        );
    }
}
