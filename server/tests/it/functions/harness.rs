//! A function's life under Fn: its socket appears as the FDKs make it, each call is framed in
//! the log, a call past its deadline does nothing, SIGTERM takes the socket away, and a
//! function that cannot serve says why instead of listening.
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;

use super::*;
use crate::common::fn_agent::{FRAME_NAME, FnFunction, function_command, request, wrap_call};
use crate::common::{AFTER_HISTORY, day};

#[tokio::test]
async fn the_socket_appears_as_fn_expects_and_goes_with_sigterm() {
    let app = TestApp::spawn().await;
    let mut function = FnFunction::start(&app, GET_HOTEL_DETAILS).await;
    let link = std::fs::read_link(&function.socket).expect("the listener is a symlink");
    assert_eq!(
        link,
        Path::new("phonylsnr.sock"),
        "relative, to the phony socket beside it"
    );
    let phony = function.dir.path().join("phonylsnr.sock");
    let mode = std::fs::metadata(&phony).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o666, "the agent may write to it");

    // Each call's logs open with the frame naming its call id, on stdout and stderr alike.
    let (slug, _, _) = app.first_room().await;
    let call = wrap_call(
        request("GET", &format!("/api/v1/hotels/{slug}"), &[], None),
        chrono::Utc::now() + chrono::Duration::seconds(30),
        "01FRAMEDCALL",
    );
    let answer = function.raw_call(call).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["fn-http-status"], "200");
    // Over the same kind of connection, again: one function serves call after call.
    let again = function
        .call(request("GET", &format!("/api/v1/hotels/{slug}"), &[], None))
        .await;
    assert_eq!(again.status(), 200);

    let status = function.stop();
    assert!(status.success(), "SIGTERM is a clean exit: {status}");
    assert!(
        !function.socket.exists() && !phony.exists(),
        "the socket is removed on exit"
    );
    let log = function.log_text();
    let frame = format!("\n{FRAME_NAME}=01FRAMEDCALL\n");
    assert_eq!(
        log.matches(&frame).count(),
        2,
        "one frame on stdout, one on stderr:\n{log}"
    );
    let framed_at = log.find(&frame).unwrap();
    let access_line = log
        .find("\"request_id\":\"01FRAMEDCALL\"")
        .expect("the call's access log line");
    assert!(
        framed_at < access_line,
        "the frame comes before the call's lines"
    );
    assert!(log.contains("function ready"), "{log}");
}

#[tokio::test]
async fn a_call_past_its_deadline_is_refused_and_books_nothing() {
    let app = TestApp::spawn().await;
    let function = FnFunction::start(&app, CREATE_BOOKING).await;
    let (hotel, room, _) = app.first_room().await;
    let token = guest_token(&app, "late@example.com").await;
    let bearer = format!("Bearer {token}");
    let body = booking(
        &hotel,
        &room,
        &day(AFTER_HISTORY + 20),
        &day(AFTER_HISTORY + 21),
    );
    let req = request(
        "POST",
        "/api/v1/bookings",
        &[("authorization", &bearer), ("idempotency-key", "late-1")],
        Some(&body),
    );
    let before = app.scalar("SELECT COUNT(*) FROM bookings").await;
    let past = chrono::Utc::now() - chrono::Duration::milliseconds(1);
    let raw = function
        .raw_call(wrap_call(req.clone(), past, "late-call"))
        .await;
    assert_eq!(raw.status(), 504, "Fn hears a timeout");
    assert_eq!(raw.headers()["fn-http-status"], "504");
    assert_eq!(raw.headers()["content-type"], "application/problem+json");
    let problem: Value = serde_json::from_slice(raw.body()).unwrap();
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .ends_with("/deadline-exceeded"),
        "{problem}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM bookings").await,
        before,
        "nothing booked"
    );

    // The client's retry with the same key, in time, books once.
    let retried = function.call(req).await;
    assert_eq!(retried.status(), 201);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM bookings").await,
        before + 1
    );
}

/// Runs `vision-stays function` with `cmd` to its exit; its status and output.
fn run_to_exit(mut cmd: std::process::Command) -> (std::process::ExitStatus, String) {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run vision-stays function");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status, text)
}

/// A change to the function's command line or environment.
type Configure<'a> = dyn Fn(&mut std::process::Command) + 'a;

#[tokio::test]
async fn a_function_that_cannot_serve_says_why_and_never_listens() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let cases: Vec<(Box<Configure<'_>>, &str)> = vec![
        (
            Box::new(|c| {
                c.env_remove("FN_LISTENER");
            }),
            "FN_LISTENER is not set",
        ),
        (
            Box::new(|c| {
                c.env("FN_LISTENER", "tcp://127.0.0.1:8080");
            }),
            "must be unix:",
        ),
        (
            Box::new(|c| {
                c.env("FN_FORMAT", "json");
            }),
            "only \"http-stream\"",
        ),
        (
            Box::new(|c| {
                c.env_remove("DATABASE_URL")
                    .env("VS_DATA_DIR", empty.path());
            }),
            "run `vision-stays migrate`",
        ),
        (
            Box::new(|c| {
                c.arg("--oops");
            }),
            "--oops",
        ),
    ];
    for (configure, says) in cases {
        let mut cmd = function_command(&app, GET_HOTEL_DETAILS, dir.path());
        configure(&mut cmd);
        let (status, output) = run_to_exit(cmd);
        assert!(!status.success(), "{says}: exited {status}");
        assert!(output.contains(says), "expected {says:?} in:\n{output}");
        assert!(!dir.path().join("lsnr.sock").exists(), "{says}: no socket");
    }
    // An unknown function is named with the ones there are.
    let mut cmd = function_command(&app, "delete-everything", dir.path());
    cmd.env_remove("VS_FUNCTION");
    let (status, output) = run_to_exit(cmd);
    assert!(!status.success());
    assert!(
        output.contains("create-booking") && output.contains("get-hotel-details"),
        "{output}"
    );
}

#[tokio::test]
async fn on_postgres_a_function_needs_no_writable_disk() {
    let app = TestApp::spawn().await;
    if app.database_url().starts_with("sqlite:") {
        return; // SQLite lives in the data dir; the PostgreSQL run (`cargo xtask test`) checks this.
    }
    // OCI runs functions on a read-only root: no data dir that could be made, the key from a
    // setting, and the function still starts and answers.
    let key = std::fs::read_to_string(
        app.data_dir()
            .join(server::customers::tokens::KEY_FILE_NAME),
    );
    let function = FnFunction::start_with(&app, GET_HOTEL_DETAILS, |cmd| {
        cmd.env("VS_DATA_DIR", "/proc/vision-stays-data")
            .env("VS_JWT_PRIVATE_KEY", key.unwrap());
    })
    .await;
    let (slug, _, _) = app.first_room().await;
    let answer = function
        .call(request("GET", &format!("/api/v1/hotels/{slug}"), &[], None))
        .await;
    assert_eq!(answer.status(), 200);
}
