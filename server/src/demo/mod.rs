//! The demo for a newcomer's first run (`serve --demo-data`): hotels, their admins, a dozen guests
//! and their booking history, loaded into an empty database.
mod guests;
pub mod history;

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use app::model::Role;
use serde::Deserialize;

use crate::bookings::history::record;
use crate::config::DemoArgs;
use crate::customers::hashing::hash_password;
use crate::hotels::admin::seed_store::{self as seed, SeedCity, SeedHotel, SeedRoomType};
use crate::hotels::pricing::Rates;
use crate::hotels::staff::{NewAdmin, create_admin};
use crate::hotels::store as hotels;
use crate::store::Db;

const HOTELS_JSON: &str = include_str!("hotels.json");

#[derive(Deserialize)]
pub struct DemoData {
    pub cities: Vec<DemoCity>,
    pub hotels: Vec<DemoHotel>,
}

#[derive(Deserialize)]
pub struct DemoCity {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub blurb: String,
}

#[derive(Deserialize)]
pub struct DemoHotel {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub address: String,
    pub stars: u8,
    pub currency: String,
    pub tagline: String,
    pub description: String,
    pub amenities: Vec<String>,
    pub policies: app::model::Policies,
    pub art: serde_json::Value,
    pub room_types: Vec<DemoRoomType>,
}

#[derive(Deserialize)]
pub struct DemoRoomType {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub capacity: u32,
    pub beds: String,
    pub size_m2: u32,
    pub amenities: Vec<String>,
    pub nightly_rate_minor: i64,
    pub weekend_rate_minor: i64,
    pub total_rooms: i64,
    pub art: serde_json::Value,
}

pub fn data() -> anyhow::Result<DemoData> {
    serde_json::from_str(HOTELS_JSON).context("the bundled demo data is not valid")
}

/// The demo accounts' password, shown once, and its hash on its way: one Argon2 hash serves every
/// demo account (each costs tens of milliseconds and 19 MiB), and a fresh data dir starts it
/// beside its migrations.
pub struct Password {
    shown: String,
    hash: tokio::task::JoinHandle<crate::error::Result<String>>,
}

impl Password {
    /// The password (`VS_DEMO_PASSWORD`, or random for this install), its hash started.
    pub fn start(args: &DemoArgs) -> anyhow::Result<Password> {
        let (password, shown) = match &args.demo_password {
            Some(given) => (
                given.value()?.clone(),
                "the one in VS_DEMO_PASSWORD".to_owned(),
            ),
            None => {
                let random = random_password();
                (random.clone(), random)
            }
        };
        Ok(Password {
            shown,
            hash: tokio::spawn(hash_password(password)),
        })
    }

    async fn hash(self) -> anyhow::Result<(String, String)> {
        let hash = self
            .hash
            .await
            .context("hashing the demo password")?
            .map_err(|e| anyhow::anyhow!("cannot hash the demo password: {e}"))?;
        Ok((hash, self.shown))
    }
}

/// Loads the demo when there are no hotels yet (with `early`, the password started before the
/// database opened); returns how many hotels were added.
pub async fn load_if_empty(
    db: &Db,
    args: &DemoArgs,
    early: Option<Password>,
) -> anyhow::Result<usize> {
    if hotels::count(db).await? > 0 {
        return Ok(0);
    }
    let password = match early {
        Some(password) => password,
        None => Password::start(args)?,
    };
    load_with(db, password).await
}

/// Loads the hotels not there yet, each with its booking history in the same transaction, and
/// the demo's accounts; returns how many hotels were added.
pub async fn load(db: &Db, args: &DemoArgs) -> anyhow::Result<usize> {
    load_with(db, Password::start(args)?).await
}

