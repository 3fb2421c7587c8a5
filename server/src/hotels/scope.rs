//! Who may run which hotel: an admin and the hotels in their scope, resolved once per request
//! (the API's `Admin` extractor) for every admin route of every service.
use app::model::{Customer, Role};

use super::admin::staff_store;
use super::store::{self, HotelRow};
use crate::customers::service as customers;
use crate::error::{Error, Result, Thing, internal};
use crate::store::Db;

/// The hotels an admin may see and change. Everything outside it answers 404, as if absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Hotels(Vec<i64>),
}

impl Scope {
    pub fn allows(&self, hotel_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Hotels(ids) => ids.contains(&hotel_id),
        }
    }
    /// `None` for every hotel.
    pub fn hotel_ids(&self) -> Option<&[i64]> {
        match self {
            Scope::All => None,
            Scope::Hotels(ids) => Some(ids),
        }
    }
}

/// A signed-in admin and their scope, read from the database on every request: a role changed
/// or a hotel unassigned takes effect at once, not when an access token expires.
#[derive(Clone, Debug)]
pub struct Admin {
    pub customer: Customer,
    pub scope: Scope,
}

impl Admin {
    /// The caller's scope; guests get 403.
    pub async fn of(db: &Db, customer: Customer) -> Result<Admin> {
        let scope = match customers::role(db, customer.id).await? {
            Role::PlatformAdmin => Scope::All,
            Role::HotelAdmin => Scope::Hotels(
                staff_store::hotels_of(db, customer.id)
                    .await
                    .map_err(internal("cannot read hotel assignments"))?,
            ),
            Role::Guest => return Err(Error::Forbidden),
        };
        Ok(Admin { customer, scope })
    }

    /// Platform admins create hotels and assign admins; hotel admins get 403.
    pub fn platform(&self) -> Result<()> {
        match self.scope {
            Scope::All => Ok(()),
            Scope::Hotels(_) => Err(Error::Forbidden),
        }
    }

    /// A hotel the admin runs, published or not (and whether it is); 404 otherwise, whether it
    /// exists or not.
    pub async fn hotel(&self, db: &Db, slug: &str) -> Result<(HotelRow, bool)> {
        store::any_hotel(db, slug)
            .await
            .map_err(internal("cannot read hotel"))?
            .filter(|(h, _)| self.scope.allows(h.id))
            .ok_or(Error::NotFound(Thing::Hotel))
    }
}
