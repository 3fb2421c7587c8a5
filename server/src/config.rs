//! Command line and configuration: defaults < environment (`VS_*`, `DATABASE_URL`) < flags;
//! secret settings may also come from `<NAME>_FILE` or `oci-vault:` (see `secrets`).
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::oci::{Oci, OciArgs};
use crate::secrets::{Secret, Slot, slot};

pub use crate::alert_bridge::AlertBridgeArgs;
pub use crate::backup::BackupArgs;
pub use crate::backup::restore::RestoreArgs;
pub use crate::backup::schedule::ScheduleArgs;
pub use crate::functions::FunctionArgs;
pub use crate::http::client_ip::TrustedProxies;
pub use crate::http::probe::HealthcheckArgs;
pub use crate::outbox::events::EventArgs;
pub use crate::outbox::{MailArgs, WebhookArgs};

#[derive(Parser, Debug)]
#[command(
    name = "vision-stays",
    version,
    about = "Vision Stays: a hotel booking platform."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log format: readable text on a terminal, or one JSON object per line.
    #[arg(long, env = "VS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    /// How to reach Oracle Cloud (`oci-vault:` secrets, the event stream, the alert topic).
    #[command(flatten)]
    pub oci: OciArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

// Parsed once at startup: the size of the `serve` variant costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site and every service in one process (creates and migrates the database;
    /// with --demo-data, loads the demo into an empty one).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Load the demo hotels, admins and bookings (skipping hotels that already exist) and exit.
    DemoData(DemoDataArgs),
    /// Manage admin accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Ask a running process for `/readyz`: exit 0 when ready, 1 (with the reason) when not
    /// (the image's HEALTHCHECK; it makes no OCI call and reads no secret).
    Healthcheck(HealthcheckArgs),
    /// Run an OCI Function (the Fn `http-stream` contract on `FN_LISTENER`): the same operation
    /// as its REST endpoint, with the same configuration as `serve`, on a migrated database.
    Function(FunctionArgs),
    /// Back up the SQLite database (a consistent copy, taken while the site serves) and the
    /// data dir's keys and files into `<to>/vision-stays-<UTC time>/`, with a manifest.
    /// PostgreSQL is backed up by OCI (automatic backups, point-in-time recovery) instead.
    Backup(BackupArgs),
    /// Restore a backup into the data dir, which no process may be using: checks every file's
    /// SHA-256 and the schema version first, and moves what it replaces to
    /// `<data-dir>/replaced-<UTC time>/`.
    Restore(RestoreArgs),
    /// Take Alertmanager's webhook (`POST /alert`, a bearer token) and publish each
    /// notification to the on-call OCI Notifications topic (`VS_OCI_TOPIC_ID`).
    AlertBridge(AlertBridgeArgs),
}

impl Command {
    /// The secret settings this command takes, for `secrets::resolve`.
    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        match self {
            Command::Serve(args) => args.secrets(),
            Command::Migrate(db) => db.secrets(),
            Command::DemoData(args) => {
                let mut slots = args.db.secrets();
                slots.extend(args.demo.secrets());
                slots
            }
            Command::Admin(AdminCommand::Create(args)) => args.db.secrets(),
            Command::Function(args) => args.serve.secrets(),
            Command::AlertBridge(args) => args.secrets(),
            Command::Backup(args) => args.db.secrets(),
            Command::Restore(args) => args.db.secrets(),
            Command::Healthcheck(_) => Vec::new(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an admin account, or make an existing account an admin with a new password.
    /// The password is read from a prompt, or from standard input when it is not a terminal.
    Create(CreateAdmin),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AdminRole {
    /// Runs every hotel, creates hotels, assigns hotel admins.
    PlatformAdmin,
    /// Runs the hotels given with --hotel.
    HotelAdmin,
}

#[derive(Args, Debug)]
pub struct CreateAdmin {
    #[arg(long)]
    pub email: String,
    #[arg(long, value_enum)]
    pub role: AdminRole,
    /// The hotel's slug (required for a hotel admin).
    #[arg(long)]
    pub hotel: Option<String>,
    /// Display name (default: the part of the email before the @).
    #[arg(long, default_value = "")]
    pub name: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Args, Debug)]
pub struct DemoDataArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub demo: DemoArgs,
}

#[derive(Args, Clone, Default)]
pub struct DemoArgs {
    /// The demo admins' password; by default a random one per install, printed once when the
    /// demo is loaded.
    #[arg(long, env = "VS_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<Secret<String>>,
}

impl DemoArgs {
    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        vec![slot("VS_DEMO_PASSWORD", &mut self.demo_password)]
    }
}

impl std::fmt::Debug for DemoArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoArgs")
            .field("demo_password", &self.demo_password)
            .finish()
    }
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Folder for the SQLite database and other local state.
    #[arg(long, env = "VS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL; defaults to `sqlite://<data-dir>/vision-stays.db`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<Secret<String>>,
    /// Most PostgreSQL connections this process opens (every role and relay has its own pool;
    /// keep the sum under the server's `max_connections`).
    #[arg(long, env = "VS_DB_MAX_CONNECTIONS", default_value_t = DEFAULT_PG_CONNECTIONS)]
    pub max_connections: u32,
}

