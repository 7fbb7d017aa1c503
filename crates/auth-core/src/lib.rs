//! Pure logic shared by the widget (wasm) and the tenant emulator (native):
//! the password policy evaluator, email and username rules, and the names of
//! the wire format. No I/O, no framework, no serde: it compiles and tests
//! natively and in the browser alike, and costs the widget little.

pub mod email;
pub mod policy;
pub mod username;
pub mod wire;

pub use policy::{PasswordPolicy, PolicyLevel, PolicyReport, Rule, RuleCode};
