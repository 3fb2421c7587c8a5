//! Who the client is: the peer address, or behind trusted proxies (`--trusted-proxies`) the
//! address they forwarded in `X-Forwarded-For`. The answer goes into the request's extensions
//! (`ClientIp`) for the rate limits and the access log, and into a task-local so the web role
//! can forward it to the services it calls.
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The header proxies append the address of their peer to.
pub const X_FORWARDED_FOR: &str = "x-forwarded-for";

tokio::task_local! {
    /// The client of the request being served, forwarded by the web role to the services.
    pub static CLIENT_IP: IpAddr;
}

/// The client address of a request, as resolved by [`resolve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// The key clients are counted by: an IPv4 address alone, an IPv6 address by its /64 (one
    /// host is usually given a whole /64, so counting single addresses would count nothing).
    pub fn rate_key(self) -> IpAddr {
        match self.0.to_canonical() {
            IpAddr::V4(v4) => IpAddr::V4(v4),
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        }
    }
}

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The networks whose forwarding headers are believed (empty: none, the peer is the client).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    pub fn new(nets: impl IntoIterator<Item = IpNet>) -> Self {
        TrustedProxies(nets.into_iter().collect())
    }

    /// Parses `--trusted-proxies`: CIDRs or addresses separated by commas (blank: none).
    pub fn parse(list: &str) -> Result<Self, String> {
        let nets = list
            .split(',')
            .filter(|entry| !entry.trim().is_empty())
            .map(parse_net)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies::new(nets))
    }

    pub fn nets(&self) -> &[IpNet] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` (an IPv4-mapped IPv6 address counts as its IPv4 address) is a trusted hop.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// Parses one `--trusted-proxies` entry: a CIDR (`10.0.0.0/8`, `fd00::/8`) or a single address.
pub fn parse_net(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| format!("{s:?} is not a CIDR (e.g. 10.0.0.0/8) or an IP address"))
}

/// The client of a request that came from `peer` with these `X-Forwarded-For` header values (in
/// the order received). The list is walked from the right, starting at the peer: while the
/// current hop is trusted, the entry it added (the one to its left) is the next hop. The first
/// untrusted hop is the client, so entries a client wrote itself further left are never
/// believed. A malformed entry stops the walk at the trusted hop that passed it on.
pub fn client_address<'a>(
    peer: IpAddr,
    forwarded_for: impl IntoIterator<Item = &'a HeaderValue>,
    trusted: &TrustedProxies,
) -> IpAddr {
    let peer = peer.to_canonical();
    if trusted.is_empty() || !trusted.contains(peer) {
        return peer;
    }
    let values: Vec<&HeaderValue> = forwarded_for.into_iter().collect();
    let mut hop = peer;
    // Several header lines are one list, in order (RFC 9110 §5.3).
    for value in values.iter().rev() {
        let Ok(text) = value.to_str() else {
            return hop;
        };
        for entry in text.rsplit(',') {
            match parse_entry(entry) {
                Some(ip) => hop = ip,
                None => return hop,
            }
            if !trusted.contains(hop) {
                return hop;
            }
        }
    }
    // Every hop is trusted (the request started inside): the leftmost one is the client.
    hop
}

/// One `X-Forwarded-For` entry: an address, or an address with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`) as some load balancers write it.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Middleware (outside the access log's span): resolves the client of each request, stores it
/// in the request as [`ClientIp`] and keeps it for the calls the request makes. A request
/// without `ConnectInfo` (served without `into_make_service_with_connect_info`) gets none, and
/// the rate limits refuse it loudly.
pub async fn resolve(
    State(trusted): State<TrustedProxies>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() else {
        return next.run(req).await;
    };
    let client = client_address(peer.ip(), req.headers().get_all(X_FORWARDED_FOR), &trusted);
    req.extensions_mut().insert(ClientIp(client));
    CLIENT_IP.scope(client, next.run(req)).await
}

#[cfg(test)]
mod tests;
