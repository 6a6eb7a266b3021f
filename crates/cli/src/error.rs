//! What can go wrong, and the exit status each gets (the AWS CLI's):
//! 252 for usage and parameter errors, 254 for an error the service answered with, 255 for
//! anything else (configuration, credentials, the network).
use std::fmt;

#[derive(Debug)]
pub enum CliError {
    /// The command line itself: unknown command or option, missing required option.
    Usage(String),
    /// A value that could not be read or fails client-side validation.
    Param(String),
    /// The service answered with an error.
    Service { operation: String, code: String, message: String },
    /// Everything else.
    Other(anyhow::Error),
}

impl CliError {
    pub fn usage(m: impl Into<String>) -> CliError {
        CliError::Usage(m.into())
    }

    pub fn param(m: impl Into<String>) -> CliError {
        CliError::Param(m.into())
    }

    pub fn other(m: impl Into<String>) -> CliError {
        CliError::Other(anyhow::anyhow!(m.into()))
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) | CliError::Param(_) => 252,
            CliError::Service { .. } => 254,
            CliError::Other(_) => 255,
        }
    }

    /// What goes to stderr, laid out as the AWS CLI lays it out.
    pub fn report(&self) -> String {
        match self {
            CliError::Usage(m) => format!(
                "usage: switchboard [options] <command> [parameters]\nTo see help text, you can run:\n\n  switchboard help\n  switchboard <command> help\n\nswitchboard: error: {m}\n"
            ),
            CliError::Param(m) => format!("\n{m}\n"),
            CliError::Service { .. } => format!("\n{self}\n"),
            CliError::Other(e) => format!("\n{e:#}\n"),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Param(m) => f.write_str(m),
            CliError::Service { operation, code, message } => {
                write!(f, "An error occurred ({code}) when calling the {operation} operation: {message}")
            }
            CliError::Other(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for CliError {}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> CliError {
        CliError::Other(e)
    }
}