pub const DEFAULT_PG_CONNECTIONS: u32 = 16;

impl DbArgs {
    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        vec![slot("DATABASE_URL", &mut self.database_url)]
    }

    /// Opens the database these arguments name.
    pub async fn connect(&self) -> anyhow::Result<crate::store::Db> {
        crate::store::connect(&self.url()?, self.max_connections).await
    }

    pub fn url(&self) -> anyhow::Result<String> {
        match &self.database_url {
            Some(url) => {
                crate::files::create_private_dir(&self.data_dir).with_context(|| {
                    format!("cannot create the data dir {}", self.data_dir.display())
                })?;
                Ok(url.value()?.clone())
            }
            None => crate::store::sqlite_url_in(&self.data_dir),
        }
    }
}

/// Which part of the platform a `serve` process runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Everything in one process: the site and all three APIs (the default).
    #[default]
    All,
    /// The site only; it reaches the APIs over HTTP (`--api-url` or the per-service URLs).
    Web,
    /// Accounts and access tokens (`/api/v1/customers`, `/sessions`, the JWKS).
    Customers,
    /// Hotels, search, availability and artwork.
    Hotels,
    /// Bookings; verifies tokens against the customers service's JWKS.
    Bookings,
    /// Delivers the outbox's emails; serves only /healthz, /readyz and /metrics.
    Relay,
}

impl Role {
    /// The `--role` spelling, also the `role` label and dimension of its metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::All => "all",
            Role::Web => "web",
            Role::Customers => "customers",
            Role::Hotels => "hotels",
            Role::Bookings => "bookings",
            Role::Relay => "relay",
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The part of the platform to run.
    #[arg(long, env = "VS_ROLE", value_enum, default_value_t = Role::All)]
    pub role: Role,
    /// Base URL of all three APIs when they sit behind one address (e.g. an API gateway).
    #[arg(long, env = "VS_API_URL")]
    pub api_url: Option<String>,
    /// Base URL of the customers service (web and bookings roles).
    #[arg(long, env = "VS_CUSTOMERS_URL")]
    pub customers_url: Option<String>,
    /// Base URL of the hotels service (web role).
    #[arg(long, env = "VS_HOTELS_URL")]
    pub hotels_url: Option<String>,
    /// Base URL of the bookings service (web role).
    #[arg(long, env = "VS_BOOKINGS_URL")]
    pub bookings_url: Option<String>,
    /// Address to listen on.
    #[arg(long, env = "VS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Where Prometheus scrapes `/metrics`: its own listener, off the site's port, because the
    /// figures include sales per hotel (Kubernetes sets `0.0.0.0:9464`; port 0 picks a free one).
    #[arg(long, env = "VS_METRICS_ADDR", default_value = "127.0.0.1:9464")]
    pub metrics_addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    /// Load the demo (hotels, admins, bookings) into an empty database: a local demo only,
    /// never a real site (anyone who reads the log can sign in as its admins).
    #[arg(long, env = "VS_DEMO_DATA")]
    pub demo_data: bool,
    #[command(flatten)]
    pub demo: DemoArgs,
    /// Mark cookies `Secure` with `__Host-` names even when `--public-url` is http (e.g. TLS
    /// ends at a proxy that is reached by another name); an https public URL does it anyway.
    #[arg(long, env = "VS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// PEM of the RSA key that signs API access tokens; by default a key is generated once
    /// and kept in the data dir (`jwt-signing-key.pem`).
    #[arg(long, env = "VS_JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<Secret<String>>,
    /// PEM of the key that signed before a rotation (private, or public "PUBLIC KEY"): published
    /// in the JWKS and accepted beside the signing key until tokens it signed have expired.
    #[arg(long, env = "VS_JWT_PREVIOUS_KEY", hide_env_values = true)]
    pub jwt_previous_key: Option<Secret<String>>,
    /// Requests per minute per client IP for sign-up, sign-in and booking creation (0 = no limit).
    #[arg(long, env = "VS_RATE_LIMIT_PER_MINUTE", default_value_t = 30)]
    pub rate_limit_per_minute: u32,
    /// How many of those requests may come at once before the per-minute pace applies.
    #[arg(long, env = "VS_RATE_LIMIT_BURST", default_value_t = 10)]
    pub rate_limit_burst: u32,
    /// Proxies (comma-separated CIDRs or addresses) whose `X-Forwarded-For` names the client:
    /// the load balancer or nginx in front of this process, and for a service the web role's
    /// address. Empty (the default): the peer is the client and the header is ignored.
    #[arg(long, env = "VS_TRUSTED_PROXIES", default_value = "", hide_default_value = true,
          value_parser = TrustedProxies::parse)]
    pub trusted_proxies: TrustedProxies,
    #[command(flatten)]
    pub mail: MailArgs,
    #[command(flatten)]
    pub webhooks: WebhookArgs,
    /// Which release this process belongs to (`stable`, `canary`, `blue`, `green`): the `track`
    /// dimension of the metrics it posts to OCI Monitoring.
    #[arg(long, env = "VS_RELEASE_TRACK", default_value = "stable")]
    pub release_track: String,
    /// The event relay's retries (`VS_EVENTS_*`).
    #[command(flatten)]
    pub events: EventArgs,
    /// Scheduled backups of a SQLite install (`VS_BACKUP_*`).
    #[command(flatten)]
    pub backups: ScheduleArgs,
    /// OCI: the principal, endpoints, and the stream and topic events and alerts go to. Parsed
    /// once for every command (`Cli::oci`, global flags) and copied here by `main`.
    #[arg(skip)]
    pub oci: OciArgs,
    /// The client `main` made from `oci` to read `oci-vault:` settings, for the app to reuse.
    #[arg(skip)]
    pub oci_client: Option<Oci>,
}

