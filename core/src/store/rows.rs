//! Reading stored times back from rows. A value out of range means the row is damaged: it is
//! reported as such (and becomes [`crate::Error::Corrupt`]), never silently replaced.

use jiff::Timestamp;
use rusqlite::types::Type;
use rusqlite::Row;

use crate::moment::Moment;

fn damaged(idx: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Integer, "stored time out of range".into())
}

/// A Unix-milliseconds column as a timestamp.
pub(crate) fn timestamp(row: &Row<'_>, idx: usize) -> rusqlite::Result<Timestamp> {
    Timestamp::from_millisecond(row.get(idx)?).map_err(|_| damaged(idx))
}

/// Unix-milliseconds and offset-seconds columns as a [`Moment`].
pub(crate) fn moment(row: &Row<'_>, ms_idx: usize, offset_idx: usize) -> rusqlite::Result<Moment> {
    Moment::from_parts(row.get(ms_idx)?, row.get(offset_idx)?).map_err(|_| damaged(ms_idx))
}
