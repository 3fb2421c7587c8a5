//! `vision-stays healthcheck`: asks a running process for `/readyz` and exits 0 only when it is
//! ready, for a container's HEALTHCHECK in an image that carries no HTTP client of its own.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use anyhow::Context;
use clap::Args;

#[derive(Args, Debug, Clone)]
pub struct HealthcheckArgs {
    /// The address the process listens on (`VS_ADDR`, as `serve` reads it); an unspecified
    /// address (`0.0.0.0`, `[::]`) is asked on loopback.
    #[arg(long, env = "VS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 3)]
    pub timeout_secs: u64,
}

/// The URL asked: `/readyz` at `addr`, on loopback for an unspecified address.
pub fn readyz_url(addr: SocketAddr) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    format!("http://{addr}/readyz")
}

/// `Ok` when the process answers `/readyz` with 200; otherwise why not.
pub async fn healthcheck(args: &HealthcheckArgs) -> anyhow::Result<()> {
    let url = readyz_url(args.addr);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(args.timeout_secs.max(1)))
        .build()?;
    let res = client
        .get(&url)
        .send()
        .await
        .with_context(|| format!("{url} did not answer"))?;
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    anyhow::ensure!(
        status.is_success(),
        "{url} answered {status}: {}",
        body.trim()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listener_on_every_address_is_asked_on_loopback() {
        let url = |a: &str| readyz_url(a.parse().unwrap());
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080/readyz");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080/readyz");
        assert_eq!(url("10.0.2.7:3000"), "http://10.0.2.7:3000/readyz");
    }
}
