//! The offline checks of everything shipped: Dockerfiles (hadolint, checkov), every kustomize
//! overlay and test combination (rendered, schema-validated, checkov), the Terraform (parsed,
//! checkov), the build spec, the VM kit's nginx site and systemd units, and deploy/monitoring.
use super::tools::Venv;
use crate::util;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Kubernetes version the manifests are validated against (OKE's oldest supported).
const K8S_VERSION: &str = "1.30";

/// One check: a summary line, or why it failed.
type Check = dyn Fn(&Venv) -> Result<String>;

/// Runs every check; fails listing each one that failed (all run, so one run shows every fault).
pub fn run(venv: &Venv) -> Result<()> {
    let checks: [(&str, &Check); 5] = [
        ("container files", &containerfiles),
        ("kubernetes manifests", &manifests),
        ("terraform and build spec", &oci),
        (
            "web VM kit (systemd units, nginx site, cloud-init, shellcheck)",
            &vm_kit,
        ),
        ("monitoring (promtool, amtool, routes)", &monitoring),
    ];
    let mut failed = Vec::new();
    for (name, check) in checks {
        match check(venv) {
            Ok(summary) => println!("    {name}: {summary}"),
            Err(err) => {
                println!("    {name}: FAILED: {err:#}");
                failed.push(name);
            }
        }
    }
    if !failed.is_empty() {
        bail!("failed: {}", failed.join(", "));
    }
    Ok(())
}

/// Files tracked by git (or about to be) whose name is one of `names`.
fn tracked(names: &[&str]) -> Result<Vec<PathBuf>> {
    let list = util::output(
        Command::new("git")
            .args(["ls-files", "--cached", "--others", "--exclude-standard"])
            .current_dir(util::root()),
    )?;
    Ok(list
        .lines()
        .filter(|l| names.iter().any(|n| l.rsplit('/').next() == Some(*n)))
        .map(|l| util::root().join(l))
        .collect())
}

fn containerfiles(venv: &Venv) -> Result<String> {
    let files = tracked(&["Dockerfile", "Containerfile"])?;
    for file in &files {
        checked(Command::new(venv.bin("hadolint")).arg(file))?;
    }
    let mut checkov = Command::new(venv.bin("checkov"));
    checkov.args(["--framework", "dockerfile"]);
    for file in &files {
        checkov.arg("-f").arg(file);
    }
    let counts = run_checkov(&mut checkov)?;
    Ok(format!(
        "{} files hadolint clean; checkov {counts}",
        files.len()
    ))
}

/// Renders applied by OCI DevOps blue-green and canary stages, or played by podman.
const NAMESPACE_LESS: [&str; 7] = [
    "overlays-blue.",
    "overlays-green.",
    "overlays-canary.",
    "overlays-local.",
    "tests-blue-",
    "tests-green-",
    "tests-local-",
];

/// Every overlay and `tests/` combination rendered into `<target>/ship/rendered`.
fn manifests(venv: &Venv) -> Result<String> {
    let out = util::target_dir().join("ship/rendered");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    fs::create_dir_all(&out)?;
    let mut rendered = Vec::new();
    for group in ["overlays", "tests"] {
        let dir = util::root().join("k8s").join(group);
        let mut dirs: Vec<PathBuf> = fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("kustomization.yaml").is_file())
            .collect();
        dirs.sort();
        for kustomization in dirs {
            let name = kustomization
                .file_name()
                .unwrap_or_default()
                .to_string_lossy();
            let file = out.join(format!("{group}-{name}.yaml"));
            let yaml = util::output(
                Command::new(venv.bin("kubectl"))
                    .arg("kustomize")
                    .arg(&kustomization),
            )?;
            fs::write(&file, &yaml)?;
            validate(venv, &file)?;
            rendered.push(file);
        }
    }
    if rendered.is_empty() {
        bail!("k8s/overlays and k8s/tests hold no kustomization");
    }
    // Blue-green and canary stages set the namespace themselves; podman has none.
    let staged: Vec<&PathBuf> = rendered
        .iter()
        .filter(|f| {
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            NAMESPACE_LESS.iter().any(|s| name.starts_with(s))
        })
        .collect();
    checked(
        Command::new(venv.bin("python"))
            .arg(util::root().join("deploy/tests/check_manifests.py"))
            .args(&staged),
    )?;
    let counts = run_checkov(
        Command::new(venv.bin("checkov"))
            .args(["--framework", "kubernetes", "-d"])
            .arg(&out),
    )?;
    Ok(format!(
        "{} renders valid for Kubernetes {K8S_VERSION} (strict), {} without a namespace; checkov {counts}",
        rendered.len(),
        staged.len()
    ))
}

fn validate(venv: &Venv, file: &Path) -> Result<()> {
    checked(
        Command::new(venv.bin("kubernetes-validate"))
            .args(["--strict", "-k", K8S_VERSION, "--quiet"])
            .arg(file),
    )
    .map(drop)
}

