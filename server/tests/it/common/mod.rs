//! `TestApp`: the real server on a random port with a fresh database, and a browser-like client.
#![allow(dead_code)]

pub mod api;
pub mod browser;
pub mod fn_agent;
pub mod gateway;
pub mod oci;
mod pg;
pub mod process;
pub mod python;
pub mod receiver;
pub mod smtp;

/// Runs the same code against whichever pool the app uses (as the server's own store does).
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            server::store::Db::Sqlite($pool) => $body,
            server::store::Db::Postgres($pool) => $body,
        }
    };
}

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::StatusCode;
use server::config::{DbArgs, DemoArgs, MailArgs, ServeArgs};
use server::secrets::Secret;
use server::startup::Application;
use server::store::Db;

pub struct TestApp {
    pub addr: SocketAddr,
    /// Where `/metrics` is served (its own listener).
    pub metrics_addr: SocketAddr,
    pub db: Db,
    /// The services' application value (for calls inside the process, as the web makes them).
    pub app: server::state::App,
    _dir: tempfile::TempDir,
    /// The throwaway PostgreSQL database, dropped with the app.
    pg: Option<(String, String)>,
}

/// When set (e.g. `postgres://postgres@127.0.0.1:5432/postgres`), every test app runs on a fresh
/// PostgreSQL database created through this admin URL instead of SQLite.
pub const PG_ENV: &str = "VS_TEST_POSTGRES_URL";
use pg::drop_pg_database;
pub use pg::{SharedDb, fresh_pg_database};
/// The first day (UTC) that no demo history reaches: it ends six weeks after each hotel's today,
/// which is at most a day ahead of UTC's. Tests that count bookings or sold nights book from
/// here on, or count only their own.
pub const AFTER_HISTORY: i64 = server::demo::history::AHEAD_DAYS as i64 + 1;

/// The demo admins' password in tests (a real demo gets a random one).
pub const DEMO_PASSWORD: &str = "vision-stays-demo";

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((_, name)) = self.pg.take() {
            drop_pg_database(name);
        }
    }
}

static USERS: AtomicUsize = AtomicUsize::new(0);

/// An access token from `POST {base}/api/v1/sessions` for an existing account.
pub async fn access_token(base: &str, email: &str, password: &str) -> String {
    let session: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/sessions"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["access_token"].as_str();
    token
        .unwrap_or_else(|| panic!("no access token for {email}: {session}"))
        .to_owned()
}

pub fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

impl TestApp {
    /// With the demo hotels loaded.
    pub async fn spawn() -> Self {
        Self::spawn_with(false).await
    }

    pub async fn spawn_with(no_demo_data: bool) -> Self {
        Self::spawn_full(no_demo_data, 0, 0, MailArgs::default()).await
    }

    /// With the demo hotels and a per-IP rate limit on sign-up, sign-in and booking posts.
    pub async fn spawn_rate_limited(per_minute: u32, burst: u32) -> Self {
        Self::spawn_full(false, per_minute, burst, MailArgs::default()).await
    }

    /// With the demo hotels and these mail settings (SMTP server, retry timings).
    pub async fn spawn_with_mail(mail: MailArgs) -> Self {
        Self::spawn_full(false, 0, 0, mail).await
    }

    async fn spawn_full(
        no_demo_data: bool,
        rate_limit_per_minute: u32,
        rate_limit_burst: u32,
        mail: MailArgs,
    ) -> Self {
        Self::spawn_configured(|args| {
            args.demo_data = !no_demo_data;
            args.rate_limit_per_minute = rate_limit_per_minute;
            args.rate_limit_burst = rate_limit_burst;
            args.mail = mail;
        })
        .await
    }

