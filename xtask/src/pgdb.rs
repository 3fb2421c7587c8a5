//! A fresh PostgreSQL database for one bench run (`vs_bench_<random>`), dropped afterwards.
use crate::util;
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::Command;

/// A database created by `create()`; `drop_now()` (or, as a fallback, drop) removes it.
pub struct FreshDb {
    psql: PathBuf,
    admin: String,
    pub name: String,
    /// The URL the server gets as DATABASE_URL.
    pub url: String,
    /// `SHOW server_version`.
    pub version: String,
    dropped: bool,
}

/// Creates a database on the server `crate::postgres::ensure()` finds (or starts).
pub fn create() -> Result<FreshDb> {
    let psql = util::which("psql").context("psql is not installed")?;
    let admin = crate::postgres::ensure()?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let name = format!("vs_bench_{}", &id[..12]);
    let version = sql(&psql, &admin, "SHOW server_version")?
        .trim()
        .to_string();
    println!("    PostgreSQL {version}: CREATE DATABASE {name}");
    sql(&psql, &admin, &format!("CREATE DATABASE {name}"))?;
    let url = with_database(&admin, &name)?;
    Ok(FreshDb {
        psql,
        admin,
        name,
        url,
        version,
        dropped: false,
    })
}

impl FreshDb {
    /// `DROP DATABASE ... WITH (FORCE)`.
    pub fn drop_now(&mut self) -> Result<()> {
        self.dropped = true;
        println!("    DROP DATABASE {} WITH (FORCE)", self.name);
        let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        sql(&self.psql, &self.admin, &drop).map(|_| ())
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if !self.dropped
            && let Err(e) = self.drop_now()
        {
            eprintln!("xtask: could not drop the bench database: {e:#}");
        }
    }
}

fn sql(psql: &PathBuf, url: &str, statement: &str) -> Result<String> {
    util::output(
        Command::new(psql)
            .args([url, "-v", "ON_ERROR_STOP=1", "-Atqc", statement])
            .env("PGCONNECT_TIMEOUT", "5"),
    )
}

/// The admin URL with its last path segment (the database) replaced by `name`.
fn with_database(admin: &str, name: &str) -> Result<String> {
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin, None),
    };
    let Some((prefix, _)) = base.rsplit_once('/') else {
        bail!("cannot find the database in the admin URL");
    };
    if !prefix.contains("://") || prefix.ends_with(':') || prefix.ends_with('/') {
        bail!("the admin URL has no database path");
    }
    Ok(match query {
        Some(q) => format!("{prefix}/{name}?{q}"),
        None => format!("{prefix}/{name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_last_path_segment() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "vs_bench_1").unwrap(),
            "postgres://postgres@127.0.0.1:5432/vs_bench_1"
        );
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "x").unwrap(),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert!(with_database("postgres://u@h:5432", "x").is_err());
    }
}
