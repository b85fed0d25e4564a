//! How a wake shows, across the FFI: whether notifications name circles, the quiet hours,
//! and after a wake and its sync, the notification to show (the core decides it: mutes,
//! "don't wake me", what was read or told before, quiet hours).

use hearth_core::circles as core;

use crate::client::HearthClient;
use crate::error::HearthError;
use crate::reminders::{time_from_core, time_to_core, TimeOfDay};

/// A daily stretch in which wakes show nothing; it may run past midnight (22:00 to 07:00).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct QuietHours {
    /// When quiet begins.
    pub start: TimeOfDay,
    /// When it ends.
    pub end: TimeOfDay,
    /// The IANA time zone of the times, e.g. "Europe/Dublin".
    pub time_zone: String,
}

/// How wakes show.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NotificationSettings {
    /// Name the circle in the notification (off: "New messages in Hearth").
    pub name_circles: bool,
    /// When wakes show nothing (the news waits for the next wake after).
    pub quiet_hours: Option<QuietHours>,
}

/// The notification to show after a wake.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct WakeNotice {
    /// Its words.
    pub text: String,
    /// The circles with news (ids), to open when it is tapped.
    pub circle_ids: Vec<String>,
    /// How many new messages it covers.
    pub messages: u32,
}

impl TryFrom<NotificationSettings> for core::NotificationSettings {
    type Error = HearthError;
    fn try_from(s: NotificationSettings) -> Result<Self, HearthError> {
        Ok(core::NotificationSettings {
            name_circles: s.name_circles,
            quiet_hours: s
                .quiet_hours
                .map(|q| -> Result<_, HearthError> {
                    Ok(core::QuietHours {
                        start: time_to_core(q.start)?,
                        end: time_to_core(q.end)?,
                        time_zone: q.time_zone,
                    })
                })
                .transpose()?,
        })
    }
}

impl From<core::NotificationSettings> for NotificationSettings {
    fn from(s: core::NotificationSettings) -> Self {
        NotificationSettings {
            name_circles: s.name_circles,
            quiet_hours: s.quiet_hours.map(|q| QuietHours {
                start: time_from_core(q.start),
                end: time_from_core(q.end),
                time_zone: q.time_zone,
            }),
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// How wakes show.
    pub async fn notification_settings(&self) -> Result<NotificationSettings, HearthError> {
        self.call(|c| Ok(c.notification_settings()?.into())).await
    }

    /// Changes how wakes show; returns them as kept. An unknown time zone or quiet hours
    /// that start when they end are `InvalidInput`.
    pub async fn set_notification_settings(
        &self,
        settings: NotificationSettings,
    ) -> Result<NotificationSettings, HearthError> {
        let settings = core::NotificationSettings::try_from(settings)?;
        self.call(move |c| Ok(c.set_notification_settings(settings)?.into()))
            .await
    }

    /// Call after a wake once sync ran: the notification to show, or none (nothing new the
    /// person wants to hear of, or their quiet hours). What it tells is not told again.
    pub async fn notice_after_wake(&self) -> Result<Option<WakeNotice>, HearthError> {
        self.call(|c| {
            Ok(c.notice_after_wake(jiff::Timestamp::now())?
                .map(|n| WakeNotice {
                    text: n.text,
                    circle_ids: n.circles.iter().map(hex::encode).collect(),
                    messages: n.messages,
                }))
        })
        .await
    }
}
