//! Every primitive of `SuiteCrypto` checked against openmls_rust_crypto, the backend it
//! replaced: the same outputs for the same inputs, what one seals the other opens, keys one
//! made work in the other, and a whole group runs with one member on each.

#![allow(clippy::unwrap_used, missing_docs)]

use hearth_mls_crypto::{SignatureKeys, SuiteCrypto, CIPHERSUITE};
use openmls_rust_crypto::RustCrypto;
use openmls_traits::crypto::OpenMlsCrypto;
use openmls_traits::random::OpenMlsRand;
use openmls_traits::signatures::Signer;
use openmls_traits::types::{
    AeadType, Ciphersuite, CryptoError, HashType, HpkeAeadType, HpkeConfig, HpkeKdfType,
    HpkeKemType, SignatureScheme,
};
use proptest::prelude::*;
use tls_codec::SecretVLBytes;

const SHA256: HashType = HashType::Sha2_256;
const CHACHA: AeadType = AeadType::ChaCha20Poly1305;
const ED25519: SignatureScheme = SignatureScheme::ED25519;

fn hpke() -> HpkeConfig {
    CIPHERSUITE.hpke_config()
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hashes_macs_and_key_derivations_match(data in bytes(300), key in bytes(100), info in bytes(80), len in 0usize..200) {
        let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
        prop_assert_eq!(ours.hash(SHA256, &data).unwrap(), theirs.hash(SHA256, &data).unwrap());
        let same = |a: SecretVLBytes, b: SecretVLBytes| a.as_slice() == b.as_slice();
        prop_assert!(same(ours.hmac(SHA256, &key, &data).unwrap(), theirs.hmac(SHA256, &key, &data).unwrap()));
        let prk = ours.hkdf_extract(SHA256, &key, &data).unwrap();
        prop_assert!(same(prk.clone(), theirs.hkdf_extract(SHA256, &key, &data).unwrap()));
        prop_assert!(same(
            ours.hkdf_expand(SHA256, prk.as_slice(), &info, len).unwrap(),
            theirs.hkdf_expand(SHA256, prk.as_slice(), &info, len).unwrap()
        ));
    }

    #[test]
    fn what_one_encrypts_the_other_decrypts(key in any::<[u8; 32]>(), nonce in any::<[u8; 12]>(), aad in bytes(64), plaintext in bytes(500)) {
        let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
        let sealed = ours.aead_encrypt(CHACHA, &key, &plaintext, &nonce, &aad).unwrap();
        prop_assert_eq!(&sealed, &theirs.aead_encrypt(CHACHA, &key, &plaintext, &nonce, &aad).unwrap());
        prop_assert_eq!(&theirs.aead_decrypt(CHACHA, &key, &sealed, &nonce, &aad).unwrap(), &plaintext);
        prop_assert_eq!(&ours.aead_decrypt(CHACHA, &key, &sealed, &nonce, &aad).unwrap(), &plaintext);
    }
}

#[test]
fn key_derivation_refuses_what_rfc_5869_refuses() {
    let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
    for (prk, len) in [(vec![1; 31], 32), (vec![1; 32], 255 * 32 + 1)] {
        assert_eq!(
            ours.hkdf_expand(SHA256, &prk, b"info", len).unwrap_err(),
            CryptoError::HkdfOutputLengthInvalid
        );
        assert!(theirs.hkdf_expand(SHA256, &prk, b"info", len).is_err());
    }
    let longest = ours.hkdf_expand(SHA256, &[1; 32], b"", 255 * 32).unwrap();
    let theirs_longest = theirs.hkdf_expand(SHA256, &[1; 32], b"", 255 * 32).unwrap();
    assert_eq!(longest.as_slice(), theirs_longest.as_slice());
}

#[test]
fn tampering_fails_decryption_and_bad_keys_are_refused() {
    let ours = SuiteCrypto;
    let (key, nonce) = ([7; 32], [9; 12]);
    let mut sealed = ours
        .aead_encrypt(CHACHA, &key, b"a message", &nonce, b"aad")
        .unwrap();
    assert_eq!(sealed.len(), b"a message".len() + 16);
    for (key, nonce, aad) in [
        ([8; 32], [9; 12], &b"aad"[..]),
        ([7; 32], [10; 12], &b"aad"[..]),
        ([7; 32], [9; 12], &b"other"[..]),
    ] {
        assert_eq!(
            ours.aead_decrypt(CHACHA, &key, &sealed, &nonce, aad)
                .unwrap_err(),
            CryptoError::AeadDecryptionError
        );
    }
    sealed[0] ^= 1;
    assert_eq!(
        ours.aead_decrypt(CHACHA, &key, &sealed, &nonce, b"aad")
            .unwrap_err(),
        CryptoError::AeadDecryptionError
    );
    assert_eq!(
        ours.aead_decrypt(CHACHA, &key, &sealed[..10], &nonce, b"aad")
            .unwrap_err(),
        CryptoError::AeadDecryptionError
    );
    assert_eq!(
        ours.aead_encrypt(CHACHA, &[1; 16], b"x", &nonce, b"")
            .unwrap_err(),
        CryptoError::CryptoLibraryError
    );
    assert_eq!(
        ours.aead_encrypt(CHACHA, &key, b"x", &[1; 8], b"")
            .unwrap_err(),
        CryptoError::CryptoLibraryError
    );
}

