//! The Python the tests run their real peers in (an SMTP server, the OCI stand-in, a webhook
//! receiver, an OTLP trace receiver) and check formats with (the OCI SDK, standardwebhooks,
//! cloudevents, the OpenTelemetry protos).
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const PYTHON_ENV: &str = "VS_TEST_PYTHON";
/// One import per package of `server/tests/python/requirements.txt`.
const IMPORTS: &str = "import aiosmtpd, cloudevents, cryptography, oci, opentelemetry.proto, google.protobuf, standardwebhooks";

/// The folder of the peers' scripts and requirements.
pub fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python")
}

/// `VS_TEST_PYTHON`, else a `python3` that imports every package they need, else the venv that `cargo
/// xtask test` keeps under target/.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os(PYTHON_ENV) {
        return p.into();
    }
    let has_packages = |python: &Path| {
        std::process::Command::new(python)
            .args(["-c", IMPORTS])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let system = PathBuf::from("python3");
    if has_packages(&system) {
        return system;
    }
    // The test binary lives in <target>/debug/deps/.
    let exe = std::env::current_exe().unwrap();
    if let Some(target) = exe.ancestors().nth(3) {
        let venv = target.join("test-venv/bin/python");
        if has_packages(&venv) {
            return venv;
        }
    }
    panic!(
        "the email, OCI and webhook tests need a Python with the packages of server/tests/python/requirements.txt: run them with `cargo xtask test` (it makes \
         the venv), or set {PYTHON_ENV} to such a python \
         (python3 -m venv v && v/bin/pip install -r server/tests/python/requirements.txt)"
    );
}

/// Starts the peer `script` (in [`scripts`]) with the arguments `configure` adds, killed when
/// dropped, and returns it with the first line it prints: its ready line.
pub async fn start_peer(
    what: &str,
    script: &str,
    configure: impl FnOnce(&mut Command),
) -> (Child, String) {
    let mut cmd = Command::new(python());
    cmd.arg(scripts().join(script));
    configure(&mut cmd);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("start {what} (python): {e}"));
    let stdout = child.stdout.take().unwrap();
    let line = tokio::time::timeout(
        Duration::from_secs(30),
        BufReader::new(stdout).lines().next_line(),
    )
    .await
    .unwrap_or_else(|_| panic!("{what} did not start within 30 s"))
    .unwrap()
    .unwrap_or_else(|| panic!("{what} exited: {:?}", child.try_wait()));
    (child, line)
}
