//! Podman as these machines need it (runc and raised ulimits in a containers.conf of ours), the
//! local Debian base image no registry has to provide, and the images the rehearsals run.
use crate::util;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The base every local image builds FROM: Debian bookworm made with debootstrap.
pub const BASE: &str = "localhost/debian-base:bookworm";
/// The app's image (the root Dockerfile's `serve` target with this build's binary).
pub const APP: &str = "localhost/vision-stays:rehearsal";
/// PostgreSQL for the `local` Kubernetes rehearsal (deploy/tests/postgres).
pub const POSTGRES: &str = "localhost/vision-stays-postgres:rehearsal";

fn dir() -> PathBuf {
    util::target_dir().join("podman")
}

/// `podman …` with our containers.conf (crun cannot run here, and root cannot raise ulimits).
pub fn podman() -> Command {
    let mut cmd = Command::new("podman");
    cmd.env("CONTAINERS_CONF", dir().join("containers.conf"))
        .current_dir(util::root());
    cmd
}

/// Writes the containers.conf the `podman()` commands use.
pub fn configure() -> Result<()> {
    fs::create_dir_all(dir())?;
    let conf = "# Written by cargo xtask: what podman needs on these machines (shipping.md).\n\
                [containers]\n\
                default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n\
                [engine]\n\
                runtime = \"runc\"\n";
    util::write_if_changed(&dir().join("containers.conf"), conf.as_bytes())?;
    Ok(())
}

pub fn image_exists(image: &str) -> bool {
    podman()
        .args(["image", "exists", image])
        .status()
        .is_ok_and(|s| s.success())
}

/// Makes the Debian base with debootstrap (about 75 s) unless podman already has it.
pub fn ensure_base() -> Result<()> {
    if image_exists(BASE) {
        println!("    reusing {BASE}");
        return Ok(());
    }
    let rootfs = dir().join("rootfs");
    if rootfs.exists() {
        fs::remove_dir_all(&rootfs)?;
    }
    util::run(
        Command::new("debootstrap")
            .args(["--variant=minbase", "bookworm"])
            .arg(&rootfs)
            .arg("http://deb.debian.org/debian"),
    )
    .context("debootstrap failed (is deb.debian.org reachable?)")?;
    let tar = format!(
        "tar -C '{}' -c . | CONTAINERS_CONF='{}' podman import - {BASE}",
        rootfs.display(),
        dir().join("containers.conf").display()
    );
    util::run(Command::new("bash").args(["-o", "pipefail", "-c", &tar]))?;
    fs::remove_dir_all(&rootfs)?;
    Ok(())
}

/// Builds `image` from `containerfile` in `context` on the local base (a `--target` when given).
pub fn build(
    image: &str,
    containerfile: &Path,
    context: &Path,
    args: &[(&str, &str)],
) -> Result<()> {
    let mut cmd = podman();
    // docker format keeps HEALTHCHECK (the OCI format has no field for it).
    cmd.args(["build", "--quiet", "--format", "docker", "--tag", image])
        .arg("--build-arg")
        .arg(format!("BASE_IMAGE={BASE}"))
        .arg("--file")
        .arg(containerfile);
    for (name, value) in args {
        if *name == "--target" {
            cmd.args(["--target", value]);
        } else {
            cmd.arg("--build-arg").arg(format!("{name}={value}"));
        }
    }
    cmd.arg(context);
    util::run(&mut cmd).with_context(|| format!("building {image}"))
}

/// The image of this build: the debug binary without its debug info (760 MB → ~100 MB; the same
/// code), copied where the Dockerfile's `BINARY` argument points.
pub fn build_app(debug_bin: &Path) -> Result<()> {
    let staged = util::target_dir().join("ship/vision-stays");
    fs::create_dir_all(staged.parent().expect("a parent"))?;
    util::run(
        Command::new("objcopy")
            .arg("--strip-debug")
            .arg(debug_bin)
            .arg(&staged),
    )?;
    let binary = staged
        .strip_prefix(util::root())
        .context("the target dir must be inside the workspace for the image build")?
        .to_string_lossy()
        .into_owned();
    let revision = util::output(Command::new("git").args(["rev-parse", "--short", "HEAD"]))
        .unwrap_or_default();
    build(
        APP,
        &util::root().join("Dockerfile"),
        &util::root(),
        &[
            ("--target", "serve"),
            ("BINARY", &binary),
            ("REVISION", revision.trim()),
        ],
    )
}

/// Builds the rehearsal's PostgreSQL unless podman has it.
pub fn ensure_postgres() -> Result<()> {
    if image_exists(POSTGRES) {
        println!("    reusing {POSTGRES}");
        return Ok(());
    }
    let context = util::root().join("deploy/tests/postgres");
    build(POSTGRES, &context.join("Containerfile"), &context, &[])
}

/// Removes a container by name, whatever state it is in.
pub fn remove(name: &str) {
    let _ = podman()
        .args(["rm", "--force", "--time", "5", name])
        .output();
}

/// A container's address on its podman network.
pub fn address(name: &str) -> Result<String> {
    let ip = util::output(podman().args([
        "inspect",
        "--format",
        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
        name,
    ]))?;
    let ip = ip.trim();
    if ip.is_empty() {
        bail!("{name} has no address on a podman network");
    }
    Ok(ip.to_owned())
}
