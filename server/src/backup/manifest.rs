//! `manifest.json`: what a backup holds (time, schema version, counts, SHA-256 per file), and
//! checking a backup folder against it before anything is restored.
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "manifest.json";
/// Bumped when a backup's layout changes in a way an older `restore` would misread.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: DateTime<Utc>,
    /// The `vision-stays` version that took the backup.
    pub binary_version: String,
    /// The newest migration applied to the copied database (`_sqlx_migrations.version`).
    pub schema_version: i64,
    /// The database file, relative to the backup folder.
    pub database: String,
    /// Rows per table in the copied database (not the live one, which moved on meanwhile).
    pub counts: BTreeMap<String, i64>,
    /// Every file of the backup but the manifest, the database first.
    pub files: Vec<FileEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the backup folder, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        json.push(b'\n');
        json
    }

    /// Parses a manifest and refuses one this binary cannot restore safely: a newer format, or
    /// a path that would write outside the folder it is restored into.
    pub fn parse(json: &[u8]) -> anyhow::Result<Manifest> {
        let manifest: Manifest =
            serde_json::from_slice(json).context("manifest.json is invalid")?;
        anyhow::ensure!(
            manifest.format <= FORMAT,
            "the backup's format {} is newer than this binary reads ({FORMAT}): restore it with \
             the version that took it ({})",
            manifest.format,
            manifest.binary_version
        );
        for file in &manifest.files {
            relative(&file.path)?;
        }
        anyhow::ensure!(
            manifest.files.iter().any(|f| f.path == manifest.database),
            "the manifest lists no checksum for its database {}",
            manifest.database
        );
        Ok(manifest)
    }

    pub fn read(dir: &Path) -> anyhow::Result<Manifest> {
        let path = dir.join(MANIFEST);
        let json = std::fs::read(&path).with_context(|| {
            format!(
                "cannot read {}: name one backup folder (vision-stays-<time>), not the folder \
                 that holds them",
                path.display()
            )
        })?;
        Manifest::parse(&json).with_context(|| format!("in {}", path.display()))
    }

    /// Checks every listed file in `dir` against its size and SHA-256; the first mismatch is
    /// the error.
    pub fn verify(&self, dir: &Path) -> anyhow::Result<()> {
        for file in &self.files {
            let path = dir.join(relative(&file.path)?);
            let (sha256, bytes) = sha256_file(&path)
                .with_context(|| format!("cannot read {} of the backup", path.display()))?;
            anyhow::ensure!(
                sha256 == file.sha256 && bytes == file.bytes,
                "{} does not match the backup's manifest (SHA-256 {sha256}, {bytes} bytes; \
                 the manifest says {}, {} bytes): the backup is damaged or was changed",
                path.display(),
                file.sha256,
                file.bytes
            );
        }
        Ok(())
    }

    pub fn bookings(&self) -> i64 {
        self.counts.get("bookings").copied().unwrap_or(0)
    }
}

/// `path` as a relative path that stays inside the folder it is joined to.
pub fn relative(path: &str) -> anyhow::Result<PathBuf> {
    let p = Path::new(path);
    let plain = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    anyhow::ensure!(
        plain,
        "the manifest names {path:?}, which is not a plain relative path"
    );
    Ok(p.to_path_buf())
}

/// The file's SHA-256 (lower-case hex) and size, read in chunks: a database may be large.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dir: &Path) -> Manifest {
        std::fs::write(dir.join("vision-stays.db"), b"database").unwrap();
        std::fs::create_dir(dir.join("data")).unwrap();
        std::fs::write(dir.join("data/jwt-signing-key.pem"), b"key").unwrap();
        let entry = |path: &str| {
            let (sha256, bytes) = sha256_file(&dir.join(path)).unwrap();
            FileEntry {
                path: path.to_owned(),
                bytes,
                sha256,
            }
        };
        Manifest {
            format: FORMAT,
            created_at: "2026-12-04T19:00:00Z".parse().unwrap(),
            binary_version: "0.1.0".to_owned(),
            schema_version: 20261206000300,
            database: "vision-stays.db".to_owned(),
            counts: BTreeMap::from([("bookings".to_owned(), 42)]),
            files: vec![entry("vision-stays.db"), entry("data/jwt-signing-key.pem")],
        }
    }

    #[test]
    fn a_manifest_reads_back_as_written_and_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = sample(dir.path());
        let json = manifest.to_json();
        assert_eq!(Manifest::parse(&json).unwrap(), manifest);
        let text = String::from_utf8(json).unwrap();
        assert!(
            text.contains("\"created_at\": \"2026-12-04T19:00:00Z\""),
            "{text}"
        );
        assert_eq!(manifest.bookings(), 42);
        manifest.verify(dir.path()).unwrap();
    }

    #[test]
    fn a_changed_or_missing_file_fails_verification() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = sample(dir.path());
        std::fs::write(dir.path().join("data/jwt-signing-key.pem"), b"kez").unwrap();
        let err = manifest.verify(dir.path()).unwrap_err().to_string();
        assert!(err.contains("jwt-signing-key.pem does not match"), "{err}");
        std::fs::remove_file(dir.path().join("data/jwt-signing-key.pem")).unwrap();
        assert!(manifest.verify(dir.path()).is_err());
    }

    #[test]
    fn paths_outside_the_backup_and_newer_formats_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let good = sample(dir.path());
        for path in ["../escape", "/etc/passwd", "data/../../x", ""] {
            let mut bad = good.clone();
            bad.files[1].path = path.to_owned();
            let err = Manifest::parse(&bad.to_json()).unwrap_err().to_string();
            assert!(err.contains("not a plain relative path"), "{path}: {err}");
        }
        let mut newer = good.clone();
        newer.format = FORMAT + 1;
        let err = Manifest::parse(&newer.to_json()).unwrap_err().to_string();
        assert!(err.contains("newer than this binary reads"), "{err}");
        let mut no_db = good;
        no_db.files.remove(0);
        assert!(Manifest::parse(&no_db.to_json()).is_err());
        assert!(Manifest::parse(b"{\"format\": 1}").is_err());
    }
}