#[test]
fn signatures_made_by_either_verify_in_both() {
    let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
    let (our_secret, our_public) = ours.signature_key_gen(ED25519).unwrap();
    let (their_secret, their_public) = theirs.signature_key_gen(ED25519).unwrap();
    assert_eq!((our_secret.len(), our_public.len()), (32, 32));
    let data = b"a leaf node to sign";
    for (secret, public) in [(&our_secret, &our_public), (&their_secret, &their_public)] {
        let signature = ours.sign(ED25519, data, secret).unwrap();
        // Ed25519 is deterministic.
        assert_eq!(signature, theirs.sign(ED25519, data, secret).unwrap());
        ours.verify_signature(ED25519, data, public, &signature)
            .unwrap();
        theirs
            .verify_signature(ED25519, data, public, &signature)
            .unwrap();
        assert_eq!(
            ours.verify_signature(ED25519, b"other data", public, &signature)
                .unwrap_err(),
            CryptoError::InvalidSignature
        );
        let mut forged = signature.clone();
        forged[40] ^= 1;
        assert!(ours
            .verify_signature(ED25519, data, public, &forged)
            .is_err());
        assert!(ours
            .verify_signature(ED25519, data, public, &signature[..63])
            .is_err());
    }
    assert_ne!(our_secret, ours.signature_key_gen(ED25519).unwrap().0);
}

#[test]
fn hpke_key_pairs_derive_identically() {
    let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
    for ikm in [&[0u8; 32][..], b"a path secret of some length", &[0xff; 64]] {
        let a = ours.derive_hpke_keypair(hpke(), ikm).unwrap();
        let b = theirs.derive_hpke_keypair(hpke(), ikm).unwrap();
        assert_eq!(a.public, b.public);
        assert_eq!(&*a.private, &*b.private);
        assert_eq!(a.public.len(), 32);
    }
}

#[test]
fn what_one_seals_with_hpke_the_other_opens() {
    let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
    let keys = ours.derive_hpke_keypair(hpke(), b"recipient").unwrap();
    let secret = &*keys.private;
    let (info, aad, plaintext) = (b"info", b"aad", b"the group's secrets");

    let sealed = ours
        .hpke_seal(hpke(), &keys.public, info, aad, plaintext)
        .unwrap();
    assert_eq!(
        theirs
            .hpke_open(hpke(), &sealed, secret, info, aad)
            .unwrap(),
        plaintext
    );
    let sealed = theirs
        .hpke_seal(hpke(), &keys.public, info, aad, plaintext)
        .unwrap();
    assert_eq!(
        ours.hpke_open(hpke(), &sealed, secret, info, aad).unwrap(),
        plaintext
    );

    let other = ours.derive_hpke_keypair(hpke(), b"someone else").unwrap();
    assert_eq!(
        ours.hpke_open(hpke(), &sealed, &other.private, info, aad)
            .unwrap_err(),
        CryptoError::HpkeDecryptionError
    );
    assert_eq!(
        ours.hpke_open(hpke(), &sealed, secret, b"other info", aad)
            .unwrap_err(),
        CryptoError::HpkeDecryptionError
    );
    assert!(ours
        .hpke_seal(hpke(), &keys.public[..31], info, aad, plaintext)
        .is_err());
}

#[test]
fn hpke_exports_agree_both_ways() {
    let (ours, theirs) = (SuiteCrypto, RustCrypto::default());
    let keys = theirs.derive_hpke_keypair(hpke(), b"recipient").unwrap();
    let secret = &*keys.private;
    let (sent, exported) = ours
        .hpke_setup_sender_and_export(hpke(), &keys.public, b"info", b"context", 32)
        .unwrap();
    let received = theirs
        .hpke_setup_receiver_and_export(hpke(), &sent, secret, b"info", b"context", 32)
        .unwrap();
    assert_eq!(&*exported, &*received);
    assert_eq!(exported.len(), 32);

    let (sent, exported) = theirs
        .hpke_setup_sender_and_export(hpke(), &keys.public, b"info", b"context", 48)
        .unwrap();
    let received = ours
        .hpke_setup_receiver_and_export(hpke(), &sent, secret, b"info", b"context", 48)
        .unwrap();
    assert_eq!(&*exported, &*received);
    assert_eq!(
        ours.hpke_setup_receiver_and_export(hpke(), &sent[..5], secret, b"info", b"context", 32)
            .unwrap_err(),
        CryptoError::ReceiverSetupError
    );
}

