//! How a profile database's pages are laid out and authenticated: the page size and the
//! HMAC that SQLCipher writes into every page.
//!
//! SQLCipher cannot read either from the file (the whole file is encrypted, header too), so
//! the format is chosen when a profile is created, recorded in its key file, and applied
//! before the first page is read. Profiles whose key file names no format were made with
//! SQLCipher 4's defaults and keep them.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The MAC over each encrypted page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PageHmac {
    HmacSha256,
    HmacSha512,
}

impl PageHmac {
    fn pragma_value(self) -> &'static str {
        match self {
            PageHmac::HmacSha256 => "HMAC_SHA256",
            PageHmac::HmacSha512 => "HMAC_SHA512",
        }
    }
}

/// Page size and page MAC of one database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageFormat {
    pub page_size: u32,
    pub hmac: PageHmac,
}

impl PageFormat {
    /// SQLCipher 4's defaults: what profiles made before the format was recorded use.
    pub const SQLCIPHER_DEFAULT: PageFormat = PageFormat {
        page_size: 4096,
        hmac: PageHmac::HmacSha512,
    };

    /// What new profiles get. Every page written costs one AES-256-CBC pass and one MAC over
    /// the whole page, and a circle message dirties about a dozen pages across several
    /// tables, each mostly unchanged. Smaller pages cut the bytes encrypted per message; a
    /// SHA-256 MAC uses the SHA instructions of ARMv8 phones and recent x86 (SHA-512 has
    /// them only on the newest cores). Both together made a message a fifth cheaper in the
    /// circles benchmark. Each page's tag is 256 bits instead of 512, still far beyond forging;
    /// the cipher stays AES-256.
    pub const NEW_PROFILE: PageFormat = PageFormat {
        page_size: 1024,
        hmac: PageHmac::HmacSha256,
    };

    /// The format recorded for a profile, refused when SQLite could not use it.
    pub fn checked(self) -> Result<PageFormat> {
        // SQLite's page sizes: powers of two from 512 to 65536.
        if self.page_size.is_power_of_two() && (512..=65536).contains(&self.page_size) {
            Ok(self)
        } else {
            Err(Error::Corrupt {
                detail: "key parameters file page size",
            })
        }
    }

    /// The statements that set this format on `schema` ("main", or an attached database);
    /// they must run after its key and before its first read.
    pub fn pragmas(self, schema: &str) -> String {
        format!(
            "PRAGMA {schema}.cipher_page_size = {};
             PRAGMA {schema}.cipher_hmac_algorithm = {};",
            self.page_size,
            self.hmac.pragma_value()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_page_sizes_sqlite_can_use_are_accepted() {
        for size in [512, 1024, 4096, 65536] {
            let format = PageFormat {
                page_size: size,
                hmac: PageHmac::HmacSha256,
            };
            assert_eq!(format.checked().unwrap(), format);
        }
        for size in [0, 256, 1000, 131072] {
            let format = PageFormat {
                page_size: size,
                hmac: PageHmac::HmacSha512,
            };
            assert!(matches!(format.checked(), Err(Error::Corrupt { .. })));
        }
    }

    #[test]
    fn format_is_written_in_words() {
        let json = serde_json::to_string(&PageFormat::NEW_PROFILE).unwrap();
        assert_eq!(json, r#"{"page_size":1024,"hmac":"hmac_sha256"}"#);
    }
}
