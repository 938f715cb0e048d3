//! Pure types and rules of the movement: records, fixed lists, validation and text rules.
//! No I/O, no storage, no terminal.

pub mod actuals;
pub mod change;
pub mod codes;
pub mod msg;
pub mod text;
pub mod types;
pub mod validate;
pub mod workflow;

pub use change::{ChangeDesc, ChangeVerb, FieldChange, Shown};
pub use codes::Coded;
pub use msg::Msg;
pub use types::*;
