//! A hotel's staff: the admins who run it (each added to its alerts), and the admin accounts
//! operators create from the command line.
use app::model::{HotelAdmin, Role};

use super::admin::staff_store;
use super::alerts;
use super::scope::Admin;
use super::store::{self, HotelRow};
use crate::checked::Parsed;
use crate::customers::admins as customers_admins;
use crate::customers::service as customers;
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::outbox::Outbox;
use crate::state::App;
use crate::store::{Db, begin_write, db_fail, retrying};

pub async fn admins(db: &Db, admin: &Admin, slug: &str) -> Result<Vec<HotelAdmin>> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let ids = staff_store::admins_of(db, hotel.id)
        .await
        .map_err(internal("cannot list hotel admins"))?;
    let mut list: Vec<HotelAdmin> = customers::by_ids(db, &ids)
        .await?
        .into_iter()
        .map(|c| HotelAdmin {
            email: c.email,
            name: c.name,
        })
        .collect();
    list.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(list)
}

/// Makes an existing account a hotel admin of the hotel (a platform admin keeps their role).
pub async fn assign(
    app: &App,
    admin: &Admin,
    slug: &str,
    email: Parsed<String>,
) -> Result<HotelAdmin> {
    let db = &app.db;
    admin.platform()?;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let email = email?;
    let account = customers::by_email(db, &email)
        .await?
        .ok_or(Rule::NoAccount)?;
    grant(
        db,
        Some(&app.outbox),
        (account.id, &account.email),
        Role::HotelAdmin,
        Some(&hotel),
    )
    .await?;
    Ok(HotelAdmin {
        email: account.email,
        name: account.name,
    })
}

/// Takes the hotel away from an admin, and its alert emails with it (they carry guests'
/// details); their account and other hotels stay.
pub async fn unassign(db: &Db, admin: &Admin, slug: &str, email: &str) -> Result<()> {
    admin.platform()?;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let email = email.trim();
    let account = customers::by_email(db, email)
        .await?
        .ok_or(Error::NotFound(Thing::HotelAdmin))?;
    let done = staff_store::unassign(db, hotel.id, account.id, email)
        .await
        .map_err(internal("cannot unassign hotel admin"))?;
    if done {
        // Their rights changed: a session opened before must not keep them.
        customers::end_sessions(db, account.id).await
    } else {
        Err(Error::NotFound(Thing::HotelAdmin))
    }
}

/// Raises the account to `role` (never lowers a platform admin) and assigns the hotel, with
/// the admin's address added to its alerts in the same transaction (see
/// `alerts::add_admin_address`; `outbox` writes its confirmation email when it needs one).
async fn grant(
    db: &Db,
    outbox: Option<&Outbox>,
    account: (i64, &str),
    role: Role,
    hotel: Option<&HotelRow>,
) -> Result<()> {
    let (id, email) = account;
    customers::raise_role(db, id, role).await?;
    let Some(hotel) = hotel else {
        return Ok(());
    };
    let verified = customers_admins::is_verified(db, id).await?;
    let fail = "cannot assign hotel";
    retrying(|| async {
        let mut tx = begin_write(db).await.map_err(db_fail(fail))?;
        staff_store::assign(&mut tx, hotel.id, id)
            .await
            .map_err(db_fail(fail))?;
        alerts::add_admin_address(&mut tx, outbox, hotel, email, verified)
            .await
            .map_err(db_fail(fail))?;
        tx.commit().await.map_err(db_fail(fail))
    })
    .await?;
    if let (false, Some(outbox)) = (verified, outbox) {
        outbox.wake();
    }
    Ok(())
}

/// An admin account an operator asked for (`vision-stays admin create`), checked.
pub struct NewAdmin {
    pub email: String,
    pub name: String,
    pub password: String,
    /// The password's hash when the caller already has it (the demo hashes its one password
    /// once for every account: each hash costs tens of milliseconds and 19 MiB).
    pub hash: Option<String>,
    pub role: Role,
    /// The hotel a hotel admin runs.
    pub hotel: Option<String>,
}

/// Creates an admin account, or raises an existing account to admin with a new password; true
/// when the account is new.
pub async fn create_admin(db: &Db, new: &NewAdmin) -> Result<bool> {
    let hotel = match &new.hotel {
        Some(slug) => Some(
            store::any_hotel(db, slug)
                .await
                .map_err(internal("cannot read hotel"))?
                .ok_or(Rule::UnknownHotelSlug)?
                .0,
        ),
        None => None,
    };
    let name = if new.name.trim().is_empty() {
        new.email.split('@').next().unwrap_or(&new.email)
    } else {
        new.name.trim()
    };
    let (id, created) = match &new.hash {
        Some(hash) => customers::set_up_account_with_hash(db, &new.email, name, hash).await?,
        None => customers::set_up_account(db, &new.email, name, &new.password).await?,
    };
    // The operator who typed the address vouches for it, as the accounts migration did for
    // the admins of the time: so their alerts need no link.
    customers_admins::vouch(db, id).await?;
    grant(db, None, (id, &new.email), new.role, hotel.as_ref()).await?;
    tracing::info!(
        customer_id = id,
        role = new.role.as_str(),
        "admin account ready"
    );
    Ok(created)
}
