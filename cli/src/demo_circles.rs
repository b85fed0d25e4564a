//! `hearth demo`, second part: a circle through a relay started in this process. A
//! facilitator and three members on throwaway profiles talk; one leaves, one is removed;
//! then what each person sees is printed, and the relay's database is checked for the words.

use std::path::Path;
use std::sync::Arc;

use hearth_core::breakouts::BreakoutPlan;
use hearth_core::circles::{
    example_programmes, CircleRule, Repeat, ReportReason, RuleAction, RuleCheck, ShareChoice,
};
use hearth_core::goals::{GoalDraft, GoalOutcome, GoalPlan, GoalShareChoice};
use hearth_core::invites::{Invite, InviteOptions, JoinState};
use hearth_core::journal::CheckinDraft;
use hearth_core::sync::{HttpTransport, SyncConfig, SyncEngine};
use hearth_core::{Client, DbKey, Error, ProfileOptions, ProfileSecret, Result};

use crate::circles::{message_line, now_ms, summary_line};
use hearth_core::GroupId;

/// What Ash says in a breakout group, which the relay must never hold.
const BREAKOUT_WORDS: &str = "Just between us: this week was better.";

pub(crate) struct Person {
    pub(crate) name: &'static str,
    pub(crate) client: Arc<Client>,
    pub(crate) sync: SyncEngine<HttpTransport>,
    pub(crate) device_id: String,
}

pub(crate) async fn person(dir: &Path, name: &'static str, relay: &str) -> Result<Person> {
    let client = Arc::new(Client::create(
        &dir.join(name),
        &ProfileSecret::raw_key(DbKey::generate()?),
        name,
        ProfileOptions::default(),
    )?);
    client.set_relay(relay)?;
    let transport = HttpTransport::for_relay(relay)?;
    let sync = SyncEngine::new(Arc::clone(&client), transport, SyncConfig::default());
    let device_id = sync.register().await?;
    sync.sync_once().await?;
    Ok(Person {
        name,
        client,
        sync,
        device_id,
    })
}

/// Everyone syncs until nothing waits anywhere (as phones would, a moment later).
pub(crate) async fn settle(people: &[&Person]) -> Result<()> {
    for _ in 0..20 {
        for p in people {
            p.sync.sync_once().await?;
        }
        let mut waiting = 0;
        for p in people {
            for c in p.client.circles()? {
                if c.state == hearth_core::CircleState::Active {
                    waiting += c.waiting;
                }
            }
        }
        if waiting == 0 {
            for p in people {
                p.sync.sync_once().await?;
            }
            return Ok(());
        }
    }
    Err(Error::Internal("demo: the circle did not settle"))
}

fn key_of(p: &Person, group: &GroupId) -> Result<Vec<u8>> {
    p.client
        .circle_members(group)?
        .into_iter()
        .find(|m| m.is_me)
        .map(|m| m.key)
        .ok_or(Error::NotFound { what: "member" })
}

fn show(p: &Person, group: &GroupId) -> Result<()> {
    let c = p.client.circle(group)?;
    println!("\n-- What {} sees: {}", p.name, summary_line(&c));
    for m in p.client.circle_messages(group, 0, 500)? {
        println!("{}", message_line(&m, false));
    }
    Ok(())
}

fn code_for(
    fern: &Person,
    group: &GroupId,
    label: &str,
    auto_admit: bool,
) -> Result<(String, String)> {
    let options = InviteOptions {
        auto_admit,
        label: label.to_string(),
        ..InviteOptions::default()
    };
    let invite = fern.client.create_invite(group, &options)?;
    let code = invite
        .code
        .ok_or(Error::Internal("demo: a new code is not open"))?;
    Ok((invite.nameplate, code))
}

fn join_state(p: &Person, nameplate: &str) -> Result<JoinState> {
    p.client
        .invite_joins()?
        .into_iter()
        .find(|j| j.nameplate == nameplate)
        .map(|j| j.state)
        .ok_or(Error::NotFound { what: "join" })
}

