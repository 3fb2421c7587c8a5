//! Alert drill: the shipped rules and routing page by email and, through the alert bridge, on
//! the OCI Notifications topic when `serve` stops.
use super::bridge::Bridge;
use crate::process::Server;
use crate::util;
use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value as Json;
use serde_norway::Value as Yaml;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The whole drill; each wait for a helper to start; each wait for an email.
const WHOLE: Duration = Duration::from_secs(90);
const START: Duration = Duration::from_secs(20);
const ALERT: Duration = Duration::from_secs(45);
/// Every rule's `for:` in the drill's copies (the shipped ones say 1m to 15m).
const FOR: &str = "2s";
/// What pages when the only `serve` (role all, track stable) stops.
const ALERT_NAME: &str = "RoleDown";

pub fn run(bin: &Path) -> Result<String> {
    let python = crate::python::ensure_venv()?;
    let dir = tempfile::Builder::new().prefix("vs-drill-").tempdir()?;
    let rt = tokio::runtime::Runtime::new()?;
    let drill = drill(bin, &python, dir.path());
    let result = rt.block_on(async { tokio::time::timeout(WHOLE, drill).await });
    result.map_err(|_| anyhow!("the drill took longer than {}", util::secs(WHOLE)))?
}

async fn drill(bin: &Path, python: &Path, dir: &Path) -> Result<String> {
    // Each port is taken just before its listener binds it: the other lanes of the test
    // command open ports all the time, and a port reserved seconds early can be gone.
    let [metrics] = free_ports()?;
    let extra = ["--metrics-addr".to_owned(), format!("127.0.0.1:{metrics}")];
    let start = || Server::start_bin(bin, "serve", dir, "all", None, &extra, &[]);
    let mut serve = start()?;
    serve.wait_ready().await?;
    let bridge = Bridge::start(bin, python, dir).await?;
    let hook = bridge.port;
    let [smtp, am, prom] = free_ports()?;
    let shortened = prometheus_config(dir, metrics, am)?;
    alertmanager_config(dir, smtp, hook)?;
    let mail = dir.join("mail");
    let (am_dir, prom_dir) = (dir.join("alertmanager"), dir.join("prometheus"));
    fs::create_dir_all(&mail)?;
    let mut sink = Command::new(python);
    sink.arg(util::root().join("server/tests/python/smtp_sink.py"));
    sink.args(["--tls", "none", "--port", &smtp.to_string(), "--out"])
        .arg(&mail);
    let mut alertmanager = Command::new("prometheus-alertmanager");
    alertmanager.arg(flag("config.file", am_dir.join("alertmanager.yml")));
    alertmanager.arg(flag("storage.path", am_dir.join("data")));
    alertmanager.arg(format!("--web.listen-address=127.0.0.1:{am}"));
    alertmanager.arg("--cluster.listen-address=");
    let mut prometheus = Command::new("prometheus");
    prometheus.arg(flag("config.file", prom_dir.join("prometheus.yml")));
    prometheus.arg(flag("storage.tsdb.path", prom_dir.join("data")));
    prometheus.arg(format!("--web.listen-address=127.0.0.1:{prom}"));
    let mut helpers = vec![
        Proc::spawn("smtp-sink", dir, &mut sink)?,
        Proc::spawn("alertmanager", dir, &mut alertmanager)?,
        Proc::spawn("prometheus", dir, &mut prometheus)?,
    ];
    helpers.extend(bridge.procs);
    let bridge = bridge.standin;
    let listening = |port| std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
    let what = "SMTP sink, Alertmanager, Prometheus and the alert bridge listening";
    let all = async || {
        Ok([smtp, am, prom, hook]
            .into_iter()
            .all(listening)
            .then_some(()))
    };
    wait(what, START, &mut helpers, all).await?;
    // The outage must be a change Prometheus sees, and its Alertmanager found (discovery takes
    // ~5 s; alerts sent before are dropped, and sent again only a minute later).
    let api = format!("http://127.0.0.1:{prom}/api/v1");
    let up = format!("{api}/query?query=up%7Bjob%3D%22vision-stays%22%7D");
    let ams = format!("{api}/alertmanagers");
    let what = "Prometheus scraping serve (up == 1) and sending to Alertmanager";
    wait(what, START, &mut helpers, async || {
        let targets = api_list(&up, "result").await;
        let up = targets.iter().any(|s| s["value"][1] == "1");
        Ok((up && !api_list(&ams, "activeAlertmanagers").await.is_empty()).then_some(()))
    })
    .await?;

    let so_far = || format!("emails so far: {:?}", subjects(&mail).unwrap_or_default());
    let stopped = Instant::now();
    serve.stop()?;
    let page = async || Ok(email(&mail, "[PAGE FIRING]")?.map(|s| (s, stopped.elapsed())));
    let (page, page_at) = wait("page email", ALERT, &mut helpers, page)
        .await
        .with_context(so_far)?;
    let firing = async || {
        bridge
            .published(&format!("[PAGE FIRING] {ALERT_NAME}"))
            .await
    };
    wait("the page on the OCI topic", ALERT, &mut helpers, firing).await?;
    let topic_at = stopped.elapsed();

    let restarted = Instant::now();
    let mut serve = start()?;
    serve.wait_ready().await?;
    let all_clear = async || Ok(email(&mail, "[RESOLVED]")?.map(|s| (s, restarted.elapsed())));
    let what = "resolved email";
    let (resolved, resolved_at) = wait(what, ALERT, &mut helpers, all_clear)
        .await
        .with_context(so_far)?;
    let cleared = async || {
        bridge
            .published(&format!("[PAGE RESOLVED] {ALERT_NAME}"))
            .await
    };
    wait(
        "the all-clear on the OCI topic",
        ALERT,
        &mut helpers,
        cleared,
    )
    .await?;
    // Prometheus first: serve's stop must not page again.
    helpers.clear();
    serve.stop()?;
    keep_emails(&mail)?;
    Ok(format!(
        "stopped serve: page email '{page}' after {:.1} s, and on the OCI Notifications topic \
         through alert-bridge after {:.1} s; resolved email '{resolved}' {:.1} s after the \
         restart, and on the topic too; rules and routing as shipped, `for:` shortened to {FOR} \
         ({shortened} rules), group timers 1s/1s/1h",
        page_at.as_secs_f64(),
        topic_at.as_secs_f64(),
        resolved_at.as_secs_f64(),
    ))
}

