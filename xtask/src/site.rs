//! `cargo xtask build`: the WASM bundle (cargo, wasm-bindgen, wasm-opt), assets into target/site, the server.
use crate::tools::{self, WasmOpt};
use crate::util::{self, cargo, root, step, target_dir};
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
/// `output-name` in the workspace's leptos metadata.
pub const OUTPUT_NAME: &str = "vision-stays";
/// The server binary's name.
pub const BIN: &str = "vision-stays";

/// The site root the server embeds: `<root>/target/site`.
pub fn site_dir() -> PathBuf {
    root().join("target/site")
}

/// The WASM build's own target dir (`<target>/wasm`): its cargo never waits for the server's
/// build lock, so `cargo xtask test` builds both at once.
pub fn wasm_target_dir() -> PathBuf {
    target_dir().join("wasm")
}

/// The server binary for a profile (`debug` or `release`).
pub fn server_bin(release: bool) -> PathBuf {
    let profile = if release { "release" } else { "debug" };
    target_dir().join(profile).join(BIN)
}

/// Builds target/site, then the server (release or debug).
pub fn build(release: bool) -> Result<()> {
    build_site()?;
    step(
        &format!("server ({})", if release { "release" } else { "debug" }),
        || build_server(release),
    )
}

/// Builds the WASM bundle and copies styles and public assets into target/site.
pub fn build_site() -> Result<()> {
    step("wasm32 target", ensure_wasm_target)?;
    step("frontend wasm (cargo, wasm-release)", || {
        util::run(cargo().env("CARGO_TARGET_DIR", wasm_target_dir()).args([
            "build",
            "-p",
            "frontend",
            "--lib",
            "--target",
            WASM_TARGET,
            "--profile",
            WASM_PROFILE,
        ]))
    })?;
    let wasm_opt = step("find wasm-opt", find_or_install_wasm_opt)?;
    let pkg = step("wasm-bindgen + wasm-opt", || bundle(wasm_opt.as_ref()))?;
    step("site files into target/site", || assemble(&pkg))
}

/// Builds the server package, which embeds target/site at compile time.
pub fn build_server(release: bool) -> Result<()> {
    let mut cmd = cargo();
    cmd.args(["build", "-p", "server"]);
    if release {
        cmd.arg("--release");
    }
    util::run(&mut cmd)
}

fn ensure_wasm_target() -> Result<()> {
    if util::which("rustup").is_none() {
        println!("    rustup not found; assuming the toolchain has {WASM_TARGET}");
        return Ok(());
    }
    let installed = util::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("    {WASM_TARGET} is installed");
        return Ok(());
    }
    util::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn find_or_install_wasm_opt() -> Result<Option<WasmOpt>> {
    if tools::end2end_deps_stale()
        && util::which("npm").is_some()
        && let Err(err) = tools::ensure_end2end_deps()
    {
        println!("    warning: npm install in end2end failed: {err:#}");
    }
    match tools::find_wasm_opt() {
        Ok(found) => {
            println!(
                "    using {} (version {})",
                found.path.display(),
                found.version
            );
            Ok(Some(found))
        }
        Err(why) => {
            println!(
                "    WARNING: {why}: the WASM is NOT optimised. Get wasm-opt with `npm install` \
                 in end2end/ (npm package binaryen) or put wasm-opt >= {} on PATH.",
                tools::MIN_WASM_OPT
            );
            Ok(None)
        }
    }
}

