//! How lean the release server is, for `cargo xtask bench`: start to ready (fresh data dir with
//! the demo, existing database), resident memory, and the binary's size.
use crate::load;
use crate::process::Server;
use crate::setups::Ctx;
use crate::site;
use crate::util::{self, step};
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// Starts per kind: enough for a median and a worst case, few enough to keep the bench short.
const STARTS: usize = 7;
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// The search load the memory figure follows.
const SEARCH_LOAD: Duration = Duration::from_secs(5);

/// The `Figure | Value` lines: binary size, start to ready, resident memory.
pub fn figures(rt: &Runtime, ctx: &Ctx) -> Result<Vec<(String, String)>> {
    let mut notes = vec![step("release binary size", binary_size)?];
    let dir = tempfile::Builder::new()
        .prefix("vs-bench-lean-")
        .tempdir()?;
    let (mut fresh, mut existing) = (Vec::new(), Vec::new());
    let (mut rss_demo, mut rss_start) = (Vec::new(), Vec::new());
    for i in 0..STARTS {
        let name = format!("lean-{i}");
        let (ready, server) = start_timed(&name, dir.path())?;
        fresh.push(ready);
        rss_demo.push(rss_kb(server.pid(), "VmRSS")?);
        stop(server)?;
        let (ready, server) = start_timed(&name, dir.path())?;
        existing.push(ready);
        rss_start.push(rss_kb(server.pid(), "VmRSS")?);
        if i + 1 < STARTS {
            stop(server)?;
            continue;
        }
        let url = ctx.search_page(&server.base)?;
        let stats = rt.block_on(load::get(&url, ctx.connections, SEARCH_LOAD))?;
        let after = rss_kb(server.pid(), "VmRSS")?;
        let peak = rss_kb(server.pid(), "VmHWM")?;
        println!(
            "    after {} of search load ({:.0} req/s): RSS {}, peak {}",
            util::secs(SEARCH_LOAD),
            stats.per_sec(),
            mb(after),
            mb(peak)
        );
        notes.push((
            format!(
                "Resident memory after {} of search load ({} connections)",
                util::secs(SEARCH_LOAD),
                ctx.connections
            ),
            format!("{} (peak {})", mb(after), mb(peak)),
        ));
        stop(server)?;
    }
    notes.push((
        "Start to ready (/readyz 200), fresh data dir loading the demo".into(),
        spread(&mut fresh),
    ));
    notes.push((
        "Start to ready (/readyz 200), existing database".into(),
        spread(&mut existing),
    ));
    notes.push((
        "Resident memory when ready, fresh data dir with the demo loaded".into(),
        mb_spread(&mut rss_demo),
    ));
    notes.push((
        "Resident memory when ready, existing database".into(),
        mb_spread(&mut rss_start),
    ));
    Ok(notes)
}

fn binary_size() -> Result<(String, String)> {
    let bin = site::server_bin(true);
    let size = fs::metadata(&bin)
        .with_context(|| format!("reading {}", bin.display()))?
        .len();
    let symbols = util::output(std::process::Command::new("nm").arg(&bin))
        .map(|out| !out.trim().is_empty())
        .unwrap_or(false);
    let value = format!(
        "{:.1} MB ({})",
        size as f64 / 1e6,
        if symbols { "with symbols" } else { "stripped" }
    );
    println!("    {}: {value}", bin.display());
    Ok(("Release binary (target/release/vision-stays)".into(), value))
}

/// Starts `serve` (all roles, SQLite in `dir/name`, demo data) and times spawn → `/readyz` 200.
fn start_timed(name: &str, dir: &std::path::Path) -> Result<(Duration, Server)> {
    let started = Instant::now();
    let mut server = Server::start(name, dir, "all", None, &[])?;
    let addr = format!(
        "{}:{}",
        server.base.host_str().unwrap_or("127.0.0.1"),
        server.base.port().unwrap_or(80)
    );
    while started.elapsed() < READY_TIMEOUT {
        if server.exited()? {
            server.print_log_tail();
            bail!("{name} exited before it was ready");
        }
        if ready(&addr) {
            let took = started.elapsed();
            println!("    {name}: ready after {}", util::ms(took));
            return Ok((took, server));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    bail!("{name} was not ready within {}", util::secs(READY_TIMEOUT))
}

/// One `GET /readyz` on a fresh connection: cheap enough to poll every millisecond.
fn ready(addr: &str) -> bool {
    let Ok(mut conn) = TcpStream::connect(addr) else {
        return false;
    };
    let request = format!("GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if conn.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    conn.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}

fn stop(mut server: Server) -> Result<()> {
    server.stop()
}

/// A `/proc/<pid>/status` field in KiB (`VmRSS`, `VmHWM`).
fn rss_kb(pid: u32, field: &str) -> Result<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} in /proc/{pid}/status"))
}

fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 * 1024.0 / 1e6)
}

fn mb_spread(kib: &mut [u64]) -> String {
    kib.sort_unstable();
    format!(
        "median {}, max {} ({} starts)",
        mb(kib[kib.len() / 2]),
        mb(kib[kib.len() - 1]),
        kib.len()
    )
}

fn spread(took: &mut [Duration]) -> String {
    took.sort_unstable();
    format!(
        "median {}, max {} ({} starts)",
        util::ms(took[took.len() / 2]),
        util::ms(took[took.len() - 1]),
        took.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process_memory() {
        let kb = rss_kb(std::process::id(), "VmRSS").unwrap();
        assert!(kb > 100, "{kb}");
        assert!(rss_kb(std::process::id(), "NoSuchField").is_err());
    }

    #[test]
    fn spreads_are_median_and_max() {
        let mut t = [3, 1, 2].map(Duration::from_millis);
        assert_eq!(spread(&mut t), "median 2.0 ms, max 3.0 ms (3 starts)");
        assert_eq!(
            mb_spread(&mut [2000, 1000, 3000]),
            "median 2.0 MB, max 3.1 MB (3 starts)"
        );
    }
}
