//! `hearth demo`, second part: a circle through a relay started in this process. A
//! facilitator and three members on throwaway profiles talk; one leaves, one is removed;
//! then what each person sees is printed, and the relay's database is checked for the words.

use std::path::Path;
use std::sync::Arc;

use hearth_core::journal::CheckinDraft;
use hearth_core::sync::{HttpTransport, Sync, SyncConfig};
use hearth_core::{Client, DbKey, Error, ProfileOptions, ProfileSecret, Result};

use crate::circles::{message_line, summary_line};

struct Person {
    name: &'static str,
    client: Arc<Client>,
    sync: Sync<HttpTransport>,
    device_id: String,
}

async fn person(dir: &Path, name: &'static str, relay: &str) -> Result<Person> {
    let client = Arc::new(Client::create(
        &dir.join(name),
        &ProfileSecret::raw_key(DbKey::generate()?),
        name,
        ProfileOptions::default(),
    )?);
    client.set_relay(relay)?;
    let transport = HttpTransport::new(relay).map_err(|_| Error::Network {
        retryable: false,
        code: "bad_relay_url",
    })?;
    let sync = Sync::new(Arc::clone(&client), transport, SyncConfig::default());
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
async fn settle(people: &[&Person]) -> Result<()> {
    for _ in 0..20 {
        for p in people {
            p.sync.sync_once().await?;
        }
        let mut waiting = 0;
        for p in people {
            for c in p.client.circles()? {
                if c.state == "active" {
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

fn key_of(p: &Person, group: &[u8]) -> Result<Vec<u8>> {
    p.client
        .circle_members(group)?
        .into_iter()
        .find(|m| m.is_me)
        .map(|m| m.key)
        .ok_or(Error::NotFound { what: "member" })
}

fn show(p: &Person, group: &[u8]) -> Result<()> {
    let c = p.client.circle(group)?;
    println!("\n-- What {} sees: {}", p.name, summary_line(&c));
    for m in p.client.circle_messages(group, 0, 500)? {
        println!("{}", message_line(&m));
    }
    Ok(())
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    // Four phones share one address here, so the per-address rate limit is raised.
    let config = hearth_relay::RelayConfig {
        rate_per_second: 10_000,
        rate_burst: 10_000,
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
    for p in [&ash, &birch, &cedar] {
        fern.client.add_member(&group, &p.device_id)?;
    }
    settle(&everyone).await?;
    println!("Fern added Ash, Birch and Cedar by their device ids; each joined from a Welcome.");

    let hello = ash
        .client
        .send_text(&group, "Hi all, first time here. A bit nervous.", None)?;
    settle(&everyone).await?;
    fern.client
        .send_text(&group, "Welcome, Ash. Take your time.", Some(&hello))?;
    birch
        .client
        .send_text(&group, "Glad you came. It gets easier.", None)?;
    cedar.client.react(&group, &hello, "💛", false)?;
    settle(&everyone).await?;

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

    // Check-ins stay private on each phone; the circle never sees them.
    for (p, mood) in [(&fern, 4), (&ash, 3)] {
        p.client.add_checkin(&CheckinDraft {
            mood: Some(mood),
            note: Some("After the circle.".into()),
            ..Default::default()
        })?;
    }
    println!("Fern and Ash each recorded a private check-in after the circle.");

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
    let seen = ["first time here", "Tuesday evening circle", "Birch"]
        .iter()
        .any(|w| relay_bytes.windows(w.len()).any(|b| b == w.as_bytes()));
    println!(
        "The relay's database ({} bytes) holds any message text, circle name or name: {seen}",
        relay_bytes.len()
    );
    Ok(())
}
