//! Finding a circle on the client: the directories this phone trusts and the circles they
//! list; join requests sent and their answers; a facilitator's circles open to requests and
//! the requests that arrived. Each call is one transaction; sync carries requests and answers
//! through the relay's drop inboxes ([`crate::sync::refresh_directory`] fetches a directory).

use super::Client;
use crate::circles::GroupId;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::finding::directories::{self, DirectorySource, FoundCircle};
use crate::finding::{
    answering, asking, desk, directory, AnswerWork, AskWork, ReceivedRequest, ReceivedRequestId,
    RequestInbox, SentRequest, SentRequestId, SentRequestState,
};
use crate::invites::InviteJoin;
use crate::sync::RelayUrl;
use hearth_protocol::InboxDrop;

/// A topic the trusted directories list, and how many circles carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicCount {
    /// The topic, as the first listing to use it spells it.
    pub topic: String,
    /// Circles listed with it.
    pub circles: u32,
}

impl Client {
    fn requests_changed(&self) {
        self.circle_event(Event::RequestsChanged);
    }

    /// Trusts an organisation's directory: where its file is (`https://`, or `http://` on this
    /// computer) and its key (as the organisation gives it). Nothing is fetched yet: sync's
    /// [`crate::sync::refresh_directory`] does. Returns the key, which names the directory.
    pub fn add_directory(&self, url: &str, org_key: &str) -> Result<Vec<u8>> {
        let key = directory::parse_org_key(org_key)?;
        self.store
            .write(|tx| directories::add(tx, url.trim(), &key, self.now_ms()))?;
        self.requests_changed();
        Ok(key)
    }

    /// Stops trusting a directory (its circles are no longer listed here).
    pub fn remove_directory(&self, org_key: &[u8]) -> Result<()> {
        self.store.write(|tx| directories::remove(tx, org_key))?;
        self.requests_changed();
        Ok(())
    }

    /// The directories this phone trusts.
    pub fn directories(&self) -> Result<Vec<DirectorySource>> {
        self.store
            .read(|tx| Ok(directories::all(tx)?.into_iter().map(|(s, _)| s).collect()))
    }

    /// Where a trusted directory's file is fetched from.
    pub fn directory_url(&self, org_key: &[u8]) -> Result<String> {
        self.store.read(|tx| directories::url_of(tx, org_key))
    }

    /// Takes a directory file fetched for a trusted organisation: kept only if its signature
    /// checks out against the pinned key ([`Error::DirectoryNotTrusted`] otherwise) and it is
    /// no older than the listing already here.
    pub fn take_directory(&self, org_key: &[u8], file: &[u8]) -> Result<()> {
        self.store
            .write(|tx| directories::take(tx, org_key, file, self.now_ms()))?;
        self.requests_changed();
        Ok(())
    }

    /// The circles the trusted directories list, with a topic and in a language when given.
    pub fn find_circles(
        &self,
        topic: Option<&str>,
        language: Option<&str>,
    ) -> Result<Vec<FoundCircle>> {
        self.store.read(|tx| directories::find(tx, topic, language))
    }

    /// The topics listed, most circles first (then alphabetically), for browsing by topic.
    pub fn directory_topics(&self) -> Result<Vec<TopicCount>> {
        let mut counts: Vec<TopicCount> = Vec::new();
        for found in self.find_circles(None, None)? {
            for topic in &found.circle.topics {
                let topic = topic.trim();
                match counts
                    .iter_mut()
                    .find(|c| c.topic.eq_ignore_ascii_case(topic))
                {
                    Some(count) => count.circles += 1,
                    None => counts.push(TopicCount {
                        topic: topic.to_string(),
                        circles: 1,
                    }),
                }
            }
        }
        counts.sort_by(|a, b| {
            b.circles
                .cmp(&a.circles)
                .then_with(|| a.topic.to_lowercase().cmp(&b.topic.to_lowercase()))
        });
        Ok(counts)
    }

