//! What the two phones tell each other inside the sealed messages: the invitee's claim (its
//! KeyPackage, the name it wants in the circle, when it claimed) and the facilitator's answer
//! (the Welcome, or why not). JSON with hex bytes: both fit their fixed sizes with room left.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The invitee's claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ClaimBody {
    /// A fresh KeyPackage (its own signature key and pseudonym), never published elsewhere.
    #[serde(with = "hex")]
    pub key_package: Vec<u8>,
    /// The display name the person chose for this circle.
    pub name: String,
    /// Unix seconds on the invitee's clock.
    pub claimed_at: u64,
}

/// The facilitator's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum AnswerBody {
    /// Admitted: the Welcome, sent only after the relay accepted the Add.
    Welcome {
        #[serde(with = "hex")]
        welcome: Vec<u8>,
    },
    /// The facilitator declined (or revoked the code while it waited for approval).
    Declined,
    /// The claim could not be used (its KeyPackage was not valid, or the Add failed).
    Invalid,
}

/// Encodes a body for sealing (wiped after use).
pub(crate) fn encode<T: Serialize>(body: &T) -> Result<Zeroizing<Vec<u8>>> {
    Ok(Zeroizing::new(serde_json::to_vec(body)?))
}

/// Decodes an opened body; anything malformed is the other side's fault, not ours.
pub(crate) fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|_| Error::MessageRejected {
        reason: "the invite message is malformed",
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn bodies_round_trip_and_garbage_is_a_typed_error() {
        let claim = ClaimBody {
            key_package: vec![1, 2, 255],
            name: "Sam".into(),
            claimed_at: 1_700_000_000,
        };
        assert_eq!(
            decode::<ClaimBody>(&encode(&claim).unwrap()).unwrap(),
            claim
        );
        let answer = AnswerBody::Welcome {
            welcome: vec![9; 3],
        };
        assert_eq!(
            decode::<AnswerBody>(&encode(&answer).unwrap()).unwrap(),
            answer
        );
        assert!(matches!(
            decode::<AnswerBody>(b"{\"t\":\"nope\"}"),
            Err(Error::MessageRejected { .. })
        ));
    }
}
