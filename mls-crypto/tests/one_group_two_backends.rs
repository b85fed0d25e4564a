//! A whole MLS group with one member on openmls_rust_crypto and one on `SuiteCrypto`: the
//! Welcome, messages both ways and commits from each side. What members running an older
//! Hearth and a newer one meet in the same circle.

#![allow(clippy::unwrap_used, missing_docs)]

use hearth_mls_crypto::{SignatureKeys, SuiteCrypto, CIPHERSUITE};
use openmls::prelude::tls_codec::{Deserialize as _, Serialize as _};
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;
use openmls_memory_storage::MemoryStorage;
use openmls_rust_crypto::OpenMlsRustCrypto;
use openmls_traits::signatures::Signer;
use openmls_traits::OpenMlsProvider;

/// `SuiteCrypto` with openmls's in-memory storage.
#[derive(Default)]
struct Ours {
    crypto: SuiteCrypto,
    storage: MemoryStorage,
}

impl OpenMlsProvider for Ours {
    type CryptoProvider = SuiteCrypto;
    type RandProvider = SuiteCrypto;
    type StorageProvider = MemoryStorage;
    fn storage(&self) -> &MemoryStorage {
        &self.storage
    }
    fn crypto(&self) -> &SuiteCrypto {
        &self.crypto
    }
    fn rand(&self) -> &SuiteCrypto {
        &self.crypto
    }
}

fn credential(name: &[u8], public: &[u8]) -> CredentialWithKey {
    CredentialWithKey {
        credential: BasicCredential::new(name.to_vec()).into(),
        signature_key: public.to_vec().into(),
    }
}

/// Sends `message` through its wire encoding, as the relay would carry it.
fn over_the_wire(message: &MlsMessageOut) -> MlsMessageIn {
    MlsMessageIn::tls_deserialize_exact(message.tls_serialize_detached().unwrap()).unwrap()
}

/// Processes a message, merging a commit, and returns an application message's bytes.
fn receive(
    group: &mut MlsGroup,
    provider: &impl OpenMlsProvider,
    message: &MlsMessageOut,
) -> Option<Vec<u8>> {
    let protocol = over_the_wire(message).try_into_protocol_message().unwrap();
    let processed = group.process_message(provider, protocol).unwrap();
    match processed.into_content() {
        ProcessedMessageContent::ApplicationMessage(app) => Some(app.into_bytes()),
        ProcessedMessageContent::StagedCommitMessage(commit) => {
            group.merge_staged_commit(provider, *commit).unwrap();
            None
        }
        _ => panic!("unexpected message"),
    }
}

#[test]
fn a_group_runs_with_one_member_on_each_backend() {
    let theirs = OpenMlsRustCrypto::default();
    let alice_keys = SignatureKeyPair::new(CIPHERSUITE.signature_algorithm()).unwrap();
    alice_keys.store(theirs.storage()).unwrap();
    let ours = Ours::default();
    let bob_keys = SignatureKeys::generate().unwrap();
    bob_keys.store(ours.storage()).unwrap();

    let bob_package = KeyPackage::builder()
        .build(
            CIPHERSUITE,
            &ours,
            &bob_keys,
            credential(b"bob", bob_keys.public()),
        )
        .unwrap();

    let config = MlsGroupCreateConfig::builder()
        .ciphersuite(CIPHERSUITE)
        .use_ratchet_tree_extension(true)
        .build();
    let mut alice = MlsGroup::new(
        &theirs,
        &alice_keys,
        &config,
        credential(b"alice", alice_keys.public()),
    )
    .unwrap();
    // Bob's KeyPackage, made and signed by our backend, validates in theirs.
    let bob_package_in = KeyPackageIn::tls_deserialize_exact(
        bob_package.key_package().tls_serialize_detached().unwrap(),
    )
    .unwrap()
    .validate(theirs.crypto(), ProtocolVersion::Mls10)
    .unwrap();
    let (_, welcome, _) = alice
        .add_members(&theirs, &alice_keys, &[bob_package_in])
        .unwrap();
    alice.merge_pending_commit(&theirs).unwrap();

    // Bob opens the Welcome their backend sealed to his HPKE key.
    let MlsMessageBodyIn::Welcome(welcome) = over_the_wire(&welcome).extract() else {
        panic!("not a Welcome");
    };
    let mut bob =
        StagedWelcome::new_from_welcome(&ours, &MlsGroupJoinConfig::default(), welcome, None)
            .unwrap()
            .into_group(&ours)
            .unwrap();
    assert_eq!(
        bob.epoch_authenticator().as_slice(),
        alice.epoch_authenticator().as_slice()
    );

    let hello = alice
        .create_message(&theirs, &alice_keys, b"hello from the old backend")
        .unwrap();
    assert_eq!(
        receive(&mut bob, &ours, &hello).unwrap(),
        b"hello from the old backend"
    );
    let reply = bob
        .create_message(&ours, &bob_keys, b"and back from the new one")
        .unwrap();
    assert_eq!(
        receive(&mut alice, &theirs, &reply).unwrap(),
        b"and back from the new one"
    );

    // Bob commits a new path (HPKE to Alice's subtree through our backend), then Alice does.
    let (commit, _, _) = bob
        .self_update(&ours, &bob_keys, LeafNodeParameters::default())
        .unwrap()
        .into_contents();
    bob.merge_pending_commit(&ours).unwrap();
    assert!(receive(&mut alice, &theirs, &commit).is_none());
    assert_eq!(
        bob.epoch_authenticator().as_slice(),
        alice.epoch_authenticator().as_slice()
    );

    let (commit, _, _) = alice
        .self_update(&theirs, &alice_keys, LeafNodeParameters::default())
        .unwrap()
        .into_contents();
    alice.merge_pending_commit(&theirs).unwrap();
    assert!(receive(&mut bob, &ours, &commit).is_none());
    assert_eq!(
        bob.epoch_authenticator().as_slice(),
        alice.epoch_authenticator().as_slice()
    );
    assert_eq!(alice.epoch().as_u64(), 3);

    let last = bob.create_message(&ours, &bob_keys, b"still here").unwrap();
    assert_eq!(receive(&mut alice, &theirs, &last).unwrap(), b"still here");
    assert_eq!(bob_keys.signature_scheme(), SignatureScheme::ED25519);
}
