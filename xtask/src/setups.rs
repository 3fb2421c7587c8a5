//! The set-ups `cargo xtask bench` measures: one process (SQLite or PostgreSQL) and the four
//! role processes (web over the HTTP backend), each started fresh and stopped with SIGTERM.
use crate::api;
use crate::load::{self, Stats};
use crate::plan::Plan;
use crate::process::{self, Server};
use crate::report::{self, Row};
use crate::util::{step, step_async};
use anyhow::Result;
use chrono::NaiveDate;
use reqwest::Url;
use reqwest::cookie::Jar;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Runtime;

const WARMUP: Duration = Duration::from_secs(1);

/// What every set-up shares.
pub struct Ctx {
    pub today: NaiveDate,
    /// `server/src/demo/hotels.json`, for the booking plan.
    pub demo: String,
    /// The demo hotel whose page is measured.
    pub hotel: String,
    pub connections: usize,
    pub duration: Duration,
}

impl Ctx {
    /// A fresh booking plan: one per server, so its booking runs never sell anything out.
    fn plan(&self) -> Result<Arc<Plan>> {
        Ok(Arc::new(Plan::from_demo_json(&self.demo, self.today)?))
    }

    /// The searched stay: check-in today+30, three nights.
    fn stay(&self) -> (NaiveDate, NaiveDate) {
        (
            self.today + chrono::Days::new(30),
            self.today + chrono::Days::new(33),
        )
    }

    pub fn search_page(&self, base: &Url) -> Result<Url> {
        let (check_in, check_out) = self.stay();
        Ok(base.join(&format!(
            "/search?city=lisbon&check_in={check_in}&check_out={check_out}&guests=2"
        ))?)
    }

    /// A hotel page for the searched stay.
    pub fn hotel_page(&self, base: &Url) -> Result<Url> {
        let (check_in, check_out) = self.stay();
        Ok(base.join(&format!(
            "/hotels/{}?check_in={check_in}&check_out={check_out}&guests=2",
            self.hotel
        ))?)
    }
}

fn temp_dir() -> Result<tempfile::TempDir> {
    Ok(tempfile::Builder::new().prefix("vs-bench-").tempdir()?)
}

/// `vision-stays serve` (all roles, in-process backend) on a fresh SQLite data dir, or on
/// `database_url`: pages, the form booking, then the REST API.
pub fn one_process(
    rt: &Runtime,
    ctx: &Ctx,
    setup: &'static str,
    database_url: Option<&str>,
) -> Result<Vec<Row>> {
    let dir = temp_dir()?;
    let mut servers = vec![step(&format!("start server ({setup})"), || {
        Server::start("server", dir.path(), "all", database_url, &[])
    })?];
    let measured = rt.block_on(async {
        step_async("wait for /readyz", servers[0].wait_ready()).await?;
        measure_one(&servers[0], ctx, setup).await
    });
    finish(servers.as_mut_slice(), measured)
}

/// Stops the servers (printing their log tails when the measurement failed).
fn finish(servers: &mut [Server], measured: Result<Vec<Row>>) -> Result<Vec<Row>> {
    if measured.is_err() {
        servers.iter().for_each(Server::print_log_tail);
    }
    let stopped = process::stop_all(servers);
    let rows = measured?;
    stopped?;
    Ok(rows)
}

async fn measure_one(server: &Server, ctx: &Ctx, setup: &'static str) -> Result<Vec<Row>> {
    let base = &server.base;
    let (check_in, check_out) = ctx.stay();
    let api_search = base.join(&format!(
        "/api/v1/search?city=Lisbon&check_in={check_in}&check_out={check_out}&guests=2"
    ))?;
    let mut rows = Vec::new();
    for (name, url) in [
        (report::SEARCH_PAGE, ctx.search_page(base)?),
        (report::HOTEL_PAGE, ctx.hotel_page(base)?),
        (report::HEALTHZ, base.join("/healthz")?),
        (report::SIGNIN, base.join("/signin")?),
        (report::API_SEARCH, api_search),
    ] {
        rows.push(get(setup, name, &url, ctx).await?);
    }
    // Both booking runs take stays from one plan, so together they never sell out.
    let plan = ctx.plan()?;
    rows.push(form_bookings(setup, server, plan.clone(), ctx).await?);
    let token = api::token(base).await?;
    println!("    created a customer and signed in through the API");
    let stats = step_async(report::API_BOOK, async {
        let stats = api::book(base, &token, plan.clone(), ctx.connections, ctx.duration).await?;
        print_stats(&stats, "bookings/s");
        Ok(stats)
    })
    .await?;
    let half = stats.per_sec() / 2.0;
    rows.push(Row::new(setup, report::API_BOOK, "bookings/s", stats));
    let stats = step_async(
        &format!("{} at {half:.0}/s", report::API_BOOK_HALF),
        async {
            let stats = api::book_at_rate(base, &token, plan, half, ctx.duration).await?;
            print_stats(&stats, "bookings/s");
            Ok(stats)
        },
    )
    .await?;
    rows.push(Row::new(setup, report::API_BOOK_HALF, "bookings/s", stats));
    Ok(rows)
}