#[test]
fn every_other_algorithm_is_refused() {
    let ours = SuiteCrypto;
    assert_eq!(ours.supported_ciphersuites(), vec![CIPHERSUITE]);
    ours.supports(CIPHERSUITE).unwrap();
    assert_eq!(
        ours.supports(Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519)
            .unwrap_err(),
        CryptoError::UnsupportedCiphersuite
    );
    assert_eq!(
        ours.hash(HashType::Sha2_384, b"x").unwrap_err(),
        CryptoError::UnsupportedHashAlgorithm
    );
    assert_eq!(
        ours.hmac(HashType::Sha2_512, b"k", b"x").unwrap_err(),
        CryptoError::UnsupportedHashAlgorithm
    );
    assert_eq!(
        ours.aead_encrypt(AeadType::Aes128Gcm, &[0; 16], b"x", &[0; 12], b"")
            .unwrap_err(),
        CryptoError::UnsupportedAeadAlgorithm
    );
    assert_eq!(
        ours.signature_key_gen(SignatureScheme::ECDSA_SECP256R1_SHA256)
            .unwrap_err(),
        CryptoError::UnsupportedSignatureScheme
    );
    let p256 = HpkeConfig(
        HpkeKemType::DhKemP256,
        HpkeKdfType::HkdfSha256,
        HpkeAeadType::AesGcm128,
    );
    assert_eq!(
        ours.derive_hpke_keypair(p256, b"ikm").unwrap_err(),
        CryptoError::UnsupportedCiphersuite
    );
}

#[test]
fn randomness_is_fresh_and_of_the_length_asked() {
    let ours = SuiteCrypto;
    let a: [u8; 32] = ours.random_array().unwrap();
    let b: [u8; 32] = ours.random_array().unwrap();
    assert_ne!(a, b);
    assert_eq!(ours.random_vec(100).unwrap().len(), 100);
    assert!(ours.random_vec(0).unwrap().is_empty());
}

mod stored_keys {
    use super::*;
    use openmls_basic_credential::SignatureKeyPair;
    use openmls_memory_storage::MemoryStorage;

    #[test]
    fn a_pair_stored_before_is_read_and_signs_as_it_did() {
        let storage = MemoryStorage::default();
        let old = SignatureKeyPair::new(ED25519).unwrap();
        old.store(&storage).unwrap();
        let read = SignatureKeys::read(&storage, old.public())
            .unwrap()
            .unwrap();
        assert_eq!(read.public(), old.public());
        assert_eq!(read.signature_scheme(), ED25519);
        let payload = b"a circle message's signed content";
        assert_eq!(read.sign(payload).unwrap(), old.sign(payload).unwrap());

        SignatureKeys::delete(&storage, old.public()).unwrap();
        assert!(SignatureKeyPair::read(&storage, old.public(), ED25519).is_none());
        assert!(SignatureKeys::read(&storage, old.public())
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_pair_stored_now_reads_as_the_old_type_did() {
        let storage = MemoryStorage::default();
        let new = SignatureKeys::generate().unwrap();
        new.store(&storage).unwrap();
        let old = SignatureKeyPair::read(&storage, new.public(), ED25519).unwrap();
        assert_eq!(old.public(), new.public());
        assert_eq!(old.sign(b"x").unwrap(), new.sign(b"x").unwrap());
        SuiteCrypto
            .verify_signature(ED25519, b"x", new.public(), &new.sign(b"x").unwrap())
            .unwrap();
    }

    /// Whether `pair`, as openmls_basic_credential stored it, reads as [`SignatureKeys`].
    /// (Storage hands the decoding error on; the in-memory store used above would panic.)
    fn reads(pair: &SignatureKeyPair) -> bool {
        let stored = serde_json::to_vec(pair).unwrap();
        serde_json::from_slice::<SignatureKeys>(&stored).is_ok()
    }

    #[test]
    fn a_pair_whose_public_key_is_not_its_secrets_does_not_read() {
        let (secret, public) = fixed_keys(7);
        let (_, other) = fixed_keys(8);
        assert!(!reads(&SignatureKeyPair::from_raw(
            ED25519,
            secret.to_vec(),
            other.to_vec()
        )));
        assert!(reads(&SignatureKeyPair::from_raw(
            ED25519,
            secret.to_vec(),
            public.to_vec()
        )));
        assert!(!reads(&SignatureKeyPair::from_raw(
            ED25519,
            secret[..31].to_vec(),
            public.to_vec()
        )));
    }

    #[test]
    fn a_stored_pair_of_another_scheme_does_not_read() {
        let (secret, public) = fixed_keys(3);
        let p256 = SignatureScheme::ECDSA_SECP256R1_SHA256;
        assert!(!reads(&SignatureKeyPair::from_raw(
            p256,
            secret.to_vec(),
            public.to_vec()
        )));
        assert!(!reads(&SignatureKeyPair::new(p256).unwrap()));
    }

    /// The key pair of a fixed secret.
    fn fixed_keys(seed: u8) -> ([u8; 32], [u8; 32]) {
        let secret = [seed; 32];
        let public = ed25519_dalek::SigningKey::from_bytes(&secret)
            .verifying_key()
            .to_bytes();
        (secret, public)
    }
}
