//! Release `vision-stays serve` processes on free loopback ports for `cargo xtask bench`.
use crate::load;
use crate::site;
use crate::util;
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::fs::{self, File};
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const READY_TIMEOUT: Duration = Duration::from_secs(120);
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

/// One server process; killed on drop if still running.
pub struct Server {
    pub name: String,
    child: Child,
    pub base: Url,
    log: PathBuf,
}

impl Server {
    /// Starts `vision-stays serve` as `role` (`all` adds no `--role`) with data dir
    /// `<dir>/<name>` and log `<dir>/<name>.log`. `database_url` None: no DATABASE_URL at all
    /// (SQLite in the data dir, or no database for the web role).
    pub fn start(
        name: &str,
        dir: &Path,
        role: &str,
        database_url: Option<&str>,
        extra: &[String],
    ) -> Result<Server> {
        Self::start_bin(
            &site::server_bin(true),
            name,
            dir,
            role,
            database_url,
            extra,
            &[],
        )
    }

    /// [`Server::start`] with another build of the binary and more environment.
    pub fn start_bin(
        bin: &Path,
        name: &str,
        dir: &Path,
        role: &str,
        database_url: Option<&str>,
        extra: &[String],
        env: &[(&str, &Path)],
    ) -> Result<Server> {
        if !bin.is_file() {
            bail!("{} is missing", bin.display());
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log = dir.join(format!("{name}.log"));
        let data_dir = dir.join(name);
        fs::create_dir_all(&data_dir)?;
        let out = File::create(&log)?;
        let mut cmd = Command::new(bin);
        cmd.arg("serve");
        if role != "all" {
            cmd.args(["--role", role]);
        }
        cmd.arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(&data_dir)
            // One load generator is one client IP: measure throughput, not the limiter.
            .args(["--rate-limit-per-minute", "0"])
            // The role that owns hotels loads the demo; the others ignore the flag.
            .arg("--demo-data");
        // A caller that names its metrics port (for a Prometheus to scrape) replaces the free one:
        // clap refuses the flag twice.
        if !extra.iter().any(|a| a == "--metrics-addr") {
            cmd.args(["--metrics-addr", "127.0.0.1:0"]);
        }
        cmd.args(extra)
            .env_remove("DATABASE_URL")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out);
        if let Some(url) = database_url {
            cmd.env("DATABASE_URL", url);
        }
        let shown = match database_url {
            Some(url) if url.starts_with("postgres") => "DATABASE_URL=postgres://… ".to_string(),
            Some(url) => format!("DATABASE_URL={url} "),
            None => String::new(),
        };
        println!("    $ {shown}{}", util::display(&cmd));
        let child = cmd
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        println!("    {name}: pid {}, log {}", child.id(), log.display());
        Ok(Server {
            name: name.to_string(),
            child,
            base: Url::parse(&format!("http://127.0.0.1:{port}/"))?,
            log,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process has exited.
    pub fn exited(&mut self) -> Result<bool> {
        Ok(self.child.try_wait()?.is_some())
    }

    /// The base URL without the trailing slash (what `--customers-url` and Origin want).
    pub fn origin(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_string()
    }

    pub async fn wait_ready(&mut self) -> Result<()> {
        let client = load::client(None)?;
        let url = self.base.join("/readyz")?;
        let deadline = Instant::now() + READY_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("{} exited before it was ready ({status})", self.name);
            }
            if let Ok(resp) = client.get(url.clone()).send().await
                && resp.status() == reqwest::StatusCode::OK
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "{url} ({}) did not return 200 within {}",
            self.name,
            util::secs(READY_TIMEOUT)
        )
    }

    /// SIGTERM (via `kill`), then waits; SIGKILL if it does not stop in time.
    pub fn stop(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("{} had already exited ({status})", self.name);
        }
        let pid = self.child.id().to_string();
        util::run(Command::new("kill").args(["-TERM", &pid]))?;
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                println!("    {} exited ({status})", self.name);
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill()?;
        self.child.wait()?;
        bail!(
            "{} ignored SIGTERM for {}; killed it",
            self.name,
            util::secs(STOP_TIMEOUT)
        )
    }

    pub fn print_log_tail(&self) {
        let mut text = String::new();
        if File::open(&self.log)
            .and_then(|mut f| f.read_to_string(&mut text))
            .is_ok()
        {
            let lines: Vec<&str> = text.lines().collect();
            println!("---- last lines of the {} log ----", self.name);
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

/// Stops every server, last started first; the first error (if any) after trying all.
pub fn stop_all(servers: &mut [Server]) -> Result<()> {
    let mut first = Ok(());
    for server in servers.iter_mut().rev() {
        let name = server.name.clone();
        let stopped = util::step(&format!("stop {name}"), || server.stop());
        if first.is_ok() {
            first = stopped;
        }
    }
    first
}
