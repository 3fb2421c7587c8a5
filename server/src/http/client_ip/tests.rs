//! The `X-Forwarded-For` walk: spoofed entries, malformed ones, IPv6, several header lines, and
//! the rate-limit key of IPv6 clients.
use super::*;

fn trusted(nets: &[&str]) -> TrustedProxies {
    TrustedProxies::new(nets.iter().map(|n| parse_net(n).unwrap()))
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// The client of a request from `peer` carrying these `X-Forwarded-For` lines.
fn client(peer: &str, lines: &[&str], trust: &TrustedProxies) -> IpAddr {
    let values: Vec<HeaderValue> = lines
        .iter()
        .map(|l| HeaderValue::from_str(l).unwrap())
        .collect();
    client_address(ip(peer), &values, trust)
}

#[test]
fn without_trusted_proxies_the_header_is_ignored() {
    let none = TrustedProxies::default();
    assert_eq!(
        client("203.0.113.9", &["198.51.100.1"], &none),
        ip("203.0.113.9")
    );
    assert_eq!(
        client("127.0.0.1", &["198.51.100.1"], &none),
        ip("127.0.0.1")
    );
}

#[test]
fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
    let t = trusted(&["10.0.0.0/8"]);
    assert_eq!(
        client("203.0.113.9", &["10.1.2.3, 198.51.100.1"], &t),
        ip("203.0.113.9")
    );
}

#[test]
fn a_trusted_proxy_names_the_client() {
    let t = trusted(&["10.0.0.0/8"]);
    assert_eq!(
        client("10.0.0.2", &["198.51.100.1"], &t),
        ip("198.51.100.1")
    );
    // Two trusted hops: the load balancer added the client, nginx added the balancer.
    assert_eq!(
        client("10.0.0.2", &["198.51.100.1, 10.0.0.7"], &t),
        ip("198.51.100.1")
    );
}

#[test]
fn spoofed_leftmost_entries_are_not_believed() {
    let t = trusted(&["10.0.0.0/8"]);
    // The client sent "1.1.1.1, 10.9.9.9" itself; its real address is the one the proxy added.
    let lines = ["1.1.1.1, 10.9.9.9, 198.51.100.1"];
    assert_eq!(client("10.0.0.2", &lines, &t), ip("198.51.100.1"));
    // Nor when the spoof comes as a header line of its own, before the proxy's.
    let lines = ["1.1.1.1", "198.51.100.1"];
    assert_eq!(client("10.0.0.2", &lines, &t), ip("198.51.100.1"));
}

#[test]
fn several_header_lines_are_one_list_in_order() {
    let t = trusted(&["10.0.0.0/8"]);
    let lines = ["198.51.100.1", "10.0.0.7"];
    assert_eq!(client("10.0.0.2", &lines, &t), ip("198.51.100.1"));
    let lines = ["203.0.113.5, 198.51.100.1", "10.0.0.7, 10.0.0.8"];
    assert_eq!(client("10.0.0.2", &lines, &t), ip("198.51.100.1"));
}

#[test]
fn a_malformed_entry_stops_at_the_hop_that_passed_it_on() {
    let t = trusted(&["10.0.0.0/8"]);
    assert_eq!(
        client("10.0.0.2", &["198.51.100.1, bogus"], &t),
        ip("10.0.0.2")
    );
    assert_eq!(client("10.0.0.2", &["bogus, 10.0.0.7"], &t), ip("10.0.0.7"));
    assert_eq!(client("10.0.0.2", &["198.51.100.1, "], &t), ip("10.0.0.2"));
    assert_eq!(client("10.0.0.2", &[""], &t), ip("10.0.0.2"));
    let not_text = HeaderValue::from_bytes(b"198.51.100.1\xff").unwrap();
    assert_eq!(
        client_address(ip("10.0.0.2"), [&not_text], &t),
        ip("10.0.0.2")
    );
}

#[test]
fn with_no_header_a_trusted_peer_is_the_client() {
    let t = trusted(&["10.0.0.0/8"]);
    assert_eq!(client("10.0.0.2", &[], &t), ip("10.0.0.2"));
    // Every hop trusted: the request started inside, at the leftmost.
    assert_eq!(
        client("10.0.0.2", &["10.0.0.5, 10.0.0.7"], &t),
        ip("10.0.0.5")
    );
}

#[test]
fn ports_spaces_and_ipv6() {
    let t = trusted(&["10.0.0.0/8", "fd00::/8"]);
    assert_eq!(
        client("10.0.0.2", &["  198.51.100.1:5678 "], &t),
        ip("198.51.100.1")
    );
    assert_eq!(client("fd00::1", &["2001:db8::7"], &t), ip("2001:db8::7"));
    assert_eq!(
        client("fd00::1", &["[2001:db8::7]:443, fd00::2"], &t),
        ip("2001:db8::7")
    );
    assert_eq!(client("10.0.0.2", &["2001:db8::7"], &t), ip("2001:db8::7"));
    // An IPv6 hop outside the trusted nets stops the walk.
    assert_eq!(
        client("fd00::1", &["2001:db8::7, 2001:db8::8"], &t),
        ip("2001:db8::8")
    );
}

#[test]
fn ipv4_mapped_addresses_are_ipv4() {
    let t = trusted(&["127.0.0.1/32"]);
    // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d.
    assert_eq!(
        client("::ffff:127.0.0.1", &["198.51.100.1"], &t),
        ip("198.51.100.1")
    );
    assert_eq!(
        client("127.0.0.1", &["::ffff:198.51.100.1"], &t),
        ip("198.51.100.1")
    );
    assert_eq!(
        client("::ffff:203.0.113.9", &[], &TrustedProxies::default()),
        ip("203.0.113.9")
    );
}

#[test]
fn trusted_entries_parse_as_cidrs_or_addresses() {
    assert_eq!(parse_net("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
    assert_eq!(parse_net(" 10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
    assert_eq!(parse_net("127.0.0.1").unwrap().to_string(), "127.0.0.1/32");
    assert_eq!(parse_net("fd00::1").unwrap().to_string(), "fd00::1/128");
    assert!(parse_net("10.0.0.0/33").is_err());
    assert!(parse_net("localhost").is_err());
    assert!(parse_net("").is_err());
}

#[test]
fn ipv6_clients_are_counted_by_their_64() {
    let key = |s: &str| ClientIp(ip(s)).rate_key();
    assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:1:2:3"));
    assert_eq!(key("2001:db8:1:2::9"), ip("2001:db8:1:2::"));
    assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    assert_eq!(key("198.51.100.1"), ip("198.51.100.1"));
    assert_ne!(key("198.51.100.1"), key("198.51.100.2"));
    assert_eq!(key("::ffff:198.51.100.1"), ip("198.51.100.1"));
}
