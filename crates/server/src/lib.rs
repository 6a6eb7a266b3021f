//! switchboard's Amazon Connect service.
//!
//! ```text
//! http      route by method + URI template → decode → validate against the model
//! ops       one module per operation, by resource family (ops::users::create_user, …): Connect's business rules
//! idempotency  client tokens, for every operation that has one (around ops::dispatch)
//! emulate   opt-in throttling, resource quotas and faults, as Connect produces them
//! store     records with unique names and checked references: SQLite, PostgreSQL
//! ```
pub mod auth;
pub mod conn;
pub mod console;
pub mod emulate;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod limits;
pub mod metrics;
pub mod ops;
pub mod requests;
pub mod rules;
pub mod search;
pub mod server;
pub mod service;
pub mod store;

/// What messages print instead of a sensitive value.
pub(crate) fn redacted() -> &'static str {
    switchboard_model::validate::REDACTED
}
