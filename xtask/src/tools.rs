//! External tools: wasm-opt discovery, end2end's npm packages and the browser-test system packages.
use crate::util::{self, root};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Oldest wasm-opt that understands what rustc 1.95 emits (bulk memory, reference types...).
pub const MIN_WASM_OPT: u32 = 117;

/// Debian's Chromium, which the Playwright config points at.
pub const CHROMIUM: &str = "/usr/bin/chromium";

const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// What rustc 1.95 emits for wasm32-unknown-unknown by default (its `target_features`
/// section): wasm-opt must accept all of them or it rejects the module. Binaryen 132 reads
/// them from that section by itself; older releases need the flags (and may not know the
/// newest two, which is why only the flags a binary lists in `--help` are passed).
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// A usable wasm-opt binary.
#[derive(Debug, Clone)]
pub struct WasmOpt {
    pub path: PathBuf,
    pub version: u32,
    /// The feature flags to pass (those of WASM_OPT_FEATURES this binary knows).
    pub features: Vec<&'static str>,
}

pub fn end2end_dir() -> PathBuf {
    root().join("end2end")
}

/// Finds wasm-opt >= 117: end2end's npm `binaryen` first, then PATH.
/// `Err` carries why none was usable (for the "not optimised" line).
pub fn find_wasm_opt() -> Result<WasmOpt, String> {
    let mut seen = Vec::new();
    let npm_bin = end2end_dir().join("node_modules/.bin/wasm-opt");
    let candidates = [Some(npm_bin), util::which("wasm-opt")];
    for path in candidates.into_iter().flatten() {
        if !path.is_file() {
            continue;
        }
        match wasm_opt_version(&path) {
            Some(version) if version >= MIN_WASM_OPT => {
                let features = supported_features(&path);
                return Ok(WasmOpt {
                    path,
                    version,
                    features,
                });
            }
            Some(version) => seen.push(format!("{} is version {version}", path.display())),
            None => seen.push(format!("{} did not report a version", path.display())),
        }
    }
    if seen.is_empty() {
        Err("no wasm-opt found".into())
    } else {
        Err(format!(
            "no wasm-opt >= {MIN_WASM_OPT} ({})",
            seen.join("; ")
        ))
    }
}

fn wasm_opt_version(path: &Path) -> Option<u32> {
    let out = Command::new(path).arg("--version").output().ok()?;
    parse_wasm_opt_version(&String::from_utf8_lossy(&out.stdout))
}

fn supported_features(path: &Path) -> Vec<&'static str> {
    let help = Command::new(path)
        .arg("--help")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    features_in_help(&help)
}

/// The WASM_OPT_FEATURES flags that appear (as whole words) in a `wasm-opt --help` text.
pub fn features_in_help(help: &str) -> Vec<&'static str> {
    let words: Vec<&str> = help.split_whitespace().collect();
    WASM_OPT_FEATURES
        .iter()
        .copied()
        .filter(|flag| words.contains(flag))
        .collect()
}

/// Parses `wasm-opt version 132 (version_132)` into 132.
pub fn parse_wasm_opt_version(text: &str) -> Option<u32> {
    let rest = &text[text.find("version")? + "version".len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether end2end/node_modules is missing or older than package.json / package-lock.json.
pub fn end2end_deps_stale() -> bool {
    let dir = end2end_dir();
    let stamp = dir.join("node_modules/.package-lock.json");
    let Ok(installed) = fs::metadata(&stamp).and_then(|m| m.modified()) else {
        return true;
    };
    ["package.json", "package-lock.json"].iter().any(|name| {
        fs::metadata(dir.join(name))
            .and_then(|m| m.modified())
            .is_ok_and(|changed| changed > installed)
    })
}

/// Installs end2end's npm packages (`npm ci` with a lock file, else `npm install`) when
/// node_modules is missing or stale. Fails when npm is absent or the install fails.
pub fn ensure_end2end_deps() -> Result<()> {
    let dir = end2end_dir();
    if !dir.join("package.json").is_file() {
        bail!("{} is missing", dir.join("package.json").display());
    }
    if !end2end_deps_stale() {
        return Ok(());
    }
    if util::which("npm").is_none() {
        bail!("npm is not installed (Debian: apt-get install nodejs npm)");
    }
    let verb = if dir.join("package-lock.json").is_file() {
        "ci"
    } else {
        "install"
    };
    let mut cmd = Command::new("npm");
    cmd.args([verb, "--no-audit", "--no-fund"])
        .current_dir(&dir);
    util::run(&mut cmd).with_context(|| format!("installing npm packages in {}", dir.display()))
}

/// The effective user id (0 for root).
#[cfg(unix)]
fn uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn uid() -> Option<u32> {
    None
}

/// Whether this process can install Debian packages (root, with apt-get).
pub fn root_with_apt() -> bool {
    uid() == Some(0) && util::which("apt-get").is_some()
}

/// Debian packages the browser tests need that this machine lacks.
fn missing_packages() -> Vec<&'static str> {
    let mut missing = Vec::new();
    if util::which("node").is_none() {
        missing.push("nodejs");
    }
    if util::which("npm").is_none() {
        missing.push("npm");
    }
    if !Path::new(CHROMIUM).is_file() {
        missing.push("chromium");
    }
    if !Path::new(DEJAVU).is_file() {
        missing.push("fonts-dejavu-core");
    }
    missing
}

/// Makes sure node, npm and Debian's Chromium (plus a font) are installed, installing the
/// missing ones with apt-get when running as root; otherwise fails saying what to install.
pub fn ensure_browser_tools() -> Result<()> {
    let missing = missing_packages();
    if missing.is_empty() {
        println!("    node, npm, {CHROMIUM} and DejaVu fonts are installed");
        return Ok(());
    }
    let list = missing.join(" ");
    if !root_with_apt() {
        if missing == ["fonts-dejavu-core"] {
            println!(
                "    warning: fonts-dejavu-core is not installed; pages may render without it"
            );
            return Ok(());
        }
        bail!(
            "browser tests need Debian packages that are missing: {list}\n\
             install them with: sudo apt-get update && \
             sudo apt-get install -y --no-install-recommends {list}"
        );
    }
    println!("    installing missing packages: {list}");
    util::run(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    util::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    let still = missing_packages();
    if !still.is_empty() {
        bail!("still missing after apt-get install: {}", still.join(" "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wasm_opt_versions() {
        assert_eq!(
            parse_wasm_opt_version("wasm-opt version 132 (version_132)\n"),
            Some(132)
        );
        assert_eq!(parse_wasm_opt_version("wasm-opt version 108\n"), Some(108));
        assert_eq!(parse_wasm_opt_version("wasm-opt 1.0"), None);
    }

    #[test]
    fn passes_only_known_feature_flags() {
        let help = "  --enable-bulk-memory    Enable bulk memory\n  --enable-sign-ext  Sign\n";
        assert_eq!(
            features_in_help(help),
            ["--enable-bulk-memory", "--enable-sign-ext"]
        );
    }
}
