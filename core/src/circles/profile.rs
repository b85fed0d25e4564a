//! What a circle is, as every member's phone agrees on it: name, description, versioned
//! guidelines and roles, carried in a private GroupContext extension. The group context is
//! only ever sent encrypted (in PrivateMessage commits and Welcomes), so the relay never
//! sees it; and because a commit changes it, all members move to the same profile together.

use std::collections::BTreeMap;

use openmls::prelude::{
    Capabilities, Extension, ExtensionType, Extensions, GroupContext,
    RequiredCapabilitiesExtension, UnknownExtension,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The extension type of the circle profile (from the private-use range).
pub(crate) const PROFILE_EXTENSION: u16 = 0xF0A1;

/// Longest circle name, description and guidelines, in characters.
pub const NAME_MAX: usize = 80;
/// Longest description.
pub const DESCRIPTION_MAX: usize = 1_000;
/// Longest guidelines.
pub const GUIDELINES_MAX: usize = 20_000;
/// Shortest disappearing-messages timer, in seconds (5 minutes).
pub const DISAPPEAR_MIN_S: u64 = 5 * 60;
/// Longest disappearing-messages timer, in seconds (a year).
pub const DISAPPEAR_MAX_S: u64 = 365 * 24 * 60 * 60;

/// What a member may do (DESIGN's role table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the circle: every action.
    Facilitator,
    /// Helps run it: commits, admits and removes members (not facilitators), moderates.
    CoFacilitator,
    /// Posts, reacts, reports, leaves; proposes, never commits.
    Member,
}

impl Role {
    /// Whether this role's phone commits (moves the circle to a new epoch).
    pub fn commits(self) -> bool {
        matches!(self, Role::Facilitator | Role::CoFacilitator)
    }
}

/// The circle's shared description, identical on every member's phone at an epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CircleProfile {
    pub name: String,
    pub description: String,
    pub guidelines: String,
    pub guidelines_version: u32,
    /// Roles above member, by hex of the member's per-circle signature key.
    pub roles: BTreeMap<String, Role>,
    /// Closed by its facilitator: every phone stops, and the mailbox is deleted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// Disappearing messages: every phone deletes texts this many seconds after they
    /// arrived (none: they stay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disappear_after_s: Option<u64>,
    /// The circle's scheduled meetings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<super::sessions::CircleSession>,
    /// The programme its meetings follow, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<super::programme::Programme>,
    /// A one-to-one talk (`crate::talks`): two people, both facilitators from the start,
    /// nobody else ever added and no roles changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub talk: bool,
    /// Members may ask other members for a one-to-one talk (facilitators and
    /// co-facilitators can always be asked, and can always ask).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub members_may_talk: bool,
    /// The circle's own rules, which every phone judges members' posts by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<super::rules::CircleRule>,
}

impl CircleProfile {
    /// A new circle's profile, at the first version of its guidelines, nobody in a role yet.
    pub fn new(name: &str, description: &str, guidelines: &str) -> CircleProfile {
        CircleProfile {
            name: name.to_string(),
            description: description.to_string(),
            guidelines: guidelines.to_string(),
            guidelines_version: 1,
            roles: BTreeMap::new(),
            closed: false,
            disappear_after_s: None,
            sessions: Vec::new(),
            programme: None,
            talk: false,
            members_may_talk: false,
            rules: Vec::new(),
        }
    }

    /// Refuses `action` in a one-to-one talk (no one is added, no roles, no meetings).
    pub fn refuse_in_talk(&self, action: &'static str) -> Result<()> {
        if self.talk {
            return Err(Error::NotPermitted { action });
        }
        Ok(())
    }

    /// Whether the member with key `asker` may ask the member with key `asked` for a
    /// one-to-one talk here.
    pub fn may_ask_to_talk(&self, asker: &[u8], asked: &[u8]) -> bool {
        !self.talk
            && !self.closed
            && asker != asked
            && (self.members_may_talk
                || self.role_of(asker).commits()
                || self.role_of(asked).commits())
    }