impl ServeArgs {
    /// The OCI client: the one `main` made, else one made from `oci` (tests that build
    /// `ServeArgs` by hand); `None` without `VS_OCI_AUTH`.
    pub async fn connect_oci(&self) -> anyhow::Result<Option<Oci>> {
        match &self.oci_client {
            Some(client) => Ok(Some(client.clone())),
            None => Oci::from_args(&self.oci).await,
        }
    }

    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        let mut slots = vec![
            slot("VS_JWT_PRIVATE_KEY", &mut self.jwt_private_key),
            slot("VS_JWT_PREVIOUS_KEY", &mut self.jwt_previous_key),
        ];
        slots.extend(self.db.secrets());
        slots.extend(self.mail.secrets());
        slots.extend(self.demo.secrets());
        slots.extend(self.webhooks.secrets());
        slots
    }

    /// Whether guests reach the site over https, as `--public-url` says.
    pub fn public_https(&self) -> bool {
        let url = self.mail.public_url.trim();
        url.get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }

    /// Whether the site's cookies are `Secure` (and so carry `__Host-` names).
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies || self.public_https()
    }

    /// The URL of one service: its own flag, else `--api-url`.
    pub fn service_url(&self, own: &Option<String>, name: &str) -> anyhow::Result<String> {
        own.clone()
            .or_else(|| self.api_url.clone())
            .map(|u| u.trim_end_matches('/').to_owned())
            .ok_or_else(|| {
                anyhow::anyhow!("the {:?} role needs --{name}-url or --api-url", self.role)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        let argv = ["vision-stays", "serve"].iter().chain(args);
        match Cli::try_parse_from(argv)?.command {
            Command::Serve(serve) => Ok(serve),
            other => panic!("parsed {other:?}"),
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn oci_flags_are_global_and_read_once() {
        // After the subcommand too: `main` reads them from `Cli::oci` for every command's
        // `oci-vault:` settings (and copies them into `ServeArgs::oci`).
        for argv in [
            ["vision-stays", "serve", "--oci-auth", "api-key"],
            ["vision-stays", "migrate", "--oci-auth", "api-key"],
            ["vision-stays", "--oci-auth", "api-key", "serve"],
        ] {
            let cli = Cli::try_parse_from(argv).unwrap();
            assert_eq!(cli.oci.auth, Some(crate::oci::AuthKind::ApiKey), "{argv:?}");
        }
    }

    #[test]
    fn trusted_proxies_are_a_comma_separated_list_of_cidrs() {
        let nets = |args: &[&str]| -> Vec<String> {
            let serve = serve(args).unwrap();
            serve
                .trusted_proxies
                .nets()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert!(nets(&[]).is_empty());
        // An empty setting (`VS_TRUSTED_PROXIES=`) trusts none.
        assert!(nets(&["--trusted-proxies", ""]).is_empty());
        assert!(nets(&["--trusted-proxies", " , "]).is_empty());
        assert_eq!(
            nets(&["--trusted-proxies", "10.0.1.0/24, 127.0.0.1,fd00::/8"]),
            ["10.0.1.0/24", "127.0.0.1/32", "fd00::/8"]
        );
        let err = serve(&["--trusted-proxies", "10.0.1.0/24,nginx"]).unwrap_err();
        assert!(err.to_string().contains("\"nginx\" is not a CIDR"), "{err}");
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure_and_the_flag_forces_them() {
        let https = serve(&["--public-url", "HTTPS://stays.example"]).unwrap();
        assert!(https.public_https() && https.secure_cookies());
        let http = serve(&["--public-url", "http://stays.example"]).unwrap();
        assert!(!http.public_https() && !http.secure_cookies());
        let forced = serve(&["--public-url", "http://stays.example", "--secure-cookies"]).unwrap();
        assert!(!forced.public_https() && forced.secure_cookies());
    }
}
