//! SQL for customers and sessions.
use app::model::Customer;
use sqlx::Row;

use crate::store::Db;

pub struct StoredCustomer {
    pub customer: Customer,
    pub password_hash: String,
}

fn customer_from(row: &sqlx::sqlite::SqliteRow) -> Customer {
    Customer {
        id: row.get("id"),
        email: row.get("email"),
        name: row.get("name"),
        phone: row.get("phone"),
    }
}

/// Inserts a customer; `Ok(None)` when the email is already taken.
pub async fn insert(
    db: &Db,
    name: &str,
    email: &str,
    phone: Option<&str>,
    password_hash: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO customers (name, email, phone, password_hash) VALUES (?, ?, ?, ?)
         ON CONFLICT (email) DO NOTHING RETURNING id, email, name, phone",
    )
    .bind(name)
    .bind(email)
    .bind(phone)
    .bind(password_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(customer_from))
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<StoredCustomer>, sqlx::Error> {
    let row =
        sqlx::query("SELECT id, email, name, phone, password_hash FROM customers WHERE email = ?")
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|r| StoredCustomer {
        customer: customer_from(&r),
        password_hash: r.get("password_hash"),
    }))
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<Customer>, sqlx::Error> {
    let row = sqlx::query("SELECT id, email, name, phone FROM customers WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.as_ref().map(customer_from))
}

/// The role granted to a customer (guest, hotel_admin, platform_admin).
pub async fn role(db: &Db, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT role FROM customers WHERE id = ?")
        .bind(id)
        .fetch_one(db)
        .await
}

pub async fn insert_session(
    db: &Db,
    token_hash: &str,
    customer_id: i64,
    created_at: &str,
    expires_at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(token_hash)
        .bind(customer_id)
        .bind(created_at)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn session_customer(
    db: &Db,
    token_hash: &str,
    now: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.id, c.email, c.name, c.phone FROM sessions s JOIN customers c ON c.id = s.customer_id
         WHERE s.token_hash = ? AND s.expires_at > ?",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(row.as_ref().map(customer_from))
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}
