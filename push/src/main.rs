//! `hearth-push`: the push gateway on its own (the CLI's `hearth push serve` runs the same).

use clap::Parser;
use hearth_push::cli::PushArgs;
use std::process::ExitCode;

/// The Hearth push gateway: wakes phones for new messages, knowing no circle.
#[derive(Parser)]
#[command(version)]
struct Args {
    #[command(flatten)]
    push: PushArgs,
}

fn main() -> ExitCode {
    hearth_push::cli::run(&Args::parse().push)
}