async fn load_with(db: &Db, password: Password) -> anyhow::Result<usize> {
    let data = data()?;
    let (hash, shown) = password.hash().await?;
    let guests = guests::accounts(db, &hash).await?;
    let now = chrono::Utc::now();
    let mut references = HashSet::new();
    let mut tx = crate::store::begin_write(db).await?;
    for c in &data.cities {
        let city = SeedCity {
            slug: &c.slug,
            name: &c.name,
            country: &c.country,
            time_zone: &c.time_zone,
            blurb: &c.blurb,
        };
        seed::city(&mut tx, &city).await?;
    }
    let mut added = 0;
    for h in &data.hotels {
        let tz = data
            .cities
            .iter()
            .find(|c| c.slug == h.city)
            .map(|c| c.time_zone.as_str());
        let tz =
            tz.with_context(|| format!("hotel {} names an unknown city {}", h.slug, h.city))?;
        let hotel = SeedHotel {
            slug: &h.slug,
            name: &h.name,
            city_slug: &h.city,
            address: &h.address,
            stars: h.stars,
            currency: &h.currency,
            time_zone: tz,
            tagline: &h.tagline,
            description: &h.description,
            amenities: &h.amenities,
            policies: &h.policies,
            art: &h.art,
        };
        let Some(id) = seed::hotel(&mut tx, &hotel).await? else {
            continue;
        };
        added += 1;
        let mut rooms = Vec::with_capacity(h.room_types.len());
        for (position, r) in h.room_types.iter().enumerate() {
            let room = SeedRoomType {
                slug: &r.slug,
                name: &r.name,
                description: &r.description,
                capacity: r.capacity,
                beds: &r.beds,
                size_m2: r.size_m2,
                amenities: &r.amenities,
                nightly_rate_minor: r.nightly_rate_minor,
                weekend_rate_minor: r.weekend_rate_minor,
                total_rooms: r.total_rooms,
                art: &r.art,
            };
            let room_id = seed::room_type(&mut tx, id, position, &room).await?;
            rooms.push(history::Room {
                id: room_id,
                capacity: r.capacity,
                rates: Rates {
                    nightly_minor: r.nightly_rate_minor,
                    weekend_minor: r.weekend_rate_minor,
                    total_rooms: r.total_rooms,
                },
            });
        }
        let totals: HashMap<i64, i64> = rooms.iter().map(|r| (r.id, r.rates.total_rooms)).collect();
        let hotel = history::Hotel {
            id,
            slug: &h.slug,
            time_zone: tz,
            currency: &h.currency,
            policies: &h.policies,
            rooms,
        };
        let bookings = history::plan(&hotel, &guests, now, &mut references)?;
        record(&mut tx, &totals, &bookings).await?;
    }
    tx.commit().await?;
    admins(db, &hash, &shown).await?;
    Ok(added)
}

pub const PLATFORM_ADMIN: &str = "admin@visionstays.test";
pub const HOTEL_ADMIN: &str = "manager@casa-do-tejo.test";
pub const HOTEL_ADMIN_HOTEL: &str = "casa-do-tejo";

/// A platform admin and a hotel admin of Casa do Tejo (also its alert recipient). Their password
/// (and the demo guests') is `VS_DEMO_PASSWORD`, or random for this install and printed once,
/// here: a documented password would let anyone who read the README administer the site.
async fn admins(db: &Db, hash: &str, shown: &str) -> anyhow::Result<()> {
    let fail = |e| anyhow::anyhow!("cannot create the demo admins: {e}");
    let admin = |email: &str, name: &str, role, hotel: Option<&str>| NewAdmin {
        email: email.to_owned(),
        name: name.to_owned(),
        password: String::new(),
        hash: Some(hash.to_owned()),
        role,
        hotel: hotel.map(str::to_owned),
    };
    let platform = admin(PLATFORM_ADMIN, "Platform Admin", Role::PlatformAdmin, None);
    create_admin(db, &platform).await.map_err(fail)?;
    let manager = admin(
        HOTEL_ADMIN,
        "Marta Duarte",
        Role::HotelAdmin,
        Some(HOTEL_ADMIN_HOTEL),
    );
    create_admin(db, &manager).await.map_err(fail)?;
    tracing::info!(
        platform_admin = PLATFORM_ADMIN,
        hotel_admin = HOTEL_ADMIN,
        "demo admins created; their password is printed on standard output, once"
    );
    // Standard output, not the log: log pipelines keep what they are given.
    let (guests, guest) = guests::first();
    println!(
        "\nDemo sign-in at /admin (shown only now):\n  platform admin  {PLATFORM_ADMIN}\n  \
         hotel admin     {HOTEL_ADMIN} (Casa do Tejo)\n  guests          {guest} and {} more, \
         at /signin\n  password        {shown}\n",
        guests - 1
    );
    Ok(())
}

/// 20 letters and digits: about 119 bits.
fn random_password() -> String {
    use rand::Rng;
    rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}
