//! The region and the service endpoints derived from it, each overridable (`VS_OCI_*_ENDPOINT`).
use url::Url;

/// IMDS answers a short code (`phx`) on some instances; the services need the region id.
/// From the OCI Python SDK's `REGIONS_SHORT_NAMES` (commercial realm).
const SHORT_NAMES: &[(&str, &str)] = &[
    ("yny", "ap-chuncheon-1"),
    ("hyd", "ap-hyderabad-1"),
    ("mel", "ap-melbourne-1"),
    ("bom", "ap-mumbai-1"),
    ("kix", "ap-osaka-1"),
    ("icn", "ap-seoul-1"),
    ("syd", "ap-sydney-1"),
    ("nrt", "ap-tokyo-1"),
    ("yul", "ca-montreal-1"),
    ("yyz", "ca-toronto-1"),
    ("ams", "eu-amsterdam-1"),
    ("fra", "eu-frankfurt-1"),
    ("zrh", "eu-zurich-1"),
    ("jed", "me-jeddah-1"),
    ("dxb", "me-dubai-1"),
    ("gru", "sa-saopaulo-1"),
    ("cwl", "uk-cardiff-1"),
    ("lhr", "uk-london-1"),
    ("iad", "us-ashburn-1"),
    ("phx", "us-phoenix-1"),
    ("sjc", "us-sanjose-1"),
    ("vcp", "sa-vinhedo-1"),
    ("scl", "sa-santiago-1"),
    ("mtz", "il-jerusalem-1"),
    ("mrs", "eu-marseille-1"),
    ("sin", "ap-singapore-1"),
    ("auh", "me-abudhabi-1"),
    ("lin", "eu-milan-1"),
    ("arn", "eu-stockholm-1"),
    ("jnb", "af-johannesburg-1"),
    ("cdg", "eu-paris-1"),
    ("qro", "mx-queretaro-1"),
    ("mad", "eu-madrid-1"),
    ("ord", "us-chicago-1"),
    ("mty", "mx-monterrey-1"),
    ("bog", "sa-bogota-1"),
    ("vap", "sa-valparaiso-1"),
    ("xsp", "ap-singapore-2"),
    ("ruh", "me-riyadh-1"),
];

/// A region id (`us-phoenix-1`) from an id or a short code, lowercased and trimmed.
pub fn region_id(text: &str) -> String {
    let text = text.trim().to_ascii_lowercase();
    SHORT_NAMES
        .iter()
        .find(|(short, _)| *short == text)
        .map(|(_, id)| (*id).to_owned())
        .unwrap_or(text)
}

/// Where each service is reached.
#[derive(Clone, Debug)]
pub struct Endpoints {
    pub secrets: Url,
    /// The stream pool's messages endpoint.
    pub streaming: Url,
    /// The topic's API endpoint.
    pub notifications: Url,
    /// Monitoring's ingestion endpoint (`PostMetricData` has its own host).
    pub monitoring: Url,
}

impl Endpoints {
    /// The commercial realm's (oc1, `oraclecloud.com`) endpoints for `region`, with overrides.
    pub fn new(
        region: &str,
        secrets: Option<&Url>,
        streaming: Option<&Url>,
        notifications: Option<&Url>,
        monitoring: Option<&Url>,
    ) -> Result<Endpoints, url::ParseError> {
        let derive = |given: Option<&Url>, host: String| match given {
            Some(url) => Ok(url.clone()),
            None => Url::parse(&format!("https://{host}")),
        };
        Ok(Endpoints {
            secrets: derive(
                secrets,
                format!("secrets.vaults.{region}.oci.oraclecloud.com"),
            )?,
            streaming: derive(
                streaming,
                format!("cell-1.streaming.{region}.oci.oraclecloud.com"),
            )?,
            notifications: derive(
                notifications,
                format!("notification.{region}.oci.oraclecloud.com"),
            )?,
            monitoring: derive(
                monitoring,
                format!("telemetry-ingestion.{region}.oraclecloud.com"),
            )?,
        })
    }
}

/// `base` joined with `path` (which starts with `/`), keeping any path prefix `base` has.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}{path}"));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_map_to_region_ids() {
        assert_eq!(region_id("phx"), "us-phoenix-1");
        assert_eq!(region_id(" FRA\n"), "eu-frankfurt-1");
        assert_eq!(region_id("us-ashburn-1"), "us-ashburn-1");
    }

    #[test]
    fn endpoints_follow_the_region_unless_overridden() {
        let e = Endpoints::new("eu-frankfurt-1", None, None, None, None).unwrap();
        assert_eq!(
            e.secrets.as_str(),
            "https://secrets.vaults.eu-frankfurt-1.oci.oraclecloud.com/"
        );
        assert_eq!(
            e.streaming.as_str(),
            "https://cell-1.streaming.eu-frankfurt-1.oci.oraclecloud.com/"
        );
        assert_eq!(
            e.notifications.as_str(),
            "https://notification.eu-frankfurt-1.oci.oraclecloud.com/"
        );
        assert_eq!(
            e.monitoring.as_str(),
            "https://telemetry-ingestion.eu-frankfurt-1.oraclecloud.com/"
        );
        let local = Url::parse("http://127.0.0.1:9000/").unwrap();
        let e = Endpoints::new("eu-frankfurt-1", Some(&local), None, None, None).unwrap();
        assert_eq!(e.secrets, local);
        let url = join(
            &Url::parse("http://127.0.0.1:9000/oci/").unwrap(),
            "/20190301/secretbundles/x",
        );
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9000/oci/20190301/secretbundles/x"
        );
    }
}
