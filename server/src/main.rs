//! `vision-stays`: serve the platform, or run an operator command.
use anyhow::Context;
use clap::Parser;
use server::config::{Cli, Command};
use server::startup::{Application, shutdown_signal};
use server::{demo, store, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Serve(args) => {
            let app = Application::build(&args).await?;
            tracing::info!(addr = %app.local_addr(), "Vision Stays is up at http://{}", app.local_addr());
            app.run_until(shutdown_signal()).await?;
            tracing::info!("stopped");
        }
        Command::Migrate(args) => {
            let db = store::connect(&args.url()?).await?;
            store::migrate(&db).await?;
            tracing::info!("migrations applied");
        }
        Command::DemoData(args) => {
            let db = store::connect(&args.url()?).await?;
            store::migrate(&db).await?;
            let added = demo::load(&db).await.context("loading demo data")?;
            tracing::info!(hotels = added, "demo data loaded");
        }
    }
    Ok(())
}