/// The drill's emails, kept in `<target>/ship/drill-mail` for a person to read (the temp dir goes).
fn keep_emails(mail: &Path) -> Result<()> {
    let kept = util::target_dir().join("ship/drill-mail");
    if kept.exists() {
        fs::remove_dir_all(&kept)?;
    }
    fs::create_dir_all(&kept)?;
    for entry in fs::read_dir(mail)? {
        let path = entry?.path();
        fs::copy(&path, kept.join(path.file_name().unwrap_or_default()))?;
    }
    Ok(())
}

/// A list in a Prometheus API answer (`data.<field>`); empty when there is no answer yet.
async fn api_list(url: &str, field: &str) -> Vec<Json> {
    let answer = async { reqwest::get(url).await?.json::<Json>().await };
    let answer = tokio::time::timeout(Duration::from_secs(2), answer).await;
    let list = answer.ok().and_then(Result::ok);
    let list = list.and_then(|j| j["data"][field].as_array().cloned());
    list.unwrap_or_default()
}

/// Polls `check` every 100 ms until it gives a value, within `limit`; fails early if a helper
/// has exited.
async fn wait<T>(
    what: &str,
    limit: Duration,
    helpers: &mut [Proc],
    mut check: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        helpers.iter_mut().try_for_each(Proc::alive)?;
        if let Some(found) = check().await? {
            return Ok(found);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("no {what} within {}", util::secs(limit))
}

/// `--name=path` (one argument: Prometheus' flag library takes both forms).
fn flag(name: &str, path: PathBuf) -> String {
    format!("--{name}={}", path.display())
}

/// `N` distinct free loopback ports (all bound at once, then released).
fn free_ports<const N: usize>() -> Result<[u16; N]> {
    let held = [(); N].map(|()| std::net::TcpListener::bind("127.0.0.1:0"));
    let mut ports = [0; N];
    for (port, listener) in ports.iter_mut().zip(held) {
        *port = listener?.local_addr()?.port();
    }
    Ok(ports)
}

/// The subjects of the emails the sink has written, in arrival order.
fn subjects(mail: &Path) -> Result<Vec<String>> {
    let mut files: Vec<PathBuf> = fs::read_dir(mail)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension() == Some(OsStr::new("json")))
        .collect();
    files.sort();
    let subject = |f: &PathBuf| -> Result<String> {
        let json: Json = serde_json::from_slice(&fs::read(f)?)?;
        Ok(json["subject"].as_str().unwrap_or_default().to_owned())
    };
    files.iter().map(subject).collect()
}

/// The first email whose subject starts with `status` and names the drill's alert (the
/// template's `[PAGE FIRING] RoleDown (all, stable)`).
fn email(mail: &Path, status: &str) -> Result<Option<String>> {
    let names = |s: &String| s.contains(&format!(" {ALERT_NAME} (all, stable)"));
    let subjects = subjects(mail)?.into_iter();
    Ok(subjects.filter(|s| s.starts_with(status)).find(names))
}

