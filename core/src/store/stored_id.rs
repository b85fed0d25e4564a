//! Row ids as newtypes: an id names one kind of row, so an intent's id cannot be passed where
//! an outbox ticket is wanted. [`stored_id!`] declares one and lets rusqlite write and read it.

/// Declares a public `i64` id newtype stored as an integer.
macro_rules! stored_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) i64);

        impl $name {
            /// The id as a number (for the bindings and the CLI).
            pub fn raw(self) -> i64 {
                self.0
            }

            /// The id a number names (as [`Self::raw`] gave it).
            pub fn from_raw(raw: i64) -> Self {
                $name(raw)
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    };
}
pub(crate) use stored_id;
