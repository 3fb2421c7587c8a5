//! Fn's part in the tests: starts `vision-stays function <name>` the way the Fn agent does
//! (`FN_FORMAT`, `FN_LISTENER` in a folder of its own, log framing by call id) and invokes it
//! with `POST /call` over the unix socket, wrapping and unwrapping requests as the gateway's
//! HTTP integration does (`Fn-Http-Method`, `Fn-Http-Request-Url`, `Fn-Http-H-*`).
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

use super::TestApp;

/// Fn gives a function this long to listen before it gives up on the container.
const LISTEN_WITHIN: Duration = Duration::from_secs(5);
/// The log frame the tests ask for: a line `\n<name>=<call id>\n` before each call's logs.
pub const FRAME_NAME: &str = "fn_call_frame";

/// The binary under test: `VS_TEST_FUNCTION_BIN` (e.g. the release build, as `cargo xtask
/// bench` runs it), else this build's debug binary.
pub fn binary() -> PathBuf {
    std::env::var_os("VS_TEST_FUNCTION_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_vision-stays")))
}

/// One running function container.
pub struct FnFunction {
    pub name: String,
    child: Child,
    pub dir: tempfile::TempDir,
    /// What `FN_LISTENER` names (a symlink to the phony socket once the function listens).
    pub socket: PathBuf,
    /// Its standard output and error.
    pub log: PathBuf,
    /// From spawning the process to its socket accepting a connection.
    pub cold_start: Duration,
}

impl Drop for FnFunction {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment Fn and the function's configuration give the container for `app`: the
/// app's database and data dir (its token key), nothing inherited that could change the answer.
pub fn function_command(app: &TestApp, name: &str, dir: &Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.arg("function")
        .arg(name)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("FN_FORMAT", "http-stream")
        .env(
            "FN_LISTENER",
            format!("unix:{}", dir.join("lsnr.sock").display()),
        )
        .env("FN_APP_NAME", "vision-stays")
        .env("FN_FN_NAME", name)
        .env("FN_MEMORY", "256")
        .env("FN_LOGFRAME_NAME", FRAME_NAME)
        .env("FN_LOGFRAME_HDR", "Fn-Call-Id")
        .env("VS_DATA_DIR", app.data_dir())
        .env("VS_DB_MAX_CONNECTIONS", "2")
        .env("VS_LOG", "info")
        .env("VS_LOG_FORMAT", "json");
    if !app.database_url().starts_with("sqlite:") {
        cmd.env("DATABASE_URL", app.database_url());
    }
    cmd
}

impl FnFunction {
    /// Starts function `name` on `app`'s database and waits for its socket.
    pub async fn start(app: &TestApp, name: &str) -> FnFunction {
        Self::start_with(app, name, |_| {}).await
    }

    /// [`FnFunction::start`] with `configure` changing the command first.
    pub async fn start_with(
        app: &TestApp,
        name: &str,
        configure: impl FnOnce(&mut Command),
    ) -> FnFunction {
        let dir = tempfile::tempdir().expect("socket folder");
        let log = dir.path().join("function.log");
        let mut cmd = function_command(app, name, dir.path());
        let out = std::fs::File::create(&log).unwrap();
        cmd.stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out);
        configure(&mut cmd);
        let started = Instant::now();
        let mut child = cmd.spawn().expect("start vision-stays function");
        let socket = dir.path().join("lsnr.sock");
        loop {
            if tokio::net::UnixStream::connect(&socket).await.is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "function {name} exited ({status}) before listening:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            assert!(
                started.elapsed() < LISTEN_WITHIN,
                "function {name} did not listen within {LISTEN_WITHIN:?}"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        FnFunction {
            name: name.to_owned(),
            cold_start: started.elapsed(),
            child,
            dir,
            socket,
            log,
        }
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        self.child.wait().expect("function exits")
    }

