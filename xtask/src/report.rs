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
const INTRO: &str = "# Benchmarks\n\n\
Written by `cargo xtask bench [--duration-secs 10] [--connections 32]`: a release build, the\n\
WASM bundle's size, then release servers on 127.0.0.1, each started fresh (demo data, rate\n\
limit off) and stopped with SIGTERM, under an in-process load generator (xtask itself, built\n\
with --release; runs before 2026-12-04 22:00 UTC used an unoptimised one, which capped the\n\
cheap endpoints) that shares the machine's cores with them. First, on a quiet machine: the\n\
release binary's size, start to ready (spawn until `/readyz` answers 200, polled every\n\
millisecond) on a fresh data dir loading the demo and on the same database again, resident\n\
memory (VmRSS) then and after 5 s of search load, and Lighthouse (npm, Debian's Chromium) on\n\
the guest pages. Then the set-ups: one `vision-stays serve` process (in-process backend) on\n\
SQLite, the same on a fresh PostgreSQL database (`vs_bench_<random>`, dropped after; skipped\n\
with a note when no PostgreSQL answers), and four processes (`--role hotels`, `customers`,\n\
`bookings` over one SQLite file, plus `web` over the HTTP backend). Each connection keeps one\n\
keep-alive connection; bookings spread over every room type and date so none sells out (409s\n\
are counted apart). The half-rate booking run is open loop: requests leave on a fixed\n\
schedule and latency counts from the scheduled time. What limits each figure, with profiles:\n\
docs/performance.md. Figures depend on the machine and what else runs on it; they are not a\n\
test.\n\n";

/// Sizes of the optimised WASM, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct WasmSizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
    /// The JS that loads it, gzipped: the rest of what a page downloads to run its islands.
    pub js_gzip: u64,
}

/// The measured set-ups.
pub const SQLITE: &str = "SQLite, one process (in-process backend)";
pub const POSTGRES: &str = "PostgreSQL, one process (in-process backend)";
pub const ROLES: &str = "SQLite, four processes (web → HTTP backend)";

/// The measurements (search: check-in today+30, three nights, two guests).
pub const SEARCH_PAGE: &str = "GET /search?city=lisbon&… (HTML page)";
pub const HOTEL_PAGE: &str = "GET /hotels/{slug}?check_in=… (HTML page)";
pub const HEALTHZ: &str = "GET /healthz";
pub const SIGNIN: &str = "GET /signin";
pub const API_SEARCH: &str = "GET /api/v1/search?city=Lisbon&… (JSON)";
pub const FORM_BOOK: &str = "POST /hotels/{slug}/book (form, 303)";
pub const API_BOOK: &str = "POST /api/v1/bookings (JSON, 201)";
pub const API_BOOK_HALF: &str = "POST /api/v1/bookings at half that rate (open loop)";

/// One measurement on one set-up.
pub struct Row {
    pub setup: &'static str,
    pub name: &'static str,
    /// `req/s` or `bookings/s`.
    pub unit: &'static str,
    pub stats: Stats,
}

impl Row {
    pub fn new(setup: &'static str, name: &'static str, unit: &'static str, stats: Stats) -> Row {
        Row {
            setup,
            name,
            unit,
            stats,
        }
    }
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
    pub rows: Vec<Row>,
    /// Extra `Figure | Value` lines, e.g. the PostgreSQL version or why it was skipped.
    pub notes: Vec<(String, String)>,
}

impl Figures {
    pub fn new(
        duration_secs: u64,
        connections: usize,
        wasm: WasmSizes,
        rows: Vec<Row>,
        notes: Vec<(String, String)>,
    ) -> Figures {
        Figures {
            date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            nproc: std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu: cpu_model(),
            commit: commit(),
            duration_secs,
            connections,
            wasm,
            rows,
            notes,
        }
    }

