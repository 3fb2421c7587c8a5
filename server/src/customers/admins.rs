//! Who may run which hotel: roles, hotel assignments and the admin accounts operators create.
use app::model::{AppError, Customer, HotelAdmin, Role};

use super::service::{hash_password, valid_email};
use super::store;
use crate::store::{Db, begin_write, internal, on_db, on_tx};

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
    pub fn is_platform(&self) -> bool {
        matches!(self, Scope::All)
    }
}

/// The caller's scope, read from the database on every request: a role changed or a hotel
/// unassigned takes effect at once, not when an access token expires. Guests get 403.
pub async fn scope(db: &Db, caller: &Customer) -> Result<Scope, AppError> {
    let role = store::role(db, caller.id)
        .await
        .map_err(internal("cannot read role"))?;
    match Role::parse(&role).unwrap_or_default() {
        Role::PlatformAdmin => Ok(Scope::All),
        Role::HotelAdmin => {
            let sql = "SELECT hotel_id FROM hotel_admins WHERE customer_id = $1 ORDER BY hotel_id";
            let ids: Vec<i64> = on_db!(db, |p| sqlx::query_scalar(sql)
                .bind(caller.id)
                .fetch_all(p)
                .await)
            .map_err(internal("cannot read hotel assignments"))?;
            Ok(Scope::Hotels(ids))
        }
        Role::Guest => Err(AppError::Forbidden),
    }
}

/// The id of the hotel with this slug when the scope includes it; 404 otherwise, as if absent.
pub async fn hotel_id(db: &Db, scope: &Scope, slug: &str) -> Result<i64, AppError> {
    let id: Option<i64> = on_db!(db, |p| sqlx::query_scalar(
        "SELECT id FROM hotels WHERE slug = $1"
    )
    .bind(slug)
    .fetch_optional(p)
    .await)
    .map_err(internal("cannot read hotel"))?;
    id.filter(|id| scope.allows(*id))
        .ok_or_else(|| AppError::not_found("Hotel"))
}

/// Only platform admins create hotels and assign admins.
pub async fn platform(db: &Db, caller: &Customer) -> Result<(), AppError> {
    match scope(db, caller).await? {
        Scope::All => Ok(()),
        Scope::Hotels(_) => Err(AppError::Forbidden),
    }
}

pub async fn list(db: &Db, hotel_id: i64) -> Result<Vec<HotelAdmin>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        email: String,
        name: String,
    }
    let sql = "SELECT c.email, c.name FROM hotel_admins a JOIN customers c ON c.id = a.customer_id
               WHERE a.hotel_id = $1 ORDER BY c.email";
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(hotel_id)
        .fetch_all(p)
        .await)
    .map_err(internal("cannot list hotel admins"))?;
    Ok(rows
        .into_iter()
        .map(|r| HotelAdmin {
            email: r.email,
            name: r.name,
        })
        .collect())
}

/// Makes an existing account a hotel admin of the hotel (a platform admin keeps their role).
pub async fn assign(db: &Db, hotel_id: i64, email: &str) -> Result<HotelAdmin, AppError> {
    let email = email.trim();
    if !valid_email(email) {
        return Err(AppError::invalid(
            "email",
            "Enter an email address like name@example.com.",
        ));
    }
    let account = store::by_email(db, email)
        .await
        .map_err(internal("cannot read customer"))?
        .ok_or_else(|| {
            AppError::invalid(
                "email",
                "No account uses this email. Ask them to sign up first, then assign them.",
            )
        })?
        .customer;
    grant(db, account.id, Role::HotelAdmin, Some(hotel_id)).await?;
    Ok(HotelAdmin {
        email: account.email,
        name: account.name,
    })
}

/// Takes the hotel away from an admin, and its alert emails with it (they carry guests' details);
/// their account and other hotels stay.
pub async fn unassign(db: &Db, hotel_id: i64, email: &str) -> Result<(), AppError> {
    let email = email.trim();
    let mut tx = begin_write(db)
        .await
        .map_err(internal("cannot begin unassigning"))?;
    let sql = "DELETE FROM hotel_admins WHERE hotel_id = $1
               AND customer_id = (SELECT id FROM customers WHERE lower(email) = lower($2))";
    let done = on_tx!(&mut tx, |t| sqlx::query(sql)
        .bind(hotel_id)
        .bind(email)
        .execute(t)
        .await
        .map(|r| r.rows_affected()))
    .map_err(internal("cannot unassign hotel admin"))?;
    if done == 0 {
        return Err(AppError::not_found("Hotel admin"));
    }
    let sql = "DELETE FROM alert_recipients WHERE hotel_id = $1 AND lower(email) = lower($2)";
    on_tx!(&mut tx, |t| sqlx::query(sql)
        .bind(hotel_id)
        .bind(email)
        .execute(t)
        .await
        .map(|_| ()))
    .map_err(internal("cannot remove alert recipient"))?;
    tx.commit()
        .await
        .map_err(internal("cannot commit unassigning"))
}

