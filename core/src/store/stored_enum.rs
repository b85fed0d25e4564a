//! Enums stored as fixed text: each variant has one stored value, written and read through
//! [`stored_enum!`], so a state is matched exhaustively in code and a value this build does
//! not know reads as damaged data ([`crate::Error::Corrupt`]), never as a guess.

/// An enum whose variants are stored as fixed text.
pub(crate) trait StoredEnum: Sized + Copy + PartialEq + std::fmt::Debug + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// What a damaged value is reported as (no content).
    const WHAT: &'static str;
    /// The variant's stored text.
    fn stored(self) -> &'static str;

    /// The variant stored as `text`; [`crate::Error::Corrupt`] for anything else.
    fn from_stored(text: &str) -> crate::Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.stored() == text)
            .ok_or(crate::Error::Corrupt { detail: Self::WHAT })
    }
}

/// Declares an enum's stored values and lets rusqlite write and read it (an unknown value is
/// a conversion failure, which becomes [`crate::Error::Corrupt`]).
macro_rules! stored_enum {
    ($ty:ty, $what:literal, { $($variant:path => $text:literal),+ $(,)? }) => {
        impl $crate::store::StoredEnum for $ty {
            const ALL: &'static [Self] = &[$($variant),+];
            const WHAT: &'static str = $what;
            fn stored(self) -> &'static str {
                match self {
                    $($variant => $text),+
                }
            }
        }

        impl rusqlite::types::ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok($crate::store::StoredEnum::stored(*self).into())
            }
        }

        impl rusqlite::types::FromSql for $ty {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                <$ty as $crate::store::StoredEnum>::from_stored(text)
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}
pub(crate) use stored_enum;

#[cfg(test)]
pub(crate) mod tests {
    use super::StoredEnum;
    use crate::Error;

    /// Every variant's stored value reads back as that variant, through SQLite too; stored
    /// values are distinct; an unknown value reads as `Corrupt`.
    pub(crate) fn round_trips<T>()
    where
        T: StoredEnum + rusqlite::types::ToSql + rusqlite::types::FromSql,
    {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        for (i, v) in T::ALL.iter().enumerate() {
            assert_eq!(T::from_stored(v.stored()).unwrap(), *v);
            let back: T = db.query_row("SELECT ?1", [v], |r| r.get(0)).unwrap();
            assert_eq!(back, *v);
            assert!(
                T::ALL[..i].iter().all(|w| w.stored() != v.stored()),
                "{v:?} shares its stored value"
            );
        }
        for unknown in ["", "Active", "unknown", "queued "] {
            if T::ALL.iter().any(|v| v.stored() == unknown) {
                continue;
            }
            assert!(matches!(
                T::from_stored(unknown),
                Err(Error::Corrupt { detail }) if detail == T::WHAT
            ));
            let read: crate::Result<T> = db
                .query_row("SELECT ?1", [unknown], |r| r.get(0))
                .map_err(Error::from);
            assert!(matches!(read, Err(Error::Corrupt { .. })), "{unknown:?}");
        }
    }
}
