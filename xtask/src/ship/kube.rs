//! The `local` overlay played with `podman kube play` on one network, in release order:
//! PostgreSQL, the migration Job's pod (to exit 0), then the services, relay and web; then a
//! guest's journey through the pods (API sign-up, search, booking; the site's pages and form).
use super::podman::{self, podman};
use super::tools::Venv;
use super::traffic::{self, Booker};
use crate::util;
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::fs;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const NETWORK: &str = "vs-rehearsal";
const FILES: [&str; 3] = ["1-postgres.yaml", "2-migrate.yaml", "3-services.yaml"];
const ROLES: [&str; 5] = ["customers", "hotels", "bookings", "relay", "web"];

pub fn run(venv: &Venv) -> Result<String> {
    let dir = util::target_dir().join("ship/kube");
    fs::create_dir_all(&dir)?;
    let render = dir.join("local.yaml");
    let yaml = util::output(
        Command::new(venv.bin("kubectl"))
            .arg("kustomize")
            .arg(util::root().join("k8s/overlays/local")),
    )?;
    fs::write(&render, yaml)?;
    util::run(
        Command::new(venv.bin("python"))
            .arg(util::root().join("deploy/tests/kube_play_split.py"))
            .arg(&render)
            .arg(&dir),
    )?;
    down(&dir);
    util::run(podman().args(["network", "create", NETWORK]))?;
    let result = play(&dir);
    if result.is_err() {
        for pod in ["postgres-pod-0", "migrate"]
            .into_iter()
            .map(str::to_owned)
            .chain(ROLES.iter().map(|r| format!("{r}-pod-0")))
        {
            print_logs(&pod);
        }
    }
    down(&dir);
    result
}

fn play(dir: &Path) -> Result<String> {
    let started = Instant::now();
    kube_play(&dir.join(FILES[0]))?;
    let db = pod_address("postgres-pod-0")?;
    wait_port(&format!("{db}:5432"), Duration::from_secs(90)).context("PostgreSQL")?;
    kube_play(&dir.join(FILES[1]))?;
    let code = util::output(podman().args(["wait", &container_of("migrate")?]))?;
    if code.trim() != "0" {
        bail!("the migration pod exited {}", code.trim());
    }
    println!(
        "    migration done, {} after the start",
        util::secs(started.elapsed())
    );
    kube_play(&dir.join(FILES[2]))?;
    let mut bases = Vec::new();
    for role in ROLES {
        bases.push(Url::parse(&format!(
            "http://{}:8080/",
            pod_address(&format!("{role}-pod-0"))?
        ))?);
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(journey(&bases))?;
    Ok(format!(
        "PostgreSQL, the migration (exit 0), then {} pods ready; the journey passed, {} in all",
        ROLES.len(),
        util::secs(started.elapsed())
    ))
}

async fn journey(bases: &[Url]) -> Result<()> {
    let [customers, hotels, bookings, relay, web] = bases else {
        bail!("one address per role");
    };
    for base in bases {
        traffic::wait_ok(&base.join("/readyz")?, Duration::from_secs(120)).await?;
    }
    println!("    every pod's /readyz answers 200 (relay at {relay})");
    let hotels_list = reqwest::get(hotels.join("/api/v1/hotels")?).await?;
    if !hotels_list.status().is_success() {
        bail!(
            "GET /api/v1/hotels on the hotels pod: {}",
            hotels_list.status()
        );
    }
    let today = chrono::Local::now().date_naive();
    let demo = fs::read_to_string(util::root().join("server/src/demo/hotels.json"))?;
    let plan = std::sync::Arc::new(crate::plan::Plan::from_demo_json(&demo, today)?);
    let api = Booker::api(customers, bookings, plan.clone()).await?;
    let site = Booker::site(web, customers, bookings, plan).await?;
    let (check_in, check_out) = (today + chrono::Days::new(30), today + chrono::Days::new(32));
    let search = web.join(&format!(
        "/search?city=lisbon&check_in={check_in}&check_out={check_out}&guests=2"
    ))?;
    for booker in [&api, &site] {
        let counts = traffic::run(booker, std::slice::from_ref(&search), async {
            tokio::time::sleep(Duration::from_secs(2)).await;
        })
        .await?;
        let lost = traffic::lost(booker, &counts.booked).await?;
        let how = if booker.site.is_some() {
            "the web pod's form"
        } else {
            "the bookings pod's API"
        };
        println!("    through {how}: {counts}, {lost} lost");
        if counts.failed() > 0 || counts.booked.is_empty() || lost > 0 {
            bail!("the journey through {how} failed: {counts}, {lost} lost");
        }
    }
    Ok(())
}

fn kube_play(file: &Path) -> Result<()> {
    util::run(
        podman()
            .args(["kube", "play", "--network", NETWORK])
            .arg(file),
    )
}

/// Removes what an earlier run left: pods of every file, then the network.
fn down(dir: &Path) {
    for file in FILES.iter().rev() {
        let path: PathBuf = dir.join(file);
        if path.is_file() {
            let _ = podman().args(["kube", "down"]).arg(&path).output();
        }
    }
    let _ = podman()
        .args(["network", "rm", "--force", NETWORK])
        .output();
    // The pods' emptyDirs, which podman keeps as named volumes (see kube_play_split.py).
    let volumes = fs::read_to_string(dir.join("volumes.txt")).unwrap_or_default();
    for volume in volumes.lines().filter(|v| !v.is_empty()) {
        let _ = podman().args(["volume", "rm", "--force", volume]).output();
    }
}

/// The address of a pod on the rehearsal network (held by its infra container).
fn pod_address(pod: &str) -> Result<String> {
    let infra =
        util::output(podman().args(["pod", "inspect", "--format", "{{.InfraContainerID}}", pod]))?;
    podman::address(infra.trim())
}

/// The one application container of a pod.
fn container_of(pod: &str) -> Result<String> {
    let list = util::output(podman().args([
        "ps",
        "--all",
        "--filter",
        &format!("pod={pod}"),
        "--format",
        "{{.Names}} {{.IsInfra}}",
    ]))?;
    list.lines()
        .find_map(|l| l.strip_suffix(" false"))
        .map(str::to_owned)
        .with_context(|| format!("pod {pod} has no application container"))
}

fn wait_port(addr: &str, limit: Duration) -> Result<()> {
    let addr: SocketAddr = addr.parse()?;
    let start = Instant::now();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err() {
        if start.elapsed() > limit {
            bail!("nothing listens on {addr} after {}", util::secs(limit));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

fn print_logs(pod: &str) {
    if let Ok(name) = container_of(pod) {
        println!("---- {name} ----");
        let _ = util::run(podman().args(["logs", "--tail", "30", &name]));
    }
}
