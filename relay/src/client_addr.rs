//! Whose quota a request counts against, behind a load balancer: the address a trusted
//! proxy reports in `Forwarded` (RFC 7239) or `X-Forwarded-For`, else the peer's own.
//!
//! Headers are believed only from proxies listed as trusted (`--trusted-proxy CIDR`):
//! anyone else could name any address and escape their limit. Walking the list from the
//! right, the first address that is not a trusted proxy is the client (entries further left
//! were written by the client and are not believed). The address is used for the rate
//! limit only: never stored or logged.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// The client's address for rate limiting.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(&canonical(*ip)));
    if !is_trusted(&peer) {
        return peer;
    }
    let chain = forwarded_for(headers).unwrap_or_else(|| x_forwarded_for(headers));
    for hop in chain.iter().rev() {
        match hop {
            Some(ip) if is_trusted(ip) => continue,
            Some(ip) => return canonical(*ip),
            // A hop no proxy of ours would write: stop believing the list here.
            None => break,
        }
    }
    peer
}

/// An IPv4-mapped IPv6 address as its IPv4 address (a dual-stack listener reports those).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The `for=` addresses of every `Forwarded` header, in order (None: no such header).
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut values = headers.get_all("forwarded").iter().peekable();
    values.peek()?;
    let mut hops = Vec::new();
    for value in values {
        let Ok(value) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for element in value.split(',') {
            let node = element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.eq_ignore_ascii_case("for").then_some(value)
            });
            hops.push(node.and_then(parse_node));
        }
    }
    Some(hops)
}

/// The addresses of every `X-Forwarded-For` header, in order.
fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').map(parse_node).collect::<Vec<_>>(),
            Err(_) => vec![None],
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:443`, `"[2001:db8::1]:443"`, `2001:db8::1`; None for anything
/// else (`unknown`, obfuscated names).
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.parse::<IpAddr>()
        .ok()
        .or_else(|| node.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn nets() -> Vec<IpNet> {
        vec![
            "10.0.0.0/8".parse().unwrap(),
            "2001:db8:ff::/48".parse().unwrap(),
        ]
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(client_ip(ip("203.0.113.5"), &h, &nets()), ip("203.0.113.5"));
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &[]), ip("10.0.0.2"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_forged_entries_to_its_left_are_not_believed() {
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.9, 10.0.0.7")]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &nets()), ip("198.51.100.9"));
        let split = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "198.51.100.9"),
        ]);
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.2"), &split, &nets()),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn forwarded_is_read_with_ports_quotes_and_ipv6() {
        let h = headers(&[(
            "forwarded",
            "for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https, For=\"10.0.0.9:80\"",
        )]);
        assert_eq!(
            client_ip(ip("2001:db8:ff::1"), &h, &nets()),
            ip("2001:db8:cafe::17")
        );
        // Forwarded wins over X-Forwarded-For when both are there.
        let both = headers(&[
            ("forwarded", "for=198.51.100.1"),
            ("x-forwarded-for", "198.51.100.2"),
        ]);
        assert_eq!(
            client_ip(ip("10.1.1.1"), &both, &nets()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_malformed_or_missing_hop_falls_back_to_the_proxy() {
        let h = headers(&[("x-forwarded-for", "198.51.100.9, unknown")]);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &nets()), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), &HeaderMap::new(), &nets()),
            ip("10.0.0.2")
        );
    }
}
