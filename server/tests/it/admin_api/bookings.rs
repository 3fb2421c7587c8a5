//! The second half of the platform admin's walk: alerts, admins, bookings at the desk, the
//! dashboard and the emails.
use reqwest::StatusCode;
use serde_json::json;

use super::{H, t};
use crate::common::TestApp;
use crate::common::api::ApiClient;

pub async fn walk(app: &TestApp, api: &ApiClient, admin: &str, reference: &str) {
    let tok = Some(admin);
    let path = |rest: &str| format!("/api/v1/admin/hotels/casa-ribeira{rest}");
    let room = |rest: &str| path(&format!("/room-types/river-double{rest}"));
    let rt = |rest: &str| t(&format!("/room-types/{{room_type}}{rest}"));
    // Alert recipients and admins.
    let r = api.put(&t("/alert-recipients"), &path("/alert-recipients"), tok, json!({"recipients": [
        {"email": "Desk@Ribeira.pt", "on_booking": true, "on_cancellation": false}, {"email": "nope", "on_booking": true, "on_cancellation": true}]})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["errors"]["recipients[1].email"].is_string(),
        "{}",
        r.body
    );
    let r = api
        .put(
            &t("/alert-recipients"),
            &path("/alert-recipients"),
            tok,
            json!({"recipients": [
        {"email": "Desk@Ribeira.pt", "on_booking": true, "on_cancellation": false}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = api
        .get(&t("/alert-recipients"), &path("/alert-recipients"), tok)
        .await;
    assert_eq!(r.body["recipients"][0]["email"], "desk@ribeira.pt");
    assert_eq!(
        r.body["recipients"][0]["confirmed"], false,
        "until its link is used"
    );
    let desk = |rest: &str| path(&format!("/alert-recipients/desk@ribeira.pt{rest}"));
    let one = t("/alert-recipients/{email}");
    let resend = t("/alert-recipients/{email}/confirmation");
    let r = api
        .post(&resend, &desk("/confirmation"), tok, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let nobody = path("/alert-recipients/nobody@ribeira.pt");
    let r = api
        .post(&resend, &format!("{nobody}/confirmation"), tok, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.delete(&one, &nobody, tok).await.status,
        StatusCode::NOT_FOUND
    );
    let all = "/api/v1/admin/alert-recipients";
    let r = api.get(all, all, tok).await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["hotel"] == "casa-ribeira" && x["email"] == "desk@ribeira.pt"),
        "{}",
        r.body
    );
    let r = api
        .post(
            &t("/admins"),
            &path("/admins"),
            tok,
            json!({"email": "nobody@example.pt"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Staff see guests' details: only an account that confirmed its address can be one.
    let (admins_t, admins_path) = (t("/admins"), path("/admins"));
    let assign_rui = || {
        api.post(
            &admins_t,
            &admins_path,
            tok,
            json!({"email": "rui@example.pt"}),
        )
    };
    let r = assign_rui().await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body["errors"]["email"]
            .as_str()
            .unwrap()
            .contains("confirmed")
    );
    app.verify("rui@example.pt").await;
    let r = assign_rui().await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = api.get(&t("/admins"), &path("/admins"), tok).await;
    assert_eq!(r.body[0]["email"], "rui@example.pt");
    // Rui now runs Casa Ribeira, and only it.
    let rui = api.sign_in("rui@example.pt", "a long passphrase").await;
    let r = api
        .get("/api/v1/admin/hotels", "/api/v1/admin/hotels", Some(&rui))
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 1);
    let r = api
        .delete(&t("/admins/{email}"), &path("/admins/rui@example.pt"), tok)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = api
        .delete(&t("/admins/{email}"), &path("/admins/rui@example.pt"), tok)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api.get(H, &path(""), Some(&rui)).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "unassigned at once, without a new token"
    );
    let r = api
        .get(&t("/alert-recipients"), &path("/alert-recipients"), tok)
        .await;
    assert_eq!(
        r.body["recipients"].as_array().unwrap().len(),
        1,
        "the alerts (guests' details) went with the hotel: {}",
        r.body
    );

    // Bookings: filters, detail, front-desk actions, dashboard.
    let list = "/api/v1/admin/bookings";
    let r = api
        .get(list, &format!("{list}?hotel=casa-ribeira"), tok)
        .await;
    assert_eq!(r.body["total"], 2, "{}", r.body);
    let r = api
        .get(
            list,
            &format!("{list}?hotel=casa-ribeira&q=RUI&today=arrivals"),
            tok,
        )
        .await;
    assert_eq!(r.body["total"], 2);
    let r = api.get(list, &format!("{list}?q={reference}"), tok).await;
    assert_eq!(r.body["total"], 1);
    let r = api
        .get(
            list,
            &format!("{list}?from=2026-13-01&status=lost&today=never"),
            tok,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["from", "status", "today"] {
        assert!(r.body["errors"][f].is_string(), "{f}: {}", r.body);
    }
    let b = "/api/v1/admin/bookings/{reference}";
    let r = api.get(b, &format!("{list}/{reference}"), tok).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["arrival"], "expected");
    assert!(
        r.body["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("check_in"))
    );
    let act = "/api/v1/admin/bookings/{reference}/{action}";
    let r = api
        .post(
            act,
            &format!("{list}/{reference}/check-out"),
            tok,
            json!(null),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "not checked in yet");
    let r = api
        .post(
            act,
            &format!("{list}/{reference}/check-in"),
            tok,
            json!(null),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["arrival"], "checked_in");
    let r = api
        .post(act, &format!("{list}/{reference}/cancel"), tok, json!(null))
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "an arrived guest's booking is not cancelled"
    );
    // Nor by the guest, even inside the free cancellation window: they are in the room.
    app.exec(&format!(
        "UPDATE bookings SET cancel_deadline = '2999-01-01T00:00:00.000Z' WHERE reference = '{reference}'"
    ))
    .await;
    let guest = "/api/v1/bookings/{reference}";
    let r = api
        .get(guest, &format!("/api/v1/bookings/{reference}"), Some(&rui))
        .await;
    assert_eq!(r.body["can_cancel"], false, "{}", r.body);
    let r = api
        .post(
            &format!("{guest}/cancel"),
            &format!("/api/v1/bookings/{reference}/cancel"),
            Some(&rui),
            json!(null),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.to_string().contains("recorded your arrival"),
        "{}",
        r.body
    );
    let r = api
        .post(
            act,
            &format!("{list}/{reference}/check-out"),
            tok,
            json!(null),
        )
        .await;
    assert_eq!(r.body["arrival"], "checked_out");
    let sold_sql = "SELECT SUM(sold) FROM inventory i JOIN room_types r ON r.id = i.room_type_id WHERE r.slug = 'river-double'";
    assert_eq!(
        app.scalar(sold_sql).await,
        2,
        "leaving on the first day gave both nights back; the other stay keeps its two"
    );
    let r = api
        .post(act, &format!("{list}/{reference}/dance"), tok, json!(null))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let other = api
        .get(
            list,
            &format!("{list}?hotel=casa-ribeira&status=expected"),
            tok,
        )
        .await;
    let second = other.body["bookings"][0]["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api
        .post(act, &format!("{list}/{second}/cancel"), tok, json!(null))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["booking"]["status"], "cancelled");
    assert_eq!(r.body["cancelled_by"], "hotel");
    // Instants come as the hotel's wall clock reads them as well.
    let at: chrono::DateTime<chrono::Utc> = r.body["booking"]["cancelled_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let lisbon = at.with_timezone(&chrono_tz::Europe::Lisbon);
    let wall = lisbon.format("%a %-d %b %Y, %H:%M").to_string();
    assert_eq!(r.body["cancelled_local"], wall.as_str(), "{}", r.body);
    let r = api
        .post(act, &format!("{list}/{second}/no-show"), tok, json!(null))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        app.scalar(sold_sql).await,
        0,
        "the cancelled stay gave its two nights back"
    );

    let r = api.get(&t("/dashboard"), &path("/dashboard"), tok).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["bookings_30d"], 2);
    assert_eq!(r.body["cancellations_30d"], 1);
    assert_eq!(r.body["occupancy"].as_array().unwrap().len(), 30);
    assert_eq!(r.body["per_day"].as_array().unwrap().len(), 30);

    // Retiring takes the room type off sale; bringing it back restores it.
    let r = api
        .put(
            &rt("/retired"),
            &room("/retired"),
            tok,
            json!({"retired": true}),
        )
        .await;
    assert_eq!(r.body["retired"], true);
    let r = api
        .put(
            &rt("/retired"),
            &room("/retired"),
            tok,
            json!({"retired": false}),
        )
        .await;
    assert_eq!(r.body["retired"], false);

    // Every booking wrote its guest's confirmation in its own transaction.
    let r = api
        .get(
            "/api/v1/admin/emails",
            "/api/v1/admin/emails?hotel=casa-ribeira",
            tok,
        )
        .await;
    let emails = r.body.as_array().unwrap();
    let confirmations = emails
        .iter()
        .filter(|e| e["kind"] == "guest_confirmation" && e["recipient"] == "rui@example.pt")
        .count();
    assert_eq!(confirmations, 2, "{}", r.body);
    for e in emails {
        let at: chrono::DateTime<chrono::Utc> = e["created_at"].as_str().unwrap().parse().unwrap();
        let wall = at
            .with_timezone(&chrono_tz::Europe::Lisbon)
            .format("%a %-d %b %Y, %H:%M");
        assert_eq!(e["created_local"], wall.to_string().as_str(), "{e}");
    }
    assert!(emails.iter().any(|e| e["kind"] == "guest_cancellation" && e["booking_reference"] == second.as_str()), "{}", r.body);
}
