//! Unit tests of the store (more in `tests/store_*.rs`).
