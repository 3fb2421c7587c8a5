//! The function's socket as Fn expects it: `FN_LISTENER=unix:/path/lsnr.sock`, bound through a
//! `phony` socket in the same folder that is made writable for the agent before the real name
//! appears (a symlink), so Fn never connects to a socket it may not write to.
use std::fmt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use tokio::net::UnixListener;

/// The longest socket path a `sockaddr_un` holds (108 bytes with the terminating NUL).
const MAX_SOCKET_PATH: usize = 107;

/// Where Fn connects (`path`) and the socket really bound (`phony`).
#[derive(Debug, Clone)]
pub struct FnListener {
    path: PathBuf,
    phony: PathBuf,
}

impl FnListener {
    /// Reads `FN_FORMAT` and `FN_LISTENER` as Fn sets them; anything else is refused before
    /// the function touches the database.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        if let Some(format) = env("FN_FORMAT")
            && format != "http-stream"
        {
            bail!("FN_FORMAT is {format:?}; this function speaks only \"http-stream\"");
        }
        let Some(listener) = env("FN_LISTENER") else {
            bail!(
                "FN_LISTENER is not set: a function runs under Fn (or OCI Functions), which names \
                 its socket as FN_LISTENER=unix:/path/to/lsnr.sock"
            );
        };
        let Some(path) = listener.strip_prefix("unix:").filter(|p| !p.is_empty()) else {
            bail!("FN_LISTENER must be unix:/path/to/socket, not {listener:?}");
        };
        if path.len() > MAX_SOCKET_PATH {
            bail!(
                "FN_LISTENER's path has {} bytes; a unix socket path holds at most {MAX_SOCKET_PATH}",
                path.len()
            );
        }
        let path = PathBuf::from(path);
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            bail!("FN_LISTENER names no file: {listener:?}");
        };
        let mut phony = std::ffi::OsString::from("phony");
        phony.push(name);
        Ok(FnListener {
            phony: dir.join(phony),
            path,
        })
    }

    /// Binds the phony socket, opens it to the agent (0666), then links the real name to it
    /// (a relative link, as the FDKs make it). Stale files of an earlier run are removed first.
    pub fn bind(&self) -> anyhow::Result<UnixListener> {
        self.remove();
        let socket = UnixListener::bind(&self.phony)
            .with_context(|| format!("cannot listen on {}", self.phony.display()))?;
        std::fs::set_permissions(&self.phony, std::fs::Permissions::from_mode(0o666))
            .with_context(|| format!("cannot open {} to the agent", self.phony.display()))?;
        let target = self.phony.file_name().map(Path::new).unwrap_or(&self.phony);
        std::os::unix::fs::symlink(target, &self.path)
            .with_context(|| format!("cannot link {} to the socket", self.path.display()))?;
        Ok(socket)
    }

    /// Removes the link and the socket (on exit, and stale ones before binding).
    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = std::fs::remove_file(&self.phony);
    }
}

impl fmt::Display for FnListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unix:{}", self.path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(vars: &[(&str, &str)]) -> anyhow::Result<FnListener> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        FnListener::from_env(&|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn the_listener_comes_from_fn_listener_and_only_http_stream_is_spoken() {
        let ok = parse(&[
            ("FN_FORMAT", "http-stream"),
            ("FN_LISTENER", "unix:/tmp/iofs/lsnr.sock"),
        ])
        .unwrap();
        assert_eq!(ok.path, Path::new("/tmp/iofs/lsnr.sock"));
        assert_eq!(ok.phony, Path::new("/tmp/iofs/phonylsnr.sock"));
        assert_eq!(ok.to_string(), "unix:/tmp/iofs/lsnr.sock");
        for (vars, says) in [
            (vec![], "FN_LISTENER is not set"),
            (vec![("FN_LISTENER", "/tmp/lsnr.sock")], "must be unix:"),
            (vec![("FN_LISTENER", "unix:")], "must be unix:"),
            (
                vec![("FN_LISTENER", "tcp://127.0.0.1:8080")],
                "must be unix:",
            ),
            (
                vec![("FN_FORMAT", "json"), ("FN_LISTENER", "unix:/tmp/l.sock")],
                "only \"http-stream\"",
            ),
        ] {
            let err = parse(&vars).unwrap_err().to_string();
            assert!(err.contains(says), "{vars:?}: {err}");
        }
        let long = format!("unix:/{}", "d".repeat(107));
        let err = parse(&[("FN_LISTENER", &long)]).unwrap_err().to_string();
        assert!(err.contains("at most 107"), "{err}");
    }

    #[tokio::test]
    async fn the_socket_is_bound_through_a_writable_phony_socket_and_a_relative_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lsnr.sock");
        std::fs::write(&path, "stale").unwrap();
        let listener = parse(&[("FN_LISTENER", &format!("unix:{}", path.display()))]).unwrap();
        let _socket = listener.bind().unwrap();
        let link = std::fs::read_link(&path).unwrap();
        assert_eq!(link, Path::new("phonylsnr.sock"));
        let mode = std::fs::metadata(dir.path().join("phonylsnr.sock"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o666);
        tokio::net::UnixStream::connect(&path).await.unwrap();
        listener.remove();
        assert!(!path.exists() && !dir.path().join("phonylsnr.sock").exists());
    }
}
