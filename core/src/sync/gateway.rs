//! Registering this device with a push gateway: its keys are fetched, the device's push
//! endpoint (a UnifiedPush endpoint, an FCM or APNs token) is registered, and the answer is
//! kept in the profile. The gateway's address is checked as a relay's is (`https://`, or
//! `http://` only to this computer).

use hearth_protocol::{
    Bytes, GatewayInfo, PushEndpoint, PushRegistered, RegisterPush, REGISTRATION_SECRET_HEADER,
};

use super::relay_url::RelayUrl;
use crate::circles::PushRegistration;
use crate::error::{Error, Result};
use crate::Client;

/// A push gateway's HTTP API.
pub struct PushGatewayClient {
    http: reqwest::Client,
    base: RelayUrl,
}

impl PushGatewayClient {
    /// A client for the gateway at `url` (refused unless `https://`, or `http://` to this
    /// computer).
    pub fn new(url: &str) -> Result<Self> {
        let base = RelayUrl::parse(url).map_err(|_| {
            Error::invalid(
                "push gateway",
                "must be an https:// address (http:// only on this computer)",
            )
        })?;
        let tls = super::http::tls_config(super::http::public_roots())
            .map_err(|_| Error::Internal("TLS"))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .map_err(|_| Error::Internal("HTTP client"))?;
        Ok(PushGatewayClient { http, base })
    }

    /// A client for the gateway this device is registered with; None when it is not.
    pub fn registered(client: &Client) -> Result<Option<Self>> {
        client
            .push_registration()?
            .map(|r| Self::new(&r.gateway))
            .transpose()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1{path}", self.base.as_str().trim_end_matches('/'))
    }

    /// Registers `endpoint` and keeps the registration in `client`'s profile (replacing any
    /// earlier one: tickets are left again at the next sync).
    pub async fn register(&self, client: &Client, endpoint: PushEndpoint) -> Result<()> {
        let info: GatewayInfo = self.answer(self.http.get(self.url("/gateway"))).await?;
        let registered: PushRegistered = self
            .answer(
                self.http
                    .post(self.url("/registrations"))
                    .json(&RegisterPush { endpoint }),
            )
            .await?;
        let registration_id = registered
            .registration_id
            .as_slice()
            .try_into()
            .map_err(|_| Error::invalid("push gateway", "its answer is malformed"))?;
        client.set_push_registration(&PushRegistration {
            gateway: self.base.as_str().to_string(),
            ticket_key: info.ticket_key.0,
            registration_id,
            secret: registered.secret.0,
        })
    }

    /// The platform gave this device a new push address (an FCM token or a UnifiedPush
    /// endpoint changes now and then): the registration keeps its id, so the tickets the
    /// relay holds still wake this device. A gateway that forgot the registration (the push
    /// service said the old address was gone) gets a fresh one, and sync leaves new tickets.
    /// Nothing happens when this device is not registered.
    pub async fn renew(&self, client: &Client, endpoint: PushEndpoint) -> Result<()> {
        let Some(registration) = client.push_registration()? else {
            return Ok(());
        };
        let response = self
            .registration_request(reqwest::Method::PUT, &registration)
            .json(&RegisterPush {
                endpoint: endpoint.clone(),
            })
            .send()
            .await
            .map_err(|_| Error::Network)?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            404 => self.register(client, endpoint).await,
            400 => Err(refused()),
            _ => Err(Error::Network),
        }
    }

    /// Deletes this device's registration at the gateway and forgets it.
    pub async fn unregister(&self, client: &Client) -> Result<()> {
        let Some(registration) = client.push_registration()? else {
            return Ok(());
        };
        let response = self
            .registration_request(reqwest::Method::DELETE, &registration)
            .send()
            .await
            .map_err(|_| Error::Network)?;
        // Unknown there already (404): forgetting it is all that is left to do.
        if !(response.status().is_success() || response.status().as_u16() == 404) {
            return Err(Error::Network);
        }
        client.clear_push_registration()
    }

    /// A request about this device's registration, with the secret that shows it is ours.
    fn registration_request(
        &self,
        method: reqwest::Method,
        registration: &PushRegistration,
    ) -> reqwest::RequestBuilder {
        let path = format!(
            "/registrations/{}",
            Bytes(registration.registration_id.to_vec()).to_text()
        );
        self.http.request(method, self.url(&path)).header(
            REGISTRATION_SECRET_HEADER,
            Bytes(registration.secret.clone()).to_text(),
        )
    }

    async fn answer<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T> {
        let response = request.send().await.map_err(|_| Error::Network)?;
        let status = response.status();
        if status.as_u16() == 400 {
            return Err(refused());
        }
        if !status.is_success() {
            return Err(Error::Network);
        }
        response.json().await.map_err(|_| Error::Network)
    }
}

fn refused() -> Error {
    Error::invalid(
        "push endpoint",
        "the gateway refused it (it must be a public https:// endpoint)",
    )
}
