//! `cargo xtask bench`: WASM size, then release servers on 127.0.0.1 under in-process load:
//! one process on SQLite, one on PostgreSQL, and the four role processes (see setups.rs); and
//! the OCI Functions: their harness tests on the release binary, and their cold starts.
use crate::process::Server;
use crate::report::{self, Figures, Row, WasmSizes};
use crate::setups::{self, Ctx};
use crate::util::{self, root, step};
use crate::{functions, lean, lighthouse, pgdb, site};
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Write;
use std::time::Duration;

pub fn run(duration_secs: u64, connections: usize) -> Result<()> {
    if !(1..=600).contains(&duration_secs) {
        bail!("--duration-secs must be between 1 and 600");
    }
    if !(1..=1024).contains(&connections) {
        bail!("--connections must be between 1 and 1024");
    }
    if cfg!(debug_assertions) {
        // The load generator shares two cores with the server: an unoptimised one would measure
        // itself (it did: /healthz read 6.5k req/s where the release client gets 4x that).
        println!("==> the load generator runs optimised: re-running as a release build");
        return util::run(util::cargo().args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "xtask",
            "--",
            "bench",
            "--duration-secs",
            &duration_secs.to_string(),
            "--connections",
            &connections.to_string(),
        ]));
    }
    step("build --release", || site::build(true))?;
    let wasm = step("WASM size", wasm_sizes)?;
    let demo = root().join("server/src/demo/hotels.json");
    let demo = fs::read_to_string(&demo).with_context(|| format!("reading {}", demo.display()))?;
    let hotel = first_hotel(&demo)?;
    let ctx = Ctx {
        today: chrono::Utc::now().date_naive(),
        demo,
        hotel: hotel.clone(),
        connections,
        duration: Duration::from_secs(duration_secs),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;

    step(
        "function tests against the release binary",
        release_function_tests,
    )?;
    let mut notes = lean::figures(&rt, &ctx)?;
    notes.extend(lighthouse_scores(&rt, &ctx)?);
    let mut rows: Vec<Row> = setups::one_process(&rt, &ctx, report::SQLITE, None)?;
    notes.extend(functions::cold_starts(&rt, "SQLite", None, &hotel)?);
    match step("fresh PostgreSQL database", pgdb::create) {
        Ok(mut db) => {
            notes.push((
                "PostgreSQL".to_string(),
                format!(
                    "{} on 127.0.0.1:5432, fresh database per run, dropped after",
                    db.version
                ),
            ));
            let measured = setups::one_process(&rt, &ctx, report::POSTGRES, Some(&db.url))
                .and_then(|rows| {
                    let cold = functions::cold_starts(&rt, "PostgreSQL", Some(&db.url), &hotel)?;
                    notes.extend(cold);
                    Ok(rows)
                });
            let dropped = step("drop the PostgreSQL database", || db.drop_now());
            rows.extend(measured?);
            dropped?;
        }
        Err(err) => {
            let why = format!("{err:#}");
            let why = why.lines().next().unwrap_or_default().to_string();
            println!("\n!!!!!!!! PostgreSQL is UNAVAILABLE: {why}");
            println!("!!!!!!!! SKIPPING the PostgreSQL rows of this bench\n");
            notes.push((
                "PostgreSQL".to_string(),
                format!("SKIPPED (unavailable: {why})"),
            ));
        }
    }
    rows.extend(setups::four_processes(&rt, &ctx, report::ROLES)?);

    let figures = Figures::new(duration_secs, connections, wasm, rows, notes);
    println!("\n{}", figures.markdown());
    let doc = root().join("docs/benchmarks.md");
    report::write(&doc, &figures)?;
    println!("wrote {}", doc.display());
    Ok(())
}

/// The functions' tests (`server/tests/it/functions`, and `oci/functions.rs` with the Python
/// OCI stand-in) with the release binary in the containers, as it ships.
fn release_function_tests() -> Result<()> {
    let bin = site::server_bin(true);
    let python = crate::python::ensure_venv()?;
    util::run(
        util::cargo()
            .args(["test", "-p", "server", "--test", "it", "functions::"])
            .env("VS_TEST_FUNCTION_BIN", &bin)
            .env(crate::python::ENV, &python),
    )
}

/// Lighthouse on the guest pages of a fresh one-process server, with nothing else running.
fn lighthouse_scores(rt: &tokio::runtime::Runtime, ctx: &Ctx) -> Result<Vec<(String, String)>> {
    let dir = tempfile::Builder::new().prefix("vs-bench-lh-").tempdir()?;
    let mut server = step("start server (Lighthouse)", || {
        Server::start("lighthouse", dir.path(), "all", None, &[])
    })?;
    rt.block_on(server.wait_ready())?;
    let pages = [
        ("home", server.base.clone()),
        ("search", ctx.search_page(&server.base)?),
        ("hotel", ctx.hotel_page(&server.base)?),
    ];
    let rows = lighthouse::scores(&pages);
    server.stop()?;
    Ok(rows)
}

/// The first demo hotel's slug: what the functions' first calls ask for.
fn first_hotel(demo: &str) -> Result<String> {
    let demo: serde_json::Value = serde_json::from_str(demo).context("parsing the demo hotels")?;
    demo["hotels"][0]["slug"]
        .as_str()
        .map(str::to_owned)
        .context("the demo data has no hotel")
}

fn wasm_sizes() -> Result<WasmSizes> {
    let path = site::site_dir().join(format!("pkg/{}_bg.wasm", site::OUTPUT_NAME));
    let raw = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let gzip = gzip_len(&raw)?;
    let js = site::site_dir().join(format!("pkg/{}.js", site::OUTPUT_NAME));
    let js = fs::read(&js).with_context(|| format!("reading {}", js.display()))?;
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
        js_gzip: gzip_len(&js)?,
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

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?.len() as u64)
}
