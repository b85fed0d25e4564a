//! Starting breakout groups, posting in one, ending them, and what every phone does with the
//! messages that carry them.

use openmls_traits::random::OpenMlsRand;
use rusqlite::Transaction;
use zeroize::Zeroizing;

use super::seal::{self, Grant, Notice, Post};
use super::{split, store, Breakout, BreakoutMember, BreakoutMessage, GROUP_MAX, GROUP_MIN};
use crate::circles::group::{self, random_id};
use crate::circles::moderation::Arrival;
use crate::circles::outbox;
use crate::circles::profile::CircleProfile;
use crate::circles::{reports, slots, views, Mls, Payload, Processed, TEXT_MAX};
use crate::error::{Error, Result};

/// The shortest time breakout groups run, in minutes.
pub const BREAKOUT_MINUTES_MIN: u32 = 2;
/// The longest, in minutes.
pub const BREAKOUT_MINUTES_MAX: u32 = 180;

/// How a facilitator splits the circle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakoutPlan {
    /// At random, into groups of about a size.
    Random {
        /// 2 to 5 people (a group of one is never made: it joins another).
        size: u32,
    },
    /// By hand.
    ByHand {
        /// Each group's members, by per-circle key.
        groups: Vec<Vec<Vec<u8>>>,
    },
}

fn rejected(reason: &'static str) -> Error {
    Error::MessageRejected { reason }
}

