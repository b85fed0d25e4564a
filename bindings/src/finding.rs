//! Finding a circle across the FFI: trusting an organisation's signed directory, browsing its
//! circles by topic, asking to join one and joining by the code that comes back; and a
//! facilitator's side: opening a circle to requests, reading them, answering them.
//! Organisation keys travel as the unpadded base64url text organisations hand out.

use hearth_core::finding as core;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;
use crate::invites::InviteJoin;

/// A directory this phone trusts.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DirectorySource {
    /// Where its file is fetched from.
    pub url: String,
    /// The organisation's key (base64url): names the directory.
    pub org_key: String,
    /// Who publishes it (empty until its first file arrived).
    pub organisation: String,
    /// Circles its newest listing holds.
    pub circles: u32,
    /// When its file last checked out (Unix ms).
    pub fetched_at_ms: Option<i64>,
}

/// A circle a trusted directory lists.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct FoundCircle {
    /// Who lists it.
    pub organisation: String,
    /// Their key (base64url): with `circle_id`, names the circle in `ask_to_join`.
    pub org_key: String,
    /// The directory's id for it.
    pub circle_id: String,
    /// Its name.
    pub name: String,
    /// Who it is for and how it runs.
    pub description: String,
    /// Topic tags.
    pub topics: Vec<String>,
    /// When it meets, in words.
    pub schedule: String,
    /// Languages spoken.
    pub languages: Vec<String>,
}

/// A topic the trusted directories list.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TopicCount {
    /// The topic.
    pub topic: String,
    /// Circles listed with it.
    pub circles: u32,
}

/// Where a request this phone sent stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum SentRequestState {
    /// Waiting to be sent (the next sync).
    Sending,
    /// Sent; no answer yet.
    Waiting,
    /// A facilitator sent a code: offer "Join".
    Invited,
    /// Not this time: show the facilitator's message kindly.
    Declined,
    /// The circle no longer takes requests.
    Undeliverable,
    /// Joined with the code.
    Joined,
}

impl From<core::SentRequestState> for SentRequestState {
    fn from(s: core::SentRequestState) -> Self {
        use core::SentRequestState as S;
        match s {
            S::Sending => SentRequestState::Sending,
            S::Waiting => SentRequestState::Waiting,
            S::Invited => SentRequestState::Invited,
            S::Declined => SentRequestState::Declined,
            S::Undeliverable => SentRequestState::Undeliverable,
            S::Joined => SentRequestState::Joined,
        }
    }
}

/// A join request this phone sent.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SentRequest {
    /// Its id.
    pub id: i64,
    /// The organisation whose directory listed the circle.
    pub organisation: String,
    /// The circle's name there.
    pub circle_name: String,
    /// What the person wrote.
    pub note: String,
    /// Where it stands.
    pub state: SentRequestState,
    /// Whether a code came (join with `join_from_request`; the code itself stays in core).
    pub has_code: bool,
    /// The facilitator's word with the answer.
    pub message: Option<String>,
    /// When it was written (Unix ms).
    pub sent_at_ms: i64,
    /// When the answer arrived.
    pub answered_at_ms: Option<i64>,
}

impl From<core::SentRequest> for SentRequest {
    fn from(r: core::SentRequest) -> Self {
        SentRequest {
            id: r.id.raw(),
            organisation: r.organisation,
            circle_name: r.circle_name,
            note: r.note,
            state: r.state.into(),
            has_code: r.code.is_some(),
            message: r.message,
            sent_at_ms: r.sent_at_ms,
            answered_at_ms: r.answered_at_ms,
        }
    }
}

/// Where a request that arrived stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ReceivedRequestState {
    /// Nobody has answered it yet.
    Waiting,
    /// A code went to the person.
    Invited,
    /// They were told not this time.
    Declined,
}

