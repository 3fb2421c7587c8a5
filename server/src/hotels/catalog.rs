//! What guests browse (cities with hotels, published hotels, their room types) kept in memory
//! between requests: it changes when an admin edits it, not per request. Each read checks the
//! catalog's version (one small row a trigger moves with every edit, in any process) and loads
//! the catalog again only when it moved.
use std::sync::{Arc, RwLock};

use app::model::City;

use super::store::{self, HotelRow, RoomTypeRow};
use crate::error::{Result, internal};
use crate::store::Db;

/// The catalog as of one version.
pub struct Catalog {
    version: i64,
    /// Cities with at least one published hotel, by name.
    pub cities: Vec<City>,
    /// Published hotels, by name.
    pub hotels: Vec<HotelRow>,
    /// Room types on sale in those hotels, in display order.
    pub rooms: Vec<RoomTypeRow>,
}

impl Catalog {
    pub fn hotel(&self, slug: &str) -> Option<&HotelRow> {
        self.hotels.iter().find(|h| h.slug == slug)
    }

    pub fn rooms_of(&self, hotel_id: i64) -> impl Iterator<Item = &RoomTypeRow> {
        self.rooms.iter().filter(move |r| r.hotel_id == hotel_id)
    }

    pub fn city(&self, slug: &str) -> Option<&City> {
        self.cities.iter().find(|c| c.slug == slug)
    }
}

/// The last catalog this process loaded; shared by every clone of the App.
#[derive(Clone, Default)]
pub struct CatalogCache(Arc<RwLock<Option<Arc<Catalog>>>>);

impl CatalogCache {
    /// The current catalog: the one in memory when its version is the database's, else read
    /// again (a change committed meanwhile shows on the next read).
    pub async fn get(&self, db: &Db) -> Result<Arc<Catalog>> {
        let version = store::catalog_version(db)
            .await
            .map_err(internal("cannot read the catalog version"))?;
        if let Some(cached) = self.current().filter(|c| c.version == version) {
            return Ok(cached);
        }
        let loaded = Arc::new(load(db, version).await?);
        let mut slot = self.0.write().unwrap_or_else(|e| e.into_inner());
        // A slower reader must not put back an older catalog than a faster one stored.
        if slot.as_ref().is_none_or(|c| c.version <= version) {
            *slot = Some(loaded.clone());
        }
        Ok(loaded)
    }

    fn current(&self) -> Option<Arc<Catalog>> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Read after the version: what it returns is at least as new as `version`.
async fn load(db: &Db, version: i64) -> Result<Catalog> {
    let cities = store::cities(db)
        .await
        .map_err(internal("cannot list cities"))?;
    let hotels = store::published_hotels(db)
        .await
        .map_err(internal("cannot list hotels"))?;
    let ids: Vec<i64> = hotels.iter().map(|h| h.id).collect();
    let rooms = store::room_types(db, &ids)
        .await
        .map_err(internal("cannot list room types"))?;
    Ok(Catalog {
        version,
        cities,
        hotels,
        rooms,
    })
}
