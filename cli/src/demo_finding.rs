//! `hearth demo`, finding a circle: Fern opens the circle to requests, an organisation signs a
//! directory listing it (the demo's relay serves the file), and Dara, a newcomer, finds it by
//! topic, asks to join with a note only Fern's phone can read, and joins by the code sent back.

use std::path::Path;

use hearth_core::finding::directory;
use hearth_core::sync::refresh_directory;
use hearth_core::{Error, GroupId, Result};

use crate::demo_circles::{person, settle, Person};

/// Dara's note, which the relay must never hold.
pub(crate) const DARA_NOTE: &str = "I moved here in the autumn and know nobody yet.";

/// The story of Dara finding the circle; Dara, in it by the end.
pub(crate) async fn find_the_circle(
    dir: &Path,
    url: &str,
    fern: &Person,
    group: &GroupId,
    everyone: &[&Person],
) -> Result<Person> {
    let inbox = fern.client.open_to_requests(group)?;
    settle(everyone).await?;
    // The organisation fills in the facilitator's entry and signs its listing.
    let mut circle: serde_json::Value = serde_json::from_str(&inbox.listing_entry)?;
    circle["id"] = "tuesday-evening".into();
    circle["topics"] = serde_json::json!(["loneliness", "low mood"]);
    circle["languages"] = serde_json::json!(["en"]);
    circle["schedule"] = "Tuesdays 19:00, Europe/London".into();
    let listing = serde_json::json!({
        "organisation": "Riverside Peer Support",
        "published_at": 1_800_000_000u64,
        "circles": [circle],
    });
    let (seed, org_key) = directory::new_org_key()?;
    std::fs::write(
        dir.join("directory.json"),
        directory::sign(&seed, &listing.to_string())?,
    )?;

    let dara = person(dir, "Dara", url).await?;
    let org_key_text = hearth_protocol::Bytes(org_key.clone()).to_text();
    dara.client
        .add_directory(&format!("{url}/v1/directory"), &org_key_text)?;
    refresh_directory(&dara.client, &org_key).await?;
    let found = dara.client.find_circles(Some("loneliness"), None)?;
    let listed = found
        .first()
        .ok_or(Error::Internal("demo: the directory lists no circle"))?;
    println!(
        "\nDara trusts Riverside Peer Support's signed directory and finds \"{}\" under \
         \"loneliness\" ({}).",
        listed.circle.name, listed.circle.schedule
    );
    dara.client
        .ask_to_join(&org_key, &listed.circle.id, "Dara", DARA_NOTE)?;
    dara.sync.sync_once().await?;
    fern.sync.sync_once().await?;
    let request = fern
        .client
        .join_requests(Some(group))?
        .into_iter()
        .next()
        .ok_or(Error::Internal("demo: no request arrived"))?;
    println!(
        "Fern's phone opens a request from {}: \"{}\" (the relay saw a sealed blob of one size)",
        request.name, request.note
    );
    fern.client
        .invite_requester(request.id, "Welcome, Dara. We meet on Tuesdays.")?;
    fern.sync.sync_once().await?;
    dara.sync.sync_once().await?;
    let answer = dara
        .client
        .sent_requests()?
        .into_iter()
        .next()
        .ok_or(Error::Internal("demo: the request was lost"))?;
    dara.client.join_from_request(answer.id, "Dara")?;
    let mut with_dara = everyone.to_vec();
    with_dara.push(&dara);
    for _ in 0..3 {
        settle(&with_dara).await?;
    }
    println!(
        "Dara's phone got Fern's answer (\"{}\") with a one-time code, and joined: {} people \
         in the circle now.",
        answer.message.unwrap_or_default(),
        dara.client.circle(group)?.member_count
    );
    Ok(dara)
}
