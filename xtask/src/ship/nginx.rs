//! A private nginx (its own prefix, pid and port) standing in for ingress-nginx, which OCI
//! DevOps drives on OKE: one upstream whose servers and weights a release changes by reload.
use crate::util;
use anyhow::{Context, Result, bail};
use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Nginx {
    prefix: PathBuf,
    pub port: u16,
}

impl Nginx {
    /// Starts nginx on a free loopback port, sending everything to `servers` (address, weight).
    pub fn start(name: &str, servers: &[(String, u32)]) -> Result<Nginx> {
        let prefix = util::target_dir().join("ship").join(name);
        fs::create_dir_all(prefix.join("logs"))?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let nginx = Nginx { prefix, port };
        nginx.write(servers)?;
        nginx.nginx(&["-t", "-q"])?;
        nginx.nginx(&[])?;
        Ok(nginx)
    }

    fn conf(&self) -> PathBuf {
        self.prefix.join("nginx.conf")
    }

    fn write(&self, servers: &[(String, u32)]) -> Result<()> {
        let upstream: String = servers
            .iter()
            .map(|(addr, weight)| format!("        server {addr} weight={weight};\n"))
            .collect();
        // As ingress-nginx does: keep-alive to the pods, and a request whose connection was
        // refused (a pod going away) is tried on the next server before any byte was sent.
        let conf = format!(
            "daemon on;\nworker_processes 1;\npid {pid};\nerror_log {prefix}/logs/error.log warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n    access_log off;\n\
                 upstream release {{\n{upstream}        keepalive 16;\n    }}\n\
                 server {{\n        listen 127.0.0.1:{port};\n\
                     location / {{\n            proxy_pass http://release;\n\
                         proxy_http_version 1.1;\n            proxy_set_header Connection \"\";\n\
                         proxy_set_header Host $http_host;\n\
                         proxy_next_upstream error timeout;\n        }}\n    }}\n}}\n",
            pid = self.prefix.join("nginx.pid").display(),
            prefix = self.prefix.display(),
            port = self.port,
        );
        fs::write(self.conf(), conf)?;
        Ok(())
    }

    fn nginx(&self, args: &[&str]) -> Result<()> {
        util::output(
            Command::new("nginx")
                .arg("-p")
                .arg(&self.prefix)
                .arg("-c")
                .arg(self.conf())
                .args(args),
        )
        .map(drop)
    }

    /// Points the upstream at `servers` and reloads (old workers finish their requests).
    pub fn switch(&self, servers: &[(String, u32)]) -> Result<()> {
        self.write(servers)?;
        self.nginx(&["-t", "-q"])?;
        self.nginx(&["-s", "reload"])
    }

    pub fn base(&self) -> reqwest::Url {
        reqwest::Url::parse(&format!("http://127.0.0.1:{}/", self.port)).expect("a valid URL")
    }

    /// Stops nginx gracefully and waits for its pid file to go.
    pub fn stop(&self) -> Result<()> {
        self.nginx(&["-s", "quit"])?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.prefix.join("nginx.pid").exists() {
            if Instant::now() > deadline {
                bail!("nginx did not quit within 10 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let pid = fs::read_to_string(self.prefix.join("nginx.pid"));
        if let Ok(pid) = pid {
            let _ = Command::new("kill")
                .args(["-QUIT", pid.trim()])
                .output()
                .context("kill");
        }
    }
}
