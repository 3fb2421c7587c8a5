//! What an account does by email: sign-up (confirming the address), address confirmation,
//! password reset, and ending sessions. Every link is single-use and only its hash is kept; the
//! emails leave through the outbox, written in the transaction that made the link.
use app::client::SessionGrant;
use app::model::Customer;
use chrono::Duration;
use rand::RngCore;

use super::input::{Credentials, NewAccount};
use super::links_store::{self, Purpose};
use super::service::{hash_password, hash_token, new_session, sign_in};
use super::store;
use crate::error::{Error, Result, Rule, internal};
use crate::outbox::{AccountMessage, RESET_MINUTES, VERIFY_DAYS};
use crate::state::App;
use crate::store::begin_write;

/// A new random link secret (256 bits, hex).
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Creates the account and emails a link to confirm its address; when the address already has
/// an account, nothing is created and that account's owner is told instead. Answers the new
/// account, or `None` — callers answer both alike, so the reply tells nobody which addresses
/// have accounts.
pub async fn register(app: &App, account: NewAccount) -> Result<Option<Customer>> {
    let hash = hash_password(account.password).await?;
    let now = app.clock.now();
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin sign-up"))?;
    let created = store::insert(
        &mut tx,
        &account.name,
        &account.email,
        account.phone.as_deref(),
        &hash,
    )
    .await
    .map_err(internal("cannot insert customer"))?;
    match &created {
        Some(customer) => {
            let token = new_token();
            links_store::replace_link(
                &mut tx,
                customer.id,
                Purpose::VerifyEmail,
                &hash_token(&token),
                &customer.email,
                now,
                now + Duration::days(VERIFY_DAYS),
            )
            .await
            .map_err(internal("cannot store the confirmation link"))?;
            let message = AccountMessage::Verify {
                name: &customer.name,
                token: &token,
            };
            app.outbox
                .account_email(&mut tx, &customer.email, None, message)
                .await
                .map_err(internal("cannot write the confirmation email"))?;
        }
        None => {
            let existing = store::by_email(&app.db, &account.email)
                .await
                .map_err(internal("cannot read customer"))?
                .ok_or(Error::Internal)?;
            let message = AccountMessage::Exists {
                name: &existing.customer.name,
            };
            app.outbox
                .account_email(&mut tx, &existing.customer.email, None, message)
                .await
                .map_err(internal("cannot write the sign-up notice"))?;
        }
    }
    tx.commit()
        .await
        .map_err(internal("cannot commit sign-up"))?;
    app.outbox.wake();
    if let Some(c) = &created {
        tracing::info!(customer_id = c.id, "customer signed up");
    }
    Ok(created)
}

/// Sign-up on the site: the new account is signed in at once (an unconfirmed guest may book).
/// Signing up again with an account's own password signs that account in, as signing in would;
/// any other password gets `None` and the owner an email.
pub async fn sign_up(app: &App, account: NewAccount) -> Result<Option<SessionGrant>> {
    let credentials = Credentials {
        email: account.email.clone(),
        password: account.password.clone(),
    };
    match register(app, account).await? {
        Some(customer) => Ok(Some(new_session(&app.db, customer).await?)),
        None => match sign_in(&app.db, &app.sign_ins, credentials).await {
            Ok(grant) => Ok(Some(grant)),
            Err(Error::Rule(Rule::WrongCredentials)) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

/// Emails the signed-in account a fresh confirmation link (the previous one stops working).
pub async fn resend_verification(app: &App, customer: &Customer) -> Result<()> {
    if links_store::is_verified(&app.db, customer.id)
        .await
        .map_err(internal("cannot read customer"))?
    {
        return Ok(());
    }
    send_link(app, customer, Purpose::VerifyEmail).await
}

async fn send_link(app: &App, customer: &Customer, purpose: Purpose) -> Result<()> {
    let now = app.clock.now();
    let token = new_token();
    let (lifetime, message) = match purpose {
        Purpose::VerifyEmail => (
            Duration::days(VERIFY_DAYS),
            AccountMessage::Verify {
                name: &customer.name,
                token: &token,
            },
        ),
        Purpose::ResetPassword => (
            Duration::minutes(RESET_MINUTES),
            AccountMessage::Reset {
                name: &customer.name,
                token: &token,
            },
        ),
    };
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin"))?;
    links_store::replace_link(
        &mut tx,
        customer.id,
        purpose,
        &hash_token(&token),
        &customer.email,
        now,
        now + lifetime,
    )
    .await
    .map_err(internal("cannot store the link"))?;
    app.outbox
        .account_email(&mut tx, &customer.email, None, message)
        .await
        .map_err(internal("cannot write the email"))?;
    tx.commit().await.map_err(internal("cannot commit"))?;
    app.outbox.wake();
    Ok(())
}

/// Confirms the address the link was sent to (if it is still the account's address).
pub async fn verify_email(app: &App, token: &str) -> Result<()> {
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin"))?;
    let now = app.clock.now();
    let (customer_id, email) = links_store::take_link(
        &mut tx,
        Purpose::VerifyEmail,
        &hash_token(token.trim()),
        now,
    )
    .await
    .map_err(internal("cannot read the link"))?
    .ok_or(Rule::LinkInvalid)?;
    if !links_store::mark_verified(&mut tx, customer_id, &email, now)
        .await
        .map_err(internal("cannot verify"))?
    {
        return Err(Rule::LinkInvalid.into());
    }
    tx.commit().await.map_err(internal("cannot commit"))?;
    tracing::info!(customer_id, "email address confirmed");
    Ok(())
}

/// Emails a reset link when the address has an account; the caller answers alike either way.
pub async fn request_password_reset(app: &App, email: &str) -> Result<()> {
    let found = store::by_email(&app.db, email.trim())
        .await
        .map_err(internal("cannot read customer"))?;
    match found {
        Some(found) => send_link(app, &found.customer, Purpose::ResetPassword).await,
        None => {
            tracing::info!("password reset asked for an address without an account");
            Ok(())
        }
    }
}

/// Sets the new password with a live reset link, uses the link up and ends every session of the
/// account (whoever knew the old password is signed out). Opening the emailed link also proves
/// the address, so it counts as confirmed.
pub async fn reset_password(app: &App, token: &str, password: String) -> Result<()> {
    let hash = hash_password(password).await?;
    let now = app.clock.now();
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin"))?;
    let (customer_id, email) = links_store::take_link(
        &mut tx,
        Purpose::ResetPassword,
        &hash_token(token.trim()),
        now,
    )
    .await
    .map_err(internal("cannot read the link"))?
    .ok_or(Rule::LinkInvalid)?;
    links_store::set_password_in(&mut tx, customer_id, &hash)
        .await
        .map_err(internal("cannot set password"))?;
    links_store::end_sessions_in(&mut tx, customer_id)
        .await
        .map_err(internal("cannot end sessions"))?;
    links_store::mark_verified(&mut tx, customer_id, &email, now)
        .await
        .map_err(internal("cannot verify"))?;
    tx.commit().await.map_err(internal("cannot commit"))?;
    tracing::info!(customer_id, "password reset; every session ended");
    Ok(())
}

/// Ends every session of the account ("sign out everywhere"), the current one included.
pub async fn sign_out_everywhere(app: &App, customer_id: i64) -> Result<u64> {
    let ended = links_store::end_sessions(&app.db, customer_id, None)
        .await
        .map_err(internal("cannot end sessions"))?;
    tracing::info!(customer_id, ended, "signed out everywhere");
    Ok(ended)
}