    fn rate(&self, setup: &str, name: &str) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.setup == setup && r.name == name)
            .map(|r| r.stats.per_sec())
    }

    /// `a`'s rate over `b`'s (per set-up and measurement), when both were measured.
    pub fn ratio(&self, a: (&str, &str), b: (&str, &str)) -> Option<f64> {
        Some(self.rate(a.0, a.1)? / self.rate(b.0, b.1)?.max(1e-9))
    }

    fn ratio_rows(&self) -> Vec<(String, String)> {
        let mut wanted: Vec<(String, Option<f64>)> = Vec::new();
        for (setup, db) in [(SQLITE, "SQLite"), (POSTGRES, "PostgreSQL")] {
            for (page, name) in [(SEARCH_PAGE, "Search page"), (HOTEL_PAGE, "Hotel page")] {
                wanted.push((
                    format!("{name} / {HEALTHZ} (req/s ratio, same run), {db}"),
                    self.ratio((setup, page), (setup, HEALTHZ)),
                ));
            }
        }
        for name in [
            SEARCH_PAGE,
            HOTEL_PAGE,
            HEALTHZ,
            SIGNIN,
            API_SEARCH,
            FORM_BOOK,
            API_BOOK,
        ] {
            wanted.push((
                format!("PostgreSQL / SQLite (one process): {name}"),
                self.ratio((POSTGRES, name), (SQLITE, name)),
            ));
        }
        for name in [SEARCH_PAGE, FORM_BOOK] {
            wanted.push((
                format!("HTTP backend (four processes) / in-process (SQLite): {name}"),
                self.ratio((ROLES, name), (SQLITE, name)),
            ));
        }
        wanted
            .into_iter()
            .filter_map(|(k, v)| Some((k, format!("{:.2}", v?))))
            .collect()
    }

    /// One run: a heading, a `Figure | Value` table, then one line per set-up and measurement.
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
            ("JS loader gzip (best)".into(), util::kb(self.wasm.js_gzip)),
            (
                "Which pages load it".into(),
                "every page, guest and admin alike: one bundle of the islands (the submit \
                 button, the hotel form's city and time zone); the rest is server-rendered HTML"
                    .into(),
            ),
        ];
        rows.extend(self.notes.iter().cloned());
        rows.extend(self.ratio_rows());
        let mut out = format!("## {}\n\n| Figure | Value |\n| --- | --- |\n", self.date);
        for (k, v) in rows {
            let _ = writeln!(out, "| {} | {} |", cell(&k), cell(&v));
        }
        out.push_str(
            "\n| Set-up | Measurement | Rate | p50 | p99 | OK | Sold out (409) | Failed |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for row in &self.rows {
            let _ = writeln!(out, "| {} |", stat_cells(row).map(|c| cell(&c)).join(" | "));
        }
        out
    }
}

fn stat_cells(row: &Row) -> [String; 8] {
    let stats = &row.stats;
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
    [
        row.setup.to_string(),
        row.name.to_string(),
        format!("{:.0} {}", stats.per_sec(), row.unit),
        format!("{:.2} ms", stats.percentile_ms(50.0)),
        format!("{:.2} ms", stats.percentile_ms(99.0)),
        stats.ok.to_string(),
        stats.sold_out.to_string(),
        failures,
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
    let mut out = String::from(INTRO);
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
        bookings.failures.insert("status 500".into(), 2);
        bookings.sold_out = 3;
        let rows = vec![
            Row::new(SQLITE, SEARCH_PAGE, "req/s", stats(1000)),
            Row::new(SQLITE, HEALTHZ, "req/s", stats(5000)),
            Row::new(SQLITE, SIGNIN, "req/s", stats(4000)),
            Row::new(SQLITE, API_BOOK, "bookings/s", bookings),
            Row::new(ROLES, SEARCH_PAGE, "req/s", stats(500)),
        ];
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
                js_gzip: 256,
            },
            rows,
            notes: vec![("PostgreSQL".into(), "SKIPPED: none".into())],
        }
    }

    #[test]
    fn table_has_every_figure() {
        let md = figures("2030-01-01 00:00 UTC").markdown();
        assert!(md.contains("| Machine (nproc) | 2 (Test CPU) |"));
        assert!(md.contains("| WASM raw | 2.0 KB |"));
        assert!(md.contains("| PostgreSQL | SKIPPED: none |"));
        assert!(
            md.contains("| Search page / GET /healthz (req/s ratio, same run), SQLite | 0.20 |")
        );
        assert!(!md.contains("(req/s ratio, same run), PostgreSQL"));
        assert!(md.contains(&format!(
            "| HTTP backend (four processes) / in-process (SQLite): {SEARCH_PAGE} | 0.50 |"
        )));
        assert!(md.contains(&format!(
            "| {SQLITE} | {HEALTHZ} | 500 req/s | 2.00 ms | 3.00 ms | 5000 | 0 | 0 |"
        )));
        assert!(md.contains(&format!(
            "| {SQLITE} | {API_BOOK} | 5 bookings/s | 2.00 ms | 3.00 ms | 50 | 3 | 2 × status 500 |"
        )));
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
