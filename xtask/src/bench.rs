//! `cargo xtask bench`: WASM size, then a release server on 127.0.0.1 under in-process load.
use crate::load::{self, Plan, Stats};
use crate::report::{Figures, WasmSizes};
use crate::site;
use crate::util::{self, root, step};
use anyhow::{Context, Result, bail};
use reqwest::Url;
use reqwest::cookie::Jar;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const READY_TIMEOUT: Duration = Duration::from_secs(120);
const STOP_TIMEOUT: Duration = Duration::from_secs(15);
const WARMUP: Duration = Duration::from_secs(1);

pub fn run(duration_secs: u64, connections: usize) -> Result<()> {
    if !(1..=600).contains(&duration_secs) {
        bail!("--duration-secs must be between 1 and 600");
    }
    if !(1..=1024).contains(&connections) {
        bail!("--connections must be between 1 and 1024");
    }
    let duration = Duration::from_secs(duration_secs);
    step("build --release", || site::build(true))?;
    let wasm = step("WASM size", wasm_sizes)?;
    let demo = root().join("server/src/demo/hotels.json");
    let demo = fs::read_to_string(&demo).with_context(|| format!("reading {}", demo.display()))?;
    let today = chrono::Utc::now().date_naive();
    let plan = Arc::new(Plan::from_demo_json(&demo, today)?);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;
    let mut server = step("start server", Server::start)?;
    let measured = rt.block_on(async {
        step_async("wait for /readyz", server.wait_ready()).await?;
        measure(&server, today, plan, connections, duration).await
    });
    if measured.is_err() {
        server.print_log_tail();
    }
    let stopped = step("stop server", || server.stop());
    let (search, healthz, signin, bookings) = measured?;
    stopped?;

    let figures = Figures::new(
        duration_secs,
        connections,
        wasm,
        [search, healthz, signin],
        bookings,
    );
    println!("\n{}", figures.markdown());
    let doc = root().join("docs/benchmarks.md");
    crate::report::write(&doc, &figures)?;
    println!("wrote {}", doc.display());
    Ok(())
}

async fn step_async<T>(name: &str, f: impl Future<Output = Result<T>>) -> Result<T> {
    println!("==> {name}");
    let start = Instant::now();
    let result = f.await.with_context(|| format!("step `{name}` failed"));
    println!(
        "    {name}: {} in {}",
        if result.is_ok() { "done" } else { "FAILED" },
        util::secs(start.elapsed())
    );
    result
}

fn wasm_sizes() -> Result<WasmSizes> {
    let path = site::site_dir().join(format!("pkg/{}_bg.wasm", site::OUTPUT_NAME));
    let raw = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw)?;
    let gzip = gz.finish()?.len() as u64;
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut br = Vec::new();
    brotli::BrotliCompress(&mut raw.as_slice(), &mut br, &params)?;
    let sizes = WasmSizes {
        raw: raw.len() as u64,
        gzip,
        brotli: br.len() as u64,
    };
    println!(
        "    {}: raw {}, gzip {}, brotli {}",
        path.display(),
        util::kb(sizes.raw),
        util::kb(sizes.gzip),
        util::kb(sizes.brotli)
    );
    Ok(sizes)
}

type Measured = (Stats, Stats, Stats, Stats);

