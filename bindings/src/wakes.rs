//! Wake-ups across the FFI: register this device with a push gateway (a UnifiedPush
//! endpoint, an FCM token or an APNs token), choose per circle whether new messages wake the
//! phone, and the words of the notification a wake leads to. The core decides all of it;
//! the apps hand over what their platform gave them and draw the settings.

use hearth_core::sync::PushGatewayClient;
use hearth_protocol::PushEndpoint;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;

/// Where a push service reaches this device, as the platform gave it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PushTarget {
    /// A UnifiedPush endpoint and its keys (what the distributor gave the app).
    UnifiedPush {
        /// The endpoint URL.
        endpoint: String,
        /// The P-256 public key, uncompressed (65 bytes).
        p256dh: Vec<u8>,
        /// The 16-byte auth secret.
        auth: Vec<u8>,
    },
    /// A Firebase Cloud Messaging registration token.
    Fcm {
        /// The token.
        token: String,
    },
    /// An APNs device token, hex.
    Apns {
        /// The token.
        token: String,
    },
}

impl PushTarget {
    fn into_core(self) -> Result<PushEndpoint, HearthError> {
        Ok(match self {
            PushTarget::UnifiedPush {
                endpoint,
                p256dh,
                auth,
            } => hearth_core::circles::unified_push_endpoint(&endpoint, &p256dh, &auth)?,
            PushTarget::Fcm { token } => PushEndpoint::Fcm { token },
            PushTarget::Apns { token } => PushEndpoint::Apns { token },
        })
    }
}

/// The words of the notification after a wake found new messages in `circles_with_news`
/// (names); a circle is named only when the person chose that.
#[uniffi::export]
pub fn wake_notification(circles_with_news: Vec<String>, name_circles: bool) -> String {
    hearth_core::circles::wake_notification(&circles_with_news, name_circles)
}

#[uniffi::export]
impl HearthClient {
    /// Registers this device with the push gateway at `gateway` (`https://`, or `http://` on
    /// this computer); every circle leaves a wake ticket at the next sync.
    pub async fn register_for_wakes(
        &self,
        gateway: String,
        target: PushTarget,
    ) -> Result<(), HearthError> {
        let endpoint = target.into_core()?;
        let core = self.core();
        self.runtime()
            .run_async(async move {
                PushGatewayClient::new(&gateway)?
                    .register(&core, endpoint)
                    .await
            })
            .await
    }

    /// The platform gave this device a new push address (FCM's `onNewToken`, a UnifiedPush
    /// distributor's new endpoint): tells the gateway, keeping the tickets the relay holds.
    /// Does nothing when wakes are not on.
    pub async fn renew_push_target(&self, target: PushTarget) -> Result<(), HearthError> {
        let endpoint = target.into_core()?;
        let core = self.core();
        self.runtime()
            .run_async(async move {
                match PushGatewayClient::registered(&core)? {
                    Some(gateway) => gateway.renew(&core, endpoint).await,
                    None => Ok(()),
                }
            })
            .await
    }

    /// Deletes this device's registration at its gateway: nothing wakes it any more.
    pub async fn unregister_wakes(&self) -> Result<(), HearthError> {
        let core = self.core();
        self.runtime()
            .run_async(async move {
                match PushGatewayClient::registered(&core)? {
                    Some(gateway) => gateway.unregister(&core).await,
                    None => Ok(()),
                }
            })
            .await
    }

    /// The push gateway this device is registered with, if any.
    pub async fn wake_gateway(&self) -> Result<Option<String>, HearthError> {
        self.call(|c| Ok(c.push_registration()?.map(|r| r.gateway)))
            .await
    }

    /// Whether new messages in this circle wake the phone (the default).
    pub async fn circle_wakes(&self, circle_id: String) -> Result<bool, HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.circle_wakes(&id)).await
    }

    /// Turns a circle's wakes on or off ("don't wake me for this circle").
    pub async fn set_circle_wakes(&self, circle_id: String, on: bool) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.set_circle_wakes(&id, on)).await
    }
}