/// cloud-init's own schema check, from Debian's package unpacked under the target dir (not
/// installed: it would run at this machine's next boot); its Python needs are in the venv.
fn cloud_init(venv: &Venv) -> Result<String> {
    let dir = util::target_dir().join("ship/cloud-init");
    let lib = dir.join("root/usr/lib/python3/dist-packages");
    if !lib.join("cloudinit").is_dir() {
        fs::create_dir_all(&dir)?;
        util::run(
            Command::new("apt-get")
                .args(["download", "cloud-init"])
                .current_dir(&dir),
        )
        .context("downloading Debian's cloud-init package")?;
        let deb = fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "deb"))
            .context("apt-get download left no .deb")?;
        util::run(
            Command::new("dpkg-deb")
                .arg("-x")
                .arg(&deb)
                .arg(dir.join("root")),
        )?;
    }
    Ok(format!(
        "env PYTHONPATH={} {} -m cloudinit.cmd.main",
        lib.display(),
        venv.bin("python").display()
    ))
}

/// A checker's output; on failure an error with all it printed (findings go to stdout).
fn checked(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .current_dir(util::root())
        .output()
        .with_context(|| format!("running {}", util::display(cmd)))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        bail!(
            "`{}` failed ({}):\n{}",
            util::display(cmd),
            out.status,
            text.trim()
        );
    }
    Ok(text)
}

/// checkov's summary of a scan; fails on any failed check (skips carry their reasons in place).
fn run_checkov(cmd: &mut Command) -> Result<String> {
    cmd.args([
        "--compact",
        "--quiet",
        "--skip-download",
        "--output",
        "json",
    ])
    .env("BC_SKIP_MAPPING", "TRUE")
    .current_dir(util::root());
    let out = cmd.output().context("running checkov")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let reports: Vec<serde_json::Value> = match serde_json::from_str(&text) {
        Ok(serde_json::Value::Array(list)) => list,
        Ok(one) => vec![one],
        Err(_) => bail!(
            "checkov printed no report: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut findings = Vec::new();
    for report in &reports {
        let summary = &report["summary"];
        passed += summary["passed"].as_u64().unwrap_or(0);
        failed += summary["failed"].as_u64().unwrap_or(0);
        skipped += summary["skipped"].as_u64().unwrap_or(0);
        for check in report["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            findings.push(format!(
                "{} {} ({}: {})",
                check["check_id"].as_str().unwrap_or("?"),
                check["check_name"].as_str().unwrap_or("?"),
                check["file_path"].as_str().unwrap_or("?"),
                check["resource"].as_str().unwrap_or("?"),
            ));
        }
    }
    if failed > 0 {
        bail!("checkov: {failed} failed\n{}", findings.join("\n"));
    }
    Ok(format!("{passed} passed, {skipped} skipped in place"))
}

/// deploy/oci: every .tf parsed (with checkov's own HCL parser) and held to the estate's rules,
/// checkov over the Terraform, and the DevOps build, deployment and command specs' fields.
fn oci(venv: &Venv) -> Result<String> {
    let tests = util::root().join("deploy/oci/tests");
    let parsed = checked(
        Command::new(venv.bin("python"))
            .arg(tests.join("parse_terraform.py"))
            .arg(util::root().join("deploy/oci/terraform")),
    )?;
    let specs = checked(Command::new(venv.bin("python")).arg(tests.join("check_build_spec.py")))?;
    let counts = run_checkov(
        Command::new(venv.bin("checkov"))
            .args(["--framework", "terraform", "-d"])
            .arg(util::root().join("deploy/oci/terraform")),
    )?;
    checked(Command::new("shellcheck").arg(util::root().join("deploy/oci/smoke.sh")))?;
    let last = |text: &str| text.trim().lines().last().unwrap_or_default().to_owned();
    Ok(format!(
        "{}; {}; checkov {counts}",
        last(&parsed),
        last(&specs)
    ))
}

/// deploy/vm/tests/check.sh: `systemd-analyze verify` and `security`, `nginx -t` of the site
/// and its rehearsal variant, cloud-init's template and YAML, shellcheck of every script.
fn vm_kit(venv: &Venv) -> Result<String> {
    let out = checked(
        Command::new("bash")
            .arg(util::root().join("deploy/vm/tests/check.sh"))
            .env("PATH", venv_path(venv)?)
            .env("CLOUD_INIT", cloud_init(venv)?),
    )?;
    Ok(out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
        .to_string()
        + " checks passed")
}

/// deploy/monitoring/tests/check.sh: promtool check config/rules and the rules' unit tests, the
/// alert coverage, amtool check-config, the routing table, the metric names, the dashboards.
fn monitoring(venv: &Venv) -> Result<String> {
    let out = checked(
        Command::new("bash")
            .arg(util::root().join("deploy/monitoring/tests/check.sh"))
            .env("PATH", venv_path(venv)?),
    )?;
    let last = out.trim().lines().last().unwrap_or_default();
    Ok(last.trim_start_matches("check.sh: ").to_owned())
}

/// PATH with the venv's bin first: the scripts' python3 needs PyYAML, the venv's has it.
fn venv_path(venv: &Venv) -> Result<std::ffi::OsString> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![venv.dir.join("bin")];
    dirs.extend(std::env::split_paths(&path));
    Ok(std::env::join_paths(dirs)?)
}
