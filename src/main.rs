//! `dvk`: parse the command line and hand over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = dvk::cli::Cli::parse();
    std::process::exit(dvk::cli::run(cli));
}
