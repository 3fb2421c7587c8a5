//! A hotel's staff: the admins who run it and the addresses that hear about its bookings, and
//! the admin accounts operators create from the command line.
use app::model::{AlertRecipients, HotelAdmin, Role};

use super::admin::staff_store;
use super::scope::Admin;
use super::store;
use crate::checked::Parsed;
use crate::customers::service as customers;
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::store::Db;

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
    db: &Db,
    admin: &Admin,
    slug: &str,
    email: Parsed<String>,
) -> Result<HotelAdmin> {
    admin.platform()?;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let email = email?;
    let account = customers::by_email(db, &email)
        .await?
        .ok_or(Rule::NoAccount)?;
    grant(
        db,
        account.id,
        &account.email,
        Role::HotelAdmin,
        Some(hotel.id),
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

pub async fn recipients(db: &Db, admin: &Admin, slug: &str) -> Result<AlertRecipients> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let recipients = staff_store::recipients(db, hotel.id)
        .await
        .map_err(internal("cannot read alert recipients"))?;
    Ok(AlertRecipients { recipients })
}

pub async fn set_recipients(
    db: &Db,
    admin: &Admin,
    slug: &str,
    list: Parsed<AlertRecipients>,
) -> Result<AlertRecipients> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let list = list?;
    let list = list.into_inner();
    staff_store::set_recipients(db, hotel.id, &list.recipients)
        .await
        .map_err(internal("cannot save alert recipients"))?;
    tracing::info!(hotel = %slug, recipients = list.recipients.len(), "alert recipients saved");
    Ok(list)
}

/// Raises the account to `role` (never lowers a platform admin) and assigns the hotel.
async fn grant(db: &Db, id: i64, email: &str, role: Role, hotel_id: Option<i64>) -> Result<()> {
    customers::raise_role(db, id, role).await?;
    if let Some(hotel_id) = hotel_id {
        staff_store::assign(db, hotel_id, id, email)
            .await
            .map_err(internal("cannot assign hotel"))?;
    }
    Ok(())
}

/// An admin account an operator asked for (`vision-stays admin create`), checked.
pub struct NewAdmin {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: Role,
    /// The hotel a hotel admin runs.
    pub hotel: Option<String>,
}

/// Creates an admin account, or raises an existing account to admin with a new password; true
/// when the account is new.
pub async fn create_admin(db: &Db, new: &NewAdmin) -> Result<bool> {
    let hotel_id = match &new.hotel {
        Some(slug) => Some(
            store::any_hotel(db, slug)
                .await
                .map_err(internal("cannot read hotel"))?
                .ok_or(Rule::UnknownHotelSlug)?
                .0
                .id,
        ),
        None => None,
    };
    let name = if new.name.trim().is_empty() {
        new.email.split('@').next().unwrap_or(&new.email)
    } else {
        new.name.trim()
    };
    let (id, created) = customers::set_up_account(db, &new.email, name, &new.password).await?;
    grant(db, id, &new.email, new.role, hotel_id).await?;
    tracing::info!(
        customer_id = id,
        role = new.role.as_str(),
        "admin account ready"
    );
    Ok(created)
}
