//! The relay's sinks on OCI: a stream is `PutMessages` on `VS_OCI_STREAM_ID`, a topic is
//! `PublishMessage`; OCI's errors become the relay's (retryable: 429, 5xx, no answer).
use async_trait::async_trait;

use std::sync::Arc;

use super::sink::{PutOutcome, SinkError, StreamSink, TopicSink};
use super::{EventRelay, EventRelayConfig};
use crate::metrics::Metrics;
use crate::oci::{Oci, OciError, PutEntry, StreamMessage};
use crate::outbox::Outbox;
use crate::store::Db;

impl EventRelay {
    /// The relay that publishes booking events to the OCI stream and admin alerts to the
    /// topic, when this process has either. Without a stream, events stay in the outbox
    /// (pending) and are all published once one is configured.
    pub fn on_oci(
        db: &Db,
        config: EventRelayConfig,
        oci: Option<&Oci>,
        outbox: &Outbox,
        metrics: &Metrics,
    ) -> Option<EventRelay> {
        let oci = oci?;
        let mut relay = EventRelay::new(db.clone(), config).for_app(outbox, metrics);
        if let Some(stream_id) = oci.stream_id() {
            tracing::info!(stream = stream_id, "booking events go to the OCI stream");
            relay = relay.with_stream(Arc::new(OciStream {
                oci: oci.clone(),
                stream_id: stream_id.to_owned(),
            }));
        }
        if let Some(topic) = oci.topic_id() {
            tracing::info!(topic, "admin alerts also go to the OCI topic");
            relay = relay.with_topic(Arc::new(OciTopic { oci: oci.clone() }));
        }
        relay.has_sinks().then_some(relay)
    }
}

/// One OCI stream.
pub struct OciStream {
    pub oci: Oci,
    pub stream_id: String,
}

/// OCI Notifications (the topic is named on each alert).
pub struct OciTopic {
    pub oci: Oci,
}

fn sink_error(e: OciError) -> SinkError {
    SinkError {
        retryable: e.is_retryable(),
        retry_after: e.retry_after(),
        message: e.to_string(),
    }
}

#[async_trait]
impl StreamSink for OciStream {
    async fn put(&self, messages: &[(Vec<u8>, Vec<u8>)]) -> Result<Vec<PutOutcome>, SinkError> {
        let messages: Vec<StreamMessage> = messages
            .iter()
            .map(|(key, value)| StreamMessage {
                key: key.clone(),
                value: value.clone(),
            })
            .collect();
        let result = self
            .oci
            .put_messages(&self.stream_id, &messages)
            .await
            .map_err(sink_error)?;
        Ok(result
            .entries
            .into_iter()
            .map(|e| match e {
                PutEntry::Stored { partition, offset } => PutOutcome::Stored { partition, offset },
                PutEntry::Failed { error, message } => PutOutcome::Failed {
                    error: if message.is_empty() {
                        error
                    } else {
                        format!("{error}: {message}")
                    },
                },
            })
            .collect())
    }

    fn describe(&self) -> String {
        format!("OCI stream {}", self.stream_id)
    }
}

#[async_trait]
impl TopicSink for OciTopic {
    async fn publish(&self, topic_id: &str, title: &str, body: &str) -> Result<String, SinkError> {
        self.oci
            .publish_message(topic_id, title, body)
            .await
            .map(|r| r.message_id)
            .map_err(sink_error)
    }
}