    /// With the demo hotels, no rate limits, and whatever `configure` changes of that (the
    /// public URL, `--secure-cookies`, trusted proxies, ...).
    pub async fn spawn_configured(configure: impl FnOnce(&mut ServeArgs)) -> Self {
        // `TEST_LOG=1 cargo test` shows the server's logs (the subscriber installs once).
        if std::env::var_os("TEST_LOG").is_some() {
            // No service: in-process apps export no traces.
            let _ = server::telemetry::init(server::config::LogFormat::Text, None);
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let pg = match std::env::var(PG_ENV) {
            Ok(admin) => Some(fresh_pg_database(&admin).await),
            Err(_) => None,
        };
        let mut args = serve_args(dir.path(), pg.as_ref().map(|(url, _)| url.clone()));
        configure(&mut args);
        let app = Application::build(&args).await.expect("app builds");
        let addr = app.local_addr();
        let metrics_addr = app.metrics_addr();
        let db = app.db.clone().expect("the all-in-one role has a database");
        let services = app
            .app
            .clone()
            .expect("the all-in-one role runs every service");
        tokio::spawn(app.run_until(std::future::pending()));
        TestApp {
            addr,
            metrics_addr,
            db,
            app: services,
            _dir: dir,
            pg,
        }
    }

    /// The app's data dir (emails land in `mail/` there when no SMTP server is set).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// The URL of the app's database, for another process to share it.
    pub fn database_url(&self) -> String {
        match &self.pg {
            Some((url, _)) => url.clone(),
            None => server::store::sqlite_url_in(self._dir.path()).unwrap(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client that keeps cookies and, like a browser posting our forms, sends Origin.
    pub fn browser(&self) -> Browser {
        Browser::at(&self.url(""))
    }

    /// A browser signed in as a guest whose account exists already (made the way an operator
    /// makes one, so no sign-up email is written): for tests that count a booking's emails.
    pub async fn known_guest(&self) -> Browser {
        let n = USERS.fetch_add(1, Ordering::SeqCst);
        let email = format!("known{n}-{}@example.com", self.addr.port());
        server::customers::service::set_up_account(
            &self.db,
            &email,
            &format!("Guest Number{n}"),
            "correct horse battery",
        )
        .await
        .expect("guest account");
        let b = self.browser();
        let res = b
            .post_form(
                "/signin",
                &[("email", &email), ("password", "correct horse battery")],
            )
            .await;
        assert_eq!(location(&res), "/trips", "signed in");
        b
    }

    /// The token in the newest email of `kind` (e.g. `account_verification`) to `recipient`,
    /// read from the outbox as the recipient would read it from the email.
    pub async fn emailed_token(&self, recipient: &str, kind: &str) -> String {
        let text = self
            .text(&format!(
                "SELECT text_body FROM emails WHERE lower(recipient) = lower('{recipient}')
                 AND kind = '{kind}' ORDER BY id DESC LIMIT 1"
            ))
            .await;
        let at = text.find("token=").expect("a link with a token") + "token=".len();
        text[at..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect()
    }

    /// Confirms the address of `email`'s account through the link it was emailed.
    pub async fn verify(&self, email: &str) {
        let token = self.emailed_token(email, "account_verification").await;
        let res = reqwest::Client::new()
            .post(self.url("/api/v1/customers/verify"))
            .json(&serde_json::json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "verify {email}");
    }

    /// A browser with a freshly signed-up guest.
    pub async fn guest(&self) -> Browser {
        let n = USERS.fetch_add(1, Ordering::SeqCst);
        let b = self.browser();
        let res = b
            .post_form(
                "/signup",
                &[
                    ("name", &format!("Guest Number{n}")),
                    (
                        "email",
                        &format!("guest{n}-{}@example.com", self.addr.port()),
                    ),
                    ("password", "correct horse battery"),
                    ("next", "/trips"),
                ],
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "sign-up should redirect"
        );
        assert_eq!(location(&res), "/trips");
        b
    }

    /// A number from SQL that runs on both databases (wrapped in a BIGINT cast).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let sql = format!("SELECT CAST(({sql}) AS BIGINT)");
        on_db!(&self.db, |p| sqlx::query_scalar(&sql).fetch_one(p).await).expect(&sql)
    }

    pub async fn text(&self, sql: &str) -> String {
        on_db!(&self.db, |p| sqlx::query_scalar(sql).fetch_one(p).await).expect(sql)
    }

    pub async fn exec(&self, sql: &str) {
        on_db!(&self.db, |p| sqlx::query(sql).execute(p).await.map(|_| ())).expect(sql);
    }

    /// The first demo hotel, its first room type, and that room type's id.
    pub async fn first_room(&self) -> (String, String, i64) {
        let sql = "SELECT h.slug, r.slug, r.id FROM room_types r JOIN hotels h ON h.id = r.hotel_id ORDER BY h.id, r.position LIMIT 1";
        on_db!(&self.db, |p| sqlx::query_as(sql).fetch_one(p).await).expect(sql)
    }
}

pub use browser::{Browser, form_fields, location, text_of};

/// The web's two clients of one test app: in-process, and HTTP to its own APIs (as the web
/// role reaches them).
pub async fn backends(app: &TestApp) -> (app::client::Client, app::client::Client) {
    let url = app.url("");
    let urls = server::web::remote::ServiceUrls {
        customers: url.clone(),
        hotels: url.clone(),
        bookings: url,
    };
    let http = server::startup::remote_client(urls, std::time::Duration::from_secs(10))
        .await
        .expect("http client");
    (server::startup::in_process_client(&app.app), http)
}

/// A real PNG of `w` × `h` in one colour (uploads are parsed, not only sniffed).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, w, h);
    encoder.set_color(::png::ColorType::Rgb);
    let mut writer = encoder.write_header().expect("PNG header");
    writer
        .write_image_data(&vec![180; (w * h * 3) as usize])
        .expect("PNG data");
    writer.finish().expect("PNG end");
    out
}

/// A one-process test app's arguments, its data in `dir` (and its database at `database_url`,
/// else SQLite there): demo hotels, no rate limits, no trusted proxies, emails to files.
pub fn serve_args(dir: &std::path::Path, database_url: Option<String>) -> ServeArgs {
    ServeArgs {
        role: server::config::Role::All,
        api_url: None,
        customers_url: None,
        hotels_url: None,
        bookings_url: None,
        addr: "127.0.0.1:0".parse().unwrap(),
        metrics_addr: "127.0.0.1:0".parse().unwrap(),
        db: DbArgs {
            data_dir: dir.to_path_buf(),
            database_url: database_url.map(Secret::new),
            // The PostgreSQL run lowers it (the suite's apps and processes share one server).
            max_connections: std::env::var("VS_DB_MAX_CONNECTIONS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(server::config::DEFAULT_PG_CONNECTIONS),
        },
        demo_data: true,
        demo: DemoArgs {
            demo_password: Some(Secret::new(DEMO_PASSWORD.to_owned())),
        },
        secure_cookies: false,
        jwt_private_key: None,
        jwt_previous_key: None,
        // Off by default: races and replays from one test client must not trip it.
        rate_limit_per_minute: 0,
        rate_limit_burst: 0,
        trusted_proxies: Default::default(),
        mail: MailArgs::default(),
        webhooks: Default::default(),
        release_track: "stable".to_owned(),
        events: Default::default(),
        backups: Default::default(),
        oci: Default::default(),
        oci_client: None,
    }
}