fn invite_state(fern: &Person, group: &GroupId, nameplate: &str) -> Result<Invite> {
    fern.client
        .invites(group)?
        .into_iter()
        .find(|i| i.nameplate == nameplate)
        .ok_or(Error::NotFound { what: "invite" })
}

/// Everyone comes in by one-time code: Ash with Fern's approval, Birch while Fern's phone is
/// offline (admitted when it comes back), Cedar after a typo that the check character caught.
async fn invite_everyone(
    fern: &Person,
    group: &GroupId,
    people: [&Person; 3],
) -> Result<Vec<String>> {
    let [ash, birch, cedar] = people;
    let (ash_np, ash_code) = code_for(fern, group, "for Ash", false)?;
    let (birch_np, birch_code) = code_for(fern, group, "for Birch", true)?;
    let (cedar_np, cedar_code) = code_for(fern, group, "for Cedar", true)?;
    fern.sync.sync_once().await?;
    println!("Fern made three one-time codes (the relay sees only their first six characters):");
    for i in fern.client.invites(group)? {
        println!("   {} {:?} {:?}", i.nameplate, i.label, i.state);
    }

    ash.client.join_with_code(&ash_code, "Ash")?;
    ash.sync.sync_once().await?;
    println!("Ash typed the code: {:?}", join_state(ash, &ash_np)?);
    fern.sync.sync_once().await?;
    let waiting = invite_state(fern, group, &ash_np)?;
    println!(
        "Fern's phone finished the exchange: {} asks to join ({:?}); words to compare: {}",
        waiting.invitee_name.as_deref().unwrap_or("?"),
        waiting.state,
        waiting.words.as_deref().unwrap_or("?")
    );
    fern.client.approve_invite(&ash_np)?;
    fern.sync.sync_once().await?;
    ash.sync.sync_once().await?;
    let ash_words = ash
        .client
        .invite_joins()?
        .into_iter()
        .find(|j| j.nameplate == ash_np)
        .and_then(|j| j.words);
    println!(
        "Fern approved; Ash: {:?}, and Ash's phone shows the same words: {}",
        join_state(ash, &ash_np)?,
        ash_words == waiting.words
    );

    // Fern's phone is offline now: Birch uses the code, and waits.
    birch.client.join_with_code(&birch_code, "Birch")?;
    birch.sync.sync_once().await?;
    birch.sync.sync_once().await?;
    println!(
        "Birch used a code while Fern's phone was offline: {:?}",
        join_state(birch, &birch_np)?
    );

    let mut typo: Vec<char> = cedar_code.chars().collect();
    typo.swap(8, 9);
    if typo[8] == typo[9] {
        typo[9] = if typo[9] == '7' { '8' } else { '7' };
    }
    let typo: String = typo.into_iter().collect();
    match cedar.client.join_with_code(&typo, "Cedar") {
        Err(e) => println!("Cedar mistyped the code; nothing was sent: {e}"),
        Ok(_) => return Err(Error::Internal("demo: a typo got through")),
    }
    cedar.client.join_with_code(&cedar_code, "Cedar")?;
    cedar.sync.sync_once().await?;

    // Fern's phone comes back: it admits Birch and Cedar (their codes admit without asking).
    fern.sync.sync_once().await?;
    birch.sync.sync_once().await?;
    cedar.sync.sync_once().await?;
    println!(
        "Fern's phone came back and admitted them: Birch {:?}, Cedar {:?}; codes now {:?}, {:?}",
        join_state(birch, &birch_np)?,
        join_state(cedar, &cedar_np)?,
        invite_state(fern, group, &birch_np)?.state,
        invite_state(fern, group, &cedar_np)?.state,
    );
    Ok(vec![ash_code, birch_code, cedar_code])
}

pub fn run(dir: &Path) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|_| Error::Internal("the async runtime could not start"))?;
    runtime.block_on(story(dir))
}