/// Our profile and key, refusing anyone who may not run breakouts (facilitators and
/// co-facilitators may) and one-to-one talks.
fn as_facilitator(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<Vec<u8>> {
    let (profile, me) = group::open_profile(tx, mls, group_id)?;
    profile.refuse_in_talk("split a one-to-one talk into groups")?;
    if !profile.role_of(&me).commits() {
        return Err(Error::NotPermitted {
            action: "split the circle into breakout groups",
        });
    }
    Ok(me)
}

/// A random order of `items` (Fisher-Yates on the circle's random generator).
fn shuffled<T>(mls: &Mls, mut items: Vec<T>) -> Result<Vec<T>> {
    let random = mls
        .crypto()
        .random_vec(4 * items.len())
        .map_err(|_| Error::Internal("the random generator failed"))?;
    for i in (1..items.len()).rev() {
        let r = u32::from_be_bytes([
            random[4 * i],
            random[4 * i + 1],
            random[4 * i + 2],
            random[4 * i + 3],
        ]);
        items.swap(i, r as usize % (i + 1));
    }
    Ok(items)
}

/// Starts breakout groups for `minutes`: sends every member their slot and keeps every group
/// here. Refused while groups are running.
pub(crate) fn start(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    plan: &BreakoutPlan,
    minutes: u32,
    now_ms: i64,
) -> Result<Vec<Breakout>> {
    let me = as_facilitator(tx, mls, group_id)?;
    if !(BREAKOUT_MINUTES_MIN..=BREAKOUT_MINUTES_MAX).contains(&minutes) {
        return Err(Error::invalid(
            "minutes",
            format!("{BREAKOUT_MINUTES_MIN} to {BREAKOUT_MINUTES_MAX}"),
        ));
    }
    if !store::list(tx, group_id, now_ms)?.is_empty() {
        return Err(Error::invalid(
            "breakout groups",
            "groups are running already: end them first",
        ));
    }
    let everyone = views::members(tx, mls, group_id, now_ms)?;
    // Members who introduced themselves (so have a name and a report key) take part.
    let participants: Vec<BreakoutMember> = everyone
        .iter()
        .filter(|m| !m.is_me && !m.role.commits())
        .filter_map(|m| {
            Some(BreakoutMember {
                key: hex::encode(&m.key),
                name: m.display_name.clone()?,
            })
        })
        .collect();
    let groups: Vec<Vec<BreakoutMember>> = match plan {
        BreakoutPlan::Random { size } => {
            split::split(shuffled(mls, participants)?, *size as usize)?
        }
        BreakoutPlan::ByHand { groups } => by_hand(groups, &participants)?,
    };
    let mut grants = Vec::with_capacity(groups.len());
    for (n, members) in groups.into_iter().enumerate() {
        let key = crate::circles::report_seal::new_seed(mls)?;
        grants.push(Grant {
            id: hex::encode(random_id(mls)?),
            name: format!("Group {}", n + 1),
            key: hex::encode(&*key),
            members,
        });
    }
    let notice = |sees: &dyn Fn(&[BreakoutMember]) -> bool| Notice::Open {
        minutes,
        groups: grants
            .iter()
            .filter(|g| sees(&g.members))
            .cloned()
            .collect(),
    };
    send_notices(tx, mls, group_id, &everyone, notice, now_ms)?;
    let ends_at_ms = now_ms + i64::from(minutes) * 60_000;
    let me = hex::encode(me);
    for grant in &grants {
        let key = hex::decode(&grant.key).map_err(|_| Error::Internal("a breakout key"))?;
        let mine = grant.members.iter().any(|m| m.key == me);
        store::keep(tx, group_id, grant, &key, ends_at_ms, mine)?;
    }
    store::list(tx, group_id, now_ms)
}

/// Queues one `Breakouts` message: a slot per introduced member but us, shuffled, each
/// sealed to that member's report key with the notice `notice` makes for what they may see
/// (facilitators and co-facilitators every group; a member the groups they are in).
fn send_notices(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    everyone: &[views::CircleMember],
    notice: impl Fn(&dyn Fn(&[BreakoutMember]) -> bool) -> Notice,
    now_ms: i64,
) -> Result<()> {
    let mut to = Vec::new();
    for member in everyone.iter().filter(|m| !m.is_me) {
        let Some(recipient) = reports::member_report_key(tx, group_id, &member.key)? else {
            continue; // not introduced yet: in no group, and nothing to seal to
        };
        let key = hex::encode(&member.key);
        let sees = |members: &[BreakoutMember]| {
            member.role.commits() || members.iter().any(|m| m.key == key)
        };
        to.push((
            recipient,
            Zeroizing::new(serde_json::to_vec(&notice(&sees))?),
        ));
    }
    let slots = slots::seal_each(mls, group_id, seal::INFO, to)?;
    let payload = Payload::Breakouts {
        id: hex::encode(random_id(mls)?),
        slots: shuffled(mls, slots)?,
    };
    outbox::queue_payload(tx, group_id, &payload, now_ms)
}

/// Groups made by hand: each 2 to 5 of the circle's members, nobody twice.
fn by_hand(
    groups: &[Vec<Vec<u8>>],
    participants: &[BreakoutMember],
) -> Result<Vec<Vec<BreakoutMember>>> {
    if groups.is_empty() {
        return Err(Error::invalid("breakout groups", "name at least one group"));
    }
    let mut seen = std::collections::HashSet::new();
    groups
        .iter()
        .map(|keys| {
            if !(GROUP_MIN..=GROUP_MAX).contains(&keys.len()) {
                return Err(Error::invalid(
                    "group size",
                    format!("{GROUP_MIN} to {GROUP_MAX} people"),
                ));
            }
            keys.iter()
                .map(|key| {
                    let key = hex::encode(key);
                    if !seen.insert(key.clone()) {
                        return Err(Error::invalid(
                            "breakout groups",
                            "someone is in two groups",
                        ));
                    }
                    participants
                        .iter()
                        .find(|p| p.key == key)
                        .cloned()
                        .ok_or(Error::invalid(
                            "breakout groups",
                            "only members who introduced themselves can be in a group",
                        ))
                })
                .collect()
        })
        .collect()
}

/// Ends every running group now, on every phone.
pub(crate) fn end(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8], now_ms: i64) -> Result<usize> {
    as_facilitator(tx, mls, group_id)?;
    let running = store::list(tx, group_id, now_ms)?;
    if running.is_empty() {
        return Err(Error::NotFound {
            what: "breakout group",
        });
    }
    let everyone = views::members(tx, mls, group_id, now_ms)?;
    let notice = |sees: &dyn Fn(&[BreakoutMember]) -> bool| Notice::End {
        ids: running
            .iter()
            .filter(|g| sees(&g.members))
            .map(|g| g.id.clone())
            .collect(),
    };
    send_notices(tx, mls, group_id, &everyone, notice, now_ms)?;
    let ids: Vec<String> = running.into_iter().map(|g| g.id).collect();
    store::delete(tx, group_id, &ids)
}

