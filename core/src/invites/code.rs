//! One-time invite codes as people read, type and scan them: `7KQ2M9-XD4F-PW8T`.
//!
//! - The first 6 characters are the **nameplate** (30 random bits): public, it finds the
//!   invite at the relay.
//! - The next 7 are the **secret** (35 random bits): it never leaves the two phones; it is
//!   the PAKE password, so the relay gets one online guess per invite and none offline.
//! - The last is a **check character** (Luhn mod 32 over the 13 before it), so every
//!   single mistyped character and most swapped neighbours are caught before anything is
//!   sent.
//!
//! The alphabet is Crockford's base32 (digits and letters without I, L, O, U). Input is
//! case-insensitive, ignores spaces and hyphens, and reads O as 0 and I or L as 1, the
//! mistakes people make reading a code aloud. The same code is also a deep link,
//! `hearth://join#CODE` (in the fragment, which a browser never sends anywhere).

use std::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The deep link prefix; the code follows the `#`.
pub const LINK_PREFIX: &str = "hearth://join#";

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const NAMEPLATE_LEN: usize = 6;
const SECRET_LEN: usize = 7;
const CODE_LEN: usize = NAMEPLATE_LEN + SECRET_LEN + 1;

/// Why a typed code was refused. None of them carries the code itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Nothing was entered.
    #[error("no code was entered")]
    Empty,
    /// Too few or too many characters.
    #[error("a code has 14 characters; this has {found}")]
    WrongLength {
        /// How many code characters were found.
        found: usize,
    },
    /// A character that is never part of a code.
    #[error("character {position} cannot be part of a code")]
    BadCharacter {
        /// Its position among the code's characters, from 1.
        position: usize,
    },
    /// The check character does not match: a typo somewhere.
    #[error("the code has a typo: please check it")]
    Typo,
}

impl From<CodeError> for Error {
    fn from(e: CodeError) -> Error {
        Error::invalid("code", e.to_string())
    }
}

/// An invite code. Its secret part is wiped from memory when dropped, and neither `Debug`
/// nor anything else prints it: only [`InviteCode::text`] and [`InviteCode::link`] do.
#[derive(Clone, PartialEq, Eq)]
pub struct InviteCode {
    /// Canonical characters: nameplate, then secret (no check character).
    chars: Zeroizing<Vec<u8>>,
}

impl InviteCode {
    /// A new random code.
    pub fn generate() -> Result<InviteCode> {
        let mut bytes = Zeroizing::new([0u8; CODE_LEN - 1]);
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes[..])
            .map_err(|_| Error::Internal("the random generator failed"))?;
        Ok(InviteCode::from_random(&bytes))
    }

    /// The code whose characters come from `bytes`, one each: 256 is a multiple of 32, so
    /// uniform bytes give uniform characters.
    fn from_random(bytes: &[u8; CODE_LEN - 1]) -> InviteCode {
        let chars = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(b % 32)])
            .collect();
        InviteCode {
            chars: Zeroizing::new(chars),
        }
    }

    /// The code again from its stored parts (the facilitator's phone keeps them until the
    /// code is used, so it can be shown again).
    pub(crate) fn from_parts(nameplate: &str, secret: &[u8]) -> Result<InviteCode> {
        let chars: Zeroizing<Vec<u8>> =
            Zeroizing::new(nameplate.bytes().chain(secret.iter().copied()).collect());
        if chars.len() != CODE_LEN - 1 || chars.iter().any(|c| value_of(*c).is_none()) {
            return Err(Error::Corrupt {
                detail: "stored invite code",
            });
        }
        Ok(InviteCode { chars })
    }

    /// Reads a code as typed, or a `hearth://join#` link.
    pub fn parse(input: &str) -> std::result::Result<InviteCode, CodeError> {
        let code = input
            .trim()
            .strip_prefix(LINK_PREFIX)
            .unwrap_or(input.trim());
        let mut values = Zeroizing::new(Vec::with_capacity(CODE_LEN));
        for c in code.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let value = symbol_value(c).ok_or(CodeError::BadCharacter {
                position: values.len() + 1,
            })?;
            values.push(value);
        }
        match values.len() {
            0 => return Err(CodeError::Empty),
            CODE_LEN => {}
            found => return Err(CodeError::WrongLength { found }),
        }
        if !luhn_valid(&values) {
            return Err(CodeError::Typo);
        }
        let chars = values[..CODE_LEN - 1]
            .iter()
            .map(|v| ALPHABET[usize::from(*v)])
            .collect();
        Ok(InviteCode {
            chars: Zeroizing::new(chars),
        })
    }

    /// The public part that finds the invite at the relay.
    pub fn nameplate(&self) -> String {
        String::from_utf8_lossy(&self.chars[..NAMEPLATE_LEN]).into_owned()
    }

    /// The secret part: the PAKE password (never sent anywhere).
    pub(crate) fn secret(&self) -> &[u8] {
        &self.chars[NAMEPLATE_LEN..]
    }

    /// The code to read out or type: `NNNNNN-SSSS-SSSC`.
    pub fn text(&self) -> Zeroizing<String> {
        let mut values: Zeroizing<Vec<u8>> =
            Zeroizing::new(self.chars.iter().filter_map(|c| value_of(*c)).collect());
        let check = luhn_check(&values);
        values.push(check);
        let mut text = Zeroizing::new(String::with_capacity(CODE_LEN + 2));
        for (i, v) in values.iter().enumerate() {
            if i == NAMEPLATE_LEN || i == NAMEPLATE_LEN + 4 {
                text.push('-');
            }
            text.push(char::from(ALPHABET[usize::from(*v)]));
        }
        text
    }

    /// The same code as a deep link (for a QR code).
    pub fn link(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{LINK_PREFIX}{}", self.text().as_str()))
    }
}

