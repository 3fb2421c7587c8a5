//! The web VM kit rehearsed in a container running a real systemd (deploy/vm/tests: up.sh,
//! upgrade.sh, down.sh), with nginx in front of two instances of the web role.
use super::podman;
use crate::util;
use anyhow::{Context, Result, bail};
use reqwest::Url;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Kit {
    port: u16,
    scripts: PathBuf,
}

fn script(kit: &Kit, name: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new("bash");
    cmd.arg(kit.scripts.join(name))
        .current_dir(util::root())
        .env(
            "CONTAINERS_CONF",
            util::target_dir().join("podman/containers.conf"),
        )
        .env("VS_VM_IMAGE", IMAGE)
        .kill_on_drop(true);
    cmd
}

async fn run(mut cmd: tokio::process::Command, what: &str, limit: Duration) -> Result<()> {
    let status = tokio::time::timeout(limit, cmd.status())
        .await
        .with_context(|| format!("{what} took longer than {}", util::secs(limit)))?
        .with_context(|| format!("running {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

impl Kit {
    /// Installs the kit with `bin` (deploy/vm/install.sh inside the container), the web role
    /// reaching the services at `api`; returns once nginx answers through both instances.
    pub async fn up(bin: &Path, api: &Url) -> Result<Kit> {
        podman::configure()?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let kit = Kit {
            port,
            scripts: util::root().join("deploy/vm/tests"),
        };
        let mut cmd = script(&kit, "up.sh");
        cmd.arg(bin)
            .arg(api.as_str().trim_end_matches('/'))
            .arg(port.to_string());
        run(cmd, "deploy/vm/tests/up.sh", Duration::from_secs(300)).await?;
        Ok(kit)
    }

    pub fn base(&self) -> Url {
        Url::parse(&format!("http://127.0.0.1:{}/", self.port)).expect("a valid URL")
    }

    /// deploy/vm/install.sh with a new release of `bin`: both instances restarted in turn.
    pub async fn upgrade(&self, bin: &Path) -> Result<()> {
        let next = util::target_dir().join("ship/vision-stays-next");
        std::fs::copy(bin, &next).context("staging the new binary")?;
        let mut cmd = script(self, "upgrade.sh");
        cmd.arg(&next);
        run(cmd, "deploy/vm/tests/upgrade.sh", Duration::from_secs(180)).await
    }

    pub fn down(&self) -> Result<()> {
        util::run(
            std::process::Command::new("bash")
                .arg(self.scripts.join("down.sh"))
                .env(
                    "CONTAINERS_CONF",
                    util::target_dir().join("podman/containers.conf"),
                ),
        )
    }
}

/// The VM stand-in's image (systemd and nginx on the local Debian base), built once.
pub fn ensure_image() -> Result<()> {
    if podman::image_exists(IMAGE) {
        println!("    reusing {IMAGE}");
        return Ok(());
    }
    let context = util::root().join("deploy/vm/tests");
    podman::build(IMAGE, &context.join("Containerfile"), &context, &[])
}

pub const IMAGE: &str = "localhost/vision-stays-vm:rehearsal";
