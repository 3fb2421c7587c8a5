//! Files only the server's own user may read: the data dir (0700), the database, keys and
//! emails (0600). They hold password hashes, guests' details and the token signing key.
use std::io::Write;
use std::path::Path;

/// Creates `dir` (and missing parents) readable by the owner only. An existing folder is left
/// as the operator made it.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates `path` empty and owner-only when it does not exist yet, so that whatever opens it
/// next (SQLite, which gives its `-wal` and `-shm` files the same mode) keeps it private.
pub fn touch_private(path: &Path) -> std::io::Result<()> {
    match private_options().create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes `contents` to a new owner-only file, synced; fails if `path` exists, and leaves no
/// truncated file behind when writing fails.
pub fn write_private_new(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = private_options().create_new(true).open(path)?;
    let written = file.write_all(contents).and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Writes `contents` to an owner-only file beside `path` and renames it into place, so a
/// reader never sees half of it.
pub fn replace_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let mut file = private_options().create(true).truncate(true).open(&tmp)?;
    file.write_all(contents)?;
    std::fs::rename(&tmp, path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn everything_is_owner_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        touch_private(&dir.join("db")).unwrap();
        assert_eq!(mode(&dir.join("db")), 0o600);
        write_private_new(&dir.join("key"), b"k").unwrap();
        assert_eq!(mode(&dir.join("key")), 0o600);
        assert!(write_private_new(&dir.join("key"), b"again").is_err());
        replace_private(&dir.join("m.eml"), b"hello").unwrap();
        assert_eq!(mode(&dir.join("m.eml")), 0o600);
        assert_eq!(std::fs::read(dir.join("m.eml")).unwrap(), b"hello");
    }
}
