//! `vision-stays restore`: puts a backup back into a data dir that no process is using, after
//! checking it, and keeps whatever it replaces in `<data-dir>/replaced-<UTC time>/`.
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;
use clap::Args;

use super::files::{REPLACED, copy_private, move_file, sync_dir};
use super::manifest::relative;
use super::{DATA, DataDirLock, Manifest, Source};
use crate::config::DbArgs;

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup folder to restore (`vision-stays-<UTC time>`, the one holding manifest.json).
    pub from: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    pub database: PathBuf,
    /// Where the replaced files went; `None` when nothing was replaced (a new data dir).
    pub aside: Option<PathBuf>,
    /// The newest schema this binary knows: a backup at an older one is migrated on `serve`.
    pub binary_schema: i64,
}

/// Checks the backup, then restores it into the install `args.db` names.
pub fn run(args: &RestoreArgs) -> anyhow::Result<Restored> {
    // On PostgreSQL this is the error that says where its backups are.
    let source = Source::of(&args.db)?;
    // Taken first and held to the end: no server may open the database while files move.
    let _lock = DataDirLock::exclusive(&source.data_dir, &source.database)?;
    let manifest = Manifest::read(&args.from)?;
    let binary_schema = crate::store::sqlite_schema_version();
    anyhow::ensure!(
        manifest.schema_version <= binary_schema,
        "the backup's schema version {} is newer than this binary's ({binary_schema}): restore it \
         with vision-stays {} (the version that took it) or newer",
        manifest.schema_version,
        manifest.binary_version
    );
    let targets = targets(&manifest, &source)?;
    manifest.verify(&args.from)?;
    let aside = set_aside(&source, &targets)?;
    for (rel, target) in &targets {
        install(&args.from.join(relative(rel)?), target)?;
    }
    sync_dir(&source.data_dir);
    Ok(Restored {
        manifest,
        database: source.database.clone(),
        aside,
        binary_schema,
    })
}

/// Where each file of the backup goes: the database to the install's database file, `data/…`
/// into the data dir. A path this format does not define is refused before anything moves.
fn targets(manifest: &Manifest, source: &Source) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut targets = Vec::new();
    for file in &manifest.files {
        let target = if file.path == manifest.database {
            source.database.clone()
        } else if let Some(rel) = file.path.strip_prefix(&format!("{DATA}/")) {
            source.data_dir.join(relative(rel)?)
        } else {
            anyhow::bail!(
                "the manifest lists {}, which this binary does not know where to restore",
                file.path
            );
        };
        targets.push((file.path.clone(), target));
    }
    Ok(targets)
}

/// Moves the database (with its -wal and -shm, which would otherwise be replayed into the
/// restored file) and every file about to be replaced into a new `replaced-` folder.
fn set_aside(source: &Source, targets: &[(String, PathBuf)]) -> anyhow::Result<Option<PathBuf>> {
    let aside = free_aside(&source.data_dir);
    let mut moved = false;
    let db_name = source
        .database
        .file_name()
        .context("the database path has no file name")?
        .to_string_lossy()
        .into_owned();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = source.database.with_file_name(format!("{db_name}{suffix}"));
        if file.exists() {
            move_file(&file, &aside.join(format!("{db_name}{suffix}")))?;
            moved = true;
        }
    }
    for (_, target) in targets {
        if target == &source.database || !target.exists() {
            continue;
        }
        let rel = target
            .strip_prefix(&source.data_dir)
            .context("a restored file outside the data dir")?;
        move_file(target, &aside.join(rel))?;
        moved = true;
    }
    if moved {
        sync_dir(&aside);
        Ok(Some(aside))
    } else {
        Ok(None)
    }
}

fn free_aside(data_dir: &Path) -> PathBuf {
    let name = format!("{REPLACED}{}", Utc::now().format("%Y%m%dT%H%M%SZ"));
    let mut path = data_dir.join(&name);
    let mut n = 2;
    while path.exists() {
        path = data_dir.join(format!("{name}-{n}"));
        n += 1;
    }
    path
}

/// Copies `from` beside `target` and renames it into place, so `target` is never half-written.
fn install(from: &Path, target: &Path) -> anyhow::Result<()> {
    let name = target
        .file_name()
        .context("a restored path has no file name")?
        .to_string_lossy()
        .into_owned();
    let tmp = target.with_file_name(format!(".{name}.restoring"));
    let _ = std::fs::remove_file(&tmp);
    copy_private(from, &tmp)?;
    std::fs::rename(&tmp, target)
        .with_context(|| format!("cannot move {} into place", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::manifest::{FORMAT, FileEntry};

    fn manifest(paths: &[&str]) -> Manifest {
        Manifest {
            format: FORMAT,
            created_at: Utc::now(),
            binary_version: "0.1.0".to_owned(),
            schema_version: 1,
            database: "vision-stays.db".to_owned(),
            counts: Default::default(),
            files: paths
                .iter()
                .map(|p| FileEntry {
                    path: (*p).to_owned(),
                    bytes: 0,
                    sha256: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn files_go_to_the_database_path_and_the_data_dir_only() {
        let source = Source {
            data_dir: PathBuf::from("/srv/data"),
            database: PathBuf::from("/srv/db/shop.db"),
        };
        let m = manifest(&["vision-stays.db", "data/jwt-signing-key.pem", "data/a/b"]);
        let got: Vec<PathBuf> = targets(&m, &source)
            .unwrap()
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            got,
            [
                PathBuf::from("/srv/db/shop.db"),
                PathBuf::from("/srv/data/jwt-signing-key.pem"),
                PathBuf::from("/srv/data/a/b")
            ]
        );
        let err = targets(&manifest(&["vision-stays.db", "other/x"]), &source).unwrap_err();
        assert!(err.to_string().contains("does not know where"), "{err}");
    }

    #[test]
    fn replaced_files_are_moved_aside_never_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_path_buf();
        for file in [
            "vision-stays.db",
            "vision-stays.db-wal",
            "jwt-signing-key.pem",
            "keep.txt",
        ] {
            std::fs::write(data.join(file), file).unwrap();
        }
        let source = Source {
            database: data.join("vision-stays.db"),
            data_dir: data.clone(),
        };
        let m = manifest(&[
            "vision-stays.db",
            "data/jwt-signing-key.pem",
            "data/new.txt",
        ]);
        let aside = set_aside(&source, &targets(&m, &source).unwrap())
            .unwrap()
            .expect("files were replaced");
        assert!(
            aside
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(REPLACED)
        );
        for file in [
            "vision-stays.db",
            "vision-stays.db-wal",
            "jwt-signing-key.pem",
        ] {
            assert_eq!(std::fs::read_to_string(aside.join(file)).unwrap(), file);
            assert!(!data.join(file).exists(), "{file} is still in place");
        }
        assert!(data.join("keep.txt").exists());
        // A data dir with nothing to replace gets no empty folder.
        let empty = tempfile::tempdir().unwrap();
        let fresh = Source {
            database: empty.path().join("vision-stays.db"),
            data_dir: empty.path().to_path_buf(),
        };
        assert_eq!(
            set_aside(&fresh, &targets(&m, &fresh).unwrap()).unwrap(),
            None
        );
    }
}
