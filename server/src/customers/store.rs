//! SQL for customers and sessions, on SQLite and PostgreSQL.
use app::model::Customer;
use chrono::{DateTime, Utc};

use crate::store::{At, Conn, Db, on_conn, on_db};

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    email: String,
    name: String,
    phone: Option<String>,
    role: String,
    email_verified: bool,
}

impl From<CustomerRow> for Customer {
    fn from(r: CustomerRow) -> Self {
        Customer {
            id: r.id,
            email: r.email,
            name: r.name,
            phone: r.phone,
            role: app::model::Role::parse(&r.role).unwrap_or_default(),
            email_verified: r.email_verified,
        }
    }
}

pub struct StoredCustomer {
    pub customer: Customer,
    pub password_hash: String,
}

/// Inserts a customer; `Ok(None)` when the email is already taken (in any letter case).
pub async fn insert(
    conn: impl Into<Conn<'_>>,
    name: &str,
    email: &str,
    phone: Option<&str>,
    password_hash: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    let sql = "INSERT INTO customers (name, email, phone, password_hash) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING RETURNING id, email, name, phone, role, email_verified_at IS NOT NULL AS email_verified";
    let row: Option<CustomerRow> = on_conn!(conn.into(), |c| sqlx::query_as(sql)
        .bind(name)
        .bind(email)
        .bind(phone)
        .bind(password_hash)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(Customer::from))
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<StoredCustomer>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        customer: CustomerRow,
        password_hash: String,
    }
    let sql = "SELECT id, email, name, phone, role, email_verified_at IS NOT NULL AS email_verified, password_hash FROM customers WHERE lower(email) = lower($1)";
    let row: Option<Row> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(email)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|r| StoredCustomer {
        customer: r.customer.into(),
        password_hash: r.password_hash,
    }))
}

pub async fn by_id(conn: impl Into<Conn<'_>>, id: i64) -> Result<Option<Customer>, sqlx::Error> {
    let sql = "SELECT id, email, name, phone, role, email_verified_at IS NOT NULL AS email_verified FROM customers WHERE id = $1";
    let row: Option<CustomerRow> = on_conn!(conn.into(), |c| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(Customer::from))
}

/// The accounts with these ids.
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Customer>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let cols = "id, email, name, phone, role, email_verified_at IS NOT NULL AS email_verified";
    let rows: Vec<CustomerRow> = match db {
        Db::Sqlite(p) => {
            let sql = format!(
                "SELECT {cols} FROM customers WHERE id IN (SELECT value FROM json_each($1))"
            );
            let ids = serde_json::to_string(ids).map_err(|e| sqlx::Error::Encode(e.into()))?;
            sqlx::query_as(&sql).bind(ids).fetch_all(p).await?
        }
        Db::Postgres(p) => {
            let sql = format!("SELECT {cols} FROM customers WHERE id = ANY($1)");
            sqlx::query_as(&sql).bind(ids).fetch_all(p).await?
        }
    };
    Ok(rows.into_iter().map(Customer::from).collect())
}

/// Sets the role, except that only `platform_admin` itself replaces a platform admin's role.
pub async fn raise_role(db: &Db, id: i64, role: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customers SET role = $2 WHERE id = $1 AND (role <> 'platform_admin' OR $2 = 'platform_admin')";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(role)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_password(db: &Db, id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customers SET password_hash = $2 WHERE id = $1";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(password_hash)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The role granted to a customer (guest, hotel_admin, platform_admin).
pub async fn role(db: &Db, id: i64) -> Result<String, sqlx::Error> {
    let sql = "SELECT role FROM customers WHERE id = $1";
    on_db!(db, |p| sqlx::query_scalar(sql).bind(id).fetch_one(p).await)
}

pub async fn insert_session(
    db: &Db,
    token_hash: &str,
    customer_id: i64,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO sessions (token_hash, customer_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)";
    on_db!(db, |p| sqlx::query(sql)
        .bind(token_hash)
        .bind(customer_id)
        .bind(At(created_at))
        .bind(At(expires_at))
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The account of a live session: before its absolute expiry and used within the idle window
/// (`idle_since`); a use marks it seen again (at most once a minute, to spare writes).
pub async fn session_customer(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<Option<Customer>, sqlx::Error> {
    let sql = "SELECT c.id, c.email, c.name, c.phone, c.role, c.email_verified_at IS NOT NULL AS email_verified
               FROM sessions s JOIN customers c ON c.id = s.customer_id
               WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3";
    let row: Option<CustomerRow> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(token_hash)
        .bind(At(now))
        .bind(At(idle_since))
        .fetch_optional(p)
        .await)?;
    if row.is_some() {
        let touch =
            "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $3";
        on_db!(db, |p| sqlx::query(touch)
            .bind(token_hash)
            .bind(At(now))
            .bind(At(now - chrono::Duration::minutes(1)))
            .execute(p)
            .await
            .map(|_| ()))?;
    }
    Ok(row.map(Customer::from))
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM sessions WHERE token_hash = $1";
    on_db!(db, |p| sqlx::query(sql)
        .bind(token_hash)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