/// A join request that arrived for a circle this phone opened to requests.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReceivedRequest {
    /// Its id.
    pub id: i64,
    /// The circle (hex id).
    pub circle_id: String,
    /// The directory's name for the circle it came through.
    pub listing: String,
    /// The name the person gave.
    pub name: String,
    /// What they wrote.
    pub note: String,
    /// Where it stands.
    pub state: ReceivedRequestState,
    /// When it arrived (Unix ms).
    pub received_at_ms: i64,
    /// The name of the other facilitator or co-facilitator who answered it (`None`: not
    /// answered yet, or answered on this phone).
    #[uniffi(default = None)]
    pub answered_by: Option<String>,
}

impl From<core::ReceivedRequest> for ReceivedRequest {
    fn from(r: core::ReceivedRequest) -> Self {
        ReceivedRequest {
            id: r.id.raw(),
            circle_id: r.circle.to_hex(),
            listing: r.listing,
            name: r.name,
            note: r.note,
            state: match r.state {
                core::ReceivedRequestState::Waiting => ReceivedRequestState::Waiting,
                core::ReceivedRequestState::Invited => ReceivedRequestState::Invited,
                core::ReceivedRequestState::Declined => ReceivedRequestState::Declined,
            },
            received_at_ms: r.received_at_ms,
            answered_by: r.answered_by,
        }
    }
}

/// A circle this phone opened to requests.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RequestInbox {
    /// Whether the relay has opened it yet.
    pub ready: bool,
    /// Its entry for the organisation's directory (JSON).
    pub listing_entry: String,
}

fn org_key(text: &str) -> Result<Vec<u8>, HearthError> {
    Ok(core::directory::parse_org_key(text)?)
}

fn key_text(key: &[u8]) -> String {
    hearth_protocol::Bytes(key.to_vec()).to_text()
}

#[uniffi::export]
impl HearthClient {
    /// Trusts an organisation's directory (its file's address and the organisation's key),
    /// fetches it and checks its signature. A file that does not check out is
    /// `DirectoryNotTrusted`, and nothing is kept.
    pub async fn add_directory(&self, url: String, org_key: String) -> Result<(), HearthError> {
        let key = self.call(move |c| c.add_directory(&url, &org_key)).await?;
        let core = self.core();
        let refreshed = self
            .runtime()
            .run_async({
                let key = key.clone();
                async move { hearth_core::sync::refresh_directory(&core, &key).await }
            })
            .await;
        if refreshed.is_err() {
            self.call(move |c| c.remove_directory(&key)).await?;
        }
        refreshed
    }

    /// Fetches a trusted directory again (`DirectoryNotTrusted` if it no longer checks out;
    /// the listing already here stays).
    pub async fn refresh_directory(&self, org_key: String) -> Result<(), HearthError> {
        let key = self::org_key(&org_key)?;
        let core = self.core();
        self.runtime()
            .run_async(async move { hearth_core::sync::refresh_directory(&core, &key).await })
            .await
    }

    /// Stops trusting a directory.
    pub async fn remove_directory(&self, org_key: String) -> Result<(), HearthError> {
        let key = self::org_key(&org_key)?;
        self.call(move |c| c.remove_directory(&key)).await
    }

    /// The directories this phone trusts.
    pub async fn directories(&self) -> Result<Vec<DirectorySource>, HearthError> {
        let sources = self.call(|c| c.directories()).await?;
        Ok(sources
            .into_iter()
            .map(|s| DirectorySource {
                url: s.url,
                org_key: key_text(&s.org_key),
                organisation: s.organisation,
                circles: s.circles,
                fetched_at_ms: s.fetched_at_ms,
            })
            .collect())
    }

    /// The circles the trusted directories list, with a topic and in a language when given.
    pub async fn find_circles(
        &self,
        topic: Option<String>,
        language: Option<String>,
    ) -> Result<Vec<FoundCircle>, HearthError> {
        let found = self
            .call(move |c| c.find_circles(topic.as_deref(), language.as_deref()))
            .await?;
        Ok(found
            .into_iter()
            .map(|f| FoundCircle {
                organisation: f.organisation,
                org_key: key_text(&f.org_key),
                circle_id: f.circle.id,
                name: f.circle.name,
                description: f.circle.description,
                topics: f.circle.topics,
                schedule: f.circle.schedule,
                languages: f.circle.languages,
            })
            .collect())
    }

