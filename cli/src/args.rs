//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Hearth: a private, encrypted mood journal and peer-support circles.
#[derive(Parser, Debug)]
#[command(name = "hearth", version, about)]
pub struct Cli {
    /// The profile directory [default: $HEARTH_PROFILE, else ~/.local/share/hearth/profile].
    #[arg(long, global = true, env = "HEARTH_PROFILE")]
    pub profile: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a profile. The key comes from HEARTH_DB_KEY (64 hex characters) or a passphrase
    /// from HEARTH_PASSPHRASE or a prompt.
    Init {
        /// Your display name.
        #[arg(long)]
        name: String,
    },
    /// Show this device's identity.
    Whoami,
    /// Record a check-in.
    Checkin(CheckinArgs),
    /// List, show, edit or delete check-ins.
    #[command(subcommand)]
    Checkins(CheckinsCommand),
    /// Journal entries: add, list, show, edit, delete, search.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Personal goals: add one with its plan, log each day, see streaks, share a week.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// The emotion words on offer and the tags in use.
    Vocabulary,
    /// Insights over recent days, with a chart of mood over time.
    Insights {
        /// How many days back from today.
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
    /// Answer a questionnaire (interactively, or with --answers).
    Survey {
        /// Which questionnaire.
        instrument: InstrumentArg,
        /// Comma-separated answers, e.g. 0,1,2,0,0,1,0,0,0.
        #[arg(long)]
        answers: Option<String>,
    },
    /// Questionnaire results so far.
    Surveys,
    /// Export the journal.
    Export {
        /// What to write.
        format: ExportFormat,
        /// Where to write it.
        #[arg(long)]
        out: PathBuf,
    },
    /// Import an encrypted backup or a JSON export: all or nothing, nothing duplicated.
    Import {
        /// `backup`, `json`, or another app's export: `daylio` or `bearable`.
        format: ImportFormat,
        /// The file.
        file: PathBuf,
        /// Show what another app's export would bring, and write nothing.
        #[arg(long)]
        preview: bool,
        /// The IANA time zone another app's export was written in (default: this
        /// computer's).
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
        /// What one of your mood words in another app's export means, from 1 (very low)
        /// to 5 (very good), as `WORD=N`; repeat for each.
        #[arg(long = "mood", value_name = "WORD=N")]
        moods: Vec<String>,
    },
    /// Reminder settings and the next reminder times.
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Change the key or passphrase (new one from HEARTH_NEW_DB_KEY, HEARTH_NEW_PASSPHRASE
    /// or a prompt).
    Rekey,
    /// Delete the profile and every file it owns.
    DeleteEverything {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Register this device at a relay (prints the device id a facilitator adds you by).
    Register {
        /// The relay's URL, e.g. http://127.0.0.1:8787.
        #[arg(long)]
        relay: String,
    },
    /// Circles: create, list, show, members, add, remove, leave.
    #[command(subcommand)]
    Circle(CircleCommand),
    /// Invite codes for a circle: create, list, revoke, approve, decline.
    #[command(subcommand)]
    Invite(InviteCommand),
    /// Join a circle with an invite code from its facilitator.
    Join {
        /// The code (e.g. 7KQ2M9-XD4F-PW8T) or its hearth://join# link.
        code: String,
        /// The name you want to use in that circle.
        #[arg(long)]
        name: String,
        /// The relay to use, if this profile has none yet.
        #[arg(long)]
        relay: Option<String>,
    },
    /// A circle's guidelines: show them, accept them (posting waits until you do), or set
    /// new ones (facilitators; everyone is asked again).
    #[command(subcommand)]
    Guidelines(GuidelinesCommand),
    /// Facilitator tools: remove a message for everyone, pause a member's posting, pin,
    /// hand the circle over, close it.
    #[command(subcommand)]
    Mod(ModCommand),
    /// Mute a member on this device only (their messages show collapsed), or unmute.
    Mute {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The member (name, or the start of their key, see `circle members`).
        member: String,
        /// Unmute instead.
        #[arg(long)]
        undo: bool,
    },
    /// One-to-one talks: ask someone in a circle for a private talk, answer, end, block.
    #[command(subcommand)]
    Talk(TalkCommand),
    /// A circle's own rules: words, links, new members' links, a posting rate; each holds a
    /// post on the sender's phone or flags it for facilitators.
    #[command(subcommand)]
    Rules(RuleCommand),
    /// Breakout groups during a meeting: a facilitator splits the circle for a set time;
    /// each member reads and posts only in their own group; every phone deletes them after.
    #[command(subcommand)]
    Breakout(BreakoutCommand),
    /// Find a circle: trust an organisation's signed directory, browse it by topic, ask to
    /// join a circle (sealed to its facilitators), and join with the code that comes back.
    #[command(subcommand)]
    Find(FindCommand),
    /// Join requests for circles you facilitate: open a circle to requests, read them, send
    /// a code or a kind no.
    #[command(subcommand)]
    Requests(RequestsCommand),
    /// For organisations: make a signing key and sign a directory of circles.
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// Report a message to the circle's facilitators (only they can read it; nobody else
    /// can tell it was made), or with --support ask them privately for support.
    Report {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The message (its short id, see `read --ids`); not with --support.
        #[arg(required_unless_present = "support", conflicts_with = "support")]
        message: Option<String>,
        /// Why: harassment, hate, threat, self_harm, sexual, privacy, spam, other.
        #[arg(long, default_value = "other")]
        reason: String,
        /// What the facilitators should know (up to 500 characters).
        #[arg(long, default_value = "")]
        comment: String,
        /// Let the facilitators know you are struggling and would like support.
        #[arg(long)]
        support: bool,
    },
    /// The reports your phone opened for a circle you facilitate; mark one handled.
    Reports {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Include handled reports.
        #[arg(long)]
        all: bool,
        /// Mark this report handled (its short id, see `reports`).
        #[arg(long)]
        handled: Option<String>,
    },
    /// Share one of your check-ins to a circle as a card: the mood, and the parts you name.
    Share {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The check-in's id (see `checkins list`).
        checkin: String,
        /// Share the energy too.
        #[arg(long)]
        energy: bool,
        /// Share the emotion words too.
        #[arg(long)]
        emotions: bool,
        /// Share the tags too.
        #[arg(long)]
        tags: bool,
        /// Share the hours slept too.
        #[arg(long)]
        sleep: bool,
        /// Share the note too (it is private otherwise).
        #[arg(long)]
        note: bool,
    },
    /// A circle's meetings: schedule one (facilitators), list what is coming, cancel one.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Send a message to a circle.
    Send {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The message.
        text: String,
        /// Reply to this message: the digits `read --ids` shows (or its whole id).
        #[arg(long)]
        reply_to: Option<String>,
    },
    /// Show a circle's messages.
    Read {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Show each message's id (what `mod delete` and `mod pin` take).
        #[arg(long)]
        ids: bool,
        /// Keep showing new messages as they arrive, until Ctrl-C.
        #[arg(long)]
        follow: bool,
    },
    /// Send what waits and fetch what is new, for every circle.
    Sync,
    /// Run the relay: stores and forwards circles' ciphertext (never plaintext) on an embedded
    /// SQLite database or PostgreSQL, until Ctrl-C or SIGTERM.
    Relay(hearth_relay::cli::RelayArgs),
    /// The push gateway, which wakes phones for new messages without learning any circle.
    #[command(subcommand)]
    Push(PushCommand),
    /// On-device risk-language checks (no profile, no network).
    #[command(subcommand)]
    Safety(SafetyCommand),
    /// Crisis lines for a region, from the bundled directory.
    Resources {
        /// ISO 3166-1 two-letter region code (US, CA, GB, IE, AU, NZ...); every region when
        /// left out.
        #[arg(long)]
        region: Option<String>,
    },
    /// A throwaway profile with months of realistic sample data, then its insights.
    Demo {
        /// How many days of sample data.
        #[arg(long, default_value_t = 120)]
        days: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum SafetyCommand {
    /// Check a text for risk language. The first line is `risk` or `no risk`, for scripts;
    /// then the kinds found and the words that raised them.
    Check {
        /// The text to check.
        text: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CircleCommand {
    /// Create a circle; you are its facilitator.
    Create {
        /// Its name.
        name: String,
        /// A short description.
        #[arg(long, default_value = "")]
        description: String,
        /// A file with its guidelines.
        #[arg(long)]
        guidelines_file: Option<PathBuf>,
    },
    /// Your circles.
    List,
    /// Circles someone added you to by your device id, waiting for you to accept or
    /// decline (nothing is sent, not even your name, until you accept).
    Invitations,
    /// Accept an invitation: you join, and your name goes to the circle.
    Accept {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Decline an invitation: it goes from this device, and nobody is told.
    Decline {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// A circle's details.
    Show {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Whether a new message in the circle wakes this phone (through the push gateway);
    /// shows the setting when no choice is given.
    Wakes {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Turn wakes on or off for this circle.
        #[arg(value_enum)]
        choice: Option<OnOff>,
    },
    /// A circle's members.
    Members {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Add the member registered with DEVICE_ID (see `hearth register`).
    Add {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Their device id.
        device_id: String,
    },
    /// Remove a member (by name or the start of their key, see `members`).
    Remove {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The member.
        member: String,
    },
    /// Leave a circle.
    Leave {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Make messages disappear from every phone a while after they arrive (facilitators).
    Disappear {
        /// The circle (name, or the start of its id).
        circle: String,
        /// After how long: 30m, 12h, 7d (5 minutes to 365 days).
        #[arg(long, conflicts_with = "off", required_unless_present = "off")]
        after: Option<String>,
        /// Turn disappearing messages off.
        #[arg(long)]
        off: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    /// Schedule a meeting (facilitators): every member's phone will remind them.
    Add {
        /// The circle (name, or the start of its id).
        circle: String,
        /// What it is called.
        title: String,
        /// The first start, as local wall-clock time: 2026-11-24T19:00.
        #[arg(long)]
        at: String,
        /// The IANA time zone of --at (default: this machine's).
        #[arg(long)]
        tz: Option<String>,
        /// How long it lasts, in minutes.
        #[arg(long, default_value_t = 60)]
        minutes: u32,
        /// never, weekly, fortnightly or monthly.
        #[arg(long, default_value = "weekly")]
        repeat: String,
    },
    /// The coming meetings of your circles (or of one), with their reminder times.
    List {
        /// Only this circle (name, or the start of its id).
        circle: Option<String>,
        /// How many.
        #[arg(long, default_value_t = 10)]
        count: u32,
    },
    /// Cancel a meeting (facilitators).
    Cancel {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The session (its short id, see `session list`).
        session: String,
    },
    /// The example programmes that ship with Hearth.
    Programmes,
    /// Attach a programme to a repeating meeting (facilitators): week one is its next one.
    Programme {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The meeting it follows (its short id, see `session list`).
        session: String,
        /// An example programme (see `session programmes`).
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        example: Option<String>,
        /// Or a programme written as JSON (title, weeks of topic, text and prompts).
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Take the circle's programme off (facilitators).
    NoProgramme {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// The programme's topics for the coming meetings (the one under way first).
    Topics {
        /// The circle (name, or the start of its id).
        circle: String,
        /// How many meetings.
        #[arg(long, default_value_t = 3)]
        count: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum GuidelinesCommand {
    /// Print the circle's guidelines, their version and whether you accepted them.
    Show {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Accept the guidelines as `show` printed them.
    Accept {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The version you read (as `show` printed it).
        #[arg(long)]
        version: u32,
    },
    /// Set new guidelines from a file (facilitators); every member is asked again.
    Set {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The file with the new guidelines.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ModCommand {
    /// Remove a message for everyone; a tombstone stays ("removed by a facilitator").
    Delete {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The message (its short id, see `read --ids`).
        message: String,
    },
    /// Pause a member's posting for a while (30m, 2h, 1d; at most 30d).
    Timeout {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The member (name, or the start of their key, see `circle members`).
        member: String,
        /// How long.
        #[arg(long = "for", default_value = "1h")]
        length: String,
        /// Why (their phone shows it).
        #[arg(long, default_value = "")]
        reason: String,
        /// End a pause early instead.
        #[arg(long)]
        end: bool,
    },
    /// Pin a message for everyone, or unpin it.
    Pin {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The message (its short id, see `read --ids`).
        message: String,
        /// Unpin instead.
        #[arg(long)]
        undo: bool,
    },
    /// Hand the facilitator role to another member; you stay as a co-facilitator unless
    /// `--as-member`.
    Handover {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The member who takes over.
        member: String,
        /// Stay as a member rather than a co-facilitator.
        #[arg(long)]
        as_member: bool,
    },
    /// Close the circle for good: every phone shows it closed, the relay deletes its mailbox.
    Close {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Confirm without asking.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum InviteCommand {
    /// Make a one-time code for a circle; prints the code and its link.
    Create {
        /// The circle (name, or the start of its id).
        circle: String,
        /// How long it can be used: minutes, hours or days (30m, 48h, 7d; at most 7d).
        #[arg(long, default_value = "48h")]
        expires: String,
        /// Admit whoever uses it without asking you first.
        #[arg(long)]
        auto_admit: bool,
        /// A private note for yourself ("for Sam").
        #[arg(long, default_value = "")]
        label: String,
    },
    /// A circle's codes and where each stands.
    List {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Withdraw a code (the code, or its first six characters).
    Revoke {
        /// The code or its nameplate.
        code: String,
    },
    /// Let in the person waiting on a code.
    Approve {
        /// The code's nameplate (its first six characters, as `list` shows).
        request: String,
    },
    /// Turn away the person waiting on a code.
    Decline {
        /// The code's nameplate (its first six characters, as `list` shows).
        request: String,
    },
}

#[derive(Args, Debug, Default)]
pub struct CheckinArgs {
    /// Mood from 1 (very low) to 5 (very good).
    #[arg(long)]
    pub mood: Option<u8>,
    /// Energy from 1 to 5.
    #[arg(long)]
    pub energy: Option<u8>,
    /// An emotion (repeat for more).
    #[arg(long = "emotion")]
    pub emotions: Vec<String>,
    /// An activity or tag (repeat for more).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Hours slept.
    #[arg(long)]
    pub sleep: Option<f64>,
    /// A private note.
    #[arg(long)]
    pub note: Option<String>,
    /// When, as RFC 3339 with an offset [default: now].
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Args, Debug, Default)]
pub struct Filter {
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Only check-ins with this emotion.
    #[arg(long)]
    pub emotion: Option<String>,
    /// Only check-ins with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

/// A goal's plan and reminder, as `goal add` and `goal edit` take them.
#[derive(Args, Debug)]
pub struct GoalPlanArgs {
    /// Which days: weekday names like mon,wed,fri, or "every day".
    #[arg(long, conflicts_with = "times_per_week")]
    pub days: Option<String>,
    /// Or how many days a week, any days (1 to 7).
    #[arg(long)]
    pub times_per_week: Option<u8>,
    /// A reminder at this time (HH:MM) on the days still to do.
    #[arg(long, conflicts_with = "no_reminder")]
    pub remind: Option<String>,
    /// No reminder (edit).
    #[arg(long)]
    pub no_reminder: bool,
    /// The reminder's time zone (this computer's when not given).
    #[arg(long)]
    pub time_zone: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum TalkCommand {
    /// Ask a member of a circle for a private talk (facilitators can always be asked;
    /// members only where the circle allows it). Only they can read the request.
    Ask {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Who (their name, or the start of their key, see `circle members`).
        member: String,
        /// A short note for them (up to 500 characters).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Your talks: requests to answer, requests waiting, talks open and over.
    List,
    /// Accept a request: a circle of two opens (read and send there as in any circle).
    Accept {
        /// The talk (the digits `talk list` shows).
        talk: String,
    },
    /// Decline a request; they see it kindly.
    Decline {
        /// The talk (the digits `talk list` shows).
        talk: String,
    },
    /// Take back a request of yours not answered yet.
    Withdraw {
        /// The talk (the digits `talk list` shows).
        talk: String,
    },
    /// End a talk (either of you can).
    End {
        /// The talk (the digits `talk list` shows).
        talk: String,
    },
    /// Block the other person of a talk: they cannot ask you again from any circle you
    /// share. An open talk with them ends; nobody is told.
    Block {
        /// The talk (the digits `talk list` shows).
        talk: String,
    },
    /// Let someone you blocked ask again.
    Unblock {
        /// Their name as the block list shows it.
        name: String,
    },
    /// The people you blocked.
    Blocked,
    /// Let members of a circle ask each other for private talks (facilitators), or with
    /// --off only its facilitators again.
    Allow {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Only facilitators can be asked again.
        #[arg(long)]
        off: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum BreakoutCommand {
    /// Split the circle (facilitators): at random into groups of about --size people, or by
    /// hand with --groups "Ash,Birch;Cedar,Dara".
    Start {
        /// The circle (name, or the start of its id).
        circle: String,
        /// People per group at random (2 to 5).
        #[arg(long, conflicts_with = "groups")]
        size: Option<u32>,
        /// Groups by hand: members' names, a comma between people, a semicolon between groups.
        #[arg(long)]
        groups: Option<String>,
        /// How long they run (2 to 180 minutes).
        #[arg(long, default_value_t = 15)]
        minutes: u32,
    },
    /// The groups your phone holds (your own; facilitators see every group).
    List {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Post in a group (its name, "Group 1", or the start of its id).
    Send {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The group.
        group: String,
        /// The text.
        text: String,
    },
    /// Read a group's posts.
    Read {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The group.
        group: String,
    },
    /// End every group now, on every phone (facilitators).
    End {
        /// The circle (name, or the start of its id).
        circle: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum FindCommand {
    /// Trust an organisation's directory: where its file is and the organisation's key (from
    /// the organisation itself). The file is fetched and checked at once.
    Add {
        /// Its address (https://, or http:// on this computer).
        url: String,
        /// The organisation's key.
        #[arg(long)]
        key: String,
    },
    /// Fetch every trusted directory again.
    Refresh,
    /// The circles the trusted directories list.
    List {
        /// Only circles with this topic.
        #[arg(long)]
        topic: Option<String>,
        /// Only circles held in this language (en, cy...).
        #[arg(long)]
        language: Option<String>,
    },
    /// The topics listed, with how many circles carry each.
    Topics,
    /// Ask to join a listed circle; only its facilitators can read the request.
    Ask {
        /// The circle's id in the directory (see `find list`).
        circle: String,
        /// What the facilitators should call you.
        #[arg(long)]
        name: String,
        /// A short note for them (up to 600 characters).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The requests you sent and their answers.
    Sent,
    /// Join with the code a facilitator sent in answer.
    Join {
        /// The request's number (see `find sent`).
        request: i64,
        /// Your name in the circle.
        #[arg(long)]
        name: String,
    },
    /// Forget a request (one still waiting is withdrawn).
    Forget {
        /// The request's number (see `find sent`).
        request: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum RequestsCommand {
    /// Open a circle to requests and print its entry for the organisation's directory.
    Open {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Close a circle to requests (requests already here can still be answered).
    Close {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// The requests that arrived (for one circle, or all).
    List {
        /// The circle (name, or the start of its id).
        circle: Option<String>,
    },
    /// Send the person a one-time code that admits them.
    Invite {
        /// The request's number (see `requests list`).
        request: i64,
        /// A word for them (up to 500 characters).
        #[arg(long, default_value = "")]
        message: String,
    },
    /// Tell the person not this time, kindly.
    Decline {
        /// The request's number (see `requests list`).
        request: i64,
        /// A word for them (up to 500 characters): where else they might find support.
        #[arg(long, default_value = "")]
        message: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum DirectoryCommand {
    /// Make an organisation signing key: its secret goes to a file only you can read; its
    /// public key is printed, for people to add your directory with.
    Keygen {
        /// Where to write the secret key (refused if the file exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check and sign a listing (JSON: organisation, published_at, circles), writing the file
    /// to publish (on any web server, or the relay's --directory).
    Sign {
        /// The listing.
        listing: PathBuf,
        /// The secret key file `directory keygen` wrote.
        #[arg(long)]
        key_file: PathBuf,
        /// Where to write the signed directory.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum RuleCommand {
    /// The circle's rules, numbered.
    List {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Add a rule (facilitators): what it looks for (one of --phrases, --links,
    /// --new-member-links, --rate), what happens (--hold or --flag) and why.
    #[command(group(clap::ArgGroup::new("check").required(true)
        .args(["phrases", "links", "new_member_links", "rate"])))]
    #[command(group(clap::ArgGroup::new("action").required(true).args(["hold", "flag"])))]
    Add {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Words or phrases, separated by commas.
        #[arg(long)]
        phrases: Option<String>,
        /// Links, except to these domains (separated by commas; "" for none).
        #[arg(long)]
        links: Option<String>,
        /// Links from members in the circle for less than this many hours.
        #[arg(long, value_name = "HOURS")]
        new_member_links: Option<u32>,
        /// More than POSTS posts in MINUTES, written POSTS/MINUTES (e.g. 5/60).
        #[arg(long, value_name = "POSTS/MINUTES")]
        rate: Option<String>,
        /// Hold a post that breaks it on the sender's phone.
        #[arg(long)]
        hold: bool,
        /// Send it, and flag it for facilitators.
        #[arg(long)]
        flag: bool,
        /// Why, in your words: the sender (or the facilitators) see it.
        #[arg(long)]
        why: String,
    },
    /// Remove a rule by the number `rules list` shows (facilitators).
    Remove {
        /// The circle (name, or the start of its id).
        circle: String,
        /// Its number.
        number: usize,
    },
    /// Posts that broke a rule and wait for a look (facilitators and co-facilitators).
    Flagged {
        /// The circle (name, or the start of its id).
        circle: String,
    },
    /// Take a flagged post off the list after a look.
    Dismiss {
        /// The circle (name, or the start of its id).
        circle: String,
        /// The post (the digits `rules flagged` shows).
        message: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum GoalCommand {
    /// Add a goal: what, why, and which days or how often.
    Add {
        /// What, in a few words.
        title: String,
        /// Why it matters to you.
        #[arg(long)]
        why: Option<String>,
        /// The first day it counts (YYYY-MM-DD; today when not given).
        #[arg(long)]
        starts: Option<String>,
        #[command(flatten)]
        plan: GoalPlanArgs,
    },
    /// Change a goal's title, why, plan or reminder (what you leave out stays).
    Edit {
        /// The goal (the start of its id, see `goal list`).
        goal: String,
        /// A new title.
        #[arg(long)]
        title: Option<String>,
        /// A new why.
        #[arg(long)]
        why: Option<String>,
        #[command(flatten)]
        plan: GoalPlanArgs,
    },
    /// Your goals and how each is going this week.
    List {
        /// Ended goals too.
        #[arg(long)]
        all: bool,
    },
    /// One goal: plan, streak, completion rate, this week and the last weeks' log.
    Show {
        /// The goal (the start of its id).
        goal: String,
    },
    /// Say how a day went: done, partly or not-today.
    Log {
        /// The goal (the start of its id).
        goal: String,
        /// done, partly or not-today.
        outcome: String,
        /// The day (YYYY-MM-DD; today when not given).
        #[arg(long)]
        day: Option<String>,
        /// A short note.
        #[arg(long)]
        note: Option<String>,
    },
    /// Take back what a day said.
    Unlog {
        /// The goal (the start of its id).
        goal: String,
        /// The day (YYYY-MM-DD; today when not given).
        #[arg(long)]
        day: Option<String>,
    },
    /// End a goal (kept, with its log, for insights and exports).
    End {
        /// The goal (the start of its id).
        goal: String,
        /// Its last day (today when not given).
        #[arg(long)]
        day: Option<String>,
    },
    /// Take an ended goal up again.
    Resume {
        /// The goal (the start of its id).
        goal: String,
    },
    /// Delete a goal and its whole log.
    Delete {
        /// The goal (the start of its id).
        goal: String,
    },
    /// Share this week of a goal to a circle: its title and the week, nothing else unless
    /// you add --why or --streak.
    Share {
        /// The goal (the start of its id).
        goal: String,
        /// The circle (name, or the start of its id).
        circle: String,
        /// Share why it matters too.
        #[arg(long)]
        why: bool,
        /// Share the streak too.
        #[arg(long)]
        streak: bool,
    },
    /// When goal reminders will come.
    Reminders {
        /// How many.
        #[arg(long, default_value_t = 10)]
        count: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum CheckinsCommand {
    /// List check-ins, newest first.
    List(Filter),
    /// Show one check-in.
    Show { id: String },
    /// Replace a check-in's fields (give every field you want to keep).
    Edit {
        id: String,
        #[command(flatten)]
        fields: CheckinArgs,
    },
    /// Delete a check-in.
    Delete { id: String },
}

#[derive(Subcommand, Debug)]
pub enum JournalCommand {
    /// Write an entry.
    Add {
        /// The text.
        text: String,
        /// The prompt it answers.
        #[arg(long)]
        prompt: Option<String>,
        /// Link it to a check-in.
        #[arg(long)]
        checkin: Option<String>,
        /// When, as RFC 3339 with an offset [default: now].
        #[arg(long)]
        at: Option<String>,
    },
    /// List entries, newest first.
    List(Filter),
    /// Show one entry.
    Show { id: String },
    /// Replace an entry's text (and optionally its prompt).
    Edit {
        id: String,
        /// The new text.
        text: String,
        /// The prompt it answers.
        #[arg(long)]
        prompt: Option<String>,
    },
    /// Delete an entry.
    Delete { id: String },
    /// Search notes and entries.
    Search {
        /// Words to find.
        query: String,
        /// At most this many.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Subcommand, Debug)]
pub enum RemindersCommand {
    /// Remind at fixed times (--at, repeatable) or once in a window (--window 18:00-20:00).
    Set {
        /// A fixed time, HH:MM (repeat for more).
        #[arg(long = "at")]
        times: Vec<String>,
        /// A daily window for one random reminder, HH:MM-HH:MM.
        #[arg(long, conflicts_with = "times")]
        window: Option<String>,
        /// IANA time zone [default: this computer's].
        #[arg(long)]
        tz: Option<String>,
    },
    /// Turn reminders off.
    Off,
    /// Show the settings.
    Show,
    /// The next reminder times.
    Next {
        /// How many.
        #[arg(long, default_value_t = 5)]
        count: u32,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum InstrumentArg {
    Phq2,
    Phq9,
    Gad2,
    Gad7,
    Who5,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExportFormat {
    Csv,
    Json,
    Backup,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// An encrypted backup (`hearth export backup`); asks for its passphrase.
    Backup,
    /// A JSON export (`hearth export json`), from this device or another.
    Json,
    /// Daylio's CSV export ("Export entries").
    Daylio,
    /// Bearable's CSV data export.
    Bearable,
}

/// On or off.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnOff {
    /// On.
    On,
    /// Off.
    Off,
}

/// `hearth push …`.
#[derive(clap::Subcommand, Debug)]
pub enum PushCommand {
    /// Run the push gateway until Ctrl-C.
    Serve(hearth_push::cli::PushArgs),
    /// Register this device with a push gateway at a UnifiedPush endpoint (what a phone's
    /// distributor gives it; a test endpoint on this computer for the demo). Circles leave
    /// new wake tickets at the next sync.
    Register {
        /// The gateway's address (https://, or http:// on this computer).
        #[arg(long)]
        gateway: String,
        /// The UnifiedPush endpoint URL.
        #[arg(long)]
        endpoint: String,
        /// The endpoint's P-256 public key, uncompressed, base64url.
        #[arg(long)]
        p256dh: String,
        /// The endpoint's 16-byte auth secret, base64url.
        #[arg(long)]
        auth: String,
    },
    /// Delete this device's registration at its gateway: nothing wakes it any more.
    Unregister,
    /// A stand-in UnifiedPush endpoint on this computer that prints each wake it receives
    /// (decrypted with its own keys), for trying wakes without a phone; prints the
    /// `hearth push register` line to use it. Runs until Ctrl-C.
    Listen,
    /// The gateway this device is registered with.
    Status,
    /// How wakes show: whether notifications name the circle, and the quiet hours. Without
    /// options, prints the settings.
    Notifications {
        /// Name the circle in notifications (off: "New messages in Hearth").
        #[arg(long, value_enum)]
        name_circles: Option<OnOff>,
        /// Quiet hours as FROM-UNTIL in local time ("22:00-07:00"; may pass midnight), or
        /// "off".
        #[arg(long)]
        quiet: Option<String>,
        /// The IANA time zone of the quiet hours (default: this computer's).
        #[arg(long)]
        time_zone: Option<String>,
    },
    /// What a wake shows now: syncs once, then prints the notification the core decided
    /// (or that there is nothing to tell). What it tells is not told again.
    Woken,
}
