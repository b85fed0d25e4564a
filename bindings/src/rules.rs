//! A circle's own rules across the FFI: what a facilitator sets (words and phrases, links, a
//! time before new members post links, a posting rate, each holding or flagging a post), the
//! breach a post carries, and the facilitators' list of flagged posts. Mirrors
//! `hearth_core::circles::rules`.

use hearth_core::circles as core;

use crate::circles::{circle_id, CircleMessage};
use crate::client::HearthClient;
use crate::error::HearthError;

/// What a rule looks for in a member's post.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RuleCheck {
    /// Any of these words or phrases, as whole words in any case.
    Phrases {
        /// The words or phrases.
        phrases: Vec<String>,
    },
    /// A link, except to these domains and their subdomains (none: every link).
    Links {
        /// Domains links may go to.
        allowed_domains: Vec<String>,
    },
    /// A link from someone in the circle for less than this many hours.
    NewMemberLinks {
        /// Hours in the circle before links.
        hours: u32,
    },
    /// More than `posts` posts within `minutes`.
    Rate {
        /// Posts allowed in the window.
        posts: u32,
        /// The window, in minutes.
        minutes: u32,
    },
}

/// What happens to a post that breaks a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RuleAction {
    /// Not sent: the sender sees the explanation and keeps the draft.
    Hold,
    /// Sent, and flagged for the facilitators.
    Flag,
}

/// The sorts of rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RuleKind {
    /// Words or phrases.
    Phrases,
    /// Links.
    Links,
    /// Links from new members.
    NewMemberLinks,
    /// A posting rate.
    Rate,
}

/// One rule of a circle.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CircleRule {
    /// What it looks for.
    pub check: RuleCheck,
    /// What happens to a post that breaks it.
    pub action: RuleAction,
    /// Why, in the facilitator's words (1 to 300 characters).
    pub explanation: String,
}

/// The rule a post broke.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RuleBreach {
    /// Which sort of rule.
    pub kind: RuleKind,
    /// Whether it should have been held: show the post collapsed, with the explanation.
    pub collapsed: bool,
    /// The rule's explanation.
    pub explanation: String,
}

impl From<core::RuleKind> for RuleKind {
    fn from(k: core::RuleKind) -> Self {
        match k {
            core::RuleKind::Phrases => RuleKind::Phrases,
            core::RuleKind::Links => RuleKind::Links,
            core::RuleKind::NewMemberLinks => RuleKind::NewMemberLinks,
            core::RuleKind::Rate => RuleKind::Rate,
        }
    }
}

impl From<core::RuleBreach> for RuleBreach {
    fn from(b: core::RuleBreach) -> Self {
        RuleBreach {
            kind: b.kind.into(),
            collapsed: b.collapsed(),
            explanation: b.explanation,
        }
    }
}

impl From<core::CircleRule> for CircleRule {
    fn from(r: core::CircleRule) -> Self {
        let check = match r.check {
            core::RuleCheck::Phrases { phrases } => RuleCheck::Phrases { phrases },
            core::RuleCheck::Links { allowed_domains } => RuleCheck::Links { allowed_domains },
            core::RuleCheck::NewMemberLinks { hours } => RuleCheck::NewMemberLinks { hours },
            core::RuleCheck::Rate { posts, minutes } => RuleCheck::Rate { posts, minutes },
        };
        CircleRule {
            check,
            action: match r.action {
                core::RuleAction::Hold => RuleAction::Hold,
                core::RuleAction::Flag => RuleAction::Flag,
            },
            explanation: r.explanation,
        }
    }
}

impl From<CircleRule> for core::CircleRule {
    fn from(r: CircleRule) -> Self {
        let check = match r.check {
            RuleCheck::Phrases { phrases } => core::RuleCheck::Phrases { phrases },
            RuleCheck::Links { allowed_domains } => core::RuleCheck::Links { allowed_domains },
            RuleCheck::NewMemberLinks { hours } => core::RuleCheck::NewMemberLinks { hours },
            RuleCheck::Rate { posts, minutes } => core::RuleCheck::Rate { posts, minutes },
        };
        core::CircleRule {
            check,
            action: match r.action {
                RuleAction::Hold => core::RuleAction::Hold,
                RuleAction::Flag => core::RuleAction::Flag,
            },
            explanation: r.explanation,
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// Replaces the circle's rules (none turns them off); facilitators. The error names the
    /// first thing wrong with a rule.
    pub async fn set_circle_rules(
        &self,
        circle_id: String,
        rules: Vec<CircleRule>,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let rules = rules.into_iter().map(Into::into).collect();
        self.call(move |c| c.set_circle_rules(&id, rules)).await
    }

    /// The circle's rules (every member may read them).
    pub async fn circle_rules(&self, circle_id: String) -> Result<Vec<CircleRule>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let rules = self.call(move |c| c.circle_rules(&id)).await?;
        Ok(rules.into_iter().map(Into::into).collect())
    }

    /// Posts that broke a rule and wait for a look, newest first (facilitators and
    /// co-facilitators).
    pub async fn flagged_posts(
        &self,
        circle_id: String,
    ) -> Result<Vec<CircleMessage>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let posts = self.call(move |c| c.flagged_posts(&id)).await?;
        Ok(posts.into_iter().map(Into::into).collect())
    }

    /// Takes a flagged post off the list on this phone, after a look.
    pub async fn dismiss_flag(
        &self,
        circle_id: String,
        message_id: String,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.dismiss_flag(&id, &message)).await
    }
}
