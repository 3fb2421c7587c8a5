//! OCI Notifications (20181201): `PublishMessage` to a topic.
use serde_json::json;

use super::client::Call;
use super::endpoints::join;
use super::vault::path_segment;
use super::{Oci, OciError};

/// What the topic answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishResult {
    pub message_id: String,
}

impl Oci {
    /// Publishes `title` and `body` to topic `topic_id` (`POST /20181201/topics/{id}/messages`).
    pub async fn publish_message(
        &self,
        topic_id: &str,
        title: &str,
        body: &str,
    ) -> Result<PublishResult, OciError> {
        const OP: &str = "PublishMessage";
        let url = join(
            &self.inner.endpoints.notifications,
            &format!("/20181201/topics/{}/messages", path_segment(topic_id)),
        );
        let answer = self
            .send(Call::post(
                OP,
                url,
                &json!({ "title": title, "body": body }),
            ))
            .await?;
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Published {
            message_id: String,
        }
        let published: Published = answer.json(OP)?;
        Ok(PublishResult {
            message_id: published.message_id,
        })
    }
}
