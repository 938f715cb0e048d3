//! `dvk`: parse the command line and hand over to the library.
#![forbid(unsafe_code)]

fn main() {
    match dvk::cli_help::parse() {
        Ok(cli) => std::process::exit(dvk::cli::run(cli)),
        Err(e) => std::process::exit(dvk::cli::usage_error(e)),
    }
}
