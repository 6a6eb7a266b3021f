//! The command line: global options (accepted before or after the command, as the AWS CLI
//! accepts them), the command, its `--options` with their words, and positional arguments.
use crate::error::CliError;

#[derive(Debug, Default, Clone)]
pub struct Globals {
    pub endpoint_url: Option<String>,
    pub region: Option<String>,
    pub profile: Option<String>,
    pub output: Option<String>,
    pub query: Option<String>,
    pub debug: bool,
    pub no_paginate: bool,
    pub max_items: Option<String>,
    pub starting_token: Option<String>,
    pub page_size: Option<String>,
    pub cli_input_json: Option<String>,
    /// `Some("input")` or `Some("output")` when given.
    pub generate_cli_skeleton: Option<String>,
    pub help: bool,
    pub version: bool,
}

#[derive(Debug, Default)]
pub struct CommandLine {
    pub globals: Globals,
    pub command: Option<String>,
    /// `--name word…` in order, without the dashes.
    pub options: Vec<(String, Vec<String>)>,
    pub positionals: Vec<String>,
}

/// Global options that take one value.
const VALUED: &[&str] = &[
    "endpoint-url",
    "region",
    "profile",
    "output",
    "query",
    "max-items",
    "starting-token",
    "page-size",
    "cli-input-json",
    "color",
    "ca-bundle",
    "cli-read-timeout",
    "cli-connect-timeout",
];
/// Global flags.
const FLAGS: &[&str] = &["debug", "no-paginate", "no-verify-ssl", "no-sign-request", "help", "version"];

pub fn parse(args: &[String]) -> Result<CommandLine, CliError> {
    let mut cl = CommandLine::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let Some(name) = arg.strip_prefix("--").filter(|n| !n.is_empty()) else {
            if arg == "help" {
                cl.globals.help = true;
            } else if cl.command.is_none() && arg == "connect" {
                // `switchboard connect create-user …`, as `aws connect create-user …` is typed.
            } else if cl.command.is_none() {
                cl.command = Some(arg.clone());
            } else {
                cl.positionals.push(arg.clone());
            }
            continue;
        };
        let (name, inline) = match name.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (name.to_string(), None),
        };
        if VALUED.contains(&name.as_str()) {
            let value = match inline {
                Some(v) => v,
                None => {
                    let v = args.get(i).cloned().ok_or_else(|| CliError::usage(format!("argument --{name}: expected one argument")))?;
                    i += 1;
                    v
                }
            };
            let g = &mut cl.globals;
            match name.as_str() {
                "endpoint-url" => g.endpoint_url = Some(value),
                "region" => g.region = Some(value),
                "profile" => g.profile = Some(value),
                "output" => {
                    if !["json", "text", "table"].contains(&value.as_str()) {
                        return Err(CliError::usage(format!("argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable\n\n(received: '{value}')")));
                    }
                    g.output = Some(value)
                }
                "query" => g.query = Some(value),
                "max-items" => g.max_items = Some(value),
                "starting-token" => g.starting_token = Some(value),
                "page-size" => g.page_size = Some(value),
                "cli-input-json" => g.cli_input_json = Some(value),
                _ => {} // accepted for compatibility, no effect here
            }
        } else if FLAGS.contains(&name.as_str()) {
            match name.as_str() {
                "debug" => cl.globals.debug = true,
                "no-paginate" => cl.globals.no_paginate = true,
                "help" => cl.globals.help = true,
                "version" => cl.globals.version = true,
                _ => {}
            }
        } else if name == "generate-cli-skeleton" {
            let value = match inline {
                Some(v) => v,
                None if args.get(i).is_some_and(|a| a == "input" || a == "output") => {
                    i += 1;
                    args[i - 1].clone()
                }
                None => "input".into(),
            };
            if value != "input" && value != "output" {
                return Err(CliError::usage(format!("argument --generate-cli-skeleton: Invalid choice: '{value}' (choose from 'input', 'output')")));
            }
            cl.globals.generate_cli_skeleton = Some(value);
        } else {
            let mut words: Vec<String> = inline.into_iter().collect();
            if words.is_empty() {
                while i < args.len() && !args[i].starts_with("--") {
                    words.push(args[i].clone());
                    i += 1;
                }
            }
            cl.options.push((name, words));
        }
    }
    Ok(cl)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[&str]) -> CommandLine {
        parse(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn globals_before_or_after_the_command() {
        let a = p(&["--region", "eu-west-1", "describe-user", "--instance-id", "i", "--output=text", "--user-id", "u", "--debug"]);
        assert_eq!(a.command.as_deref(), Some("describe-user"));
        assert_eq!(a.globals.region.as_deref(), Some("eu-west-1"));
        assert_eq!(a.globals.output.as_deref(), Some("text"));
        assert!(a.globals.debug);
        assert_eq!(a.options, vec![("instance-id".to_string(), vec!["i".to_string()]), ("user-id".to_string(), vec!["u".to_string()])]);
    }

    #[test]
    fn list_words_and_the_connect_prefix() {
        let a = p(&["connect", "create-user", "--security-profile-ids", "a", "b", "--username=x"]);
        assert_eq!(a.command.as_deref(), Some("create-user"));
        assert_eq!(a.options[0].1, ["a", "b"]);
        assert_eq!(a.options[1], ("username".to_string(), vec!["x".to_string()]));
    }

    #[test]
    fn skeleton_value_is_optional() {
        assert_eq!(p(&["create-user", "--generate-cli-skeleton"]).globals.generate_cli_skeleton.as_deref(), Some("input"));
        assert_eq!(p(&["create-user", "--generate-cli-skeleton", "output"]).globals.generate_cli_skeleton.as_deref(), Some("output"));
        assert!(parse(&["x".into(), "--output".into(), "yaml".into()]).is_err());
    }
}
