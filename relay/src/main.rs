//! `hearth-relay`: the relay on its own (the CLI's `hearth relay` runs the same thing).

use clap::Parser;
use hearth_relay::cli::RelayArgs;
use std::process::ExitCode;

/// The Hearth relay: stores and forwards MLS ciphertext, never plaintext.
#[derive(Parser)]
#[command(version)]
struct Args {
    #[command(flatten)]
    relay: RelayArgs,
}

fn main() -> ExitCode {
    hearth_relay::cli::run(&Args::parse().relay)
}