impl fmt::Debug for InviteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InviteCode({}-****-****)", self.nameplate())
    }
}

/// The value of a typed symbol, forgiving the usual confusions.
fn symbol_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    value_of(u8::try_from(c).ok()?)
}

fn value_of(symbol: u8) -> Option<u8> {
    ALPHABET
        .iter()
        .position(|s| *s == symbol)
        .and_then(|p| u8::try_from(p).ok())
}

/// Luhn mod 32: the check value that makes `values` followed by it valid.
fn luhn_check(values: &[u8]) -> u8 {
    let sum = luhn_sum(values, 2);
    ((32 - sum % 32) % 32) as u8
}

/// Whether `values` (ending with its check value) is valid.
fn luhn_valid(values: &[u8]) -> bool {
    luhn_sum(values, 1).is_multiple_of(32)
}

/// Sums from the right, doubling every other value (starting with `first_factor`) and
/// folding each product back into base 32.
fn luhn_sum(values: &[u8], first_factor: u32) -> u32 {
    let mut factor = first_factor;
    values.iter().rev().fold(0, |sum, v| {
        let addend = u32::from(*v) * factor;
        factor = 3 - factor;
        sum + addend / 32 + addend % 32
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;

    fn code_text() -> impl Strategy<Value = String> {
        any::<[u8; CODE_LEN - 1]>()
            .prop_map(|bytes| InviteCode::from_random(&bytes).text().to_string())
    }

    #[test]
    fn a_generated_code_reads_back_as_itself_in_every_form() {
        let code = InviteCode::generate().unwrap();
        let text = code.text();
        assert_eq!(text.len(), 16);
        assert_eq!(&text[6..7], "-");
        assert_eq!(&text[11..12], "-");
        assert_eq!(InviteCode::parse(&text).unwrap(), code);
        assert_eq!(InviteCode::parse(&code.link()).unwrap(), code);
        let sloppy = format!(" {} ", text.to_lowercase().replace('-', " "));
        assert_eq!(InviteCode::parse(&sloppy).unwrap(), code);
        assert_eq!(code.nameplate(), &text[..6]);
        // The secret is the 7 characters after the nameplate, without the check character.
        assert_eq!(code.secret(), &text[7..15].replace('-', "").as_bytes()[..7]);
        assert_ne!(InviteCode::generate().unwrap(), code);
    }

    #[test]
    fn a_code_is_rebuilt_from_its_stored_parts_and_damaged_parts_are_refused() {
        let code = InviteCode::generate().unwrap();
        let again = InviteCode::from_parts(&code.nameplate(), code.secret()).unwrap();
        assert_eq!(again.text(), code.text());
        assert!(InviteCode::from_parts(&code.nameplate(), &code.secret()[1..]).is_err());
        assert!(InviteCode::from_parts("7KQ2MU", code.secret()).is_err());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let code = InviteCode::generate().unwrap();
        let shown = format!("{code:?}");
        assert!(shown.contains(&code.nameplate()));
        assert!(!shown.contains(&code.text()[7..11]));
    }

    #[test]
    fn confusable_letters_read_as_the_digits_they_look_like() {
        let zeros = "0000000000000";
        let canonical = InviteCode::parse(&format!("{zeros}0")).unwrap();
        assert_eq!(InviteCode::parse("oOoOoO-oOoO-oOo0").unwrap(), canonical);
        let ones = "1111111111111";
        let values: Vec<u8> = ones.bytes().filter_map(value_of).collect();
        let check = char::from(ALPHABET[usize::from(luhn_check(&values))]);
        let canonical = InviteCode::parse(&format!("{ones}{check}")).unwrap();
        assert_eq!(
            InviteCode::parse(&format!("IlIlIlIlIlIlI{check}")).unwrap(),
            canonical
        );
    }

    #[test]
    fn malformed_codes_get_typed_errors() {
        assert_eq!(InviteCode::parse("  "), Err(CodeError::Empty));
        assert_eq!(InviteCode::parse("hearth://join#"), Err(CodeError::Empty));
        assert_eq!(
            InviteCode::parse("7KQ2M9-XD4F"),
            Err(CodeError::WrongLength { found: 10 })
        );
        assert_eq!(
            InviteCode::parse("7KQ2M9-XD4U-PW8T"),
            Err(CodeError::BadCharacter { position: 10 })
        );
        assert_eq!(
            InviteCode::parse("7KQ2M9-XD4F-PW8T!"),
            Err(CodeError::BadCharacter { position: 15 })
        );
        let error: Error = CodeError::Typo.into();
        assert!(matches!(error, Error::InvalidInput { field: "code", .. }));
    }

    proptest! {
        #[test]
        fn every_code_the_generator_makes_parses_back(bytes in any::<[u8; CODE_LEN - 1]>()) {
            let code = InviteCode::from_random(&bytes);
            prop_assert_eq!(InviteCode::parse(&code.text()).unwrap(), code.clone());
            prop_assert_eq!(InviteCode::parse(&code.link()).unwrap(), code);
        }

        #[test]
        fn every_single_typo_is_caught(text in code_text(), position in 0usize..CODE_LEN, delta in 1u8..32) {
            let mut values: Vec<u8> = text.bytes().filter_map(value_of).collect();
            values[position] = (values[position] + delta) % 32;
            let typo: String = values.iter().map(|v| char::from(ALPHABET[usize::from(*v)])).collect();
            prop_assert_eq!(InviteCode::parse(&typo), Err(CodeError::Typo));
        }

        #[test]
        fn swapped_neighbours_are_caught_unless_equal(text in code_text(), position in 0usize..CODE_LEN - 1) {
            let mut values: Vec<u8> = text.bytes().filter_map(value_of).collect();
            let (a, b) = (values[position], values[position + 1]);
            // Luhn mod N misses one pair per alphabet (values 0 and 31 here, as 0 and 9 in
            // decimal Luhn); every other swap of different characters is caught.
            prop_assume!(a != b && !(a.min(b) == 0 && a.max(b) == 31));
            values.swap(position, position + 1);
            let swapped: String = values.iter().map(|v| char::from(ALPHABET[usize::from(*v)])).collect();
            prop_assert_eq!(InviteCode::parse(&swapped), Err(CodeError::Typo));
        }

        #[test]
        fn any_input_parses_or_gets_a_typed_error(input in ".{0,40}") {
            // Never a panic; an accepted input is a whole code that prints back validly.
            if let Ok(code) = InviteCode::parse(&input) {
                prop_assert_eq!(InviteCode::parse(&code.text()).unwrap(), code);
            }
        }
    }
}
