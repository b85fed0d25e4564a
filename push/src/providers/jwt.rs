//! The two signed tokens push services ask for: an RS256 assertion for Google's OAuth token
//! endpoint (FCM, from a service account key) and an ES256 provider token for APNs (from a
//! `.p8` key). Signed with ring; the header and claims are JSON, base64url without padding.

use hearth_protocol::Bytes;
use ring::rand::SystemRandom;
use ring::signature::{
    EcdsaKeyPair, RsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING, RSA_PKCS1_SHA256,
};
use serde_json::Value;

/// Why a key could not sign.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JwtError {
    /// The key is not a PKCS#8 key of the kind the service needs.
    #[error("the key is not usable (PKCS#8 RSA for FCM, PKCS#8 P-256 for APNs)")]
    BadKey,
    /// Signing failed.
    #[error("signing failed")]
    Sign,
}

fn encode(value: &Value) -> String {
    Bytes(value.to_string().into_bytes()).to_text()
}

/// A key that signs RS256 assertions.
pub struct Rs256(RsaKeyPair);

impl Rs256 {
    /// From a PKCS#8 DER key.
    pub fn from_pkcs8(der: &[u8]) -> Result<Self, JwtError> {
        RsaKeyPair::from_pkcs8(der)
            .map(Rs256)
            .map_err(|_| JwtError::BadKey)
    }

    /// A signed token with `claims`.
    pub fn sign(&self, claims: &Value) -> Result<String, JwtError> {
        let input = format!(
            "{}.{}",
            encode(&serde_json::json!({ "alg": "RS256", "typ": "JWT" })),
            encode(claims)
        );
        let mut signature = vec![0; self.0.public().modulus_len()];
        self.0
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| JwtError::Sign)?;
        Ok(format!("{input}.{}", Bytes(signature).to_text()))
    }
}

/// A key that signs ES256 tokens, with its key id.
pub struct Es256 {
    key: EcdsaKeyPair,
    key_id: String,
}

impl Es256 {
    /// From a PKCS#8 DER key (an APNs `.p8` file's content) and its key id.
    pub fn from_pkcs8(der: &[u8], key_id: &str) -> Result<Self, JwtError> {
        let key =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, &SystemRandom::new())
                .map_err(|_| JwtError::BadKey)?;
        Ok(Es256 {
            key,
            key_id: key_id.to_string(),
        })
    }

    /// A signed token with `claims`.
    pub fn sign(&self, claims: &Value) -> Result<String, JwtError> {
        let input = format!(
            "{}.{}",
            encode(&serde_json::json!({ "alg": "ES256", "kid": self.key_id })),
            encode(claims)
        );
        let signature = self
            .key
            .sign(&SystemRandom::new(), input.as_bytes())
            .map_err(|_| JwtError::Sign)?;
        Ok(format!(
            "{input}.{}",
            Bytes(signature.as_ref().to_vec()).to_text()
        ))
    }
}

/// The DER inside a PEM private key (PKCS#8, `-----BEGIN PRIVATE KEY-----`).
pub fn pkcs8_from_pem(pem: &str) -> Result<Vec<u8>, JwtError> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes())
        .map(|k| k.secret_pkcs8_der().to_vec())
        .map_err(|_| JwtError::BadKey)
}
