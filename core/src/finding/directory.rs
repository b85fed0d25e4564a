//! An organisation's directory of circles open to requests: a listing (who publishes it, when,
//! and each circle's name, topics, description, schedule, languages, relay and request inbox)
//! signed with the organisation's Ed25519 key. It is a plain file any web server (or the relay,
//! `--directory`) serves; nobody needs to trust the server, only the key, which a person adds
//! from the organisation itself (its leaflet, its site) and this phone pins.
//!
//! The file is `{"listing": {...}, "key": "...", "signature": "..."}`: the signature covers a
//! domain label and the listing's bytes exactly as they stand in the file, so nothing has to
//! be put in a canonical form to check it.

use hearth_protocol::Bytes;
use ring::signature::{Ed25519KeyPair, KeyPair as _, UnparsedPublicKey, ED25519};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use zeroize::Zeroizing;

use super::bounded;
use crate::error::{Error, Result};
use crate::sync::RelayUrl;

/// The largest directory file taken in, in bytes.
pub const DIRECTORY_MAX_BYTES: usize = 512 * 1024;
/// The most circles one directory lists.
pub const DIRECTORY_CIRCLES_MAX: usize = 200;
/// Domain label of an organisation's signature.
const SIGN_DOMAIN: &[u8] = b"hearth/circle-directory/v1\0";
/// Key lengths: Ed25519 and X25519 public keys, and request inbox ids.
const KEY_LEN: usize = 32;

/// A circle as a directory lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedCircle {
    /// The organisation's name for it (`a-z`, `0-9`, `-`), unique in the listing.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Who it is for and how it runs.
    pub description: String,
    /// Topic tags ("grief", "new parents").
    pub topics: Vec<String>,
    /// When it meets, in words ("Tuesdays 19:00, Europe/London").
    pub schedule: String,
    /// Languages spoken (BCP 47 tags: "en", "cy").
    pub languages: Vec<String>,
    /// The relay its request inbox is on.
    pub relay: String,
    /// Its request inbox at that relay.
    pub(crate) inbox: Bytes,
    /// The key requests are sealed to (X25519, the facilitators').
    pub(crate) key: Bytes,
}

/// A listing: what the organisation signs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Listing {
    organisation: String,
    /// When it was published (Unix seconds): an older listing never replaces a newer one.
    published_at: u64,
    circles: Vec<ListedCircle>,
}

/// A directory whose signature checked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directory {
    /// Who publishes it.
    pub organisation: String,
    /// Their key (Ed25519), as pinned.
    pub org_key: Vec<u8>,
    /// When the listing was published (Unix seconds).
    pub published_at: u64,
    /// The circles open to requests.
    pub circles: Vec<ListedCircle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(borrow)]
    listing: &'a RawValue,
    key: Bytes,
    signature: Bytes,
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    listing: &'a RawValue,
    key: Bytes,
    signature: Bytes,
}

fn signing_input(listing: &str) -> Vec<u8> {
    [SIGN_DOMAIN, listing.as_bytes()].concat()
}

/// An organisation key as typed or scanned (unpadded base64url of 32 bytes).
pub fn parse_org_key(text: &str) -> Result<Vec<u8>> {
    Bytes::from_text(text.trim())
        .filter(|b| b.len() == KEY_LEN)
        .map(|b| b.0)
        .ok_or_else(|| Error::invalid("organisation key", "not an organisation key"))
}

/// Checks a directory file against the organisation key this phone pinned: its size, its
/// shape, the key it names, the signature, then every field's bounds. A file signed by any
/// other key, or altered after signing, is [`Error::DirectoryNotTrusted`].
pub fn verify(file: &[u8], pinned_key: &[u8]) -> Result<Directory> {
    if file.len() > DIRECTORY_MAX_BYTES {
        return Err(Error::invalid(
            "directory",
            "larger than a directory can be",
        ));
    }
    let text = std::str::from_utf8(file).map_err(|_| not_a_directory())?;
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|_| not_a_directory())?;
    if envelope.key.0 != pinned_key {
        return Err(Error::DirectoryNotTrusted);
    }
    UnparsedPublicKey::new(&ED25519, pinned_key)
        .verify(
            &signing_input(envelope.listing.get()),
            &envelope.signature.0,
        )
        .map_err(|_| Error::DirectoryNotTrusted)?;
    let listing: Listing =
        serde_json::from_str(envelope.listing.get()).map_err(|_| not_a_directory())?;
    let listing = checked(listing)?;
    Ok(Directory {
        organisation: listing.organisation,
        org_key: pinned_key.to_vec(),
        published_at: listing.published_at,
        circles: listing.circles,
    })
}

fn not_a_directory() -> Error {
    Error::invalid("directory", "not a circle directory")
}

/// A new organisation signing key: its secret seed (keep it off line) and public key.
pub fn new_org_key() -> Result<(Zeroizing<Vec<u8>>, Vec<u8>)> {
    let rng = ring::rand::SystemRandom::new();
    let seed: [u8; KEY_LEN] = ring::rand::generate(&rng)
        .map_err(|_| Error::Internal("the random generator failed"))?
        .expose();
    let seed = Zeroizing::new(seed.to_vec());
    let public = org_key_pair(&seed)?.public_key().as_ref().to_vec();
    Ok((seed, public))
}

fn org_key_pair(seed: &[u8]) -> Result<Ed25519KeyPair> {
    Ed25519KeyPair::from_seed_unchecked(seed)
        .map_err(|_| Error::invalid("organisation key", "not a signing key"))
}

