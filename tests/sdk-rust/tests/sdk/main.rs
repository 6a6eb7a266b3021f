//! switchboard driven by aws-sdk-connect: one test binary (the SDK is large to link), one
//! module per area. Every test starts a server of its own and stops it with SIGTERM.
mod admin;
mod emulation;
mod errors;
mod strict;
mod users;
