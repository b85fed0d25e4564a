//! A transport that loses, repeats and reorders: it wraps the real one and misbehaves as a
//! bad network would, deterministically from a seed.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Mutex;

use hearth_core::sync::{HttpTransport, LiveSubscription, Transport, TransportError};
use hearth_protocol::*;

/// Which faults, as chances in percent.
#[derive(Clone, Copy, Debug, Default)]
pub struct Faults {
    /// A post reaches the relay but its answer is lost.
    pub lose_post_answer: u32,
    /// A fetch answer is lost.
    pub lose_fetch: u32,
    /// A fetched page comes back shuffled with repeats.
    pub shuffle_and_repeat: u32,
    /// A live frame is dropped.
    pub drop_frame: u32,
    /// A live frame is delivered twice.
    pub repeat_frame: u32,
    /// An invite call (open, claim, answer, delete) reaches the relay but its answer is lost.
    pub lose_invite_answer: u32,
}

pub struct FaultyTransport {
    inner: HttpTransport,
    faults: Faults,
    rng: Mutex<u64>,
    pub lost_answers: Mutex<u32>,
    /// Every claim sent, as it went (for replaying).
    pub claims: Mutex<Vec<(String, ClaimInvite)>>,
    /// Every KeyPackage upload sent: how many one-time KeyPackages, and whether a last resort.
    pub uploads: Mutex<Vec<(usize, bool)>>,
    /// What a misbehaving relay hands over instead of the KeyPackage claimed, when set.
    pub substitute_key_package: Mutex<Option<ClaimedKeyPackage>>,
}

fn roll(rng: &Mutex<u64>, percent: u32) -> bool {
    let mut s = rng.lock().unwrap();
    // xorshift64*: deterministic from the seed.
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    (s.wrapping_mul(0x2545F4914F6CDD1D) >> 33) % 100 < u64::from(percent)
}

impl FaultyTransport {
    /// How many post answers were lost.
    pub fn lost_answers(&self) -> u32 {
        *self.lost_answers.lock().unwrap()
    }

    /// Loses a successful invite call's answer by chance (the call took effect).
    fn maybe_lose(&self, answer: Result<(), TransportError>) -> Result<(), TransportError> {
        if answer.is_ok() && roll(&self.rng, self.faults.lose_invite_answer) {
            *self.lost_answers.lock().unwrap() += 1;
            return Err(TransportError::Network);
        }
        answer
    }

    pub fn new(url: &str, faults: Faults, seed: u64) -> Self {
        FaultyTransport {
            inner: HttpTransport::for_relay(url).unwrap(),
            faults,
            rng: Mutex::new(seed | 1),
            lost_answers: Mutex::new(0),
            claims: Mutex::new(Vec::new()),
            uploads: Mutex::new(Vec::new()),
            substitute_key_package: Mutex::new(None),
        }
    }
}

impl Transport for FaultyTransport {
    type Live = FaultyLive;

