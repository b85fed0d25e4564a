//! HPKE (RFC 9180) in base mode for the suite's configuration: DHKEM(X25519, HKDF-SHA256),
//! HKDF-SHA256 and ChaCha20-Poly1305. MLS uses it to send path secrets to the members of a
//! subtree and the group's secrets to a new member (its Welcome).

use ::hpke::aead::ChaCha20Poly1305;
use ::hpke::kdf::HkdfSha256;
use ::hpke::kem::X25519HkdfSha256;
use ::hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use openmls_traits::types::{CryptoError, ExporterSecret, HpkeCiphertext, HpkeKeyPair};
use rand_core_hpke::{OsRng, UnwrapErr};

type Kem = X25519HkdfSha256;
type PrivateKey = <Kem as ::hpke::Kem>::PrivateKey;
type PublicKey = <Kem as ::hpke::Kem>::PublicKey;
type EncappedKey = <Kem as ::hpke::Kem>::EncappedKey;

fn public_key(bytes: &[u8]) -> Result<PublicKey, CryptoError> {
    PublicKey::from_bytes(bytes).map_err(|_| CryptoError::InvalidLength)
}

fn private_key(bytes: &[u8]) -> Result<PrivateKey, CryptoError> {
    PrivateKey::from_bytes(bytes).map_err(|_| CryptoError::InvalidLength)
}

/// Encrypts `plaintext` to the holder of `recipient`'s private key.
pub(crate) fn seal(
    recipient: &[u8],
    info: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<HpkeCiphertext, CryptoError> {
    let recipient = public_key(recipient)?;
    let (encapped, ciphertext) = ::hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, Kem, _>(
        &OpModeS::Base,
        &recipient,
        info,
        plaintext,
        aad,
        &mut UnwrapErr(OsRng),
    )
    .map_err(|_| CryptoError::CryptoLibraryError)?;
    Ok(HpkeCiphertext {
        kem_output: encapped.to_bytes().to_vec().into(),
        ciphertext: ciphertext.into(),
    })
}

/// Decrypts what [`seal`] made for `private`'s public key.
pub(crate) fn open(
    input: &HpkeCiphertext,
    private: &[u8],
    info: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let private = private_key(private).map_err(|_| CryptoError::HpkeDecryptionError)?;
    let encapped = EncappedKey::from_bytes(input.kem_output.as_slice())
        .map_err(|_| CryptoError::HpkeDecryptionError)?;
    ::hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Kem>(
        &OpModeR::Base,
        &private,
        &encapped,
        info,
        input.ciphertext.as_slice(),
        aad,
    )
    .map_err(|_| CryptoError::HpkeDecryptionError)
}

/// Sets up a sender to `recipient` and exports `length` bytes of its secret: the
/// encapsulated key to send, and the secret.
pub(crate) fn send_export(
    recipient: &[u8],
    info: &[u8],
    context: &[u8],
    length: usize,
) -> Result<(Vec<u8>, ExporterSecret), CryptoError> {
    let recipient = public_key(recipient).map_err(|_| CryptoError::SenderSetupError)?;
    let (encapped, sender) = ::hpke::setup_sender::<ChaCha20Poly1305, HkdfSha256, Kem, _>(
        &OpModeS::Base,
        &recipient,
        info,
        &mut UnwrapErr(OsRng),
    )
    .map_err(|_| CryptoError::SenderSetupError)?;
    let mut secret = vec![0u8; length];
    sender
        .export(context, &mut secret)
        .map_err(|_| CryptoError::ExporterError)?;
    Ok((encapped.to_bytes().to_vec(), secret.into()))
}

/// Sets up the receiver of `encapped` and exports `length` bytes of its secret.
pub(crate) fn receive_export(
    encapped: &[u8],
    private: &[u8],
    info: &[u8],
    context: &[u8],
    length: usize,
) -> Result<ExporterSecret, CryptoError> {
    let private = private_key(private).map_err(|_| CryptoError::ReceiverSetupError)?;
    let encapped =
        EncappedKey::from_bytes(encapped).map_err(|_| CryptoError::ReceiverSetupError)?;
    let receiver = ::hpke::setup_receiver::<ChaCha20Poly1305, HkdfSha256, Kem>(
        &OpModeR::Base,
        &private,
        &encapped,
        info,
    )
    .map_err(|_| CryptoError::ReceiverSetupError)?;
    let mut secret = vec![0u8; length];
    receiver
        .export(context, &mut secret)
        .map_err(|_| CryptoError::ExporterError)?;
    Ok(secret.into())
}

/// The key pair RFC 9180's DeriveKeyPair makes from `ikm` (MLS derives a node's keys from
/// its path secret, so every member derives the same pair).
pub(crate) fn derive_key_pair(ikm: &[u8]) -> Result<HpkeKeyPair, CryptoError> {
    let (private, public) = Kem::derive_keypair(ikm);
    Ok(HpkeKeyPair {
        private: private.to_bytes().as_slice().into(),
        public: public.to_bytes().to_vec(),
    })
}
