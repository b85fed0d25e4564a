//! The OpenAPI document names every answer a route gives: each documented operation is
//! probed with the requests a confused or hostile client sends (no credentials, bad ids,
//! bodies that are not JSON, that are empty, or that are JSON of the wrong shape, unknown
//! mailboxes, invites and devices), and every status that comes back must be in that
//! operation's responses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hearth_protocol::Bytes;
use hearth_relay::RelayConfig;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Path parameters to try: malformed, well-formed but unknown, and (for mailboxes) a real
/// one that is closed.
fn values_for(param: &str, closed_mailbox: &str) -> Vec<String> {
    match param {
        "mailbox_id" => vec![
            "!!".into(),
            Bytes(vec![9; 32]).to_text(),
            closed_mailbox.to_string(),
        ],
        "device_id" => vec!["!!".into(), "d".repeat(43)],
        "nameplate" => vec!["!".into(), "ABCDEF".into(), "7-x".into()],
        "ticket_id" => vec!["!!".into(), Bytes(vec![4; 16]).to_text()],
        "inbox_id" => vec!["!!".into(), Bytes(vec![6; 32]).to_text()],
        other => panic!("no probe values for the path parameter {other}"),
    }
}

#[tokio::test]
async fn every_status_a_probed_route_answers_is_in_its_documented_responses() {
    let relay = relay_unthrottled(RelayConfig::default()).await;
    let c = Client::new(&relay);
    let (_key, _device, token) = c.device().await;
    // A closed mailbox, whose every route answers 410.
    let circle = Circle::open(&c).await;
    let (s, _) = c
        .post(&circle.close_path(), None, circle.close(None, None))
        .await;
    assert_eq!(s, 204);
    let closed = Bytes(circle.id.clone()).to_text();
    // Bodies of the right shape for the closed circle (a message, a close, a report), so
    // the probes get past parsing to the closed mailbox.
    let valid_shaped = vec![
        circle.app(b"probe-client-id", b"probe"),
        circle.close(None, None),
        circle.report(b"probe-report-id", hearth_protocol::REPORT_SIZE),
        serde_json::json!({ "epoch": 0, "capability": circle.capability(0),
            "ticket": Bytes(vec![5; hearth_protocol::WAKE_TICKET_SIZE]) }),
    ];
    let capability = circle.capability(0).to_text();

    let (_, doc) = c.get("/v1/openapi.json", None).await;
    let paths = doc["paths"].as_object().unwrap();
    let mut undocumented: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    let mut probes = 0;
    for (template, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let documented: BTreeSet<u16> = operation["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|s| s.parse().unwrap())
                .collect();
            for path in expand(template, &closed) {
                for body in bodies(operation, &valid_shaped) {
                    for auth in [None, Some("not-a-token"), Some(token.as_str())] {
                        let status = send(&c, method, &path, auth, &capability, body.clone()).await;
                        probes += 1;
                        if !documented.contains(&status) {
                            undocumented
                                .entry(format!("{} {template}", method.to_uppercase()))
                                .or_default()
                                .insert(status);
                        }
                    }
                }
            }
        }
    }
    assert!(probes > 300, "only {probes} probes");
    assert!(
        undocumented.is_empty(),
        "undocumented answers: {undocumented:#?}"
    );
}

/// Every way to fill the template's parameters.
fn expand(template: &str, closed: &str) -> Vec<String> {
    let Some(start) = template.find('{') else {
        return vec![template.to_string()];
    };
    let end = template.find('}').unwrap();
    let param = &template[start + 1..end];
    values_for(param, closed)
        .into_iter()
        .flat_map(|value| {
            let filled = format!("{}{}{}", &template[..start], value, &template[end + 1..]);
            expand(&filled, closed)
        })
        .collect()
}

/// Bodies to send: none for an operation without one; otherwise not JSON, empty JSON, and
/// JSON of the wrong types.
fn bodies(operation: &Value, valid_shaped: &[Value]) -> Vec<Option<Vec<u8>>> {
    if operation.get("requestBody").is_none() {
        return vec![None];
    }
    let shaped = valid_shaped
        .iter()
        .map(|v| Some(v.to_string().into_bytes()));
    shaped
        .chain([
            Some(b"not json".to_vec()),
            Some(b"{}".to_vec()),
            Some(
                json!({ "epoch": "x", "client_id": 5, "message": [], "public_key": "!",
                    "device_id": 1, "capability": null, "sealed": "%%" })
                .to_string()
                .into_bytes(),
            ),
        ])
        .collect()
}

async fn send(
    c: &Client,
    method: &str,
    path: &str,
    auth: Option<&str>,
    capability: &str,
    body: Option<Vec<u8>>,
) -> u16 {
    let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut request = c
        .http
        .request(method, format!("{}{}", c.base, path))
        .header(hearth_protocol::CAPABILITY_HEADER, capability)
        .header(hearth_protocol::EPOCH_HEADER, "0");
    if let Some(token) = auth {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    request.send().await.unwrap().status().as_u16()
}
