//! Wake-ups: what a device leaves at the relay (a wake ticket per circle and epoch), what it
//! tells a push gateway (where to wake it), and what the relay hands the gateway (tickets).
//!
//! Three parties, each knowing one side. The relay knows mailboxes and holds tickets it
//! cannot open. The gateway opens tickets to registration ids and knows where to wake each
//! device, never a mailbox. The push service knows the phone. A wake carries no circle,
//! sender or text: it is [`WAKE_BODY`], and the phone syncs and writes its own notification.

use crate::Bytes;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Bytes of the id a device chooses for a ticket (to withdraw it).
pub const TICKET_ID_SIZE: usize = 16;

/// Bytes of every wake ticket (see the `hearth-wake-ticket` crate).
pub const WAKE_TICKET_SIZE: usize = 80;

/// The body of every wake, before the push service's own encryption: the same for every
/// device, circle and message.
pub const WAKE_BODY: &[u8] = br#"{"hearth":"wake"}"#;

/// The header that names the epoch when a ticket is withdrawn.
pub const EPOCH_HEADER: &str = "x-hearth-epoch";

/// The header a device presents its registration secret in, at the gateway.
pub const REGISTRATION_SECRET_HEADER: &str = "x-hearth-registration-secret";

/// `PUT /v1/mailboxes/{mailbox_id}/tickets/{ticket_id}` at the relay: wake the ticket's
/// device when this mailbox gets a message, for as long as `epoch` is the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterTicket {
    /// The mailbox's current epoch.
    pub epoch: u64,
    /// That epoch's capability.
    pub capability: Bytes,
    /// The sealed ticket, exactly [`WAKE_TICKET_SIZE`] bytes.
    pub ticket: Bytes,
}

/// `GET /v1/gateway` at a push gateway: its keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayInfo {
    /// The X25519 key tickets are sealed to.
    pub ticket_key: Bytes,
    /// The gateway's VAPID public key (P-256, uncompressed), for UnifiedPush distributors
    /// that take one.
    pub vapid_key: Bytes,
}

/// Where a push service reaches a device.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PushEndpoint {
    /// A UnifiedPush (Web Push, RFC 8030) endpoint and its message-encryption keys (RFC 8291).
    UnifiedPush {
        /// The `https://` URL the distributor gave.
        endpoint: String,
        /// The device's P-256 public key (uncompressed, 65 bytes).
        p256dh: Bytes,
        /// The 16-byte authentication secret.
        auth: Bytes,
    },
    /// A Firebase Cloud Messaging registration token.
    Fcm {
        /// The token.
        token: String,
    },
    /// An Apple Push Notification service device token.
    Apns {
        /// The token, hex.
        token: String,
    },
}

impl std::fmt::Debug for PushEndpoint {
    // Endpoints and tokens address a phone: never in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushEndpoint::UnifiedPush { .. } => f.write_str("UnifiedPush(..)"),
            PushEndpoint::Fcm { .. } => f.write_str("Fcm(..)"),
            PushEndpoint::Apns { .. } => f.write_str("Apns(..)"),
        }
    }
}

/// `POST /v1/registrations` at a gateway (or `PUT /v1/registrations/{id}` to change it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterPush {
    /// Where to wake the device.
    pub endpoint: PushEndpoint,
}

/// A registration made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRegistered {
    /// The id tickets carry (16 bytes).
    pub registration_id: Bytes,
    /// What changes or deletes the registration (32 bytes; the gateway keeps its hash).
    pub secret: Bytes,
}

/// `POST /v1/wake` at a gateway, from a relay: tickets of mailboxes that got messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WakeBatch {
    /// Tickets, of one or several mailboxes, in no meaningful order.
    pub tickets: Vec<Bytes>,
}

/// What became of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WakeTaken {
    /// Tickets that opened to a known registration.
    pub opened: u32,
    /// Tickets that did not open, or whose registration is gone.
    pub dropped: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_travel_tagged_and_never_print() {
        let e = PushEndpoint::Fcm {
            token: "secret-token".into(),
        };
        let json = serde_json::to_string(&e).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"fcm","token":"secret-token"}"#);
        assert_eq!(format!("{e:?}"), "Fcm(..)");
    }
}
