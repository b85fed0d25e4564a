//! Wake tickets. A device registered with a push gateway gets a registration id; for each
//! circle (and each epoch) it seals that id, with 16 fresh random bytes, to the gateway's
//! public key and leaves the result, a ticket, at the relay. When the circle's mailbox gets
//! a message the relay hands its tickets to the gateway, which opens them and wakes the
//! devices.
//!
//! The relay holds the tickets and cannot open them; every ticket is a fresh HPKE
//! encapsulation (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//! ChaCha20-Poly1305), so two tickets of one device for two circles share no bytes: nothing
//! lets the relay link them. The gateway opens them and never learns a mailbox.
//!
//! Every ticket is exactly [`TICKET_SIZE`] bytes: the 32-byte encapsulated key, then the
//! 32-byte plaintext sealed with its 16-byte tag.

use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use rand_core_hpke::{OsRng, UnwrapErr};
use zeroize::Zeroizing;

type Kem = X25519HkdfSha256;

/// Binds a ticket to its use, so no other HPKE message to the gateway's key opens as one.
const INFO: &[u8] = b"hearth wake ticket v1";

/// Bytes of a registration id.
pub const REGISTRATION_ID_SIZE: usize = 16;
/// Bytes of a ticket: encapsulated key (32), sealed id and nonce (32), tag (16).
pub const TICKET_SIZE: usize = 32 + REGISTRATION_ID_SIZE + 16 + 16;

/// A device's registration at a push gateway (random, chosen by the gateway).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegistrationId(pub [u8; REGISTRATION_ID_SIZE]);

/// Why a ticket could not be made or opened. Says nothing about the ticket's content.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TicketError {
    /// The gateway's public key is not an X25519 key.
    #[error("the gateway's key is not usable")]
    BadGatewayKey,
    /// The ticket is not [`TICKET_SIZE`] bytes, or was not sealed to this gateway's key.
    #[error("the ticket does not open")]
    DoesNotOpen,
    /// The system's random generator failed.
    #[error("no randomness for the ticket")]
    Random,
}

/// A gateway's ticket key pair.
pub struct GatewayKeys {
    private: Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

impl GatewayKeys {
    /// A new key pair.
    pub fn generate() -> GatewayKeys {
        let (private, public) = Kem::gen_keypair(&mut UnwrapErr(OsRng));
        GatewayKeys {
            private: Zeroizing::new(private.to_bytes().to_vec()),
            public: public.to_bytes().to_vec(),
        }
    }

    /// The key pair from its stored private key (32 bytes).
    pub fn from_private(private: &[u8]) -> Result<GatewayKeys, TicketError> {
        let key = <Kem as hpke::Kem>::PrivateKey::from_bytes(private)
            .map_err(|_| TicketError::BadGatewayKey)?;
        let public = Kem::sk_to_pk(&key).to_bytes().to_vec();
        Ok(GatewayKeys {
            private: Zeroizing::new(private.to_vec()),
            public,
        })
    }

    /// The private key, to store (keep it secret).
    pub fn private(&self) -> &[u8] {
        &self.private
    }

    /// The public key devices seal tickets to.
    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// Opens a ticket: the registration id it carries.
    pub fn open(&self, ticket: &[u8]) -> Result<RegistrationId, TicketError> {
        if ticket.len() != TICKET_SIZE {
            return Err(TicketError::DoesNotOpen);
        }
        let (encapped, sealed) = ticket.split_at(32);
        let private = <Kem as hpke::Kem>::PrivateKey::from_bytes(&self.private)
            .map_err(|_| TicketError::BadGatewayKey)?;
        let encapped = <Kem as hpke::Kem>::EncappedKey::from_bytes(encapped)
            .map_err(|_| TicketError::DoesNotOpen)?;
        let plain = Zeroizing::new(
            hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Kem>(
                &OpModeR::Base,
                &private,
                &encapped,
                INFO,
                sealed,
                &[],
            )
            .map_err(|_| TicketError::DoesNotOpen)?,
        );
        let mut id = [0u8; REGISTRATION_ID_SIZE];
        id.copy_from_slice(&plain[..REGISTRATION_ID_SIZE]);
        Ok(RegistrationId(id))
    }
}

/// Seals `registration` with 16 fresh random bytes to the gateway's public key.
pub fn seal(gateway_key: &[u8], registration: &RegistrationId) -> Result<Vec<u8>, TicketError> {
    let public = <Kem as hpke::Kem>::PublicKey::from_bytes(gateway_key)
        .map_err(|_| TicketError::BadGatewayKey)?;
    let mut plain = Zeroizing::new([0u8; REGISTRATION_ID_SIZE + 16]);
    plain[..REGISTRATION_ID_SIZE].copy_from_slice(&registration.0);
    rand_core_hpke::TryRngCore::try_fill_bytes(&mut OsRng, &mut plain[REGISTRATION_ID_SIZE..])
        .map_err(|_| TicketError::Random)?;
    let (encapped, sealed) = hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, Kem, _>(
        &OpModeS::Base,
        &public,
        INFO,
        plain.as_slice(),
        &[],
        &mut UnwrapErr(OsRng),
    )
    .map_err(|_| TicketError::Random)?;
    let mut ticket = encapped.to_bytes().to_vec();
    ticket.extend_from_slice(&sealed);
    Ok(ticket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_opens_to_its_registration_with_the_gateways_key_only() {
        let gateway = GatewayKeys::generate();
        let id = RegistrationId([7; REGISTRATION_ID_SIZE]);
        let ticket = seal(gateway.public(), &id).unwrap();
        assert_eq!(ticket.len(), TICKET_SIZE);
        assert_eq!(gateway.open(&ticket), Ok(id));
        let again = GatewayKeys::from_private(gateway.private()).unwrap();
        assert_eq!(again.public(), gateway.public());
        assert_eq!(again.open(&ticket), Ok(id));
        let other = GatewayKeys::generate();
        assert_eq!(other.open(&ticket), Err(TicketError::DoesNotOpen));
    }

    #[test]
    fn a_damaged_or_short_ticket_does_not_open() {
        let gateway = GatewayKeys::generate();
        let ticket = seal(gateway.public(), &RegistrationId([1; 16])).unwrap();
        for i in [0, 31, 32, 50, TICKET_SIZE - 1] {
            let mut bad = ticket.clone();
            bad[i] ^= 1;
            assert_eq!(
                gateway.open(&bad),
                Err(TicketError::DoesNotOpen),
                "byte {i}"
            );
        }
        assert_eq!(
            gateway.open(&ticket[..TICKET_SIZE - 1]),
            Err(TicketError::DoesNotOpen)
        );
        assert_eq!(gateway.open(&[]), Err(TicketError::DoesNotOpen));
        assert_eq!(
            seal(&[1, 2, 3], &RegistrationId([1; 16])),
            Err(TicketError::BadGatewayKey)
        );
    }

    #[test]
    fn two_tickets_of_one_device_share_no_bytes_beyond_chance() {
        let gateway = GatewayKeys::generate();
        let id = RegistrationId([9; REGISTRATION_ID_SIZE]);
        let a = seal(gateway.public(), &id).unwrap();
        let b = seal(gateway.public(), &id).unwrap();
        // No common run of 4 bytes anywhere (random 80-byte strings share one with
        // probability about 80 * 80 / 2^32).
        for window in a.windows(4) {
            assert!(
                !b.windows(4).any(|w| w == window),
                "the tickets share bytes"
            );
        }
    }
}
