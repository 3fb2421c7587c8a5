//! Vision Stays' build tool: `cargo xtask build | run | test | bench` (no cargo-leptos needed).
mod api;
mod bench;
mod functions;
mod lean;
mod lighthouse;
mod load;
mod pgdb;
mod plan;
mod postgres;
mod process;
mod python;
mod report;
mod setups;
mod ship;
mod site;
mod steps;
mod test;
mod tools;
mod util;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, run, test and benchmark Vision Stays"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the site (WASM, CSS, assets) into target/site, then the server.
    Build {
        /// Build the server with the release profile (the WASM always uses wasm-release).
        #[arg(long)]
        release: bool,
    },
    /// Build (release unless --debug), then run `vision-stays serve [ARGS]`.
    Run {
        /// Build and run the debug server.
        #[arg(long)]
        debug: bool,
        /// Extra arguments for `vision-stays serve`, after `--` (e.g. `-- --addr 0.0.0.0:8080`).
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Run every test: system tools, build, cargo tests, API fuzzing, browser tests.
    Test,
    /// Only the shipping steps of `test`: offline checks of the Dockerfile, k8s/ and deploy/,
    /// then the image, Kubernetes and release rehearsals with the debug server.
    Ship,
    /// Measure WASM size and server throughput; writes docs/benchmarks.md.
    Bench {
        /// Seconds of load per measured endpoint.
        #[arg(long, default_value_t = 10)]
        duration_secs: u64,
        /// Concurrent connections of the load generator.
        #[arg(long, default_value_t = 32)]
        connections: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = Instant::now();
    let result = match cli.command {
        Cmd::Build { release } => site::build(release),
        Cmd::Run { debug, args } => return run(!debug, &args),
        Cmd::Test => return test::run(),
        Cmd::Ship => return test::ship_only(),
        Cmd::Bench {
            duration_secs,
            connections,
        } => bench::run(duration_secs, connections),
    };
    match result {
        Ok(()) => {
            println!("xtask: finished in {}", util::secs(start.elapsed()));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds, then replaces this process by the server (Unix), so Ctrl-C and the exit code
/// are the server's own; elsewhere it spawns, waits and propagates the exit code.
fn run(release: bool, args: &[String]) -> ExitCode {
    if let Err(err) = site::build(release) {
        eprintln!("xtask: error: {err:#}");
        return ExitCode::FAILURE;
    }
    let bin = site::server_bin(release);
    let mut cmd = Command::new(&bin);
    // The README's run command opens the full demo; a bare `serve` never loads it.
    cmd.args(["serve", "--demo-data"])
        .args(args)
        .current_dir(util::root());
    println!("==> {}", util::display(&cmd));
    match exec(cmd) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(unix)]
fn exec(mut cmd: Command) -> Result<ExitCode> {
    use std::os::unix::process::CommandExt;
    // Only returns on failure.
    let err = cmd.exec();
    Err(err).with_context(|| format!("could not exec `{}`", util::display(&cmd)))
}

#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result<ExitCode> {
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{}`", util::display(&cmd)))?;
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn run_passes_extra_args() {
        let cli =
            Cli::try_parse_from(["xtask", "run", "--debug", "--", "--addr", "0.0.0.0:1"]).unwrap();
        match cli.command {
            Cmd::Run { debug, args } => {
                assert!(debug);
                assert_eq!(args, ["--addr", "0.0.0.0:1"]);
            }
            _ => panic!("expected run"),
        }
    }

    #[test]
    fn bench_defaults() {
        let cli = Cli::try_parse_from(["xtask", "bench"]).unwrap();
        match cli.command {
            Cmd::Bench {
                duration_secs,
                connections,
            } => assert_eq!((duration_secs, connections), (10, 32)),
            _ => panic!("expected bench"),
        }
    }
}
