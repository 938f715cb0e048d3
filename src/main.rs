//! `dvk`: parse the command line and hand over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    match dvk::cli::Cli::try_parse() {
        Ok(cli) => std::process::exit(dvk::cli::run(cli)),
        Err(e) => std::process::exit(dvk::cli::usage_error(e)),
    }
}
