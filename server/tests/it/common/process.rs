//! The server binary as a child process: started on a free port with its own data dir, waited
//! for, and stopped with SIGTERM.
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

pub struct Process {
    pub name: &'static str,
    pub child: Child,
    pub url: String,
    pub log: PathBuf,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Process {
    /// `vision-stays serve --addr <free port> --data-dir <dir>/<name>`, plus what `configure`
    /// adds; standard output goes to `<dir>/<name>.log`.
    pub fn serve(name: &'static str, dir: &Path, configure: impl FnOnce(&mut Command)) -> Process {
        Self::serve_on(name, dir, free_port(), configure)
    }

    /// [`Process::serve`] on `port`: a role restarted where the others expect it.
    pub fn serve_on(
        name: &'static str,
        dir: &Path,
        port: u16,
        configure: impl FnOnce(&mut Command),
    ) -> Process {
        let log = dir.join(format!("{name}.log"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_vision-stays"));
        cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(dir.join(name))
            .env("VS_LOG", "info")
            .env("VS_METRICS_ADDR", "127.0.0.1:0")
            .env_remove("DATABASE_URL")
            .env_remove("VS_DEMO_DATA")
            .env_remove("VS_DEMO_PASSWORD")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::inherit());
        configure(&mut cmd);
        Process {
            name,
            child: cmd.spawn().expect("start vision-stays"),
            url: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// What the process wrote to standard output so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

pub async fn wait_ready(p: &Process) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        if let Ok(res) = reqwest::get(format!("{}/readyz", p.url)).await
            && res.status() == StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "{} never became ready: {}",
        p.name,
        std::fs::read_to_string(&p.log).unwrap_or_default()
    );
}

pub fn stop(mut p: Process) {
    let pid = p.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = p.child.try_wait().unwrap() {
            assert!(
                status.success(),
                "{} did not stop cleanly: {status}",
                p.name
            );
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{} ignored SIGTERM",
            p.name
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