/// Runs wasm-bindgen and wasm-opt into a staging folder, reusing the previous result when
/// neither the input WASM nor the optimiser changed. Returns the staging folder.
fn bundle(wasm_opt: Option<&WasmOpt>) -> Result<PathBuf> {
    let input = wasm_target_dir()
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join("frontend.wasm");
    let bytes = fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
    let staging = target_dir().join("xtask/pkg");
    let stamp_path = target_dir().join("xtask/pkg.stamp");
    let optimiser = match wasm_opt {
        Some(w) => format!("wasm-opt {} -Oz {}", w.version, w.features.join(" ")),
        None => "none".into(),
    };
    let stamp = format!(
        "wasm-bindgen 0.2.130 web {OUTPUT_NAME} no-names\n{}\n{optimiser}\n",
        hex::encode(Sha256::digest(&bytes))
    );
    let bg = staging.join(format!("{OUTPUT_NAME}_bg.wasm"));
    let js = staging.join(format!("{OUTPUT_NAME}.js"));
    if fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) && bg.is_file() && js.is_file() {
        println!(
            "    frontend.wasm unchanged: reusing {} ({})",
            bg.display(),
            util::kb(fs::metadata(&bg)?.len())
        );
        return Ok(staging);
    }
    let _ = fs::remove_file(&stamp_path);
    if staging.exists() {
        fs::remove_dir_all(&staging).with_context(|| format!("clearing {}", staging.display()))?;
    }
    fs::create_dir_all(&staging)?;
    println!(
        "    input {} ({})",
        input.display(),
        util::kb(bytes.len() as u64)
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .web(true)?
        .out_name(OUTPUT_NAME)
        .typescript(false)
        .remove_producers_section(true)
        // The name section is most of rustc's output (3.5 of 4 MB); wasm-opt drops it too.
        .remove_name_section(true)
        .generate(&staging)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("wasm-bindgen {} -> {}", input.display(), staging.display()))?;
    if !bg.is_file() || !js.is_file() {
        bail!(
            "wasm-bindgen did not write {} and {}",
            js.display(),
            bg.display()
        );
    }
    let before = fs::metadata(&bg)?.len();
    println!("    wasm-bindgen: {} ({})", bg.display(), util::kb(before));
    if let Some(w) = wasm_opt {
        optimise(w, &bg)?;
        let after = fs::metadata(&bg)?.len();
        println!(
            "    wasm-opt -Oz: {} -> {} ({:.0}% smaller)",
            util::kb(before),
            util::kb(after),
            100.0 * (1.0 - after as f64 / before as f64)
        );
    }
    fs::write(&stamp_path, stamp)?;
    Ok(staging)
}

fn optimise(wasm_opt: &WasmOpt, wasm: &Path) -> Result<()> {
    let tmp = wasm.with_extension("opt.wasm");
    let mut cmd = Command::new(&wasm_opt.path);
    cmd.arg("-Oz")
        .args(&wasm_opt.features)
        .arg(wasm)
        .arg("-o")
        .arg(&tmp);
    util::run(&mut cmd)?;
    fs::rename(&tmp, wasm)
        .with_context(|| format!("moving {} to {}", tmp.display(), wasm.display()))
}

/// Writes the bundle, the stylesheet and public/ into target/site, touching only files
/// whose content changed and removing files that are no longer produced.
fn assemble(staging: &Path) -> Result<()> {
    let mut files: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let public = root().join("public");
    for rel in util::files_under(&public)? {
        files.insert(rel.clone(), public.join(rel));
    }
    for rel in util::files_under(staging)? {
        files.insert(Path::new("pkg").join(&rel), staging.join(rel));
    }
    let style = root().join("style/main.css");
    if style.is_file() {
        files.insert(PathBuf::from(format!("pkg/{OUTPUT_NAME}.css")), style);
    } else {
        println!(
            "    WARNING: {} is missing: the site has no stylesheet",
            style.display()
        );
    }
    // Admin pages load their own stylesheet, so guests never download it.
    let admin_style = root().join("style/admin.css");
    if admin_style.is_file() {
        files.insert(
            PathBuf::from(format!("pkg/{OUTPUT_NAME}-admin.css")),
            admin_style,
        );
    }
    let site = site_dir();
    let mut written = 0;
    for (rel, src) in &files {
        let bytes = fs::read(src).with_context(|| format!("reading {}", src.display()))?;
        if util::write_if_changed(&site.join(rel), &bytes)? {
            written += 1;
        }
    }
    let keep: Vec<PathBuf> = files.keys().cloned().collect();
    let removed = util::remove_stale(&site, &keep)?;
    println!(
        "    {}: {} files ({written} updated, {removed} removed)",
        site.display(),
        files.len()
    );
    Ok(())
}