/// Signs a listing (its JSON: `organisation`, `published_at`, `circles`) with an
/// organisation's seed, after checking every field: the file to publish.
pub fn sign(seed: &[u8], listing_json: &str) -> Result<String> {
    let listing: Listing = serde_json::from_str(listing_json)
        .map_err(|_| Error::invalid("listing", "not a circle listing"))?;
    let listing = checked(listing)?;
    let pair = org_key_pair(seed)?;
    let text = serde_json::to_string_pretty(&listing)?;
    let raw = RawValue::from_string(text)?;
    let signature = pair.sign(&signing_input(raw.get()));
    Ok(serde_json::to_string_pretty(&EnvelopeOut {
        listing: &raw,
        key: Bytes(pair.public_key().as_ref().to_vec()),
        signature: Bytes(signature.as_ref().to_vec()),
    })?)
}

/// What a facilitator gives the organisation for a circle open to requests: the listing's
/// entry with its inbox and key filled in, the rest for the organisation to write.
pub(crate) fn entry_for(relay: &str, inbox: &[u8], key: &[u8], name: &str) -> ListedCircle {
    ListedCircle {
        id: String::new(),
        name: name.to_string(),
        description: String::new(),
        topics: Vec::new(),
        schedule: String::new(),
        languages: Vec::new(),
        relay: relay.to_string(),
        inbox: Bytes(inbox.to_vec()),
        key: Bytes(key.to_vec()),
    }
}

fn tags(values: &[String], field: &'static str, max: usize, len: usize) -> Result<()> {
    if values.len() > max {
        return Err(Error::invalid(field, format!("at most {max}")));
    }
    values.iter().try_for_each(|v| bounded(v, field, 1..=len))
}

fn checked(listing: Listing) -> Result<Listing> {
    bounded(&listing.organisation, "organisation", 1..=100)?;
    if listing.circles.len() > DIRECTORY_CIRCLES_MAX {
        return Err(Error::invalid(
            "listing",
            format!("at most {DIRECTORY_CIRCLES_MAX} circles"),
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for circle in &listing.circles {
        let id_ok = (1..=64).contains(&circle.id.len())
            && circle
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(Error::invalid("circle id", "1 to 64 of a-z, 0-9 and -"));
        }
        if !ids.insert(circle.id.as_str()) {
            return Err(Error::invalid("circle id", "listed twice"));
        }
        bounded(&circle.name, "circle name", 1..=80)?;
        bounded(&circle.description, "description", 0..=1000)?;
        bounded(&circle.schedule, "schedule", 0..=200)?;
        tags(&circle.topics, "topics", 10, 40)?;
        tags(&circle.languages, "languages", 10, 16)?;
        RelayUrl::parse(&circle.relay)?;
        if circle.inbox.len() != KEY_LEN || circle.key.len() != KEY_LEN {
            return Err(Error::invalid(
                "request inbox",
                "an inbox and a key of 32 bytes each",
            ));
        }
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn listing(published_at: u64) -> String {
        serde_json::json!({
            "organisation": "Riverside Peer Support",
            "published_at": published_at,
            "circles": [{
                "id": "grief-tuesdays",
                "name": "Grief circle",
                "description": "For anyone who lost someone close.",
                "topics": ["grief", "loss"],
                "schedule": "Tuesdays 19:00, Europe/London",
                "languages": ["en"],
                "relay": "http://127.0.0.1:8080",
                "inbox": Bytes(vec![1; 32]).to_text(),
                "key": Bytes(vec![2; 32]).to_text(),
            }]
        })
        .to_string()
    }

    #[test]
    fn a_signed_directory_verifies_only_against_its_own_key_and_unaltered() {
        let (seed, public) = new_org_key().unwrap();
        let file = sign(&seed, &listing(1_700_000_000)).unwrap();
        let directory = verify(file.as_bytes(), &public).unwrap();
        assert_eq!(directory.organisation, "Riverside Peer Support");
        assert_eq!(directory.circles[0].topics, ["grief", "loss"]);
        assert_eq!(directory.circles[0].inbox.0, vec![1; 32]);

        // Another organisation's key, and one changed character, are refused.
        let (_, other) = new_org_key().unwrap();
        assert!(matches!(
            verify(file.as_bytes(), &other),
            Err(Error::DirectoryNotTrusted)
        ));
        let altered = file.replace("Grief circle", "Grief circlf");
        assert!(matches!(
            verify(altered.as_bytes(), &public),
            Err(Error::DirectoryNotTrusted)
        ));
        // A file re-signed by another key that names it is not the pinned organisation's.
        let (other_seed, _) = new_org_key().unwrap();
        let forged = sign(&other_seed, &listing(1_700_000_001)).unwrap();
        assert!(matches!(
            verify(forged.as_bytes(), &public),
            Err(Error::DirectoryNotTrusted)
        ));
        assert!(matches!(
            verify(b"{}", &public),
            Err(Error::InvalidInput { .. })
        ));
    }

    #[test]
    fn a_listing_out_of_bounds_is_refused_before_signing() {
        let (seed, _) = new_org_key().unwrap();
        let bad_id = listing(1).replace("grief-tuesdays", "Grief Tuesdays");
        let bad_relay = listing(1).replace("http://127.0.0.1:8080", "http://relay.example");
        let bad_inbox = listing(1).replace(&Bytes(vec![1; 32]).to_text(), "AAAA");
        for bad in [bad_id, bad_relay, bad_inbox, "[]".to_string()] {
            assert!(
                matches!(sign(&seed, &bad), Err(Error::InvalidInput { .. })),
                "{bad}"
            );
        }
    }
}
