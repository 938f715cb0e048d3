//! dvk — the “Dân vận khéo” movement's records in a terminal.
//!
//! A map of the modules, each knowing only the ones below it:
//!
//! - [`domain`]: records (periods, units, models, check-ins, awards), fixed lists, validation,
//!   Vietnamese text rules. Pure: no I/O.
//! - [`i18n`]: the two languages.
//! - [`api`]: every read and write as a `Request` → `Response`; the `Backend` trait.
//! - [`store`]: the only module that touches sled and bincode; the embedded `Backend`.
//! - [`report`]: status and the period report, rendered as text, md, json, csv, docx.
//! - [`csvio`]: CSV import and export.
//! - [`demo`]: the demo period of CONTRACT.md.
//! - [`fsutil`]: files written whole or not at all.
//! - [`config`]: where the database, socket, language and colours come from.
//! - [`cli`]: the non-interactive commands; [`cli_help`]: `--help` in the user's language,
//!   the man page and the shell completions.
//! - [`tui`]: the full-screen interface (on `api` only).
//! - [`server`]: `dvk serve` and its client (on `api` only).
#![forbid(unsafe_code)]

pub mod api;
pub mod backend;
pub mod cli;
pub mod cli_data;
pub mod cli_help;
pub mod cli_undo;
pub mod config;
pub mod csvio;
pub mod demo;
pub mod domain;
pub mod fsutil;
pub mod i18n;
pub mod progress;
pub mod report;
pub mod server;
pub mod store;
pub mod tui;
