//! Shared helpers: workspace paths, running commands loudly, timed steps and file syncing.
use anyhow::{Context, Result, bail};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` when set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        _ => root().join("target"),
    }
}

/// The cargo that runs us (so rustup's toolchain choice is kept), else `cargo`.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root());
    cmd
}

/// Prints a command line the way a shell user would type it.
pub fn display(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(quote));
    parts.join(" ")
}

fn quote(arg: &OsStr) -> String {
    let s = arg.to_string_lossy();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+%".contains(c))
    {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Runs a command with inherited stdio; fails with the command line and exit status.
pub fn run(cmd: &mut Command) -> Result<()> {
    let line = display(cmd);
    println!("    $ {line}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Runs a command quietly and returns its stdout; fails with its stderr.
pub fn output(cmd: &mut Command) -> Result<String> {
    let line = display(cmd);
    let out = cmd
        .output()
        .with_context(|| format!("could not start `{line}`"))?;
    if !out.status.success() {
        bail!(
            "`{line}` failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `program` is found on PATH (or is an existing path).
pub fn which(program: &str) -> Option<PathBuf> {
    let candidate = Path::new(program);
    if candidate.components().count() > 1 {
        return candidate.is_file().then(|| candidate.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// Runs `f` as a named step, printing its start, duration and any error context.
pub fn step<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("==> {name}");
    let start = Instant::now();
    let result = f().with_context(|| format!("step `{name}` failed"));
    match &result {
        Ok(_) => println!("    {name}: done in {}", secs(start.elapsed())),
        Err(_) => println!("    {name}: FAILED after {}", secs(start.elapsed())),
    }
    result
}

/// `step` for async work.
pub async fn step_async<T>(name: &str, f: impl Future<Output = Result<T>>) -> Result<T> {
    println!("==> {name}");
    let start = Instant::now();
    let result = f.await.with_context(|| format!("step `{name}` failed"));
    match &result {
        Ok(_) => println!("    {name}: done in {}", secs(start.elapsed())),
        Err(_) => println!("    {name}: FAILED after {}", secs(start.elapsed())),
    }
    result
}

/// A duration in milliseconds, one decimal.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A duration in seconds, one decimal.
pub fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// Writes `bytes` to `path` only when the content differs, so mtimes (and the server's
/// compile-time embedding of `target/site`) change only on real changes. Returns whether
/// it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

/// Every regular file under `dir`, as paths relative to `dir`, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if dir.is_dir() {
        collect(dir, Path::new(""), &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn collect(base: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let dir = base.join(rel);
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(base, &rel, out)?;
        } else if kind.is_file() || (kind.is_symlink() && base.join(&rel).is_file()) {
            out.push(rel);
        }
    }
    Ok(())
}

/// Removes files under `dir` that are not in `keep` (relative paths), then empty folders.
pub fn remove_stale(dir: &Path, keep: &[PathBuf]) -> Result<usize> {
    let mut removed = 0;
    for rel in files_under(dir)? {
        if !keep.contains(&rel) {
            let path = dir.join(&rel);
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            removed += 1;
        }
    }
    remove_empty_dirs(dir)?;
    Ok(removed)
}

fn remove_empty_dirs(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}

/// Size in kilobytes (1 KB = 1024 bytes) with one decimal.
pub fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        let mut cmd = Command::new("echo");
        cmd.args(["plain", "with space", "it's"]);
        assert_eq!(display(&cmd), r"echo plain 'with space' 'it'\''s'");
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a/b.txt");
        assert!(write_if_changed(&a, b"one").unwrap());
        assert!(!write_if_changed(&a, b"one").unwrap());
        assert!(write_if_changed(&a, b"two").unwrap());
        write_if_changed(&dir.path().join("c/d.txt"), b"x").unwrap();
        let keep = vec![PathBuf::from("a/b.txt")];
        assert_eq!(remove_stale(dir.path(), &keep).unwrap(), 1);
        assert_eq!(files_under(dir.path()).unwrap(), keep);
        assert!(!dir.path().join("c").exists());
    }

    #[test]
    fn root_holds_the_workspace_manifest() {
        assert!(root().join("Cargo.toml").is_file());
        assert!(root().join("xtask").is_dir());
    }
}
