//! The relay's sinks on OCI: a stream is `PutMessages` on `VS_OCI_STREAM_ID`, a topic is
//! `PublishMessage`; OCI's errors become the relay's (retryable: 429, 5xx, no answer).
use async_trait::async_trait;

use super::sink::{PutOutcome, SinkError, StreamSink, TopicSink};
use crate::oci::{Oci, OciError, PutEntry, StreamMessage};

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