/// GET throughput after a warm-up of up to one second.
async fn get(setup: &'static str, name: &'static str, url: &Url, ctx: &Ctx) -> Result<Row> {
    let stats = step_async(&format!("{name} ({})", load_path(url)), async {
        load::get(url, ctx.connections, WARMUP.min(ctx.duration)).await?;
        let stats = load::get(url, ctx.connections, ctx.duration).await?;
        print_stats(&stats, "req/s");
        Ok(stats)
    })
    .await?;
    Ok(Row::new(setup, name, "req/s", stats))
}

fn load_path(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

/// Signs a guest up through the web form, then books through the form.
async fn form_bookings(
    setup: &'static str,
    web: &Server,
    plan: Arc<Plan>,
    ctx: &Ctx,
) -> Result<Row> {
    let stats = step_async(report::FORM_BOOK, async {
        let jar = Arc::new(Jar::default());
        let origin = web.origin();
        load::sign_up(&load::client(Some(jar.clone()))?, &jar, &web.base, &origin).await?;
        println!(
            "    signed up a guest; bookings spread over room types and dates (cap {})",
            plan.capacity()
        );
        let stats =
            load::book(jar, &web.base, &origin, plan, ctx.connections, ctx.duration).await?;
        print_stats(&stats, "bookings/s");
        Ok(stats)
    })
    .await?;
    Ok(Row::new(setup, report::FORM_BOOK, "bookings/s", stats))
}

/// The four role processes over one SQLite file: customers, hotels (demo data),
/// bookings, then web (no database, HTTP backend); the search page and form bookings via web.
pub fn four_processes(rt: &Runtime, ctx: &Ctx, setup: &'static str) -> Result<Vec<Row>> {
    let dir = temp_dir()?;
    let db = format!("sqlite://{}", dir.path().join("roles.db").display());
    let mut servers: Vec<Server> = Vec::new();
    let measured = start_roles(rt, dir.path(), &db, &mut servers).and_then(|()| {
        let web = servers.last().expect("web was started");
        rt.block_on(async {
            let search = get(
                setup,
                report::SEARCH_PAGE,
                &ctx.search_page(&web.base)?,
                ctx,
            )
            .await?;
            let book = form_bookings(setup, web, ctx.plan()?, ctx).await?;
            Ok(vec![search, book])
        })
    });
    finish(servers.as_mut_slice(), measured)
}

/// Starts customers, hotels, bookings and web in that order, each ready before the next
/// (hotels and bookings verify tokens with the customers service's keys).
fn start_roles(rt: &Runtime, dir: &Path, db: &str, servers: &mut Vec<Server>) -> Result<()> {
    for role in ["customers", "hotels", "bookings", "web"] {
        let url_of = |name: &str| -> String {
            servers
                .iter()
                .find(|s| s.name == name)
                .map(Server::origin)
                .unwrap_or_default()
        };
        let (database_url, extra) = match role {
            "bookings" | "hotels" => (
                Some(db),
                vec!["--customers-url".into(), url_of("customers")],
            ),
            "web" => (
                None,
                vec![
                    "--customers-url".into(),
                    url_of("customers"),
                    "--hotels-url".into(),
                    url_of("hotels"),
                    "--bookings-url".into(),
                    url_of("bookings"),
                ],
            ),
            _ => (Some(db), Vec::new()),
        };
        let server = step(&format!("start {role}"), || {
            Server::start(role, dir, role, database_url, &extra)
        })?;
        servers.push(server);
        let server = servers.last_mut().expect("just pushed");
        rt.block_on(step_async(
            &format!("wait for {role} /readyz"),
            server.wait_ready(),
        ))?;
    }
    Ok(())
}

fn print_stats(stats: &Stats, unit: &str) {
    println!(
        "    {:.0} {unit}, p50 {:.2} ms, p99 {:.2} ms, {} ok, {} sold out, {} failed {:?}",
        stats.per_sec(),
        stats.percentile_ms(50.0),
        stats.percentile_ms(99.0),
        stats.ok,
        stats.sold_out,
        stats.failed(),
        stats.failures
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stay_and_search_page() {
        let ctx = Ctx {
            today: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            demo: String::new(),
            hotel: "casa-azul".into(),
            connections: 1,
            duration: Duration::from_secs(1),
        };
        let base = Url::parse("http://127.0.0.1:1/").unwrap();
        assert_eq!(
            load_path(&ctx.search_page(&base).unwrap()),
            "/search?city=lisbon&check_in=2030-01-31&check_out=2030-02-03&guests=2"
        );
        assert_eq!(
            load_path(&ctx.hotel_page(&base).unwrap()),
            "/hotels/casa-azul?check_in=2030-01-31&check_out=2030-02-03&guests=2"
        );
    }
}
