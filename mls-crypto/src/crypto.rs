//! [`SuiteCrypto`]: openmls's `OpenMlsCrypto` and `OpenMlsRand` for ciphersuite 0x0003.

use openmls_traits::crypto::OpenMlsCrypto;
use openmls_traits::random::OpenMlsRand;
use openmls_traits::types::{
    AeadType, Ciphersuite, CryptoError, ExporterSecret, HashType, HpkeCiphertext, HpkeConfig,
    HpkeKeyPair, KemOutput, SignatureScheme,
};
use tls_codec::SecretVLBytes;

use crate::{
    chacha_only, ed25519_only, hpke, random, sha256_only, signature, suite_hpke_only, symmetric,
    CIPHERSUITE,
};

/// The crypto and randomness openmls runs on. It holds nothing: randomness comes from the
/// operating system on each call, so one value may be shared by every thread.
#[derive(Debug, Default, Clone, Copy)]
pub struct SuiteCrypto;

impl OpenMlsCrypto for SuiteCrypto {
    fn supports(&self, ciphersuite: Ciphersuite) -> Result<(), CryptoError> {
        if ciphersuite == CIPHERSUITE {
            Ok(())
        } else {
            Err(CryptoError::UnsupportedCiphersuite)
        }
    }

    fn supported_ciphersuites(&self) -> Vec<Ciphersuite> {
        vec![CIPHERSUITE]
    }

    fn hkdf_extract(
        &self,
        hash_type: HashType,
        salt: &[u8],
        ikm: &[u8],
    ) -> Result<SecretVLBytes, CryptoError> {
        sha256_only(hash_type)?;
        Ok(symmetric::hkdf_extract(salt, ikm))
    }

    fn hmac(
        &self,
        hash_type: HashType,
        key: &[u8],
        message: &[u8],
    ) -> Result<SecretVLBytes, CryptoError> {
        sha256_only(hash_type)?;
        Ok(symmetric::hmac_sha256(key, message))
    }

    fn hkdf_expand(
        &self,
        hash_type: HashType,
        prk: &[u8],
        info: &[u8],
        okm_len: usize,
    ) -> Result<SecretVLBytes, CryptoError> {
        sha256_only(hash_type)?;
        symmetric::hkdf_expand(prk, info, okm_len)
    }

    fn hash(&self, hash_type: HashType, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        sha256_only(hash_type)?;
        Ok(symmetric::sha256(data))
    }

    fn aead_encrypt(
        &self,
        alg: AeadType,
        key: &[u8],
        data: &[u8],
        nonce: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        chacha_only(alg)?;
        symmetric::seal(key, nonce, aad, data)
    }

    fn aead_decrypt(
        &self,
        alg: AeadType,
        key: &[u8],
        ct_tag: &[u8],
        nonce: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        chacha_only(alg)?;
        symmetric::open(key, nonce, aad, ct_tag)
    }

    fn signature_key_gen(&self, alg: SignatureScheme) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
        ed25519_only(alg)?;
        signature::generate()
    }

    fn verify_signature(
        &self,
        alg: SignatureScheme,
        data: &[u8],
        pk: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        ed25519_only(alg)?;
        signature::verify(pk, data, signature)
    }

    fn sign(&self, alg: SignatureScheme, data: &[u8], key: &[u8]) -> Result<Vec<u8>, CryptoError> {
        ed25519_only(alg)?;
        signature::sign(key, data)
    }

    fn hpke_seal(
        &self,
        config: HpkeConfig,
        pk_r: &[u8],
        info: &[u8],
        aad: &[u8],
        ptxt: &[u8],
    ) -> Result<HpkeCiphertext, CryptoError> {
        suite_hpke_only(config)?;
        hpke::seal(pk_r, info, aad, ptxt)
    }

    fn hpke_open(
        &self,
        config: HpkeConfig,
        input: &HpkeCiphertext,
        sk_r: &[u8],
        info: &[u8],
        aad: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        suite_hpke_only(config)?;
        hpke::open(input, sk_r, info, aad)
    }

    fn hpke_setup_sender_and_export(
        &self,
        config: HpkeConfig,
        pk_r: &[u8],
        info: &[u8],
        exporter_context: &[u8],
        exporter_length: usize,
    ) -> Result<(KemOutput, ExporterSecret), CryptoError> {
        suite_hpke_only(config)?;
        hpke::send_export(pk_r, info, exporter_context, exporter_length)
    }

    fn hpke_setup_receiver_and_export(
        &self,
        config: HpkeConfig,
        enc: &[u8],
        sk_r: &[u8],
        info: &[u8],
        exporter_context: &[u8],
        exporter_length: usize,
    ) -> Result<ExporterSecret, CryptoError> {
        suite_hpke_only(config)?;
        hpke::receive_export(enc, sk_r, info, exporter_context, exporter_length)
    }

    fn derive_hpke_keypair(
        &self,
        config: HpkeConfig,
        ikm: &[u8],
    ) -> Result<HpkeKeyPair, CryptoError> {
        suite_hpke_only(config)?;
        hpke::derive_key_pair(ikm)
    }
}

impl OpenMlsRand for SuiteCrypto {
    type Error = CryptoError;

    fn random_array<const N: usize>(&self) -> Result<[u8; N], Self::Error> {
        random::array()
    }

    fn random_vec(&self, len: usize) -> Result<Vec<u8>, Self::Error> {
        random::vec(len)
    }
}