/// Posts `body` in a running group we hold the key of.
pub(crate) fn post(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    breakout: &str,
    body: &str,
    now_ms: i64,
) -> Result<BreakoutMessage> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > TEXT_MAX {
        return Err(Error::invalid(
            "message",
            format!("1 to {TEXT_MAX} characters"),
        ));
    }
    let me = group::open_profile(tx, mls, group_id)?.1;
    let (key, _) = store::key_of(tx, group_id, breakout, now_ms)?;
    let post = Post {
        breakout: breakout.to_string(),
        id: hex::encode(random_id(mls)?),
        body: body.to_string(),
        sent_at_ms: now_ms,
    };
    let sealed = seal::seal_post(&key, group_id, &post)?;
    let payload = Payload::BreakoutPost {
        id: post.id.clone(),
        sealed: hex::encode(sealed),
    };
    outbox::queue_payload(tx, group_id, &payload, now_ms)?;
    store::add_message(tx, breakout, &post.id, &me, body, now_ms, now_ms)?;
    Ok(BreakoutMessage {
        id: post.id,
        sender_name: store::our_name(tx, group_id)?,
        is_mine: true,
        body: body.to_string(),
        sent_at_ms: now_ms,
    })
}

/// A `Breakouts` notice arrived: open our slot, if one is ours, and keep or end its groups.
pub(crate) fn receive_notice(
    tx: &Transaction<'_>,
    mls: &Mls,
    profile: &CircleProfile,
    arrival: &Arrival<'_>,
    slots: &[String],
) -> Result<Processed> {
    let (group_id, sender, now_ms) = (arrival.group_id, arrival.sender, arrival.now_ms);
    if !profile.role_of(sender).commits() {
        return Err(rejected(
            "breakout groups from someone who may not make them",
        ));
    }
    store::sweep(tx, now_ms)?;
    let plain = slots::open_ours(tx, mls, group_id, seal::INFO, slots, seal::SEALED_MAX)?;
    let notice = plain.and_then(|plain| serde_json::from_slice::<Notice>(&plain).ok());
    let me = hex::encode(group::our_key(tx, group_id)?);
    match notice {
        None => Ok(Processed::NotForUs),
        Some(Notice::Open { minutes, groups }) => {
            if !(BREAKOUT_MINUTES_MIN..=BREAKOUT_MINUTES_MAX).contains(&minutes) {
                return Err(rejected("breakout groups for an impossible time"));
            }
            let ends_at_ms = i64::try_from(arrival.received_at_s)
                .unwrap_or(i64::MAX / 2_000)
                .saturating_mul(1000)
                .saturating_add(i64::from(minutes) * 60_000);
            for grant in &groups {
                let key = hex::decode(&grant.key)
                    .ok()
                    .filter(|k| k.len() == 32)
                    .ok_or(rejected("a breakout group without a key"))?;
                let plausible = grant.id.len() == 32
                    && grant.id.bytes().all(|b| b.is_ascii_hexdigit())
                    && grant.name.chars().count() <= 40
                    && (GROUP_MIN..=GROUP_MAX).contains(&grant.members.len());
                if !plausible {
                    return Err(rejected("a breakout group out of bounds"));
                }
                let mine = grant.members.iter().any(|m| m.key == me);
                store::keep(tx, group_id, grant, &key, ends_at_ms, mine)?;
            }
            Ok(Processed::Breakouts)
        }
        Some(Notice::End { ids }) => {
            store::delete(tx, group_id, &ids)?;
            Ok(Processed::Breakouts)
        }
    }
}

/// A post sealed under some group's key arrived: kept if it is one of ours (from one of its
/// members or a facilitator), passed over otherwise.
pub(crate) fn receive_post(
    tx: &Transaction<'_>,
    profile: &CircleProfile,
    group_id: &[u8],
    sender: &[u8],
    sealed_hex: &str,
    now_ms: i64,
) -> Result<Processed> {
    if sealed_hex.len() > 2 * seal::SEALED_MAX {
        return Err(rejected("a breakout post too large"));
    }
    let Ok(sealed) = hex::decode(sealed_hex) else {
        return Err(rejected("a breakout post that is not hex"));
    };
    for (id, key) in store::keys(tx, group_id, now_ms)? {
        let Some(post) = seal::open_post(&key, group_id, &sealed) else {
            continue;
        };
        if post.breakout != id {
            return Err(rejected("a breakout post under another group's key"));
        }
        let (_, members) = store::key_of(tx, group_id, &id, now_ms)?;
        let sender_hex = hex::encode(sender);
        if !profile.role_of(sender).commits() && !members.iter().any(|m| m.key == sender_hex) {
            return Err(rejected("a breakout post from outside the group"));
        }
        let body = post.body.trim();
        if body.is_empty() || body.chars().count() > TEXT_MAX {
            return Err(rejected("a breakout post of a length not allowed"));
        }
        store::add_message(tx, &id, &post.id, sender, body, post.sent_at_ms, now_ms)?;
        return Ok(Processed::Breakouts);
    }
    Ok(Processed::NotForUs)
}