    /// Asks to join a listed circle, under the name given, with a short note
    /// ([`crate::finding::REQUEST_NOTE_MAX`] characters). The request is sealed to the
    /// circle's facilitators now and left by the next sync; asking again while one waits gives
    /// that one. A profile with no relay yet takes the circle's; a profile on another relay is
    /// refused (the answer could not reach it).
    pub fn ask_to_join(
        &self,
        org_key: &[u8],
        circle_id: &str,
        name: &str,
        note: &str,
    ) -> Result<SentRequest> {
        let relay = self
            .store
            .read(|tx| asking::relay_of(tx, org_key, circle_id))?;
        let relay = RelayUrl::parse(&relay)?;
        match self.relay_account()? {
            None => self.set_relay(relay.as_str())?,
            Some(account) if RelayUrl::parse(&account.url)?.as_str() != relay.as_str() => {
                return Err(Error::invalid(
                    "relay",
                    "this circle takes requests on another relay than this profile's",
                ))
            }
            Some(_) => {}
        }
        let request = self.store.write(|tx| {
            let id = asking::ask(tx, &self.mls, org_key, circle_id, name, note, self.now_ms())?;
            asking::get(tx, id)
        })?;
        self.requests_changed();
        self.sync_wanted();
        Ok(request)
    }

    /// The join requests this phone sent, newest first.
    pub fn sent_requests(&self) -> Result<Vec<SentRequest>> {
        self.store.read(asking::list)
    }

    /// Forgets a request sent: one still waiting is withdrawn (its reply inbox is closed, so
    /// no answer can land).
    pub fn forget_request(&self, id: SentRequestId) -> Result<()> {
        self.store.write(|tx| asking::forget(tx, id))?;
        self.requests_changed();
        self.sync_wanted();
        Ok(())
    }

    /// Joins with the code a facilitator sent in answer to a request, under `display_name`.
    pub fn join_from_request(&self, id: SentRequestId, display_name: &str) -> Result<InviteJoin> {
        let request = self.store.read(|tx| asking::get(tx, id))?;
        let code = match (request.state, request.code) {
            (SentRequestState::Invited, Some(code)) => code,
            _ => {
                return Err(Error::invalid(
                    "join request",
                    "no code has come for this request",
                ))
            }
        };
        let join = self.join_with_code(&code, display_name)?;
        self.store.write(|tx| asking::mark_joined(tx, id))?;
        self.requests_changed();
        Ok(join)
    }

    // --- A facilitator's side ---

    fn relay_for_requests(&self) -> Result<String> {
        self.relay_account()?
            .map(|a| a.url)
            .ok_or(Error::invalid("relay", "set a relay first"))
    }

    /// Opens a circle to requests (facilitators and co-facilitators): makes its request inbox,
    /// which the next sync opens at the relay. Give the returned entry to the organisation for
    /// its directory. Again: the inbox it has.
    pub fn open_to_requests(&self, group_id: &GroupId) -> Result<RequestInbox> {
        let relay = self.relay_for_requests()?;
        let inbox = self
            .store
            .write(|tx| answering::open(tx, &self.mls, group_id, &relay, self.now_ms()))?;
        self.requests_changed();
        self.sync_wanted();
        Ok(inbox)
    }

    /// A circle's request inbox, if this phone opened it to requests.
    pub fn request_inbox(&self, group_id: &GroupId) -> Result<Option<RequestInbox>> {
        let relay = self.relay_for_requests()?;
        self.store
            .read(|tx| answering::inbox(tx, &self.mls, group_id, &relay))
    }

    /// Closes a circle to requests: its inbox goes from the relay on the next sync. Requests
    /// that arrived stay and can still be answered.
    pub fn close_to_requests(&self, group_id: &GroupId) -> Result<()> {
        self.store
            .write(|tx| answering::close(tx, &self.mls, group_id, self.now_ms()))?;
        self.requests_changed();
        self.sync_wanted();
        Ok(())
    }

    /// The join requests that arrived for a circle (or every circle): waiting ones first.
    pub fn join_requests(&self, group_id: Option<&GroupId>) -> Result<Vec<ReceivedRequest>> {
        self.store.read(|tx| answering::list(tx, group_id))
    }

