//! `vision-stays`: serve the platform, or run an operator command.
use anyhow::Context;
use app::model::{FieldErrors, Role};
use clap::{Parser, ValueEnum};
use server::api::problem::Problem;
use server::config::{AdminCommand, AdminRole, Cli, Command, CreateAdmin};
use server::customers::input;
use server::hotels::staff::NewAdmin;
use server::oci::Oci;
use server::oci::principal::process_env;
use server::startup::{Application, shutdown_signal};
use server::{backup, demo, hotels, secrets, store, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    if let Command::Healthcheck(args) = &cli.command {
        // Before any OCI sign-in or secret: a probe must stay cheap and offline.
        return server::http::probe::healthcheck(args).await;
    }
    // Spans are exported (when `OTEL_EXPORTER_OTLP_ENDPOINT` asks) by the long-running
    // commands only, named after the role they serve.
    let service = match &cli.command {
        Command::Serve(args) => args
            .role
            .to_possible_value()
            .map(|v| v.get_name().to_owned()),
        Command::Function(_) => Some("function".to_owned()),
        _ => None,
    };
    let telemetry = telemetry::init(cli.log_format, service.as_deref())?;
    let result = run(cli, started).await;
    // After the app stopped (SIGTERM included): the spans of its last requests go out now.
    telemetry.shutdown().await;
    result
}

async fn run(mut cli: Cli, started: std::time::Instant) -> anyhow::Result<()> {
    let oci = Oci::from_args(&cli.oci).await?;
    secrets::resolve(cli.command.secrets(), oci.as_ref(), &process_env).await?;
    match cli.command {
        Command::Serve(mut args) => {
            args.oci = cli.oci.clone();
            args.oci_client = oci;
            let app = Application::build(&args).await?;
            tracing::info!(addr = %app.local_addr(), "Vision Stays is up at http://{}", app.local_addr());
            app.run_until(shutdown_signal()).await?;
            tracing::info!("stopped");
        }
        Command::Function(mut args) => {
            args.serve.oci = cli.oci.clone();
            args.serve.oci_client = oci;
            server::functions::run(args, started).await?;
        }
        Command::AlertBridge(args) => {
            server::alert_bridge::run(&args, oci, shutdown_signal()).await?;
        }
        Command::Healthcheck(_) => unreachable!("answered before start-up"),
        Command::Backup(args) => {
            let taken = backup::run(&args).await?;
            let m = &taken.manifest;
            tracing::info!(path = %taken.path.display(), bytes = taken.bytes, bookings = m.bookings(), "backup taken");
            println!("Backup written to {}", taken.path.display());
            println!(
                "  {} files, {} bytes; schema version {}; {}",
                m.files.len(),
                taken.bytes,
                m.schema_version,
                counts(m)
            );
        }
        Command::Restore(args) => {
            let restored = backup::restore::run(&args)?;
            let m = &restored.manifest;
            println!(
                "Restored the backup of {} ({}) into {}",
                m.created_at.to_rfc3339(),
                counts(m),
                restored.database.display()
            );
            match &restored.aside {
                Some(aside) => println!("The files it replaced are kept in {}", aside.display()),
                None => println!("Nothing was replaced (the data dir held no database)."),
            }
            if m.schema_version < restored.binary_schema {
                println!(
                    "The backup's schema version {} is older than this binary's {}: `serve` \
                     migrates it forward when it starts.",
                    m.schema_version, restored.binary_schema
                );
            }
        }
        Command::Migrate(args) => {
            let _lock = backup::hold_data_dir(&args)?;
            let db = args.connect().await?;
            store::migrate(&db).await?;
            tracing::info!("migrations applied");
        }
        Command::DemoData(args) => {
            let _lock = backup::hold_data_dir(&args.db)?;
            let db = args.db.connect().await?;
            store::migrate(&db).await?;
            let added = demo::load(&db, &args.demo)
                .await
                .context("loading demo data")?;
            tracing::info!(hotels = added, "demo data loaded");
        }
        Command::Admin(AdminCommand::Create(args)) => {
            let password = read_password()?;
            let new = match admin_of(&args, password) {
                Ok(new) => new,
                Err(errors) => refuse(&errors),
            };
            let _lock = backup::hold_data_dir(&args.db)?;
            let db = args.db.connect().await?;
            store::migrate(&db).await?;
            match hotels::staff::create_admin(&db, &new).await {
                Ok(created) => {
                    let what = if created {
                        "created"
                    } else {
                        "updated (existing account, new password)"
                    };
                    println!(
                        "{} {what}: {} ({})",
                        new.email,
                        new.role.as_str(),
                        new.hotel.as_deref().unwrap_or("every hotel")
                    );
                }
                Err(e) => match Problem::from(e) {
                    Problem {
                        errors: Some(errors),
                        ..
                    } => refuse(&FieldErrors(errors)),
                    p => anyhow::bail!("{}", p.detail),
                },
            }
        }
    }
    Ok(())
}

/// "12 bookings, 4 hotels, …": the row counts a backup's manifest records.
fn counts(m: &backup::Manifest) -> String {
    let counts: Vec<String> = m.counts.iter().map(|(t, n)| format!("{n} {t}")).collect();
    counts.join(", ")
}

/// The account the command asks for, every argument checked.
fn admin_of(args: &CreateAdmin, password: String) -> Result<NewAdmin, FieldErrors> {
    let mut errors = FieldErrors::default();
    let email = input::email(&args.email, "email", &mut errors);
    if password.chars().count() < app::model::MIN_PASSWORD_LEN {
        errors.add("password", "Use at least 10 characters.");
    }
    let role = match args.role {
        AdminRole::PlatformAdmin => Role::PlatformAdmin,
        AdminRole::HotelAdmin => Role::HotelAdmin,
    };
    if role == Role::HotelAdmin && args.hotel.is_none() {
        errors.add("hotel", "A hotel admin needs --hotel <slug>.");
    }
    match email {
        Some(email) if errors.is_empty() => Ok(NewAdmin {
            email,
            name: args.name.clone(),
            password,
            hash: None,
            role,
            hotel: args.hotel.clone(),
        }),
        _ => Err(errors),
    }
}

/// Prints what is wrong with each argument and exits with status 2.
fn refuse(errors: &FieldErrors) -> ! {
    for (field, message) in &errors.0 {
        eprintln!("{field}: {message}");
    }
    std::process::exit(2);
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
