//! TLS for the relay's own HTTPS and WSS: a certificate chain and key from PEM files, served
//! with rustls on ring (TLS 1.2 and 1.3). ALPN offers HTTP/1.1 only: the live WebSocket is
//! an HTTP/1.1 upgrade, and the core's HTTP client speaks HTTP/1.1.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// A private key as rustls takes it (re-exported so callers need not depend on rustls).
pub type PrivateKey = PrivateKeyDer<'static>;

/// Where the relay's certificate chain and private key are (PEM).
#[derive(Clone, Debug)]
pub struct TlsFiles {
    /// The certificate chain, the relay's own certificate first.
    pub cert: PathBuf,
    /// Its private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Why the certificate or key could not be used. Names the file, never its contents.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// No certificate could be read from the file.
    #[error("no certificate could be read from {0}")]
    Certificate(PathBuf),
    /// No private key could be read from the file.
    #[error("no private key could be read from {0}")]
    Key(PathBuf),
    /// rustls refused the pair (the key does not match, or an unsupported algorithm).
    #[error("the certificate and key cannot be used together: {0}")]
    Pair(rustls::Error),
}

impl TlsFiles {
    /// The server configuration for these files.
    pub fn server_config(&self) -> Result<Arc<ServerConfig>, TlsError> {
        let chain = read_chain(&self.cert)?;
        let key =
            PrivateKeyDer::from_pem_file(&self.key).map_err(|_| TlsError::Key(self.key.clone()))?;
        server_config(chain, key)
    }
}

fn read_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let chain = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|_| TlsError::Certificate(path.to_path_buf()))?;
    if chain.is_empty() {
        return Err(TlsError::Certificate(path.to_path_buf()));
    }
    Ok(chain)
}

/// A server configuration for `chain` and `key` on ring.
pub fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let mut config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(TlsError::Pair)?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(TlsError::Pair)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A client configuration for the relay's own outgoing TLS (to its database): the public
/// roots, and the CA certificates in `extra_ca` (PEM) when given.
pub fn client_config(extra_ca: Option<&Path>) -> Result<rustls::ClientConfig, TlsError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = extra_ca {
        for cert in read_chain(path)? {
            roots
                .add(cert)
                .map_err(|_| TlsError::Certificate(path.to_path_buf()))?;
        }
    }
    Ok(rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(TlsError::Pair)?
    .with_root_certificates(roots)
    .with_no_client_auth())
}