    /// Answers a request with a one-time code that admits whoever uses it (it shows with the
    /// circle's codes, labelled with the person's name), and a word from the facilitator.
    pub fn invite_requester(&self, id: ReceivedRequestId, message: &str) -> Result<()> {
        self.answer_request(id, answering::Reply::Invite, message)
    }

    /// Answers a request with a kind no (and the facilitator's word, if any).
    pub fn decline_request(&self, id: ReceivedRequestId, message: &str) -> Result<()> {
        self.answer_request(id, answering::Reply::Decline, message)
    }

    fn answer_request(
        &self,
        id: ReceivedRequestId,
        reply: answering::Reply,
        message: &str,
    ) -> Result<()> {
        let group_id = self
            .store
            .write(|tx| answering::answer(tx, &self.mls, id, reply, message, self.now_ms()))?;
        self.circle_event(Event::InviteChanged {
            nameplate: String::new(),
            group_id: hex::encode(&group_id),
        });
        self.requests_changed();
        self.sync_wanted();
        Ok(())
    }

    // --- The steps sync drives ---

    /// What sync should do for the requests this phone sent.
    pub(crate) fn ask_work(&self) -> Result<Vec<AskWork>> {
        self.store.read(|tx| asking::work(tx, self.now_ms()))
    }

    /// Gives each open request inbox's keys to the facilitators who have not had them from
    /// here, and forgets the circles our person no longer facilitates.
    pub(crate) fn share_request_desks(&self) -> Result<()> {
        let changed = self
            .store
            .write(|tx| desk::pass(tx, &self.mls, self.now_ms()))?;
        if changed {
            self.requests_changed();
            self.sync_wanted();
        }
        Ok(())
    }

    /// What sync should do for the circles this phone opened to requests.
    pub(crate) fn answer_work(&self) -> Result<Vec<AnswerWork>> {
        self.store.read(|tx| answering::work(tx, self.now_ms()))
    }

    pub(crate) fn reply_inbox_opened(&self, id: SentRequestId) -> Result<()> {
        self.store.write(|tx| asking::reply_opened(tx, id))
    }

    pub(crate) fn reply_inbox_closed(&self, id: SentRequestId) -> Result<()> {
        self.store.write(|tx| asking::reply_closed(tx, id))
    }

    pub(crate) fn request_left(&self, id: SentRequestId, delivered: bool) -> Result<()> {
        self.store.write(|tx| asking::left(tx, id, delivered))?;
        self.requests_changed();
        Ok(())
    }

    pub(crate) fn replies_read(&self, id: SentRequestId, drops: &[InboxDrop]) -> Result<()> {
        let answered = self
            .store
            .write(|tx| asking::replies(tx, &self.mls, id, drops, self.now_ms()))?;
        if answered {
            self.requests_changed();
            self.sync_wanted(); // the reply inbox closes
        }
        Ok(())
    }

    pub(crate) fn request_inbox_opened(&self, inbox: &[u8]) -> Result<()> {
        self.store.write(|tx| answering::opened(tx, inbox))?;
        self.requests_changed();
        Ok(())
    }

    pub(crate) fn request_inbox_closed(&self, group_id: &GroupId, inbox: &[u8]) -> Result<()> {
        self.store
            .write(|tx| answering::closed(tx, group_id, inbox))?;
        self.requests_changed();
        Ok(())
    }

    pub(crate) fn requests_read(
        &self,
        group_id: &GroupId,
        inbox: &[u8],
        drops: &[InboxDrop],
    ) -> Result<()> {
        let new = self
            .store
            .write(|tx| answering::arrived(tx, &self.mls, group_id, inbox, drops, self.now_ms()))?;
        if new > 0 {
            self.requests_changed();
        }
        Ok(())
    }

    pub(crate) fn answer_left(&self, id: ReceivedRequestId) -> Result<()> {
        self.store.write(|tx| answering::answer_left(tx, id))
    }
}
