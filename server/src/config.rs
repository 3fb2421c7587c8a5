//! Command line and configuration: defaults < environment (`VS_*`, `DATABASE_URL`) < flags.
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site and every service in one process (creates and migrates the database,
    /// loads demo hotels into an empty one).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Load the demo hotels (skipping hotels that already exist) and exit.
    DemoData(DbArgs),
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// Folder for the SQLite database and other local state.
    #[arg(long, env = "VS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL; defaults to `sqlite://<data-dir>/vision-stays.db`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DbArgs {
    pub fn url(&self) -> anyhow::Result<String> {
        match &self.database_url {
            Some(url) => {
                std::fs::create_dir_all(&self.data_dir)?;
                Ok(url.clone())
            }
            None => crate::store::sqlite_url_in(&self.data_dir),
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "VS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    /// Do not load demo hotels into an empty database.
    #[arg(long, env = "VS_NO_DEMO_DATA")]
    pub no_demo_data: bool,
    /// Mark session cookies `Secure` (set when the site is served over https).
    #[arg(long, env = "VS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// PEM of the RSA key that signs API access tokens; by default a key is generated once
    /// and kept in the data dir (`jwt-signing-key.pem`).
    #[arg(long, env = "VS_JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<String>,
    /// Requests per minute per client IP for sign-up, sign-in and booking creation (0 = no limit).
    #[arg(long, env = "VS_RATE_LIMIT_PER_MINUTE", default_value_t = 30)]
    pub rate_limit_per_minute: u32,
    /// How many of those requests may come at once before the per-minute pace applies.
    #[arg(long, env = "VS_RATE_LIMIT_BURST", default_value_t = 10)]
    pub rate_limit_burst: u32,
}