    /// The role of the member with `signature_key`.
    pub fn role_of(&self, signature_key: &[u8]) -> Role {
        self.roles
            .get(&hex::encode(signature_key))
            .copied()
            .unwrap_or(Role::Member)
    }

    /// Gives the member (hex of their per-circle key) a role; members are not listed.
    pub fn set_role(&mut self, member: String, role: Role) {
        match role {
            Role::Member => self.roles.remove(&member),
            role => self.roles.insert(member, role),
        };
    }

    /// The per-circle signature keys allowed to commit.
    pub fn committers(&self) -> Vec<Vec<u8>> {
        self.roles
            .iter()
            .filter(|(_, r)| r.commits())
            .filter_map(|(k, _)| hex::decode(k).ok())
            .collect()
    }

    /// As the GroupContext extensions of a circle. Every member must support the profile
    /// extension (required capabilities), which is also what lets a commit change it.
    pub fn to_extensions(&self) -> Result<Extensions<GroupContext>> {
        let bytes = serde_json::to_vec(self)?;
        Extensions::from_vec(vec![
            Extension::RequiredCapabilities(RequiredCapabilitiesExtension::new(
                &[ExtensionType::Unknown(PROFILE_EXTENSION)],
                &[],
                &[],
            )),
            Extension::Unknown(PROFILE_EXTENSION, UnknownExtension(bytes)),
        ])
        .map_err(|_| Error::Internal("the circle profile extension was refused"))
    }

    /// Reads the profile from a group's context extensions.
    pub fn from_extensions(extensions: &Extensions<GroupContext>) -> Result<CircleProfile> {
        let ext = extensions
            .unknown(PROFILE_EXTENSION)
            .ok_or(Error::MessageRejected {
                reason: "the circle has no profile",
            })?;
        serde_json::from_slice(&ext.0).map_err(|_| Error::MessageRejected {
            reason: "the circle profile is malformed",
        })
    }
}

/// The leaf capabilities every Hearth KeyPackage and group member declares: support for the
/// circle profile extension (openmls refuses group extensions a member does not support),
/// and for the last-resort marker (a KeyPackage carrying an extension its leaf does not
/// declare is invalid, so without it no last-resort KeyPackage could ever be used).
pub(crate) fn capabilities() -> Capabilities {
    Capabilities::builder()
        .extensions(vec![
            ExtensionType::Unknown(PROFILE_EXTENSION),
            ExtensionType::LastResort,
        ])
        .build()
}

/// Checks a circle's name, description and guidelines.
pub(crate) fn validate_text(name: &str, description: &str, guidelines: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(Error::invalid(
            "name",
            format!("must be 1 to {NAME_MAX} characters"),
        ));
    }
    if crate::identity::has_hidden_characters(name) {
        return Err(Error::invalid(
            "name",
            "must not contain control, invisible or direction characters",
        ));
    }
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(Error::invalid(
            "description",
            format!("must be at most {DESCRIPTION_MAX} characters"),
        ));
    }
    if guidelines.chars().count() > GUIDELINES_MAX {
        return Err(Error::invalid(
            "guidelines",
            format!("must be at most {GUIDELINES_MAX} characters"),
        ));
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_default_to_member_and_committers_are_the_facilitators() {
        let mut p = CircleProfile::new("Tuesday group", "", "Be kind.");
        p.roles.insert(hex::encode([1u8; 32]), Role::Facilitator);
        p.roles.insert(hex::encode([2u8; 32]), Role::CoFacilitator);
        assert_eq!(p.role_of(&[1; 32]), Role::Facilitator);
        assert_eq!(p.role_of(&[3; 32]), Role::Member);
        assert_eq!(p.committers().len(), 2);
        let back = CircleProfile::from_extensions(&p.to_extensions().unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn names_are_checked() {
        assert!(validate_text("  ", "", "").is_err());
        assert!(validate_text(&"x".repeat(NAME_MAX + 1), "", "").is_err());
        assert!(validate_text("evil\u{202E}name", "", "").is_err());
        assert_eq!(validate_text("  Circle  ", "", "").unwrap(), "Circle");
    }
}
