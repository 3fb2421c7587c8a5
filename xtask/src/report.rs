//! Benchmark figures as a markdown table, kept newest-first in docs/benchmarks.md.
use crate::load::Stats;
use crate::util::{self, root};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

const MARKER: &str = "<!-- runs below are written by `cargo xtask bench`; newest first -->";
const KEEP_RUNS: usize = 10;

/// Sizes of the optimised WASM, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct WasmSizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Everything one bench run measured, plus where and when.
pub struct Figures {
    pub date: String,
    pub nproc: usize,
    pub cpu: String,
    pub commit: String,
    pub duration_secs: u64,
    pub connections: usize,
    pub wasm: WasmSizes,
    /// GET /search, GET /healthz, GET /signin.
    pub pages: [Stats; 3],
    pub bookings: Stats,
}

const PAGES: [&str; 3] = [
    "GET /search?city=lisbon&check_in=today+30&check_out=today+33&guests=2",
    "GET /healthz",
    "GET /signin",
];

impl Figures {
    pub fn new(
        duration_secs: u64,
        connections: usize,
        wasm: WasmSizes,
        pages: [Stats; 3],
        bookings: Stats,
    ) -> Figures {
        Figures {
            date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            nproc: std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu: cpu_model(),
            commit: commit(),
            duration_secs,
            connections,
            wasm,
            pages,
            bookings,
        }
    }

    /// Search throughput over the trivial page's (GET /signin).
    pub fn search_ratio(&self) -> f64 {
        self.pages[0].per_sec() / self.pages[2].per_sec().max(1e-9)
    }

    /// One run: a heading and a `Figure | Value` table.
    pub fn markdown(&self) -> String {
        let mut rows: Vec<(String, String)> = vec![
            ("Date".into(), self.date.clone()),
            (
                "Machine (nproc)".into(),
                format!("{} ({})", self.nproc, self.cpu),
            ),
            ("Commit".into(), self.commit.clone()),
            (
                "Load".into(),
                format!(
                    "{} connections, {} s per figure, in-process client on the same machine",
                    self.connections, self.duration_secs
                ),
            ),
            ("WASM raw".into(), util::kb(self.wasm.raw)),
            ("WASM gzip (best)".into(), util::kb(self.wasm.gzip)),
            ("WASM brotli (q11)".into(), util::kb(self.wasm.brotli)),
        ];
        for (name, stats) in PAGES.iter().zip(&self.pages) {
            rows.extend(stat_rows(name, stats, "req/s"));
        }
        rows.push((
            "Search / trivial page (req/s ratio, /signin)".into(),
            format!("{:.2}", self.search_ratio()),
        ));
        rows.extend(stat_rows(
            "POST /hotels/{slug}/book (303)",
            &self.bookings,
            "bookings/s",
        ));
        let mut out = format!("## {}\n\n| Figure | Value |\n| --- | --- |\n", self.date);
        for (k, v) in rows {
            let _ = writeln!(out, "| {} | {} |", cell(&k), cell(&v));
        }
        out
    }
}

fn stat_rows(name: &str, stats: &Stats, unit: &str) -> Vec<(String, String)> {
    let failures = if stats.failures.is_empty() {
        "0".to_string()
    } else {
        let parts: Vec<String> = stats
            .failures
            .iter()
            .map(|(why, n)| format!("{n} × {why}"))
            .collect();
        parts.join(", ")
    };
    vec![
        (format!("{name} {unit}"), format!("{:.0}", stats.per_sec())),
        (
            format!("{name} p50 / p99"),
            format!(
                "{:.2} ms / {:.2} ms",
                stats.percentile_ms(50.0),
                stats.percentile_ms(99.0)
            ),
        ),
        (
            format!("{name} ok / failed"),
            format!("{} / {failures}", stats.ok),
        ),
    ]
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn commit() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "none yet".into())
}

/// Puts this run first in `path`, keeping up to KEEP_RUNS earlier runs.
pub fn write(path: &Path, figures: &Figures) -> Result<()> {
    let old = fs::read_to_string(path).unwrap_or_default();
    fs::write(path, render(&old, &figures.markdown()))
        .with_context(|| format!("writing {}", path.display()))
}

fn render(old: &str, run: &str) -> String {
    let mut out = String::from(
        "# Benchmarks\n\n\
         Written by `cargo xtask bench [--duration-secs 10] [--connections 32]`: a release build,\n\
         the WASM bundle's size, then a release server on 127.0.0.1 with a fresh data dir (demo\n\
         data) under an in-process load generator that shares the machine's cores with it.\n\
         Figures depend on the machine and what else runs on it; they are not a test.\n\n",
    );
    out.push_str(MARKER);
    out.push_str("\n\n");
    out.push_str(run.trim_end());
    out.push('\n');
    let previous = old.split_once(MARKER).map_or("", |(_, runs)| runs);
    let runs = previous
        .split("\n## ")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .take(KEEP_RUNS - 1);
    for r in runs {
        out.push_str("\n## ");
        out.push_str(r.trim_start_matches("## "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn stats(ok: u64) -> Stats {
        Stats {
            ok,
            elapsed: Duration::from_secs(10),
            latencies_us: vec![1000, 2000, 3000],
            ..Stats::default()
        }
    }

    fn figures(date: &str) -> Figures {
        let mut bookings = stats(50);
        bookings.failures.insert("status 409".into(), 2);
        Figures {
            date: date.into(),
            nproc: 2,
            cpu: "Test CPU".into(),
            commit: "abc1234".into(),
            duration_secs: 10,
            connections: 32,
            wasm: WasmSizes {
                raw: 2048,
                gzip: 1024,
                brotli: 512,
            },
            pages: [stats(1000), stats(5000), stats(4000)],
            bookings,
        }
    }

    #[test]
    fn table_has_every_figure() {
        let md = figures("2030-01-01 00:00 UTC").markdown();
        assert!(md.contains("| Machine (nproc) | 2 (Test CPU) |"));
        assert!(md.contains("| WASM raw | 2.0 KB |"));
        assert!(md.contains("| GET /healthz req/s | 500 |"));
        assert!(md.contains("| Search / trivial page (req/s ratio, /signin) | 0.25 |"));
        assert!(md.contains("| POST /hotels/{slug}/book (303) bookings/s | 5 |"));
        assert!(
            md.contains("| POST /hotels/{slug}/book (303) ok / failed | 50 / 2 × status 409 |")
        );
        assert!(md.contains("p50 / p99 | 2.00 ms / 3.00 ms |"));
    }

    #[test]
    fn newest_run_first_and_history_kept() {
        let first = render("", &figures("2030-01-01 00:00 UTC").markdown());
        let second = render(&first, &figures("2030-02-01 00:00 UTC").markdown());
        let a = second.find("## 2030-02-01").unwrap();
        let b = second.find("## 2030-01-01").unwrap();
        assert!(a < b);
        assert_eq!(second.matches("# Benchmarks").count(), 1);
        let mut doc = second;
        for month in 3..=12 {
            let date = format!("2030-{month:02}-01 00:00 UTC");
            doc = render(&doc, &figures(&date).markdown());
        }
        assert_eq!(doc.matches("\n## ").count(), KEEP_RUNS);
        assert!(!doc.contains("## 2030-01-01"));
    }
}