/// Raises the account to `role` (never lowers a platform admin) and assigns the hotel.
async fn grant(db: &Db, id: i64, role: Role, hotel_id: Option<i64>) -> Result<(), AppError> {
    let sql = "UPDATE customers SET role = $2 WHERE id = $1 AND role <> 'platform_admin'";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(role.as_str())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .map_err(internal("cannot set role"))?;
    if let Some(hotel_id) = hotel_id {
        let sql = "INSERT INTO hotel_admins (hotel_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        on_db!(db, |p| sqlx::query(sql)
            .bind(hotel_id)
            .bind(id)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))
        .map_err(internal("cannot assign hotel"))?;
        // A new hotel admin hears about bookings from the start; they can opt out on the alerts page.
        let sql = "INSERT INTO alert_recipients (hotel_id, email) SELECT $1, lower(email) FROM customers WHERE id = $2
                   ON CONFLICT DO NOTHING";
        on_db!(db, |p| sqlx::query(sql)
            .bind(hotel_id)
            .bind(id)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))
        .map_err(internal("cannot add alert recipient"))?;
    }
    Ok(())
}

/// What `vision-stays admin create` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Created {
    New,
    /// The email had an account: it got the role (and the hotel) and the new password.
    Updated,
}

/// Creates an admin account, or raises an existing account to admin with a new password.
pub async fn create(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
    role: Role,
    hotel_slug: Option<&str>,
) -> Result<Created, AppError> {
    let email = email.trim();
    if !valid_email(email) {
        return Err(AppError::invalid(
            "email",
            "Enter an email address like name@example.com.",
        ));
    }
    if password.chars().count() < app::model::MIN_PASSWORD_LEN {
        return Err(AppError::invalid("password", "Use at least 10 characters."));
    }
    let hotel_id = match (role, hotel_slug) {
        (Role::HotelAdmin, None) => {
            return Err(AppError::invalid(
                "hotel",
                "A hotel admin needs --hotel <slug>.",
            ));
        }
        (Role::Guest, _) => {
            return Err(AppError::invalid(
                "role",
                "Choose platform-admin or hotel-admin.",
            ));
        }
        (_, Some(slug)) => {
            let sql = "SELECT id FROM hotels WHERE slug = $1";
            let id: Option<i64> = on_db!(db, |p| sqlx::query_scalar(sql)
                .bind(slug)
                .fetch_optional(p)
                .await)
            .map_err(internal("cannot read hotel"))?;
            Some(id.ok_or_else(|| AppError::invalid("hotel", "No hotel has this slug."))?)
        }
        (Role::PlatformAdmin, None) => None,
    };
    let hash = hash_password(password.to_owned()).await?;
    let name = if name.trim().is_empty() {
        email.split('@').next().unwrap_or(email)
    } else {
        name.trim()
    };
    let (id, created) = match store::insert(db, name, email, None, &hash)
        .await
        .map_err(internal("cannot insert customer"))?
    {
        Some(c) => (c.id, Created::New),
        None => {
            let existing = store::by_email(db, email)
                .await
                .map_err(internal("cannot read customer"))?
                .ok_or(AppError::Internal)?;
            let sql = "UPDATE customers SET password_hash = $2 WHERE id = $1";
            on_db!(db, |p| sqlx::query(sql)
                .bind(existing.customer.id)
                .bind(&hash)
                .execute(p)
                .await
                .map(|r| r.rows_affected()))
            .map_err(internal("cannot set password"))?;
            (existing.customer.id, Created::Updated)
        }
    };
    // A platform admin created again as a hotel admin keeps running everything.
    if role == Role::PlatformAdmin {
        let sql = "UPDATE customers SET role = 'platform_admin' WHERE id = $1";
        on_db!(db, |p| sqlx::query(sql)
            .bind(id)
            .execute(p)
            .await
            .map(|r| r.rows_affected()))
        .map_err(internal("cannot set role"))?;
    }
    grant(db, id, role, hotel_id).await?;
    tracing::info!(
        customer_id = id,
        role = role.as_str(),
        "admin account ready"
    );
    Ok(created)
}
