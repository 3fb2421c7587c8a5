//! Where a webhook may go: HTTPS URLs whose host resolves to public addresses only, checked at
//! registration and again before every delivery (whose connection is then pinned to the
//! addresses checked), so nobody can point the platform at its own network or the cloud's
//! metadata service, by a URL or by DNS answers that change later.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::{Host, Url};

/// A URL that passed the policy, and the addresses its host resolved to then.
#[derive(Clone, Debug)]
pub struct Checked {
    pub url: Url,
    /// The host name to pin (`None` when the URL names an IP address itself).
    pub domain: Option<String>,
    pub addrs: Vec<SocketAddr>,
}

/// Why a URL is refused, in words for the admin (the `url` field's error).
pub type Refusal = String;

/// Longest a host name may take to resolve.
const DNS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Longest URL accepted.
pub const MAX_URL_LEN: usize = 2000;

/// Parses `text` and checks its form: https (http too when `allow_private`, for tests), a host,
/// no user name or password, no fragment.
pub fn parse(text: &str, allow_private: bool) -> Result<Url, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the URL of the endpoint.".into());
    }
    if text.len() > MAX_URL_LEN {
        return Err(format!("Use a URL of at most {MAX_URL_LEN} characters."));
    }
    let url = Url::parse(text).map_err(|e| format!("This is not a URL ({e})."))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err("Use an https:// URL.".into()),
    }
    if url.host().is_none() {
        return Err("The URL has no host.".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("Leave the user name and password out of the URL.".into());
    }
    if url.fragment().is_some() {
        return Err("Leave the #fragment out of the URL.".into());
    }
    Ok(url)
}

/// Resolves the URL's host and refuses it when any address it resolves to is not public
/// (unless `allow_private`): all of them, since a client may try any.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Checked, Refusal> {
    let port = url.port_or_known_default().ok_or("The URL has no port.")?;
    let (domain, addrs) = match url.host() {
        Some(Host::Ipv4(ip)) => (None, vec![SocketAddr::new(ip.into(), port)]),
        Some(Host::Ipv6(ip)) => (None, vec![SocketAddr::new(ip.into(), port)]),
        Some(Host::Domain(d)) => {
            // A resolver that does not answer must not hold a registration or a try for long.
            let lookup = tokio::time::timeout(DNS_TIMEOUT, tokio::net::lookup_host((d, port)));
            let found: Vec<SocketAddr> = lookup
                .await
                .map_err(|_| format!("The host {d} did not resolve in time."))?
                .map_err(|_| format!("The host {d} does not resolve."))?
                .collect();
            if found.is_empty() {
                return Err(format!("The host {d} does not resolve."));
            }
            (Some(d.to_owned()), found)
        }
        None => return Err("The URL has no host.".into()),
    };
    if !allow_private {
        for addr in &addrs {
            if let Some(kind) = not_public(addr.ip()) {
                let ip = addr.ip();
                return Err(match &domain {
                    Some(d) => format!(
                        "{d} resolves to a {kind} address ({ip}): webhooks go to public addresses only."
                    ),
                    None => format!(
                        "The URL points to a {kind} address ({ip}): webhooks go to public addresses only."
                    ),
                });
            }
        }
    }
    Ok(Checked {
        url: url.clone(),
        domain,
        addrs,
    })
}