/// The drill's prometheus.yml and copies of the shipped rules with every `for:` set to [`FOR`]
/// (a line-based rewrite; expressions, labels and annotations untouched). Returns how many.
fn prometheus_config(dir: &Path, metrics: u16, am: u16) -> Result<usize> {
    let rules = dir.join("prometheus/rules");
    fs::create_dir_all(&rules)?;
    let mut shortened = 0;
    let shipped = util::root().join("deploy/monitoring/prometheus/rules");
    for entry in fs::read_dir(&shipped).with_context(|| format!("reading {}", shipped.display()))? {
        let path = entry?.path();
        if path.extension() != Some(OsStr::new("yml")) {
            continue;
        }
        let mut out = String::new();
        for line in fs::read_to_string(&path)?.lines() {
            let body = line.trim_start();
            if body.starts_with("for: ") {
                shortened += 1;
                out += &format!("{}for: {FOR}\n", &line[..line.len() - body.len()]);
            } else {
                out += &format!("{line}\n");
            }
        }
        fs::write(rules.join(path.file_name().unwrap_or_default()), out)?;
    }
    if shortened == 0 {
        bail!("no `for:` line in {}", shipped.display());
    }
    let config = format!(
        "global: {{scrape_interval: 1s, evaluation_interval: 1s}}\n\
         rule_files: [rules/*.yml]\n\
         alerting:\n  alertmanagers:\n    - static_configs: [{{targets: ['127.0.0.1:{am}']}}]\n\
         scrape_configs:\n  - job_name: vision-stays\n    scrape_timeout: 1s\n    \
         static_configs:\n      - targets: ['127.0.0.1:{metrics}']\n        \
         labels: {{role: all, track: stable}}\n"
    );
    fs::write(dir.join("prometheus/prometheus.yml"), config)?;
    Ok(shortened)
}

/// The shipped alertmanager.yml (routes, receivers, inhibitions, templates) with SMTP at the
/// sink (plain, no auth), the webhook at the drill's listener (its bearer token from a file
/// here) and every level's timers 1s/1s/1h.
fn alertmanager_config(dir: &Path, smtp: u16, hook: u16) -> Result<()> {
    let shipped = util::root().join("deploy/monitoring/alertmanager");
    let templates = dir.join("alertmanager/templates");
    fs::create_dir_all(&templates)?;
    for entry in fs::read_dir(shipped.join("templates"))? {
        let path = entry?.path();
        fs::copy(&path, templates.join(path.file_name().unwrap_or_default()))?;
    }
    let text = fs::read_to_string(shipped.join("alertmanager.yml"))?;
    let mut config: Yaml = serde_norway::from_str(&text)?;
    let global = config.get_mut("global").and_then(Yaml::as_mapping_mut);
    let global = global.context("alertmanager.yml has no global")?;
    global.insert("smtp_smarthost".into(), format!("127.0.0.1:{smtp}").into());
    global.insert("smtp_require_tls".into(), false.into());
    global.remove("smtp_auth_username");
    global.remove("smtp_auth_password_file");
    let route = config.get_mut("route");
    shorten(route.context("alertmanager.yml has no route")?);
    let mut webhooks = 0;
    let receivers = config.get_mut("receivers").and_then(Yaml::as_sequence_mut);
    for receiver in receivers.into_iter().flatten() {
        let configs = receiver
            .get_mut("webhook_configs")
            .and_then(Yaml::as_sequence_mut);
        for webhook in configs.into_iter().flatten() {
            webhook["url"] = format!("http://127.0.0.1:{hook}/alert").into();
            if let Some(auth) = webhook
                .get_mut("http_config")
                .and_then(|h| h.get_mut("authorization"))
            {
                // The shipped path is the bridge's mounted secret; Alertmanager must read one.
                let token = dir.join("alertmanager/alert-bridge-token");
                fs::write(&token, super::bridge::TOKEN)?;
                auth["credentials_file"] = token.display().to_string().into();
            }
            webhooks += 1;
        }
    }
    if webhooks == 0 {
        bail!("alertmanager.yml has no webhook receiver (the OCI Notifications bridge)");
    }
    let out = serde_norway::to_string(&config)?;
    Ok(fs::write(dir.join("alertmanager/alertmanager.yml"), out)?)
}

fn shorten(route: &mut Yaml) {
    let keys = ["group_wait", "group_interval", "repeat_interval"];
    for (key, value) in keys.into_iter().zip(["1s", "1s", "1h"]) {
        if let Some(old) = route.get_mut(key) {
            *old = value.into();
        }
    }
    let routes = route.get_mut("routes").and_then(Yaml::as_sequence_mut);
    routes.into_iter().flatten().for_each(shorten);
}

/// A helper process (SMTP sink, Alertmanager, Prometheus, ...), killed and reaped on drop.
pub struct Proc {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Proc {
    pub fn spawn(name: &'static str, dir: &Path, cmd: &mut Command) -> Result<Proc> {
        let log = dir.join(format!("{name}.log"));
        let out = fs::File::create(&log)?;
        cmd.stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out);
        println!("    $ {}", util::display(cmd));
        let child = cmd.spawn().with_context(|| format!("starting {name}"))?;
        println!("    {name}: pid {}", child.id());
        Ok(Proc { name, child, log })
    }

    /// Fails with the end of its log if it has exited.
    fn alive(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            let log = fs::read_to_string(&self.log).unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            let tail = lines[lines.len().saturating_sub(15)..].join("\n");
            bail!("{} exited ({status}):\n{tail}", self.name);
        }
        Ok(())
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
