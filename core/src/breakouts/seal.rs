//! What breakout messages carry, and how: a notice whose slots are sealed by HPKE to each
//! member's report key (`circles::slots`: bound to the circle, every slot one size), and a
//! post sealed under a group's key, padded to one of a few sizes so its length tells little.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::BreakoutMember;
use crate::error::{Error, Result};
use crate::sealed;

/// HPKE's `info` for a notice slot.
pub(crate) const INFO: &[u8] = b"hearth/breakout-notice/v1";
/// The sizes a sealed post takes (the smallest it fits).
const POST_SIZES: [usize; 4] = [1024, 4096, 16_384, 65_536];
/// The largest sealed slot or post taken in, in bytes.
pub(crate) const SEALED_MAX: usize = 65_536;

/// A group as a slot tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Grant {
    pub id: String,
    pub name: String,
    /// Hex of the group's 32-byte key.
    pub key: String,
    pub members: Vec<BreakoutMember>,
}

/// What one member's slot says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum Notice {
    /// Groups open for `minutes` from when the relay received this (may be none for us).
    Open { minutes: u32, groups: Vec<Grant> },
    /// These groups end now.
    End { ids: Vec<String> },
}

/// A post inside a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Post {
    pub breakout: String,
    pub id: String,
    pub body: String,
    pub sent_at_ms: i64,
}

fn raw_key(key: &[u8]) -> Option<Zeroizing<[u8; 32]>> {
    key.try_into().ok().map(Zeroizing::new)
}

/// Seals a post under a group's key.
pub(crate) fn seal_post(key: &[u8], group_id: &[u8], post: &Post) -> Result<Vec<u8>> {
    let raw = raw_key(key).ok_or(Error::Corrupt {
        detail: "breakout key",
    })?;
    let plain = Zeroizing::new(serde_json::to_vec(post)?);
    let size = POST_SIZES
        .into_iter()
        .find(|s| plain.len() + 64 <= *s)
        .ok_or_else(|| Error::invalid("message", "too long"))?;
    sealed::seal(&raw, group_id, &plain, size)
}

/// Opens a post with a group's key: `None` when it is not that group's.
pub(crate) fn open_post(key: &[u8], group_id: &[u8], sealed_post: &[u8]) -> Option<Post> {
    let raw = raw_key(key)?;
    let plain = sealed::open(&raw, group_id, sealed_post).ok()?;
    serde_json::from_slice(&plain).ok()
}
