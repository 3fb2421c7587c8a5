//! The outbox's parked items an admin may see and retry: those of their hotels (every one for a
//! platform admin): booking events the stream would not take, admin alerts the topic would not.
use app::model::{OutboxSink, ParkedItem};

use crate::error::{Error, Result, Thing, internal};
use crate::hotels::scope::Admin;
use crate::outbox::events::parked;
use crate::state::App;

pub async fn list(app: &App, admin: &Admin) -> Result<Vec<ParkedItem>> {
    parked::list(&app.db, admin.scope.hotel_ids())
        .await
        .map_err(internal("cannot list parked items"))
}

/// Puts a parked item back in line and wakes the relay; the list as it is now. Another
/// hotel's item answers like a missing one.
pub async fn retry(app: &App, admin: &Admin, sink: &str, id: i64) -> Result<Vec<ParkedItem>> {
    let sink = OutboxSink::parse(sink).ok_or(Error::NotFound(Thing::ParkedItem))?;
    let hotel = parked::hotel_of(&app.db, sink, id)
        .await
        .map_err(internal("cannot read parked item"))?
        .filter(|h| admin.scope.allows(*h))
        .ok_or(Error::NotFound(Thing::ParkedItem))?;
    if !parked::retry(&app.db, sink, id)
        .await
        .map_err(internal("cannot retry parked item"))?
    {
        return Err(Error::NotFound(Thing::ParkedItem));
    }
    app.outbox.wake();
    tracing::info!(
        sink = sink.as_str(),
        id,
        hotel,
        by = admin.customer.id,
        "parked item put back in line"
    );
    list(app, admin).await
}
