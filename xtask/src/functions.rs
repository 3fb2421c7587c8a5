//! Function cold starts for `cargo xtask bench`: the release `vision-stays function` started as
//! Fn starts it, on a database a `serve` process made, timed from spawn to its socket accepting
//! a connection (the pool is open and the token keys loaded by then), then its first call.
use crate::process::{self, Server};
use crate::site;
use crate::util::{self, step};
use anyhow::{Context, Result, bail};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// The target for a cold start on an existing database.
pub const TARGET: Duration = Duration::from_millis(100);
/// Starts per function and database.
const STARTS: usize = 20;
/// Fn's own limit: a container that does not listen within 5 s is given up on.
const LISTEN_WITHIN: Duration = Duration::from_secs(5);
const FUNCTIONS: [&str; 2] = ["get-hotel-details", "create-booking"];

/// Cold starts of both functions on a database made by `serve` (SQLite in its data dir, or
/// `database_url`), as `Figure | Value` lines; `hotel` is the slug the first calls ask for.
pub fn cold_starts(
    rt: &Runtime,
    label: &str,
    database_url: Option<&str>,
    hotel: &str,
) -> Result<Vec<(String, String)>> {
    let dir = tempfile::Builder::new().prefix("vs-bench-fn-").tempdir()?;
    let mut servers = vec![step(&format!("prepare the database ({label})"), || {
        Server::start("server", dir.path(), "all", database_url, &[])
    })?];
    let ready = rt.block_on(servers[0].wait_ready());
    process::stop_all(&mut servers)?;
    ready?;
    let data_dir = dir.path().join("server");
    let mut figures = Vec::new();
    for function in FUNCTIONS {
        let (starts, calls) = step(
            &format!("{function}: {STARTS} cold starts ({label})"),
            || {
                let mut starts = Vec::new();
                let mut calls = Vec::new();
                for i in 0..STARTS {
                    let (start, call) = one_start(function, &data_dir, database_url, hotel, i)?;
                    starts.push(start);
                    calls.extend(call);
                }
                Ok((starts, calls))
            },
        )?;
        let (p50, p95) = (percentile(&starts, 50), percentile(&starts, 95));
        let max = percentile(&starts, 100);
        let verdict = if p95 < TARGET { "under" } else { "OVER" };
        let figure = format!(
            "p50 {}, p95 {}, max {} (p95 {verdict} the {} target)",
            util::ms(p50),
            util::ms(p95),
            util::ms(max),
            util::ms(TARGET)
        );
        println!("    spawn → socket ready: {figure}");
        figures.push((
            format!(
                "Function cold start (spawn → socket ready, {STARTS} starts), {function}, {label}"
            ),
            figure,
        ));
        if !calls.is_empty() {
            figures.push((
                format!("Function first call after a cold start, {function}, {label}"),
                format!(
                    "p50 {}, max {}",
                    util::ms(percentile(&calls, 50)),
                    util::ms(percentile(&calls, 100))
                ),
            ));
        }
    }
    Ok(figures)
}

/// One container's life: spawn, wait for the socket, one call (hotel details only: a booking
/// needs a token), SIGTERM.
fn one_start(
    function: &str,
    data_dir: &Path,
    database_url: Option<&str>,
    hotel: &str,
    i: usize,
) -> Result<(Duration, Option<Duration>)> {
    let dir = data_dir.with_file_name(format!("fn-{function}-{i}"));
    fs::create_dir_all(&dir)?;
    let socket = dir.join("lsnr.sock");
    let log = dir.join("function.log");
    let out = File::create(&log)?;
    let mut cmd = Command::new(site::server_bin(true));
    cmd.args(["function", function])
        .env("FN_FORMAT", "http-stream")
        .env("FN_LISTENER", format!("unix:{}", socket.display()))
        .env("VS_DATA_DIR", data_dir)
        .env("VS_DB_MAX_CONNECTIONS", "2")
        .env("VS_LOG_FORMAT", "json")
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out);
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().context("starting vision-stays function")?;
    let stop = |child: &mut std::process::Child| -> Result<()> {
        util::run(Command::new("kill").args(["-TERM", &child.id().to_string()]))?;
        child.wait()?;
        Ok(())
    };
    loop {
        if UnixStream::connect(&socket).is_ok() {
            break;
        }
        if let Some(status) = child.try_wait()? {
            bail!(
                "{function} exited ({status}): {}",
                fs::read_to_string(&log)?
            );
        }
        if started.elapsed() > LISTEN_WITHIN {
            stop(&mut child)?;
            bail!(
                "{function} did not listen within {}",
                util::secs(LISTEN_WITHIN)
            );
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let cold = started.elapsed();
    let call = if function == "get-hotel-details" {
        let asked = Instant::now();
        first_call(&socket, hotel, i)?;
        Some(asked.elapsed())
    } else {
        None
    };
    stop(&mut child)?;
    Ok((cold, call))
}

/// `GET /api/v1/hotels/{hotel}` as Fn delivers it; fails unless the client would get a 200.
fn first_call(socket: &Path, hotel: &str, i: usize) -> Result<()> {
    let deadline = (chrono::Utc::now() + chrono::Duration::seconds(30))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut stream = UnixStream::connect(socket)?;
    write!(
        stream,
        "POST /call HTTP/1.1\r\nHost: localhost\r\nFn-Call-Id: bench-{i}\r\nFn-Deadline: {deadline}\r\n\
         Fn-Intent: httprequest\r\nFn-Http-Method: GET\r\nFn-Http-Request-Url: /api/v1/hotels/{hotel}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let head = answer
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !head.starts_with("http/1.1 200") || !head.contains("\r\nfn-http-status: 200") {
        bail!("the first call was not answered 200: {head}");
    }
    Ok(())
}

/// The `p`th percentile (nearest rank) of `samples`.
fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let ms = |v: &[u64]| {
            v.iter()
                .map(|m| Duration::from_millis(*m))
                .collect::<Vec<_>>()
        };
        let samples = ms(&[9, 1, 5, 3, 7]);
        assert_eq!(percentile(&samples, 50), Duration::from_millis(5));
        assert_eq!(percentile(&samples, 100), Duration::from_millis(9));
        assert_eq!(percentile(&samples, 1), Duration::from_millis(1));
        assert_eq!(percentile(&[], 50), Duration::ZERO);
    }
}