    async fn register(&self, req: RegisterDevice) -> Result<DeviceRegistered, TransportError> {
        self.inner.register(req).await
    }
    async fn challenge(&self, req: ChallengeRequest) -> Result<Challenge, TransportError> {
        self.inner.challenge(req).await
    }
    async fn session(&self, req: SessionRequest) -> Result<Session, TransportError> {
        self.inner.session(req).await
    }
    async fn upload_key_packages(
        &self,
        t: &str,
        req: UploadKeyPackages,
    ) -> Result<(), TransportError> {
        self.uploads
            .lock()
            .unwrap()
            .push((req.key_packages.len(), req.last_resort.is_some()));
        self.inner.upload_key_packages(t, req).await
    }
    async fn key_package_count(&self, t: &str) -> Result<KeyPackageCount, TransportError> {
        self.inner.key_package_count(t).await
    }
    async fn claim_key_package(
        &self,
        t: &str,
        d: &str,
    ) -> Result<ClaimedKeyPackage, TransportError> {
        let claimed = self.inner.claim_key_package(t, d).await?;
        Ok(self
            .substitute_key_package
            .lock()
            .unwrap()
            .clone()
            .unwrap_or(claimed))
    }
    async fn post_welcome(&self, t: &str, d: &str, req: PostWelcome) -> Result<(), TransportError> {
        self.inner.post_welcome(t, d, req).await
    }
    async fn inbox(&self, t: &str) -> Result<Inbox, TransportError> {
        self.inner.inbox(t).await
    }
    async fn ack_welcomes(&self, t: &str, req: AckWelcomes) -> Result<(), TransportError> {
        self.inner.ack_welcomes(t, req).await
    }
    async fn delete_device(&self, t: &str) -> Result<(), TransportError> {
        self.inner.delete_device(t).await
    }
    async fn open_mailbox(&self, req: CreateMailbox) -> Result<(), TransportError> {
        self.inner.open_mailbox(req).await
    }
    async fn close_mailbox(&self, m: &[u8], req: CloseMailbox) -> Result<(), TransportError> {
        self.inner.close_mailbox(m, req).await
    }
    async fn open_inbox(&self, i: &[u8], req: OpenInbox) -> Result<(), TransportError> {
        self.inner.open_inbox(i, req).await
    }
    async fn leave_drop(&self, i: &[u8], req: LeaveDrop) -> Result<DropLeft, TransportError> {
        self.inner.leave_drop(i, req).await
    }
    async fn fetch_drops(&self, i: &[u8], req: InboxOwnerCall) -> Result<Drops, TransportError> {
        self.inner.fetch_drops(i, req).await
    }
    async fn close_inbox(&self, i: &[u8], req: InboxOwnerCall) -> Result<(), TransportError> {
        self.inner.close_inbox(i, req).await
    }
    async fn put_ticket(
        &self,
        mailbox: &[u8],
        ticket_id: &[u8],
        req: hearth_protocol::RegisterTicket,
    ) -> Result<(), TransportError> {
        self.inner.put_ticket(mailbox, ticket_id, req).await
    }
    async fn delete_ticket(
        &self,
        mailbox: &[u8],
        ticket_id: &[u8],
        epoch: u64,
        capability: &[u8],
    ) -> Result<(), TransportError> {
        self.inner
            .delete_ticket(mailbox, ticket_id, epoch, capability)
            .await
    }
    async fn post_report(
        &self,
        mailbox: &[u8],
        req: PostReport,
    ) -> Result<ReportPosted, TransportError> {
        self.inner.post_report(mailbox, req).await
    }
    async fn fetch_reports(
        &self,
        mailbox: &[u8],
        req: FetchReports,
    ) -> Result<Reports, TransportError> {
        self.inner.fetch_reports(mailbox, req).await
    }
    async fn post(&self, mailbox: &[u8], req: PostMessage) -> Result<Posted, TransportError> {
        let answer = self.inner.post(mailbox, req).await;
        if answer.is_ok() && roll(&self.rng, self.faults.lose_post_answer) {
            *self.lost_answers.lock().unwrap() += 1;
            return Err(TransportError::Network);
        }
        answer
    }
    async fn fetch(
        &self,
        mailbox: &[u8],
        cap: &[u8],
        q: FetchQuery,
    ) -> Result<Fetched, TransportError> {
        if roll(&self.rng, self.faults.lose_fetch) {
            return Err(TransportError::Network);
        }
        let mut fetched = self.inner.fetch(mailbox, cap, q).await?;
        if fetched.messages.len() > 1 && roll(&self.rng, self.faults.shuffle_and_repeat) {
            let first = fetched.messages[0].clone();
            fetched.messages.reverse();
            fetched.messages.push(first);
        }
        Ok(fetched)
    }
    async fn create_invite(&self, n: &str, req: CreateInvite) -> Result<(), TransportError> {
        let answer = self.inner.create_invite(n, req).await;
        self.maybe_lose(answer)
    }
    async fn invite_offer(&self, n: &str) -> Result<InviteOffer, TransportError> {
        self.inner.invite_offer(n).await
    }
    async fn claim_invite(&self, n: &str, req: ClaimInvite) -> Result<(), TransportError> {
        self.claims
            .lock()
            .unwrap()
            .push((n.to_string(), req.clone()));
        let answer = self.inner.claim_invite(n, req).await;
        self.maybe_lose(answer)
    }
    async fn invite_claim(&self, n: &str, owner: &[u8]) -> Result<InviteClaim, TransportError> {
        self.inner.invite_claim(n, owner).await
    }
    async fn answer_invite(
        &self,
        n: &str,
        owner: &[u8],
        req: AnswerInvite,
    ) -> Result<(), TransportError> {
        let answer = self.inner.answer_invite(n, owner, req).await;
        self.maybe_lose(answer)
    }
    async fn invite_answer(&self, n: &str, claim: &[u8]) -> Result<InviteAnswer, TransportError> {
        self.inner.invite_answer(n, claim).await
    }
    async fn delete_invite(&self, n: &str, token: &[u8]) -> Result<(), TransportError> {
        let answer = self.inner.delete_invite(n, token).await;
        self.maybe_lose(answer)
    }
    async fn live(&self, subscribe: LiveRequest) -> Result<FaultyLive, TransportError> {
        let inner = self.inner.live(subscribe).await?;
        let seed = {
            let mut s = self.rng.lock().unwrap();
            *s = s.wrapping_add(0x9E3779B97F4A7C15);
            *s
        };
        Ok(FaultyLive {
            inner,
            faults: self.faults,
            rng: Mutex::new(seed | 1),
            held: None,
        })
    }
}

pub struct FaultyLive {
    inner: <HttpTransport as Transport>::Live,
    faults: Faults,
    rng: Mutex<u64>,
    held: Option<LiveFrame>,
}

impl LiveSubscription for FaultyLive {
    async fn next(&mut self) -> Option<LiveFrame> {
        if let Some(frame) = self.held.take() {
            return Some(frame);
        }
        loop {
            let frame = self.inner.next().await?;
            if matches!(frame, LiveFrame::Message(_)) && roll(&self.rng, self.faults.drop_frame) {
                continue;
            }
            if roll(&self.rng, self.faults.repeat_frame) {
                self.held = Some(frame.clone());
            }
            return Some(frame);
        }
    }
}
