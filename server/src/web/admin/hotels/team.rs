//! Alert email recipients of a hotel (saving the list, sending a waiting address a new link,
//! removing one from the list of every hotel), and assigning or removing its hotel admins.
use app::model::{AlertRecipient, AlertRecipients, AppError, FieldErrors, Flash};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::{Back, Fields, admin, done, field, notice_to};
use crate::web::SiteState;

/// Rows `recipients[i].email` / `.on_booking` / `.on_cancellation`; a row with no address or
/// with both boxes unticked is removed.
pub async fn alerts(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/alerts");
    let (caller, back) = match Back::start(&state, &headers, &page, "alerts", &[]).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let rows: usize = field(&f, "rows").parse().unwrap_or(0).min(40);
    // Which form row each kept recipient came from, so errors land on the right row.
    let mut from_row = Vec::new();
    let mut recipients = Vec::new();
    for i in 0..rows {
        let on = |name: &str| !field(&f, &format!("recipients[{i}].{name}")).is_empty();
        let email = field(&f, &format!("recipients[{i}].email"));
        let (on_booking, on_cancellation) = (on("on_booking"), on("on_cancellation"));
        if !email.is_empty() && (on_booking || on_cancellation) {
            from_row.push(i);
            recipients.push(AlertRecipient {
                email,
                on_booking,
                on_cancellation,
                confirmed: false,
            });
        }
    }
    match state
        .client
        .set_alert_recipients(&caller, &slug, AlertRecipients { recipients })
        .await
    {
        Ok(list) => {
            let n = list.recipients.iter().filter(|r| r.confirmed).count();
            let waiting = list.recipients.len() - n;
            let mut notice = match n {
                0 => "Saved: no confirmed recipient, so this hotel's alerts go to the platform admins.".to_owned(),
                1 => "Saved: 1 recipient gets alert emails.".to_owned(),
                n => format!("Saved: {n} recipients get alert emails."),
            };
            match waiting {
                0 => {}
                1 => notice.push_str(" 1 address waits for the link emailed to it."),
                w => notice.push_str(&format!(
                    " {w} addresses wait for the links emailed to them."
                )),
            }
            done(&state, &page, &notice)
        }
        Err(AppError::Invalid(errors)) => {
            let mut mapped = FieldErrors::default();
            for (key, message) in errors.0 {
                let row = key
                    .strip_prefix("recipients[")
                    .and_then(|k| k.split_once(']'))
                    .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest.to_owned())));
                match row {
                    Some((n, rest)) => mapped.add(
                        &format!(
                            "recipients[{}]{rest}",
                            from_row.get(n).copied().unwrap_or(n)
                        ),
                        &message,
                    ),
                    None => mapped.add(&key, &message),
                }
            }
            back.with(&f, AppError::Invalid(mapped)).await
        }
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn assign(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/admins");
    let (caller, back) = match Back::start(&state, &headers, &page, "assign", &[]).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    match state
        .client
        .assign_hotel_admin(&caller, &slug, &field(&f, "email"))
        .await
    {
        Ok(a) => done(
            &state,
            &page,
            &format!("{} ({}) can now run this hotel.", a.name, a.email),
        ),
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn unassign(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/admins");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let email = field(&f, "email");
    match state
        .client
        .unassign_hotel_admin(&caller, &slug, &email)
        .await
    {
        Ok(()) => done(
            &state,
            &page,
            &format!("{email} no longer runs this hotel."),
        ),
        Err(e) => notice_to(&state, &page, Flash::alert(&e.to_string())),
    }
}

/// "Send the link again" on a waiting row of the hotel's alerts page.
pub async fn resend(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/hotels/{slug}/alerts");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let email = field(&f, "email");
    match state
        .client
        .resend_alert_confirmation(&caller, &slug, &email)
        .await
    {
        Ok(()) => done(
            &state,
            &page,
            &format!("A new link went to {email}; the one sent before no longer works."),
        ),
        Err(e) => notice_to(&state, &page, Flash::alert(&e.to_string())),
    }
}

/// "Remove" on `/admin/alerts`: any hotel's address, for a platform admin.
pub async fn remove(
    State(state): State<SiteState>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = "/admin/alerts";
    let caller = match admin(&state, &headers, page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (hotel, email) = (field(&f, "hotel"), field(&f, "email"));
    // Only words for the notice: the slug is what the call trusts.
    let name = Some(field(&f, "hotel_name"))
        .filter(|n| !n.is_empty())
        .unwrap_or(hotel.clone());
    match state
        .client
        .remove_alert_recipient(&caller, &hotel, &email)
        .await
    {
        Ok(()) => done(
            &state,
            page,
            &format!("{email} no longer gets {name}'s alerts."),
        ),
        Err(e) => notice_to(&state, page, Flash::alert(&e.to_string())),
    }
}
