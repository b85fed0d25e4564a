//! Wake-ups, this phone's side: its registration at a push gateway (at most one), and per
//! circle whether it wants to be woken and which wake ticket it left at the relay for which
//! epoch.
//!
//! A ticket is this device's gateway registration id with 16 fresh random bytes, sealed to
//! the gateway's key (`hearth-wake-ticket`), so the relay cannot tell two tickets of one
//! device apart. Sync leaves one per circle and epoch under the epoch's capability: at each
//! new epoch it leaves a new one, and a member removed at that epoch cannot, so their phone
//! stops being woken for the circle. "Don't wake me" withdraws the circle's ticket.

use hearth_protocol::{Bytes, PushEndpoint, RegisterTicket, TICKET_ID_SIZE};
use hearth_wake_ticket::{RegistrationId, REGISTRATION_ID_SIZE};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::{Error, Result};

/// This device's registration at a push gateway.
#[derive(Clone, PartialEq, Eq)]
pub struct PushRegistration {
    /// The gateway's base URL.
    pub gateway: String,
    /// The key tickets are sealed to.
    pub ticket_key: Vec<u8>,
    /// The registration id tickets carry.
    pub registration_id: [u8; REGISTRATION_ID_SIZE],
    /// What changes or deletes the registration at the gateway.
    pub secret: Vec<u8>,
}

impl std::fmt::Debug for PushRegistration {
    // The secret changes the registration: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushRegistration")
            .field("gateway", &self.gateway)
            .finish_non_exhaustive()
    }
}

/// The registration on file, if any.
pub(crate) fn registration(tx: &Transaction<'_>) -> Result<Option<PushRegistration>> {
    let row = tx
        .query_row(
            "SELECT gateway, ticket_key, registration_id, secret FROM push_registration",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(gateway, ticket_key, id, secret)| {
        Ok(PushRegistration {
            gateway,
            ticket_key,
            registration_id: id.try_into().map_err(|_| Error::Corrupt {
                detail: "push registration",
            })?,
            secret,
        })
    })
    .transpose()
}

/// Keeps a new registration (replacing any) and forgets every ticket left for the old one.
pub(crate) fn set_registration(
    tx: &Transaction<'_>,
    r: &PushRegistration,
    now_ms: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO push_registration (only_row, gateway, ticket_key, registration_id, secret, registered_at_ms)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (only_row) DO UPDATE SET gateway = excluded.gateway,
           ticket_key = excluded.ticket_key, registration_id = excluded.registration_id,
           secret = excluded.secret, registered_at_ms = excluded.registered_at_ms",
        params![r.gateway, r.ticket_key, r.registration_id.to_vec(), r.secret, now_ms],
    )?;
    // Tickets name the old registration: sync leaves new ones.
    tx.execute("UPDATE circle_wakes SET ticket_epoch = NULL", [])?;
    Ok(())
}

/// Forgets the registration (tickets at the relay then wake nobody; sync withdraws them).
pub(crate) fn clear_registration(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM push_registration", [])?;
    Ok(())
}

/// Whether this circle wakes this phone (the default), and the ticket left for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CircleWake {
    pub enabled: bool,
    pub ticket_id: Option<Vec<u8>>,
    pub ticket_epoch: Option<u64>,
}

