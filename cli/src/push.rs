//! `hearth push register|unregister|status`: this device's registration at a push gateway;
//! `notifications` and `woken`: how a wake shows, and what it would show now. (`hearth push
//! serve`, the gateway itself, runs without a profile: see main.)

use std::sync::Arc;

use hearth_core::circles::{NotificationSettings, QuietHours};
use hearth_core::sync::PushGatewayClient;
use hearth_core::{Client, Error, Result};
use hearth_protocol::Bytes;

use crate::args::{OnOff, PushCommand};
use crate::circles::runtime;

fn base64url(field: &'static str, text: &str) -> Result<Vec<u8>> {
    Bytes::from_text(text.trim_end_matches('='))
        .map(|b| b.0)
        .ok_or_else(|| Error::InvalidInput {
            field,
            reason: "must be base64url".into(),
        })
}

/// Runs a `hearth push` command that needs the profile.
pub(crate) fn push(client: Client, command: PushCommand) -> Result<()> {
    match command {
        PushCommand::Register {
            gateway,
            endpoint,
            p256dh,
            auth,
        } => {
            let endpoint = hearth_core::circles::unified_push_endpoint(
                &endpoint,
                &base64url("p256dh", &p256dh)?,
                &base64url("auth", &auth)?,
            )?;
            let gateway_client = PushGatewayClient::new(&gateway)?;
            runtime()?.block_on(gateway_client.register(&client, endpoint))?;
            println!(
                "Registered with the push gateway. Circles leave wake tickets at the next sync."
            );
        }
        PushCommand::Unregister => {
            let Some(gateway_client) = PushGatewayClient::registered(&client)? else {
                println!("This device is not registered with a push gateway.");
                return Ok(());
            };
            runtime()?.block_on(gateway_client.unregister(&client))?;
            println!("Unregistered: nothing wakes this device any more.");
        }
        PushCommand::Status => match client.push_registration()? {
            Some(registration) => println!(
                "Woken through the push gateway at {}.",
                registration.gateway
            ),
            None => println!("Not registered with a push gateway (hearth push register)."),
        },
        PushCommand::Notifications {
            name_circles,
            quiet,
            time_zone,
        } => {
            let changed = name_circles.is_some() || quiet.is_some();
            let mut settings = client.notification_settings()?;
            if let Some(on) = name_circles {
                settings.name_circles = on == OnOff::On;
            }
            if let Some(quiet) = quiet {
                settings.quiet_hours = quiet_hours(&quiet, time_zone)?;
            }
            if changed {
                settings = client.set_notification_settings(settings)?;
            }
            print_settings(&settings);
        }
        PushCommand::Woken => {
            let client = Arc::new(client);
            crate::circles::sync_now(&client)?;
            match client.notice_after_wake(jiff::Timestamp::now())? {
                Some(notice) => println!("{} ({} new)", notice.text, notice.messages),
                None => println!("Nothing to tell."),
            }
        }
        PushCommand::Serve(_) | PushCommand::Listen => {
            return Err(Error::Internal("this command runs without a profile"))
        }
    }
    Ok(())
}

/// Reads "22:00-07:00" or "off".
fn quiet_hours(text: &str, time_zone: Option<String>) -> Result<Option<QuietHours>> {
    if text.trim().eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let (from, until) = text.split_once('-').ok_or_else(|| Error::InvalidInput {
        field: "quiet",
        reason: "expected FROM-UNTIL, e.g. 22:00-07:00, or off".into(),
    })?;
    let time_zone = crate::zone::given_or_system(time_zone).ok_or_else(|| Error::InvalidInput {
        field: "time_zone",
        reason: "this computer's zone is unknown: give --time-zone".into(),
    })?;
    Ok(Some(QuietHours {
        start: from.parse()?,
        end: until.parse()?,
        time_zone,
    }))
}

fn print_settings(settings: &NotificationSettings) {
    println!(
        "Notifications {}.",
        if settings.name_circles {
            "name the circle"
        } else {
            "say only \"New messages in Hearth\""
        }
    );
    match &settings.quiet_hours {
        Some(q) => println!("Quiet hours: {} to {} ({}).", q.start, q.end, q.time_zone),
        None => println!("No quiet hours."),
    }
}

/// `hearth push listen`: a loopback UnifiedPush endpoint that prints what arrives.
pub(crate) fn listen() -> std::process::ExitCode {
    use hearth_push::testing::{PushKeys, PushServer};
    let Ok(runtime) = runtime() else {
        eprintln!("error: cannot start a runtime");
        return std::process::ExitCode::FAILURE;
    };
    runtime.block_on(async {
        let server = PushServer::start().await;
        let keys = PushKeys::generate();
        println!("A test UnifiedPush endpoint is listening. Register a profile with it:");
        println!(
            "  hearth push register --gateway GATEWAY_URL --endpoint {}/up/phone --p256dh {} --auth {}",
            server.base,
            Bytes(keys.p256dh()).to_text(),
            Bytes(keys.auth.to_vec()).to_text()
        );
        println!("(the gateway must allow loopback: hearth push serve --allow 127.0.0.0/8)");
        let mut seen = 0;
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => return std::process::ExitCode::SUCCESS,
                _ = tokio::time::sleep(std::time::Duration::from_millis(100)) => {}
            }
            let wakes = server.wakes("phone");
            for wake in &wakes[seen..] {
                match keys.try_decrypt(wake) {
                    Some(body) => println!(
                        "wake received ({} bytes encrypted): {}",
                        wake.body.len(),
                        String::from_utf8_lossy(&body)
                    ),
                    None => println!("something arrived that was not sealed to this endpoint"),
                }
            }
            seen = wakes.len();
        }
    })
}
