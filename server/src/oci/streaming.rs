//! OCI Streaming (20180418): `PutMessages` (signed without body headers, as the SDKs do), and
//! `CreateCursor` and `GetMessages` to read a stream back.
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::client::Call;
use super::endpoints::join;
use super::signer::Rule;
use super::vault::path_segment;
use super::{Oci, OciError};

/// One message to put: the key picks the partition (empty: the service picks one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamMessage {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// The answer to `PutMessages`: one entry per message, in the order sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutMessagesResult {
    pub failures: u32,
    pub entries: Vec<PutEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PutEntry {
    Stored {
        partition: String,
        offset: i64,
    },
    /// This message was not stored (the others may have been): retry it alone.
    Failed {
        error: String,
        message: String,
    },
}

/// Where a cursor starts reading a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorPosition {
    /// The oldest message kept.
    TrimHorizon,
    /// Only messages put after the cursor is made.
    Latest,
    AtOffset(i64),
    AfterOffset(i64),
}

/// One message read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamRecord {
    pub partition: String,
    pub offset: i64,
    pub key: Option<Vec<u8>>,
    pub value: Vec<u8>,
}

/// A page of messages and the cursor for the next page.
#[derive(Clone, Debug)]
pub struct Messages {
    pub records: Vec<StreamRecord>,
    pub next_cursor: Option<String>,
}

impl Oci {
    fn stream_url(&self, stream_id: &str, rest: &str) -> url::Url {
        join(
            &self.inner.endpoints.streaming,
            &format!("/20180418/streams/{}{rest}", path_segment(stream_id)),
        )
    }

    /// Puts `messages` on stream `stream_id` (`POST /20180418/streams/{id}/messages`).
    pub async fn put_messages(
        &self,
        stream_id: &str,
        messages: &[StreamMessage],
    ) -> Result<PutMessagesResult, OciError> {
        const OP: &str = "PutMessages";
        let messages: Vec<_> = messages
            .iter()
            .map(|m| {
                let key = (!m.key.is_empty()).then(|| STANDARD.encode(&m.key));
                json!({ "key": key, "value": STANDARD.encode(&m.value) })
            })
            .collect();
        let mut call = Call::post(
            OP,
            self.stream_url(stream_id, "/messages"),
            &json!({ "messages": messages }),
        );
        call.rule = Rule::NoBodyHeaders;
        let answer = self.send(call).await?;
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Entry {
            partition: Option<String>,
            offset: Option<i64>,
            error: Option<String>,
            error_message: Option<String>,
        }
        #[derive(serde::Deserialize)]
        struct Answer {
            failures: u32,
            #[serde(default)]
            entries: Vec<Entry>,
        }
        let answer: Answer = answer.json(OP)?;
        if answer.entries.len() != messages.len() {
            return Err(OciError::bad(
                OP,
                format!(
                    "{} entries for {} messages",
                    answer.entries.len(),
                    messages.len()
                ),
            ));
        }
        let entries = answer
            .entries
            .into_iter()
            .map(|e| match (e.error, e.partition, e.offset) {
                (Some(error), _, _) => PutEntry::Failed {
                    error,
                    message: e.error_message.unwrap_or_default(),
                },
                (None, Some(partition), Some(offset)) => PutEntry::Stored { partition, offset },
                _ => PutEntry::Failed {
                    error: "BadEntry".into(),
                    message: "neither stored nor failed".into(),
                },
            })
            .collect();
        Ok(PutMessagesResult {
            failures: answer.failures,
            entries,
        })
    }

    /// A cursor on `partition` of the stream (`POST /20180418/streams/{id}/cursors`).
    pub async fn create_cursor(
        &self,
        stream_id: &str,
        partition: &str,
        at: CursorPosition,
    ) -> Result<String, OciError> {
        const OP: &str = "CreateCursor";
        let (kind, offset) = match at {
            CursorPosition::TrimHorizon => ("TRIM_HORIZON", None),
            CursorPosition::Latest => ("LATEST", None),
            CursorPosition::AtOffset(o) => ("AT_OFFSET", Some(o)),
            CursorPosition::AfterOffset(o) => ("AFTER_OFFSET", Some(o)),
        };
        let mut body = json!({ "partition": partition, "type": kind });
        if let Some(offset) = offset {
            body["offset"] = json!(offset);
        }
        let answer = self
            .send(Call::post(
                OP,
                self.stream_url(stream_id, "/cursors"),
                &body,
            ))
            .await?;
        #[derive(serde::Deserialize)]
        struct Cursor {
            value: String,
        }
        Ok(answer.json::<Cursor>(OP)?.value)
    }

    /// Up to `limit` messages from `cursor` (`GET /20180418/streams/{id}/messages`).
    pub async fn get_messages(
        &self,
        stream_id: &str,
        cursor: &str,
        limit: u32,
    ) -> Result<Messages, OciError> {
        const OP: &str = "GetMessages";
        let mut url = self.stream_url(stream_id, "/messages");
        url.query_pairs_mut()
            .append_pair("cursor", cursor)
            .append_pair("limit", &limit.to_string());
        let answer = self.send(Call::get(OP, url)).await?;
        #[derive(serde::Deserialize)]
        struct Message {
            partition: String,
            offset: i64,
            key: Option<String>,
            value: String,
        }
        let decode = |text: &str| {
            STANDARD
                .decode(text)
                .map_err(|_| OciError::bad(OP, "a key or value is not base64"))
        };
        let records = answer
            .json::<Vec<Message>>(OP)?
            .into_iter()
            .map(|m| {
                Ok(StreamRecord {
                    key: m.key.as_deref().map(decode).transpose()?,
                    value: decode(&m.value)?,
                    partition: m.partition,
                    offset: m.offset,
                })
            })
            .collect::<Result<_, OciError>>()?;
        Ok(Messages {
            records,
            next_cursor: answer.header("opc-next-cursor").map(str::to_owned),
        })
    }
}