    /// The topics listed, most circles first.
    pub async fn directory_topics(&self) -> Result<Vec<TopicCount>, HearthError> {
        let topics = self.call(|c| c.directory_topics()).await?;
        Ok(topics
            .into_iter()
            .map(|t| TopicCount {
                topic: t.topic,
                circles: t.circles,
            })
            .collect())
    }

    /// Asks to join a listed circle under `name`, with a short note (up to 600 characters),
    /// sealed so only its facilitators can read it.
    pub async fn ask_to_join(
        &self,
        org_key: String,
        circle_id: String,
        name: String,
        note: String,
    ) -> Result<SentRequest, HearthError> {
        let key = self::org_key(&org_key)?;
        let sent = self
            .call(move |c| c.ask_to_join(&key, &circle_id, &name, &note))
            .await?;
        Ok(sent.into())
    }

    /// The requests this phone sent, newest first.
    pub async fn sent_requests(&self) -> Result<Vec<SentRequest>, HearthError> {
        let sent = self.call(|c| c.sent_requests()).await?;
        Ok(sent.into_iter().map(Into::into).collect())
    }

    /// Forgets a request (one still waiting is withdrawn).
    pub async fn forget_request(&self, id: i64) -> Result<(), HearthError> {
        self.call(move |c| c.forget_request(core::SentRequestId::from_raw(id)))
            .await
    }

    /// Joins with the code a facilitator sent in answer, under `display_name`.
    pub async fn join_from_request(
        &self,
        id: i64,
        display_name: String,
    ) -> Result<InviteJoin, HearthError> {
        let join = self
            .call(move |c| c.join_from_request(core::SentRequestId::from_raw(id), &display_name))
            .await?;
        Ok(join.into())
    }

    /// Opens a circle to requests (facilitators): returns its entry for the directory.
    pub async fn open_to_requests(&self, circle_id: String) -> Result<RequestInbox, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let inbox = self.call(move |c| c.open_to_requests(&id)).await?;
        Ok(RequestInbox {
            ready: inbox.ready,
            listing_entry: inbox.listing_entry,
        })
    }

    /// A circle's request inbox, if this phone opened it to requests.
    pub async fn request_inbox(
        &self,
        circle_id: String,
    ) -> Result<Option<RequestInbox>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let inbox = self.call(move |c| c.request_inbox(&id)).await?;
        Ok(inbox.map(|i| RequestInbox {
            ready: i.ready,
            listing_entry: i.listing_entry,
        }))
    }

    /// Closes a circle to requests.
    pub async fn close_to_requests(&self, circle_id: String) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.close_to_requests(&id)).await
    }

    /// The requests that arrived (for one circle, or all): waiting ones first.
    pub async fn join_requests(
        &self,
        circle_id: Option<String>,
    ) -> Result<Vec<ReceivedRequest>, HearthError> {
        let id = circle_id.as_deref().map(self::circle_id).transpose()?;
        let requests = self.call(move |c| c.join_requests(id.as_ref())).await?;
        Ok(requests.into_iter().map(Into::into).collect())
    }

    /// Sends the person a one-time code that admits them, with a word from you.
    pub async fn invite_requester(&self, id: i64, message: String) -> Result<(), HearthError> {
        self.call(move |c| c.invite_requester(core::ReceivedRequestId::from_raw(id), &message))
            .await
    }

    /// Tells the person not this time, kindly.
    pub async fn decline_request(&self, id: i64, message: String) -> Result<(), HearthError> {
        self.call(move |c| c.decline_request(core::ReceivedRequestId::from_raw(id), &message))
            .await
    }
}
