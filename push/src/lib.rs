//! The push gateway.
