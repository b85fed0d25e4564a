//! Ids as types of their own, so one is never passed where another is wanted: a circle's
//! id ([`GroupId`], the MLS group id: 16 random bytes that also name the circle's mailbox at
//! the relay) and a message's ([`MessageId`], 32 hex digits the sender chose). Apps see both
//! as hex text.

use std::fmt;
use std::ops::Deref;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::error::{Error, Result};

/// A circle's id (its MLS group id).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(Vec<u8>);

impl GroupId {
    /// The id made of these bytes.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> GroupId {
        GroupId(bytes.into())
    }

    /// The id written as hex digits (as apps show and pass it); `InvalidInput` otherwise.
    pub fn from_hex(text: &str) -> Result<GroupId> {
        match hex::decode(text.trim()) {
            Ok(bytes) if !bytes.is_empty() => Ok(GroupId(bytes)),
            _ => Err(Error::invalid("circle", "not a circle id")),
        }
    }

    /// The id as hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.0)
    }

    /// The id's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl Deref for GroupId {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for GroupId {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for GroupId {
    fn from(bytes: Vec<u8>) -> GroupId {
        GroupId(bytes)
    }
}

/// Hex, as apps show it. A group id is random and names no person.
impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GroupId({})", self.to_hex())
    }
}

impl ToSql for GroupId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for GroupId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Vec::<u8>::column_result(value).map(GroupId)
    }
}

/// A message's id in a circle (32 hex digits: the time it was made, then random digits;
/// see `group::message_id`). Replies, reactions, edits, pins and reports name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(String);

impl MessageId {
    /// The id written as this text (as apps pass it back).
    pub fn new(text: impl Into<String>) -> MessageId {
        MessageId(text.into())
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for MessageId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for MessageId {
    fn from(text: String) -> MessageId {
        MessageId(text)
    }
}

impl From<MessageId> for String {
    fn from(id: MessageId) -> String {
        id.0
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ToSql for MessageId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for MessageId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        String::column_result(value).map(MessageId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_id_reads_back_from_hex_and_refuses_what_is_not_hex() {
        let id = GroupId::from_bytes(vec![0xab, 0x01, 0xff]);
        assert_eq!(id.to_hex(), "ab01ff");
        assert_eq!(GroupId::from_hex(" AB01FF ").unwrap(), id);
        assert_eq!(format!("{id}"), "ab01ff");
        assert_eq!(format!("{id:?}"), "GroupId(ab01ff)");
        for bad in ["", "abc", "zz01", "not an id"] {
            assert!(
                matches!(GroupId::from_hex(bad), Err(Error::InvalidInput { .. })),
                "{bad:?}"
            );
        }
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let back: GroupId = db.query_row("SELECT ?1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(back, id);
    }
}
