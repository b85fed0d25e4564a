//! `hearth`: the desktop shell over hearth-core. It parses arguments, gets secrets, calls
//! the core and prints. Errors are one line on stderr and a non-zero exit, never a panic.

mod args;
mod breakouts;
mod circles;
mod commands;
mod demo;
mod demo_circles;
mod demo_finding;
mod failure;
mod finding;
mod foreign;
mod goals;
mod invites;
mod moderation;
mod push;
mod render;
mod reports;
mod rules;
mod safety;
mod secrets;
mod sessions;
mod talks;
mod zone;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

fn default_profile() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("hearth").join("profile")
}

fn main() -> ExitCode {
    // Output into a pipe that closed (`hearth read CIRCLE | head -5`) ends the command
    // quietly, as it does other Unix tools, instead of failing to print. Every write to the
    // profile is one transaction, so ending at any point loses nothing.
    sigpipe::reset();
    // A bug must not print a backtrace that could hold user data: one line, then exit.
    std::panic::set_hook(Box::new(|_| {
        eprintln!("error: internal error in hearth (a bug); nothing more was written");
    }));
    let cli = args::Cli::parse();
    match &cli.command {
        // No profile; their own log settings.
        args::Command::Relay(relay) => return hearth_relay::cli::run(relay),
        args::Command::Push(args::PushCommand::Serve(push)) => return hearth_push::cli::run(push),
        args::Command::Push(args::PushCommand::Listen) => return push::listen(),
        _ => {}
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HEARTH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();

    match &cli.command {
        args::Command::Safety(args::SafetyCommand::Check { text }) => {
            safety::check(text);
            return ExitCode::SUCCESS;
        }
        args::Command::Resources { region } => return safety::resources(region.as_deref()),
        args::Command::Session(args::SessionCommand::Programmes) => {
            sessions::print_examples();
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let dir = cli.profile.clone().unwrap_or_else(default_profile);
    match std::panic::catch_unwind(|| commands::run(&dir, cli.command)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::from(70),
    }
}
