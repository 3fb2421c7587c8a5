//! `vision-stays`: serve the platform, or run an operator command.
use anyhow::Context;
use clap::Parser;
use server::config::{AdminCommand, AdminRole, Cli, Command};
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
            let db = args.connect().await?;
            store::migrate(&db).await?;
            tracing::info!("migrations applied");
        }
        Command::DemoData(args) => {
            let db = args.connect().await?;
            store::migrate(&db).await?;
            let added = demo::load(&db).await.context("loading demo data")?;
            tracing::info!(hotels = added, "demo data loaded");
        }
        Command::Admin(AdminCommand::Create(args)) => {
            let password = read_password()?;
            let db = args.db.connect().await?;
            store::migrate(&db).await?;
            let role = match args.role {
                AdminRole::PlatformAdmin => app::model::Role::PlatformAdmin,
                AdminRole::HotelAdmin => app::model::Role::HotelAdmin,
            };
            let done = server::customers::admins::create(
                &db,
                &args.email,
                &args.name,
                &password,
                role,
                args.hotel.as_deref(),
            )
            .await;
            match done {
                Ok(created) => {
                    let what = match created {
                        server::customers::admins::Created::New => "created",
                        server::customers::admins::Created::Updated => {
                            "updated (existing account, new password)"
                        }
                    };
                    println!(
                        "{} {what}: {} ({})",
                        args.email.trim(),
                        role.as_str(),
                        args.hotel.as_deref().unwrap_or("every hotel")
                    );
                }
                Err(app::model::AppError::Invalid(errors)) => {
                    for (field, message) in &errors.0 {
                        eprintln!("{field}: {message}");
                    }
                    std::process::exit(2);
                }
                Err(e) => anyhow::bail!("{e}"),
            }
        }
    }
    Ok(())
}

/// The new admin's password: typed at a prompt without echo, or one line of standard input.
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 10 characters): ")?;
        let again = rpassword::prompt_password("Repeat the password: ")?;
        anyhow::ensure!(first == again, "the passwords do not match");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(password)
}
