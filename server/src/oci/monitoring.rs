//! OCI Monitoring (20180401): `PostMetricData`, custom metrics to the telemetry-ingestion endpoint.
use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::json;

use super::client::Call;
use super::endpoints::join;
use super::{Oci, OciError};

/// The most metric streams (namespace, name, dimensions) one call may carry.
pub const MAX_STREAMS_PER_CALL: usize = 50;

/// A custom metric namespace as OCI accepts it: a lowercase letter, then lowercase letters,
/// digits and underscores; `oci_` and `oracle_` belong to Oracle's own services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricNamespace(String);

impl std::str::FromStr for MetricNamespace {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut chars = text.chars();
        let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !starts_well || !rest_ok || text.len() > 255 {
            return Err(format!(
                "{text:?} is not a custom metric namespace: start with a lowercase letter, then \
                 lowercase letters, digits and underscores (e.g. vision_stays)"
            ));
        }
        if text.starts_with("oci_") || text.starts_with("oracle_") {
            return Err(format!(
                "{text:?}: the oci_ and oracle_ prefixes are reserved for Oracle's services"
            ));
        }
        Ok(Self(text.to_owned()))
    }
}

impl fmt::Display for MetricNamespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One metric stream's datapoints (`MetricDataDetails`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricData {
    pub namespace: String,
    pub compartment_id: String,
    pub name: &'static str,
    pub dimensions: BTreeMap<&'static str, String>,
    pub datapoints: Vec<Datapoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Datapoint {
    #[serde(serialize_with = "rfc3339_millis")]
    pub timestamp: DateTime<Utc>,
    pub value: f64,
}

fn rfc3339_millis<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// What Monitoring answered: the metrics it refused, with its reason for each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostMetricDataResult {
    pub failed: Vec<(String, String)>,
}

impl Oci {
    /// Posts `metrics` (`POST /20180401/metrics`); a metric Monitoring refuses is named in the
    /// result while the others are kept (`NON_ATOMIC`), so one bad stream loses only itself.
    pub async fn post_metric_data(
        &self,
        metrics: &[MetricData],
    ) -> Result<PostMetricDataResult, OciError> {
        const OP: &str = "PostMetricData";
        let url = join(&self.inner.endpoints.monitoring, "/20180401/metrics");
        let body = json!({ "metricData": metrics, "batchAtomicity": "NON_ATOMIC" });
        let answer = self.send(Call::post(OP, url, &body)).await?;
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Failed {
            metric_data: Option<serde_json::Value>,
            message: String,
        }
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Answered {
            #[serde(default)]
            failed_metrics: Vec<Failed>,
        }
        let answered: Answered = answer.json(OP)?;
        let failed = answered
            .failed_metrics
            .into_iter()
            .map(|f| {
                let name = f
                    .metric_data
                    .as_ref()
                    .and_then(|m| m.get("name"))
                    .and_then(|n| n.as_str())
                    .unwrap_or("?")
                    .to_owned();
                (name, f.message)
            })
            .collect();
        Ok(PostMetricDataResult { failed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_follow_oci_rules() {
        for good in ["vision_stays", "vs", "a1_b2"] {
            assert!(good.parse::<MetricNamespace>().is_ok(), "{good}");
        }
        for bad in [
            "",
            "Vision",
            "1vs",
            "vision-stays",
            "vision stays",
            "oci_vs",
            "oracle_vs",
        ] {
            assert!(bad.parse::<MetricNamespace>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn metric_data_serializes_as_the_api_expects() {
        let t = DateTime::parse_from_rfc3339("2026-12-04T10:00:00.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let m = MetricData {
            namespace: "vision_stays".into(),
            compartment_id: "ocid1.compartment.oc1..c".into(),
            name: "heartbeat",
            dimensions: BTreeMap::from([("role", "web".to_owned())]),
            datapoints: vec![Datapoint {
                timestamp: t,
                value: 1.0,
            }],
        };
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            json!({
                "namespace": "vision_stays",
                "compartmentId": "ocid1.compartment.oc1..c",
                "name": "heartbeat",
                "dimensions": {"role": "web"},
                "datapoints": [{"timestamp": "2026-12-04T10:00:00.500Z", "value": 1.0}]
            })
        );
    }
}
