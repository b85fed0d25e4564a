//! Which addresses the gateway may send to. A UnifiedPush endpoint is a URL the device
//! chose, so without a check anyone registering could make the gateway call into its own
//! network: only `https://` to public addresses, unless the operator allow-lists a range
//! (the tests allow-list loopback), as the UnifiedPush server rules ask.
//!
//! The same rule holds when the gateway connects: the UnifiedPush client resolves names
//! through [`AllowedResolver`], which hands the connector only allowed addresses. A name
//! that resolved to a public address when it was checked and to a private one by the time
//! the gateway calls (DNS rebinding) therefore reaches nothing.

use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// Whether `ip` is an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space, RFC 6598
                || (a == 198 && (b == 18 || b == 19)) // benchmarking, RFC 2544
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link local
                || first == 0x2001 && v6.segments()[1] == 0x0db8) // documentation
        }
    }
}

/// Whether the gateway may send to `ip`: public, or in an allow-listed range.
pub fn allowed(ip: IpAddr, allow: &[IpNet]) -> bool {
    is_public(ip) || allow.iter().any(|net| net.contains(&ip))
}

/// Resolves names for the UnifiedPush client, keeping only the addresses it may call.
pub struct AllowedResolver {
    allow: Vec<IpNet>,
}

impl AllowedResolver {
    /// A resolver allowing public addresses and `allow`.
    pub fn new(allow: Vec<IpNet>) -> Self {
        AllowedResolver { allow }
    }

    /// The allowed addresses `host` resolves to; an error when there are none.
    pub async fn allowed_addresses(
        allow: &[IpNet],
        host: &str,
    ) -> std::io::Result<Vec<SocketAddr>> {
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host, 0))
            .await?
            .filter(|a| allowed(a.ip(), allow))
            .collect();
        if addresses.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the name resolves to no address the gateway may call",
            ));
        }
        Ok(addresses)
    }
}

impl reqwest::dns::Resolve for AllowedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let addresses = Self::allowed_addresses(&allow, name.as_str()).await?;
            Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_resolver_keeps_only_allowed_addresses() {
        // "localhost" is loopback: nothing the gateway may call unless allow-listed.
        let refused = AllowedResolver::allowed_addresses(&[], "localhost").await;
        assert_eq!(
            refused.unwrap_err().kind(),
            std::io::ErrorKind::PermissionDenied
        );
        let loopback: Vec<IpNet> = vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        let kept = AllowedResolver::allowed_addresses(&loopback, "localhost")
            .await
            .unwrap();
        assert!(kept.iter().all(|a| a.ip().is_loopback()), "{kept:?}");
        let only_v4: Vec<IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        let v4 = AllowedResolver::allowed_addresses(&only_v4, "localhost")
            .await
            .unwrap();
        assert!(v4.iter().all(|a| a.is_ipv4()), "{v4:?}");
    }

    #[test]
    fn private_loopback_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "::ffff:1.1.1.1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        let loopback: Vec<IpNet> = vec!["127.0.0.0/8".parse().unwrap()];
        assert!(allowed("127.0.0.1".parse().unwrap(), &loopback));
        assert!(!allowed("10.0.0.1".parse().unwrap(), &loopback));
    }
}
