//! hearth-ffi: the uniffi layer over hearth-core (journal, circles, invite codes, sync). It converts types and nothing else; every
//! rule lives in the core.
//!
//! One file per exported object or family of records. Every exported item carries a doc
//! comment, which uniffi copies into the generated Kotlin and Swift.
//!
//! Calls that touch the profile are `async` and run on a tokio runtime the client owns, on
//! its blocking pool, so the app's main thread never waits on disk or on Argon2id. A panic in
//! the core becomes [`HearthError::Internal`], never a crash of the app.

uniffi::setup_scaffolding!();

mod breakouts;
mod checkin;
mod circle_events;
mod circles;
mod client;
mod entry;
mod error;
mod events;
mod export;
mod finding;
mod foreign_import;
mod goals;
mod identity;
mod insights;
mod invites;
mod moderation;
mod notifications;
mod open;
mod permissions;
mod programmes;
mod reminders;
mod reports;
mod rules;
mod runtime;
mod safety;
mod sessions;
mod sharing;
mod survey;
mod sync;
mod talks;
mod time;
mod wakes;

pub use checkin::{Checkin, CheckinDraft, EmotionVocabulary, JournalQuery, TagUsage};
pub use circle_events::{CircleEvent, DroppedChange, EventPerson, Undelivered};
pub use circles::{
    invitation_notice, CircleMember, CircleMessage, CircleMessageKind, CircleState, CircleSummary,
    Reaction, Role,
};
pub use client::HearthClient;
pub use entry::{Entry, EntryDraft, SearchHit, SearchHitKind};
pub use error::HearthError;
pub use events::{HearthEvent, HearthListener, Subscription};
pub use export::{ImportSummary, SampleSummary};
pub use foreign_import::{
    ForeignApp, ForeignImportOptions, ForeignImportSummary, ForeignPreview, LeftOut, MoodMapping,
    MoodWordUse, RowProblem,
};
pub use goals::{
    Goal, GoalCard, GoalDay, GoalDraft, GoalLogEntry, GoalOutcome, GoalPlan, GoalProgress,
    GoalReminder, GoalReminderTime, GoalShareChoice, StreakUnit,
};
pub use identity::DeviceIdentity;
pub use insights::{
    Confidence, GoalEffect, Insights, InsightsRequest, InstrumentTrend, MoodComparison, MoodCount,
    PeriodMood, ScorePoint, Streaks, TagEffect, Weekday, WeekdayMood,
};
pub use invites::{
    ask_for_a_new_code_notice, before_joining_notice, check_invite_code, invite_limits, Invite,
    InviteJoin, InviteLimits, InviteOptions, InviteState, JoinState,
};
pub use notifications::{NotificationSettings, QuietHours, WakeNotice};
pub use open::{
    create_profile_with_key, create_profile_with_passphrase, open_profile_with_key,
    open_profile_with_passphrase,
};
pub use permissions::{member_actions, message_actions, MemberAction, MessageAction};
pub use programmes::{example_programmes, ProgrammeTemplate, ProgrammeTopic, ProgrammeWeek};
pub use reminders::{ReminderSchedule, ReminderSettings, TimeOfDay};
pub use rules::{CircleRule, RuleAction, RuleBreach, RuleCheck, RuleKind};
pub use survey::{
    instrument_info, Band, Instrument, InstrumentInfo, SafetyConcern, Severity, SurveyOutcome,
    SurveyResult,
};
pub use sync::{RelayAccount, RelaySync, SyncState};
pub use time::{LocalDate, Moment};