async fn story(dir: &Path) -> Result<()> {
    println!("\n== A circle through a relay started in this process");
    let relay_db = dir.join("relay.db");
    let store = hearth_relay::SqliteStore::open(&relay_db)
        .map_err(|_| Error::Internal("demo: the relay store could not open"))?;
    // A push gateway and a stand-in UnifiedPush server, so a phone can be woken here.
    let push = hearth_push::testing::PushServer::start().await;
    let gateway_dir = dir.join("push-gateway");
    std::fs::create_dir_all(&gateway_dir)?;
    // Only this process reaches the gateway (loopback), so a fixed token does here.
    let relay_token = "the demo relay's token".to_string();
    let gateway = hearth_push::start(
        tokio::net::TcpListener::bind("127.0.0.1:0").await?,
        &gateway_dir,
        hearth_push::GatewayConfig {
            relay_tokens: vec![relay_token.clone()],
            // The stand-in push server is on loopback, which only tests and demos allow.
            allow: vec![ipnet::IpNet::from(std::net::IpAddr::from([127, 0, 0, 1]))],
            // A phone is woken at most once a second here (30 s by default), so the story
            // need not wait for an earlier wake's window to pass.
            coalesce: std::time::Duration::from_secs(1),
            ..hearth_push::GatewayConfig::default()
        },
    )
    .map_err(|_| Error::Internal("demo: the push gateway could not start"))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    // Four phones share one address here, so the per-address rate limit is raised.
    let config = hearth_relay::RelayConfig {
        rate_per_second: 10_000,
        rate_burst: 10_000,
        push_gateway: Some(hearth_relay::wake::PushGateway {
            url: gateway.url(),
            token: relay_token,
        }),
        wake_delay: std::time::Duration::from_millis(200),
        // The organisation's signed directory, written once the circle is open to requests.
        directory_file: Some(dir.join("directory.json")),
        ..hearth_relay::RelayConfig::default()
    };
    let relay = hearth_relay::start(listener, store, config)
        .map_err(|_| Error::Internal("demo: the relay could not start"))?;
    let url = relay.url();
    println!("relay listening on {url}");

    let fern = person(dir, "Fern", &url).await?;
    let ash = person(dir, "Ash", &url).await?;
    let birch = person(dir, "Birch", &url).await?;
    let cedar = person(dir, "Cedar", &url).await?;
    let everyone = [&fern, &ash, &birch, &cedar];
    for p in everyone {
        println!("{:<6} registered as device {}", p.name, p.device_id);
    }

    let circle = fern.client.create_circle(
        "Tuesday evening circle",
        "A quiet hour to check in with each other.",
        "1. What is said here stays here.\n2. Listen first.\n3. Be kind.",
    )?;
    let group = circle.group_id;
    println!(
        "\nFern created {}",
        summary_line(&fern.client.circle(&group)?)
    );
    let codes = invite_everyone(&fern, &group, [&ash, &birch, &cedar]).await?;
    settle(&everyone).await?;
    // Posting waits until each newcomer has read and accepted the guidelines.
    if let Err(e) = ash.client.send_text(&group, "Hello?", None) {
        println!("\nAsh tried to post before reading the guidelines: {e}");
    }
    for p in [&ash, &birch, &cedar] {
        let version = p.client.circle(&group)?.guidelines_version;
        p.client.accept_guidelines(&group, version)?;
    }
    settle(&everyone).await?;
    println!("Ash, Birch and Cedar read and accepted the guidelines (version 1).");

    let hello = ash
        .client
        .send_text(&group, "Hi all, first time here. A bit nervous.", None)?;
    // Ash's phone goes into her pocket: it registers with the push gateway, and at its
    // next sync leaves the circle a wake ticket the relay cannot read.
    let ash_keys = hearth_push::testing::PushKeys::generate();
    hearth_core::sync::PushGatewayClient::new(&gateway.url())?
        .register(&ash.client, ash_keys.endpoint(&push, "ash"))
        .await?;
    settle(&everyone).await?;
    let woken_before = push.wakes("ash").len();
    fern.client
        .send_text(&group, "Welcome, Ash. Take your time.", Some(&hello))?;
    birch
        .client
        .send_text(&group, "Glad you came. It gets easier.", None)?;
    cedar.client.react(&group, &hello, "💛", false)?;
    settle(&everyone).await?;
    let wakes = push.wait_for("ash", woken_before + 1).await;
    if let Some(wake) = wakes.get(woken_before) {
        let body = ash_keys.try_decrypt(wake).unwrap_or_default();
        println!(
            "\nAsh's phone was woken through the push gateway; the wake said {} and nothing else \
             (no circle, sender or text).\nIt synced and showed: \"{}\"",
            String::from_utf8_lossy(&body),
            hearth_core::circles::wake_notification(&["Tuesday evening circle".into()], false)
        );
    }

    // Birch's phone notices risk language in a draft before it is sent, and gently offers
    // help: crisis lines for Birch's region, from the bundled directory. Nothing leaves it.
    let draft = "Honestly, some nights I want to die.";
    let assessment = birch.client.assess_risk(draft);
    if assessment.is_risk() {
        let directory = birch.client.crisis_directory()?;
        println!("\nBirch's phone noticed risk language in a draft and showed crisis support:");
        match directory.for_region("GB") {
            Some(region) => {
                for line in &region.lines {
                    println!("   {}: {}", line.name, line.contact);
                }
            }
            None => println!("   {}", directory.fallback),
        }
        println!("   (shown on Birch's phone only; Birch chose whether to send the message)");
        // Birch ticks "let my facilitator know": sealed to the facilitators, like a report.
        birch.client.ask_facilitators_for_support(&group, "")?;
        println!("   Birch chose \"let my facilitator know\".");
    }

    // A facilitator's tools: Cedar's unkind message is removed for everyone, Cedar's posting
    // is paused for ten minutes, and Fern pins her welcome.
    let unkind = cedar.client.send_text(&group, "Just get over it.", None)?;
    settle(&everyone).await?;
    // Ash reports it. Only Fern's phone can open the report, and it shows Fern's own copy of
    // the message, never words from the report.
    ash.client.report_message(
        &group,
        &unkind,
        ReportReason::Harassment,
        "This felt dismissive of Birch.",
    )?;
    settle(&everyone).await?;
    println!("\nAsh reported Cedar's message; Birch asked for support. Fern's phone opened:");
    for r in fern.client.circle_reports(&group, false)? {
        let who = r.reporter_name.as_deref().unwrap_or("a member");
        match &r.message {
            Some(m) => println!(
                "   {} from {who}, about {}'s \"{}\": {}",
                r.reason.label(),
                m.sender_name.as_deref().unwrap_or("someone"),
                m.body,
                r.comment
            ),
            None => println!("   {} from {who}", r.reason.label()),
        }
        fern.client.set_report_handled(&group, &r.id, true)?;
    }
    println!(
        "   (Cedar's phone and the relay cannot tell these exist; Cedar's phone shows {} reports)",
        cedar.client.circle_reports(&group, true)?.len()
    );
    fern.client.remove_message_for_everyone(&group, &unkind)?;
    fern.client.time_out_member(
        &group,
        &key_of(&cedar, &group)?,
        600,
        "Please read the guidelines again.",
    )?;
    let welcome = fern
        .client
        .latest_circle_messages(&group, 50)?
        .into_iter()
        .find(|m| m.from_me && m.kind == hearth_core::circles::MessageKind::Text)
        .map(|m| m.id)
        .ok_or(Error::NotFound { what: "message" })?;
    fern.client.pin_message(&group, &welcome, true)?;
    settle(&everyone).await?;
    println!("\nFern removed Cedar's unkind message for everyone, paused Cedar for 10 minutes and pinned her welcome.");
    if let Err(Error::TimedOut { until_ms }) = cedar.client.send_text(&group, "Fine.", None) {
        let minutes = (until_ms - now_ms() + 59_999) / 60_000;
        println!(
            "Cedar's phone: posting is paused for another {minutes} minutes: \"{}\"",
            cedar.client.circle(&group)?.paused_reason
        );
    }

    // Birch asks Fern for a private talk: sealed so only Fern can read it, then a circle of
    // two that nothing at the relay ties to this one.
    let talk_id = birch.client.ask_to_talk(
        &group,
        &key_of(&fern, &group)?,
        "Could we talk after the meeting?",
    )?;
    settle(&everyone).await?;
    for t in fern.client.talks(Some(&group))? {
        println!(
            "\nFern's phone: {} asks for a private talk: \"{}\" (no one else can tell)",
            t.with_name, t.note
        );
    }
    let talk = fern.client.accept_talk(&talk_id)?;
    settle(&everyone).await?;
    birch
        .client
        .send_text(&talk, "Thank you. Tuesdays are hard since the move.", None)?;
    settle(&everyone).await?;
    fern.client
        .send_text(&talk, "I'm glad you asked. Let's talk it through.", None)?;
    settle(&everyone).await?;
    show(&birch, &talk)?;
    birch.client.end_talk(&talk)?;
    settle(&everyone).await?;
    println!(
        "Birch ended the talk; Fern's phone shows it {:?}.",
        fern.client.circle(&talk)?.state
    );

    // Fern gives the circle rules of its own, which every phone judges members' posts by.
    let rule = |check, action, why: &str| CircleRule {
        check,
        action,
        explanation: why.into(),
    };
    fern.client.set_circle_rules(
        &group,
        vec![
            rule(
                RuleCheck::Phrases {
                    phrases: vec!["diet pills".into()],
                },
                RuleAction::Hold,
                "We don't talk about diet products here.",
            ),
            rule(
                RuleCheck::Links {
                    allowed_domains: vec!["nhs.uk".into()],
                },
                RuleAction::Flag,
                "Links outside the NHS are looked at by a facilitator.",
            ),
        ],
    )?;
    settle(&everyone).await?;
    println!(
        "
Fern set two rules of the circle's own (the relay cannot read them)."
    );
    if let Err(Error::HeldByRule { explanation, .. }) =
        ash.client
            .send_text(&group, "Has anyone tried diet pills?", None)
    {
        println!("Ash's phone held a post back and said why: \"{explanation}\"");
    }
    ash.client.send_text(
        &group,
        "This helped me sleep: https://example.com/sleep",
        None,
    )?;
    settle(&everyone).await?;
    for m in fern.client.flagged_posts(&group)? {
        println!(
            "Fern's phone lists a flagged post:{}",
            message_line(&m, false)
        );
    }

    crate::demo_finding::find_the_circle(dir, &url, &fern, &group, &everyone).await?;

    // Fern splits Ash and Birch into a breakout group for ten minutes; only they (and Fern)
    // can read it, and every phone deletes it when it ends.
    let pair = vec![key_of(&ash, &group)?, key_of(&birch, &group)?];
    let plan = BreakoutPlan::ByHand { groups: vec![pair] };
    let made = fern.client.start_breakouts(&group, &plan, 10)?;
    settle(&everyone).await?;
    if let Some(breakout) = ash.client.breakouts(&group)?.first() {
        ash.client
            .post_in_breakout(&group, &breakout.id, BREAKOUT_WORDS)?;
        settle(&everyone).await?;
        for m in birch.client.breakout_messages(&group, &breakout.id)? {
            println!(
                "\nFern split the circle into {} breakout group for 10 minutes; Birch's phone reads \
                 {}'s post there: \"{}\" (Cedar, not in it, holds {} groups)",
                made.len(),
                m.sender_name,
                m.body,
                cedar.client.breakouts(&group)?.len()
            );
        }
    }
    fern.client.end_breakouts(&group)?;
    settle(&everyone).await?;
    println!(
        "Fern ended the breakout groups: Ash's phone now holds {}.",
        ash.client.breakouts(&group)?.len()
    );

    birch.client.leave_circle(&group)?;
    settle(&everyone).await?;
    println!("\nBirch left (a proposal Fern's phone committed when it synced).");
    fern.client
        .remove_member(&group, &key_of(&cedar, &group)?)?;
    settle(&everyone).await?;
    println!("Fern removed Cedar.");
    ash.client
        .send_text(&group, "Thanks, everyone. See you next Tuesday.", None)?;
    settle(&everyone).await?;

    // Check-ins stay private on each phone unless shared: Ash shares only her mood.
    let after_the_circle = |mood| CheckinDraft {
        mood: Some(mood),
        note: Some("After the circle.".into()),
        ..Default::default()
    };
    fern.client.add_checkin(&after_the_circle(4))?;
    let ash_checkin = ash.client.add_checkin(&after_the_circle(3))?;
    ash.client
        .share_checkin(&group, &ash_checkin.id, ShareChoice::default())?;
    // Ash keeps a goal of her own and shares this week of it (title and week, and the
    // streak she ticked; her why stays on her phone).
    let today = crate::commands::today();
    let call = ash.client.add_goal(
        &GoalDraft {
            title: "Call my sister".into(),
            why: Some("We drifted apart last year.".into()),
            plan: GoalPlan::TimesPerWeek { times: 2 },
            reminder: None,
            starts_on: None,
        },
        today,
    )?;
    ash.client
        .log_goal(&call.id, today, GoalOutcome::Done, Some("Half an hour."))?;
    ash.client.share_goal(
        &group,
        &call.id,
        today,
        GoalShareChoice {
            why: false,
            streak: true,
        },
    )?;
    // Fern schedules the circle's weekly meeting; every phone computes its own reminders.
    let weekly = fern.client.add_session(
        &group,
        "Tuesday evening circle",
        "2030-01-01T19:00",
        "Europe/London",
        60,
        Repeat::Weekly,
    )?;
    settle(&everyone).await?;
    // The meetings follow a six-week programme; every phone knows each meeting's topic.
    if let Some(steady) = example_programmes()
        .into_iter()
        .find(|p| p.id == "steady-ground")
    {
        fern.client.attach_programme(&group, steady, &weekly)?;
        settle(&everyone).await?;
    }
    if let Some(topic) = ash.client.programme_topics(&group, None, 1)?.first() {
        println!(
            "The meetings follow \"{}\": on {} Ash's phone shows week {} of {}, \"{}\", and asks: {}",
            topic.programme,
            topic.starts_at,
            topic.week,
            topic.weeks,
            topic.content.topic,
            topic.content.prompts.first().map(String::as_str).unwrap_or_default()
        );
    }
    println!("Fern and Ash each recorded a check-in after the circle; Ash shared her mood only (not her note).");
    println!("Ash shared this week of a goal (its title, the week and the streak; not why, not her note).");
    if let Some(next) = ash.client.upcoming_sessions(None, 1)?.first() {
        println!(
            "Fern scheduled a weekly meeting; Ash's phone will remind her at {} for the one at {}.",
            next.remind_at, next.starts_at
        );
    }

    for p in everyone {
        show(p, &group)?;
    }
    let fern_auth = fern.client.epoch_authenticator(&group)?;
    println!(
        "\nFern and Ash agree on the circle's state (epoch {}): {}",
        fern.client.circle(&group)?.epoch,
        fern_auth == ash.client.epoch_authenticator(&group)?
    );

    // Cedar deletes everything: the relay forgets the device, the phone forgets the profile.
    cedar.sync.delete_everything().await?;
    println!(
        "Cedar deleted everything: profile on disk {}",
        if dir.join("Cedar").exists() {
            "remains"
        } else {
            "gone"
        }
    );

    relay
        .shutdown()
        .await
        .map_err(|_| Error::Internal("demo: the relay did not stop"))?;
    let mut relay_bytes = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("relay.db"))
        {
            relay_bytes.extend(std::fs::read(&path)?);
        }
    }
    let mut words: Vec<String> = [
        "first time here",
        "Tuesday evening circle",
        "Birch",
        "Could we talk after the meeting?",
        "Tuesdays are hard",
        "diet pills",
        "Links outside the NHS",
        "Dara",
        crate::demo_finding::DARA_NOTE,
        "Welcome, Dara",
        BREAKOUT_WORDS,
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    for code in &codes {
        words.push(code.clone());
        words.push(code.replace('-', "")[6..13].to_string()); // the secret part
    }
    let seen = words
        .iter()
        .any(|w| relay_bytes.windows(w.len()).any(|b| b == w.as_bytes()));
    println!(
        "The relay's database ({} bytes) holds any message text, circle name, name, invite code \
         or code secret: {seen}",
        relay_bytes.len()
    );
    Ok(())
}