pub(crate) fn circle_wake(tx: &Transaction<'_>, group_id: &[u8]) -> Result<CircleWake> {
    let row = tx
        .query_row(
            "SELECT enabled, ticket_id, ticket_epoch FROM circle_wakes WHERE group_id = ?1",
            [group_id],
            |r| {
                Ok(CircleWake {
                    enabled: r.get(0)?,
                    ticket_id: r.get(1)?,
                    ticket_epoch: r
                        .get::<_, Option<i64>>(2)?
                        .map(|e| u64::try_from(e).unwrap_or(0)),
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or(CircleWake {
        enabled: true,
        ticket_id: None,
        ticket_epoch: None,
    }))
}

/// Turns a circle's wakes on or off (sync leaves or withdraws its ticket).
pub(crate) fn set_enabled(tx: &Transaction<'_>, group_id: &[u8], enabled: bool) -> Result<()> {
    tx.execute(
        "INSERT INTO circle_wakes (group_id, enabled) VALUES (?1, ?2)
         ON CONFLICT (group_id) DO UPDATE SET enabled = excluded.enabled",
        params![group_id, enabled],
    )?;
    Ok(())
}

/// What sync should do about a circle's ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketStep {
    /// Nothing: the ticket on file is for the current epoch, or none is wanted.
    Nothing,
    /// Leave this ticket (under this id) for the current epoch.
    Leave {
        /// The ticket's id.
        ticket_id: Vec<u8>,
        /// The request.
        request: RegisterTicket,
    },
    /// Withdraw the ticket left for this epoch.
    Withdraw {
        /// The ticket's id.
        ticket_id: Vec<u8>,
        /// Its epoch.
        epoch: u64,
        /// That epoch's capability, if this phone still has it.
        capability: Vec<u8>,
    },
}

/// Decides about a circle whose current epoch and capability are `epoch` and `capability`.
pub(crate) fn next_step(
    tx: &Transaction<'_>,
    group_id: &[u8],
    epoch: u64,
    capability: &[u8],
) -> Result<TicketStep> {
    let wake = circle_wake(tx, group_id)?;
    let registration = registration(tx)?;
    let wanted = wake.enabled && registration.is_some();
    match (wanted, &wake.ticket_id, wake.ticket_epoch) {
        (true, _, Some(e)) if e == epoch => Ok(TicketStep::Nothing),
        (true, _, _) => {
            let Some(registration) = registration else {
                return Ok(TicketStep::Nothing);
            };
            let ticket = hearth_wake_ticket::seal(
                &registration.ticket_key,
                &RegistrationId(registration.registration_id),
            )
            .map_err(|_| {
                Error::invalid(
                    "push gateway",
                    "its ticket key is not usable; register with the gateway again",
                )
            })?;
            Ok(TicketStep::Leave {
                ticket_id: crate::secret::random_bytes::<TICKET_ID_SIZE>()?.to_vec(),
                request: RegisterTicket {
                    epoch,
                    capability: Bytes(capability.to_vec()),
                    ticket: Bytes(ticket),
                },
            })
        }
        // Only the current epoch's ticket wakes anyone; an older one has lapsed already.
        (false, Some(id), Some(e)) if e == epoch => Ok(TicketStep::Withdraw {
            ticket_id: id.clone(),
            epoch,
            capability: capability.to_vec(),
        }),
        (false, _, _) => Ok(TicketStep::Nothing),
    }
}

/// The relay took a ticket for `epoch`.
pub(crate) fn ticket_left(
    tx: &Transaction<'_>,
    group_id: &[u8],
    ticket_id: &[u8],
    epoch: u64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO circle_wakes (group_id, enabled, ticket_id, ticket_epoch) VALUES (?1, 1, ?2, ?3)
         ON CONFLICT (group_id) DO UPDATE SET ticket_id = excluded.ticket_id,
           ticket_epoch = excluded.ticket_epoch",
        params![group_id, ticket_id, i64::try_from(epoch).unwrap_or(i64::MAX)],
    )?;
    Ok(())
}

/// The relay no longer holds the circle's ticket.
pub(crate) fn ticket_withdrawn(tx: &Transaction<'_>, group_id: &[u8]) -> Result<()> {
    tx.execute(
        "UPDATE circle_wakes SET ticket_id = NULL, ticket_epoch = NULL WHERE group_id = ?1",
        [group_id],
    )?;
    Ok(())
}

/// Our own ticket's id in a circle, which a post names so our own message does not wake us.
pub(crate) fn own_ticket(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Option<Vec<u8>>> {
    Ok(circle_wake(tx, group_id)?.ticket_id)
}

/// A UnifiedPush endpoint checked before it goes to a gateway.
pub fn unified_push_endpoint(endpoint: &str, p256dh: &[u8], auth: &[u8]) -> Result<PushEndpoint> {
    let url = url::Url::parse(endpoint).map_err(|_| Error::invalid("endpoint", "not a URL"))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(Error::invalid(
            "endpoint",
            "a UnifiedPush endpoint is an https:// URL",
        ));
    }
    if p256dh.len() != 65 || auth.len() != 16 {
        return Err(Error::invalid(
            "keys",
            "p256dh is 65 bytes (uncompressed P-256) and auth 16",
        ));
    }
    Ok(PushEndpoint::UnifiedPush {
        endpoint: endpoint.to_string(),
        p256dh: Bytes(p256dh.to_vec()),
        auth: Bytes(auth.to_vec()),
    })
}
