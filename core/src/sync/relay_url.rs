//! The relay's address, checked once: `https://`, or `http://` only to this computer, so no
//! session token, capability or ciphertext ever crosses a network in the clear.

use std::net::IpAddr;

/// The longest relay address accepted.
const MAX_LEN: usize = 2048;

/// A relay's base URL that is safe to send to: `https://host[:port][/path]`, or `http://`
/// to a loopback address (a relay on this computer: the demo, tests, a local tunnel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayUrl(String);

/// Why an address is not a relay Hearth will talk to. Says nothing of the address itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RelayUrlError {
    /// Not a URL at all, or longer than any relay address.
    #[error("is not a web address")]
    NotAUrl,
    /// Neither `https://` nor `http://`.
    #[error("must start with https://")]
    NotWeb,
    /// `http://` to another computer: everything would cross the network in the clear.
    #[error("must use https:// (plain http:// only reaches a relay on this computer)")]
    InTheClear,
    /// Carries a name and password, a query or a fragment, which a relay address never has.
    #[error("must be just the relay's address, without a name, password, ? or #")]
    Extra,
}

impl RelayUrl {
    /// Checks `text` (surrounding spaces and a trailing `/` are dropped).
    pub fn parse(text: &str) -> Result<RelayUrl, RelayUrlError> {
        let text = text.trim().trim_end_matches('/');
        if text.len() > MAX_LEN {
            return Err(RelayUrlError::NotAUrl);
        }
        let url = url::Url::parse(text).map_err(|_| RelayUrlError::NotAUrl)?;
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(RelayUrlError::Extra);
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => return Err(RelayUrlError::InTheClear),
            _ => return Err(RelayUrlError::NotWeb),
        }
        if url.host().is_none() {
            return Err(RelayUrlError::NotAUrl);
        }
        Ok(RelayUrl(text.to_string()))
    }

    /// The base URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same address for a WebSocket: `wss://` (or `ws://` to this computer).
    pub fn websocket(&self) -> String {
        self.0
            .replacen("https://", "wss://", 1)
            .replacen("http://", "ws://", 1)
    }
}

/// The app's error for an address refused: `InvalidInput` on the field "relay".
impl From<RelayUrlError> for crate::error::Error {
    fn from(e: RelayUrlError) -> Self {
        crate::error::Error::invalid("relay", e.to_string())
    }
}

impl std::fmt::Display for RelayUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether the URL's host is this computer: `localhost` or a loopback address.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_to_this_computer() {
        for ok in [
            "https://relay.example.org",
            "https://relay.example.org:8443/hearth/",
            "  https://10.0.0.5  ",
            "http://127.0.0.1:8787",
            "http://127.5.6.7",
            "http://localhost:8787/",
            "http://LOCALHOST",
            "http://[::1]:8787",
        ] {
            let url = RelayUrl::parse(ok).unwrap();
            assert!(!url.as_str().ends_with('/'), "{url}");
        }
        assert_eq!(
            RelayUrl::parse("https://r.example/").unwrap().websocket(),
            "wss://r.example"
        );
        assert_eq!(
            RelayUrl::parse("http://127.0.0.1:1").unwrap().websocket(),
            "ws://127.0.0.1:1"
        );
        for (bad, why) in [
            ("http://relay.example.org", RelayUrlError::InTheClear),
            ("http://10.0.0.5:8787", RelayUrlError::InTheClear),
            ("http://localhost.evil.example", RelayUrlError::InTheClear),
            ("http://127.0.0.1.nip.io", RelayUrlError::InTheClear),
            ("http://[::ffff:8.8.8.8]", RelayUrlError::InTheClear),
            ("ftp://relay.example.org", RelayUrlError::NotWeb),
            ("wss://relay.example.org", RelayUrlError::NotWeb),
            ("relay.example.org", RelayUrlError::NotAUrl),
            ("https://", RelayUrlError::NotAUrl),
            ("https://me:pw@relay.example.org", RelayUrlError::Extra),
            ("https://relay.example.org/?a=1", RelayUrlError::Extra),
            ("https://relay.example.org/#x", RelayUrlError::Extra),
        ] {
            assert_eq!(RelayUrl::parse(bad), Err(why), "{bad}");
        }
        let long = format!("https://r.example/{}", "a".repeat(MAX_LEN));
        assert_eq!(RelayUrl::parse(&long), Err(RelayUrlError::NotAUrl));
    }
}