    /// One raw `POST /call` with Fn's headers already in `call`; Fn's view of the answer.
    pub async fn raw_call(&self, call: Request<Bytes>) -> Response<Bytes> {
        let stream = tokio::net::UnixStream::connect(&self.socket)
            .await
            .expect("connect to the function's socket");
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("HTTP/1.1 over the socket");
        tokio::spawn(conn);
        let (parts, body) = call.into_parts();
        let res = sender
            .send_request(Request::from_parts(parts, Full::new(body)))
            .await
            .expect("the call is answered");
        let (parts, body) = res.into_parts();
        let body = body.collect().await.expect("the whole answer").to_bytes();
        Response::from_parts(parts, body)
    }

    /// Invokes the function with the client's `original` request, as the gateway's HTTP
    /// integration does, and unwraps the client's answer; `deadline` is `Fn-Deadline`.
    pub async fn call_by(
        &self,
        original: Request<Bytes>,
        deadline: chrono::DateTime<chrono::Utc>,
    ) -> Response<Bytes> {
        let call = wrap_call(original, deadline, &uuid::Uuid::new_v4().to_string());
        let answer = self.raw_call(call).await;
        assert!(
            [200, 502, 504].contains(&answer.status().as_u16()),
            "Fn accepts only 200, 502 and 504 from a container, got {}",
            answer.status()
        );
        unwrap_answer(answer)
    }

    /// [`FnFunction::call_by`] with Fn's default 30-second deadline.
    pub async fn call(&self, original: Request<Bytes>) -> Response<Bytes> {
        let deadline = chrono::Utc::now() + chrono::Duration::seconds(30);
        self.call_by(original, deadline).await
    }
}

/// `original` as Fn delivers it: `POST /call` with the original method, URL and headers in
/// `Fn-*` headers (`Content-Type` unprefixed) and the body as it was.
pub fn wrap_call(
    original: Request<Bytes>,
    deadline: chrono::DateTime<chrono::Utc>,
    call_id: &str,
) -> Request<Bytes> {
    let (parts, body) = original.into_parts();
    let mut call = Request::post("http://localhost:8080/call")
        .header("Fn-Call-Id", call_id)
        .header(
            "Fn-Deadline",
            deadline.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        )
        .header("Fn-Intent", "httprequest")
        .header("Fn-Http-Method", parts.method.as_str())
        .header("Fn-Http-Request-Url", parts.uri.to_string())
        .body(body)
        .unwrap();
    let headers = call.headers_mut();
    for (name, value) in &parts.headers {
        if name == "content-type" {
            headers.insert(name, value.clone());
        }
        let prefixed = HeaderName::try_from(format!("fn-http-h-{name}")).unwrap();
        headers.append(prefixed, value.clone());
    }
    call
}

/// The client's answer inside Fn's: `Fn-Http-Status` and the `Fn-Http-H-*` headers.
pub fn unwrap_answer(answer: Response<Bytes>) -> Response<Bytes> {
    let (parts, body) = answer.into_parts();
    let status = parts
        .headers
        .get("fn-http-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u16>().ok())
        .expect("Fn-Http-Status on every answer");
    let mut res = Response::new(body);
    *res.status_mut() = StatusCode::from_u16(status).unwrap();
    let headers = res.headers_mut();
    for (name, value) in &parts.headers {
        if name == "content-type" {
            headers.insert(name, value.clone());
        } else if let Some(bare) = name.as_str().strip_prefix("fn-http-h-") {
            headers.append(HeaderName::try_from(bare).unwrap(), value.clone());
        }
    }
    res
}

/// A client request for [`FnFunction::call`]: `method` `url`, JSON `body` when given.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&serde_json::Value>,
) -> Request<Bytes> {
    let mut req = Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, HeaderValue::from_str(v).unwrap());
    }
    match body {
        Some(json) => req
            .header("content-type", "application/json")
            .body(Bytes::from(serde_json::to_vec(json).unwrap()))
            .unwrap(),
        None => req.body(Bytes::new()).unwrap(),
    }
}
