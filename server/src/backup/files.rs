//! Copying files in and out of a backup: which files of the data dir belong in one, private
//! copies that are synced to disk, and moving a file aside without ever deleting it.
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::lock::LOCK_FILE;
use super::manifest::{FileEntry, sha256_file};
use super::{BACKUPS_DIR, DATA, Source};

/// A restore's folder for the files it replaced: `replaced-<UTC time>`.
pub const REPLACED: &str = "replaced-";
/// The file mailer's sent messages (`<data-dir>/mail`, when no SMTP server is set): copies of
/// emails already delivered, a growing log rather than state the site needs, and each holds
/// a guest's details. The database's outbox keeps what was sent.
pub const MAIL_DIR: &str = "mail";

/// The manifest entry of `rel` (relative to `root`) as it is on disk now.
pub fn entry(root: &Path, rel: &str) -> anyhow::Result<FileEntry> {
    let (sha256, bytes) = sha256_file(&root.join(rel))
        .with_context(|| format!("cannot read {}", root.join(rel).display()))?;
    Ok(FileEntry {
        path: rel.to_owned(),
        bytes,
        sha256,
    })
}

/// Whether a top-level entry of the data dir stays out of backups: the live database (copied
/// consistently on its own), locks, backups, a restore's set-aside files, and sent mail.
fn skipped_at_top(name: &str, source: &Source) -> bool {
    let db_here = source.database.parent() == Some(source.data_dir.as_path());
    let db_name = source
        .database
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_db = db_here
        && ["", "-wal", "-shm", "-journal"]
            .iter()
            .any(|suffix| name == format!("{db_name}{suffix}"));
    is_db
        || name == LOCK_FILE
        || name == BACKUPS_DIR
        || name == MAIL_DIR
        || name.starts_with(REPLACED)
}

/// Copies the data dir's files (keys and any other state kept beside the database) into
/// `partial/data`, returning their manifest entries. Hidden files are the temporary halves of
/// atomic writes; links and other special files are not state this app writes.
pub fn copy_data_dir(source: &Source, to: &Path, partial: &Path) -> anyhow::Result<Vec<FileEntry>> {
    let to = to
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", to.display()))?;
    let data_dir = match source.data_dir.canonicalize() {
        Ok(dir) => dir,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).context("cannot resolve the data dir"),
    };
    let source = Source {
        database: source
            .database
            .canonicalize()
            .unwrap_or_else(|_| source.database.clone()),
        data_dir: data_dir.clone(),
    };
    let mut entries = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel_dir) = pending.pop() {
        let dir = data_dir.join(&rel_dir);
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .collect::<Result<_, _>>()?;
        names.sort_by_key(|e| e.file_name());
        for item in names {
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.')
                || (rel_dir.as_os_str().is_empty() && skipped_at_top(&name, &source))
            {
                continue;
            }
            let rel = rel_dir.join(&name);
            let kind = item.file_type()?;
            if kind.is_dir() {
                // A backup folder given with --to inside the data dir is not copied into itself.
                if data_dir.join(&rel) != to {
                    pending.push(rel);
                }
            } else if kind.is_file() {
                let rel_in_backup = format!("{DATA}/{}", slash(&rel));
                copy_private(&item.path(), &partial.join(&rel_in_backup))?;
                entries.push(entry(partial, &rel_in_backup)?);
            } else {
                tracing::warn!(path = %item.path().display(), "not a regular file: left out of the backup");
            }
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// `rel` with `/` between its parts, as manifests write paths.
fn slash(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Copies `from` to a new owner-only file `to` (creating its folders owner-only), synced.
pub fn copy_private(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        crate::files::create_private_dir(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut input = File::open(from).with_context(|| format!("cannot read {}", from.display()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut output = options
        .open(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    std::io::copy(&mut input, &mut output)
        .and_then(|_| output.sync_all())
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))
}

/// Moves `from` to `to` (creating its folders): a rename, or across file systems a synced
/// copy before the original is removed, so the file exists somewhere at every moment.
pub fn move_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        crate::files::create_private_dir(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    copy_private(from, to)?;
    std::fs::remove_file(from).with_context(|| format!("cannot remove {}", from.display()))
}

/// Makes a rename or a new file in `dir` durable (best effort: not every platform can).
pub fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_dir_is_copied_without_the_database_locks_backups_or_mail() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        for dir in [
            "backups/vision-stays-1",
            "mail",
            "replaced-1",
            "photos/a",
            "elsewhere",
        ] {
            std::fs::create_dir_all(data.join(dir)).unwrap();
        }
        for file in [
            "vision-stays.db",
            "vision-stays.db-wal",
            "vision-stays.db-shm",
            "vision-stays.lock",
            ".jwt-signing-key.pem.tmp",
            "mail/1.eml",
            "backups/vision-stays-1/manifest.json",
            "replaced-1/vision-stays.db",
            "elsewhere/x",
            "jwt-signing-key.pem",
            "photos/a/1.jpg",
        ] {
            std::fs::write(data.join(file), file).unwrap();
        }
        let source = Source {
            database: data.join("vision-stays.db"),
            data_dir: data.clone(),
        };
        let partial = root.path().join("partial");
        let paths = |to: &Path| {
            let partial = partial.join(to.file_name().unwrap());
            let entries = copy_data_dir(&source, to, &partial).unwrap();
            entries.into_iter().map(|e| e.path).collect::<Vec<_>>()
        };
        assert_eq!(
            paths(&data.join("backups")),
            [
                "data/elsewhere/x",
                "data/jwt-signing-key.pem",
                "data/photos/a/1.jpg"
            ]
        );
        // A --to inside the data dir under another name is left out too.
        assert_eq!(
            paths(&data.join("elsewhere")),
            ["data/jwt-signing-key.pem", "data/photos/a/1.jpg"]
        );
        let copied = partial.join("elsewhere/data/jwt-signing-key.pem");
        assert_eq!(std::fs::read(&copied).unwrap(), b"jwt-signing-key.pem");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copied).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