/// What kind of non-public address `ip` is, or `None` for a public one.
pub fn not_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_unspecified() => "unspecified",
        (0, _, _) => "reserved (\"this network\")",
        _ if ip.is_loopback() => "loopback",
        (10, _, _) | (192, 168, _) => "private",
        (172, 16..=31, _) => "private",
        (100, 64..=127, _) => "shared (carrier-grade NAT)",
        // 169.254.169.254 is the cloud's instance metadata service.
        (169, 254, _) => "link-local",
        (192, 0, 0) => "reserved (IETF protocol assignments)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "reserved (benchmarking)",
        _ if ip.is_broadcast() => "broadcast",
        (224..=239, _, _) => "multicast",
        (240..=255, _, _) => "reserved",
        _ => return None,
    })
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated) reach the IPv4 address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_kind(v4);
    }
    let s = ip.segments();
    if s[..6] == [0; 6] && !ip.is_unspecified() && !ip.is_loopback() {
        return v4_kind(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    Some(match s[0] {
        _ if ip.is_unspecified() => "unspecified",
        _ if ip.is_loopback() => "loopback",
        0xfc00..=0xfdff => "private (unique local)",
        0xfe80..=0xfebf => "link-local",
        0xfec0..=0xfeff => "site-local",
        0xff00..=0xffff => "multicast",
        // 64:ff9b::/96 translates to IPv4 (NAT64): judge the address it carries.
        0x0064 if s[1] == 0xff9b && s[2..6] == [0; 4] => {
            return v4_kind(Ipv4Addr::new(
                (s[6] >> 8) as u8,
                s[6] as u8,
                (s[7] >> 8) as u8,
                s[7] as u8,
            ));
        }
        0x2001 if s[1] == 0x0db8 => "documentation",
        // 2002::/16 (6to4) embeds an IPv4 address in the next 32 bits.
        0x2002 => {
            return v4_kind(Ipv4Addr::new(
                (s[1] >> 8) as u8,
                s[1] as u8,
                (s[2] >> 8) as u8,
                s[2] as u8,
            ));
        }
        0x3fff if s[1] <= 0x0fff => "documentation",
        _ if s[0] & 0xe000 != 0x2000 => "reserved",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(ip: &str) -> Option<&'static str> {
        not_public(ip.parse().unwrap())
    }

    #[test]
    fn every_non_public_v4_range_is_refused() {
        for (ip, want) in [
            ("127.0.0.1", "loopback"),
            ("127.255.255.254", "loopback"),
            ("10.0.0.5", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("100.64.0.1", "shared (carrier-grade NAT)"),
            ("100.127.255.255", "shared (carrier-grade NAT)"),
            ("169.254.169.254", "link-local"),
            ("0.0.0.0", "unspecified"),
            ("0.1.2.3", "reserved (\"this network\")"),
            ("255.255.255.255", "broadcast"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("192.0.2.10", "documentation"),
            ("198.51.100.7", "documentation"),
            ("203.0.113.99", "documentation"),
            ("198.18.0.1", "reserved (benchmarking)"),
            ("192.0.0.8", "reserved (IETF protocol assignments)"),
            ("240.0.0.1", "reserved"),
        ] {
            assert_eq!(kind(ip), Some(want), "{ip}");
        }
    }

    #[test]
    fn public_addresses_pass_including_the_neighbours_of_private_ranges() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "172.15.255.255",
            "172.32.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "169.253.255.255",
            "192.167.255.255",
            "11.0.0.1",
            "2606:4700:4700::1111",
            "2001:4860:4860::8888",
        ] {
            assert_eq!(kind(ip), None, "{ip}");
        }
    }

    #[test]
    fn ipv6_forms_of_refused_addresses_are_refused() {
        for (ip, want) in [
            ("::1", "loopback"),
            ("::", "unspecified"),
            ("fc00::1", "private (unique local)"),
            ("fd12:3456::1", "private (unique local)"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("ff02::1", "multicast"),
            ("2001:db8::1", "documentation"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:10.0.0.5", "private"),
            ("::ffff:169.254.169.254", "link-local"),
            ("::ffff:192.168.0.1", "private"),
            ("::127.0.0.1", "loopback"),
            ("::10.1.2.3", "private"),
            ("64:ff9b::a9fe:a9fe", "link-local"),
            ("2002:a00:1::", "private"),
            ("2002:7f00:1::", "loopback"),
        ] {
            assert_eq!(kind(ip), Some(want), "{ip}");
        }
        assert_eq!(kind("::ffff:8.8.8.8"), None);
    }

    #[test]
    fn urls_must_be_https_without_credentials() {
        assert!(parse("https://pms.example.com/hooks", false).is_ok());
        assert!(parse("http://pms.example.com/hooks", false).is_err());
        assert!(parse("http://127.0.0.1:9000/hooks", true).is_ok());
        assert!(parse("ftp://pms.example.com/", true).is_err());
        assert!(parse("https://user:pw@pms.example.com/", false).is_err());
        assert!(parse("https://pms.example.com/#x", false).is_err());
        assert!(parse("", false).is_err());
        assert!(parse("not a url", false).is_err());
    }

    #[tokio::test]
    async fn literal_and_resolved_private_addresses_are_refused_unless_allowed() {
        let url = parse("https://10.0.0.5/hooks", false).unwrap();
        let err = resolve(&url, false).await.unwrap_err();
        assert!(err.contains("private address (10.0.0.5)"), "{err}");
        let url = parse("https://[::ffff:169.254.169.254]/", false).unwrap();
        let err = resolve(&url, false).await.unwrap_err();
        assert!(err.contains("link-local"), "{err}");
        let url = parse("https://localhost:8443/hooks", false).unwrap();
        let err = resolve(&url, false).await.unwrap_err();
        assert!(
            err.contains("localhost resolves to a loopback address"),
            "{err}"
        );
        let ok = resolve(&url, true).await.unwrap();
        assert_eq!(ok.domain.as_deref(), Some("localhost"));
        assert!(ok.addrs.iter().all(|a| a.port() == 8443));
    }
}
