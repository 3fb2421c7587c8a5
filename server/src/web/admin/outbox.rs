//! Retrying a parked booking event or admin alert from `/admin/events`: answers 303 back to
//! the list with a notice, or with why it could not.
use app::model::{AppError, Flash, OutboxSink};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;

use super::super::SiteState;
use super::super::forms::{caller, flash_cookie, see_other};

const LIST: &str = "/admin/events";

pub fn routes() -> Router<SiteState> {
    Router::new().route("/admin/events/{sink}/{id}/retry", post(retry))
}

async fn retry(
    State(state): State<SiteState>,
    Path((sink, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return see_other(&format!("/signin?next={LIST}"), vec![]),
        Err(e) => {
            return see_other(
                LIST,
                vec![flash_cookie(&state, &Flash::alert(&e.to_string()))],
            );
        }
    };
    let Some(sink) = OutboxSink::parse(&sink) else {
        let flash = Flash::alert(&AppError::NotFound("Parked item".into()).to_string());
        return see_other(LIST, vec![flash_cookie(&state, &flash)]);
    };
    let flash = match state.client.retry_parked(&caller, sink, id).await {
        Ok(_) => Flash::notice(match sink {
            OutboxSink::Stream => "Back in line: the booking event goes to the stream next.",
            OutboxSink::Topic => "Back in line: the admin alert goes to the topic next.",
        }),
        Err(e) => {
            tracing::info!(sink = sink.as_str(), id, error = %e, "parked item not retried");
            Flash::alert(&e.to_string())
        }
    };
    see_other(LIST, vec![flash_cookie(&state, &flash)])
}
