//! Where the relay publishes, as two small traits: a stream that takes keyed messages in
//! batches (OCI Streaming `PutMessages`) and a topic that takes one titled message at a time
//! (OCI Notifications `PublishMessage`). The relay's rules never see HTTP; tests and the OCI
//! adapter (`oci_sink.rs`) implement them.
use std::time::Duration;

use async_trait::async_trait;

/// What the stream did with one message of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PutOutcome {
    Stored {
        partition: String,
        offset: i64,
    },
    /// Not stored (the others may have been): retry this one alone.
    Failed {
        error: String,
    },
}

/// A call that failed as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SinkError {
    /// What went wrong, for the attempt log and the parked list (never a secret).
    pub message: String,
    /// Throttling (429), a server error (5xx) or no answer: the service may take it later,
    /// and the events are not at fault.
    pub retryable: bool,
    /// How long the service asked to be left alone.
    pub retry_after: Option<Duration>,
}

/// A stream of keyed messages: the key picks the partition, so one key's messages keep the
/// order they were put in.
#[async_trait]
pub trait StreamSink: Send + Sync {
    /// Puts `messages` (key, value) in one request; one outcome per message, in order.
    async fn put(&self, messages: &[(Vec<u8>, Vec<u8>)]) -> Result<Vec<PutOutcome>, SinkError>;

    /// Names the stream in logs.
    fn describe(&self) -> String;
}

/// A notification topic.
#[async_trait]
pub trait TopicSink: Send + Sync {
    /// Publishes one message to `topic_id`; the service's message id.
    async fn publish(&self, topic_id: &str, title: &str, body: &str) -> Result<String, SinkError>;
}
