//! The Python venv in which the server's tests run their real peers (SMTP server, OCI stand-in,
//! webhook receiver, OTLP receiver; `server/tests/python/`); `cargo xtask test` hands its python
//! to them.
use crate::util;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// The variable the email tests read (`server/tests/common/smtp.rs`).
pub const ENV: &str = "VS_TEST_PYTHON";

/// Makes (or reuses, while the requirements and the Python version are unchanged)
/// `<target>/test-venv` and returns its python.
pub fn ensure_venv() -> Result<PathBuf> {
    if util::which("python3").is_none() {
        bail!(
            "python3 is not installed: the email tests need it for their SMTP server \
             (Debian: apt-get install python3 python3-venv)"
        );
    }
    let requirements = util::root().join("server/tests/python/requirements.txt");
    let wanted = fs::read(&requirements)
        .with_context(|| format!("cannot read {}", requirements.display()))?;
    let version = util::output(Command::new("python3").arg("--version"))?;
    let stamp = hex::encode(Sha256::digest(
        [wanted.as_slice(), version.as_bytes()].concat(),
    ));

    let venv = util::target_dir().join("test-venv");
    let python = venv.join("bin/python");
    let stamp_file = venv.join(".requirements.sha256");
    if python.is_file() && fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str()) {
        println!("    reusing {}", venv.display());
        return Ok(python);
    }
    println!("    creating {}", venv.display());
    if venv.exists() {
        fs::remove_dir_all(&venv).with_context(|| format!("cannot remove {}", venv.display()))?;
    }
    util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))
        .context("python3 -m venv failed (Debian: apt-get install python3-venv)")?;
    util::run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    util::output(Command::new(&python).args([
        "-c",
        "import aiosmtpd, cloudevents, cryptography, oci, opentelemetry.proto, google.protobuf, standardwebhooks",
    ]))
    .context("a test package does not import in the new venv")?;
    fs::write(&stamp_file, &stamp)?;
    Ok(python)
}
