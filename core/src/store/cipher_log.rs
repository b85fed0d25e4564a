//! Routes SQLCipher's own log lines to our logger instead of stderr.
//!
//! SQLCipher 4.6 can write its log only to a `FILE*` or to the device log, and its first
//! activation in a process resets the log settings, so the routing is applied once, right after
//! the first `PRAGMA key`. On Android and Apple platforms SQLCipher writes to logcat / os_log,
//! the platform logger the app's own lines go to. Elsewhere on Unix it writes into a pipe whose
//! other end a thread forwards to `tracing` (target `sqlcipher`, level DEBUG: its lines are
//! diagnostics such as the HMAC failure of a wrong key, which we already report as a typed
//! error). SQLCipher buffers that stream, so its lines may arrive late; they are never lost to
//! stderr. Where neither is possible the log is switched off.

use std::sync::Mutex;

use rusqlite::Connection;

use crate::error::Result;

static ROUTED: Mutex<bool> = Mutex::new(false);

/// Applies the routing once per process. Call right after `PRAGMA key` on a connection.
pub(crate) fn route(conn: &Connection) -> Result<()> {
    let mut routed = ROUTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if *routed {
        return Ok(());
    }
    match destination() {
        Some(target) => {
            conn.pragma_update(None, "cipher_log", target)?;
            conn.pragma_update(None, "cipher_log_level", "WARN")?;
        }
        None => {
            conn.pragma_update(None, "cipher_log_level", "NONE")?;
            conn.pragma_update(None, "cipher_log", "off")?;
        }
    }
    *routed = true;
    Ok(())
}

#[cfg(any(target_os = "android", target_vendor = "apple"))]
fn destination() -> Option<&'static str> {
    Some("device")
}

#[cfg(all(unix, not(any(target_os = "android", target_vendor = "apple"))))]
fn destination() -> Option<&'static str> {
    use std::sync::OnceLock;
    static PIPE: OnceLock<Option<String>> = OnceLock::new();
    PIPE.get_or_init(forwarding_pipe).as_deref()
}

#[cfg(not(unix))]
fn destination() -> Option<&'static str> {
    None
}

/// Opens a pipe, starts the forwarding thread, and returns the path SQLCipher should open.
#[cfg(all(unix, not(any(target_os = "android", target_vendor = "apple"))))]
fn forwarding_pipe() -> Option<String> {
    use std::io::{BufRead, BufReader};
    use std::os::fd::AsRawFd;
    use std::sync::OnceLock;

    static WRITER: OnceLock<std::io::PipeWriter> = OnceLock::new();
    let (reader, writer) = std::io::pipe().ok()?;
    let path = format!("/dev/fd/{}", writer.as_raw_fd());
    std::thread::Builder::new()
        .name("sqlcipher-log".into())
        .spawn(move || {
            for line in BufReader::new(reader).lines() {
                match line {
                    Ok(line) => tracing::debug!(target: "sqlcipher", "{line}"),
                    Err(_) => break,
                }
            }
        })
        .ok()?;
    // The write end stays open for the life of the process; SQLCipher opens its own handle
    // to it through /dev/fd.
    WRITER.set(writer).ok()?;
    Some(path)
}