async fn measure(
    server: &Server,
    today: chrono::NaiveDate,
    plan: Arc<Plan>,
    connections: usize,
    duration: Duration,
) -> Result<Measured> {
    let base = &server.base;
    let check_in = today + chrono::Days::new(30);
    let check_out = today + chrono::Days::new(33);
    let search = base.join(&format!(
        "/search?city=lisbon&check_in={check_in}&check_out={check_out}&guests=2"
    ))?;
    let mut out = Vec::new();
    for url in [search, base.join("/healthz")?, base.join("/signin")?] {
        let name = format!("GET {}", url_path(&url));
        let stats = step_async(&name, async {
            load::get(&url, connections, WARMUP.min(duration)).await?;
            let stats = load::get(&url, connections, duration).await?;
            print_stats(&stats, "req/s");
            Ok(stats)
        })
        .await?;
        out.push(stats);
    }
    let bookings = step_async("POST /hotels/{slug}/book", async {
        let jar = Arc::new(Jar::default());
        let client = load::client(Some(jar.clone()))?;
        let origin = base.as_str().trim_end_matches('/').to_string();
        load::sign_up(&client, &jar, base, &origin).await?;
        println!(
            "    signed up a guest; bookings spread over room types and dates (cap {})",
            plan.capacity()
        );
        let stats = load::book(&client, base, &origin, plan, connections, duration).await?;
        print_stats(&stats, "bookings/s");
        Ok(stats)
    })
    .await?;
    let [search, healthz, signin]: [Stats; 3] = out.try_into().expect("three GET runs");
    Ok((search, healthz, signin, bookings))
}

pub fn url_path(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

fn print_stats(stats: &Stats, unit: &str) {
    println!(
        "    {:.0} {unit}, p50 {:.2} ms, p99 {:.2} ms, {} ok, {} failed {:?}",
        stats.per_sec(),
        stats.percentile_ms(50.0),
        stats.percentile_ms(99.0),
        stats.ok,
        stats.failed(),
        stats.failures
    );
}

/// The release server on a free loopback port with a fresh data dir; killed on drop.
struct Server {
    child: Child,
    base: Url,
    log: PathBuf,
    _data: tempfile::TempDir,
}

impl Server {
    fn start() -> Result<Server> {
        let bin = site::server_bin(true);
        if !bin.is_file() {
            bail!("{} is missing", bin.display());
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let data = tempfile::Builder::new().prefix("vs-bench-").tempdir()?;
        let log = data.path().join("server.log");
        let data_dir = data.path().join("data");
        fs::create_dir(&data_dir)?;
        let out = File::create(&log)?;
        let mut cmd = Command::new(&bin);
        cmd.arg("serve")
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(&data_dir)
            // One load generator is one client IP: measure throughput, not the limiter.
            .arg("--rate-limit-per-minute")
            .arg("0")
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out);
        println!("    $ {}", util::display(&cmd));
        let child = cmd
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        println!("    pid {}, log {}", child.id(), log.display());
        Ok(Server {
            child,
            base: Url::parse(&format!("http://127.0.0.1:{port}/"))?,
            log,
            _data: data,
        })
    }

    async fn wait_ready(&mut self) -> Result<()> {
        let client = load::client(None)?;
        let url = self.base.join("/readyz")?;
        let deadline = Instant::now() + READY_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server exited before it was ready ({status})");
            }
            if let Ok(resp) = client.get(url.clone()).send().await
                && resp.status() == reqwest::StatusCode::OK
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "{url} did not return 200 within {}",
            util::secs(READY_TIMEOUT)
        )
    }

    /// SIGTERM (via `kill`), then waits; SIGKILL if it does not stop in time.
    fn stop(&mut self) -> Result<()> {
        if self.child.try_wait()?.is_some() {
            bail!("the server had already exited");
        }
        let pid = self.child.id().to_string();
        util::run(Command::new("kill").args(["-TERM", &pid]))?;
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                println!("    server exited ({status})");
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill()?;
        self.child.wait()?;
        bail!(
            "the server ignored SIGTERM for {}; killed it",
            util::secs(STOP_TIMEOUT)
        )
    }

    fn print_log_tail(&self) {
        let mut text = String::new();
        if File::open(&self.log)
            .and_then(|mut f| f.read_to_string(&mut text))
            .is_ok()
        {
            let lines: Vec<&str> = text.lines().collect();
            println!("---- last lines of the server log ----");
            for line in &lines[lines.len().saturating_sub(40)..] {
                println!("{line}");
            }
            println!("--------------------------------------");
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
