//! Help pages, laid out as the AWS CLI's (`aws connect create-user help`) in plain text:
//! NAME, DESCRIPTION, SYNOPSIS, OPTIONS (each option's type, whether it is required, its
//! description, its nested members, its shorthand and JSON syntax), GLOBAL OPTIONS and OUTPUT.
//! The descriptions are the model's documentation strings ([`crate::docs`]) rendered to text
//! ([`crate::html`]); the syntax blocks come from the shapes ([`crate::syntax`]).
//!
//! `switchboard help` lists the commands; `switchboard <command> help` (or `--help`) documents
//! one; `switchboard import-users help` is in [`crate::import`].
use crate::docs::{docs, Docs};
use crate::html;
use crate::names::kebab;
use crate::syntax::{self, documented_type};
use switchboard_model::{model, Member, Model, Operation, Shape, ShapeKind};

/// Section bodies are indented like the AWS CLI's man pages; nested text four more a level.
pub const BODY: usize = 7;
const NESTED: usize = 3;
const MEMBER: usize = 4;

/// Help is wrapped to the terminal's width when standard output is one, else to 80 columns.
pub fn width() -> usize {
    crate::output::terminal_width().max(40)
}

/// A page being written: headings, wrapped paragraphs, verbatim blocks.
pub struct Page {
    out: String,
    width: usize,
}

impl Page {
    pub fn new(width: usize) -> Page {
        Page { out: String::new(), width }
    }

    pub fn heading(&mut self, title: &str) {
        self.blank();
        self.out.push_str(title);
        self.out.push('\n');
    }

    /// One blank line, however many are asked for in a row.
    pub fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    pub fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Documentation (HTML, or plain text) wrapped to the page, as a paragraph of its own.
    pub fn html(&mut self, indent: usize, html: &str) {
        let text = html::to_text(html, self.width.saturating_sub(indent));
        if !text.is_empty() {
            self.out.push_str(&html::indent(&text, indent));
            self.blank();
        }
    }

    /// Lines kept as they are (syntax blocks, examples), indented.
    pub fn verbatim(&mut self, indent: usize, text: &str) {
        for l in text.lines() {
            if l.is_empty() {
                self.out.push('\n');
            } else {
                self.line(indent, l);
            }
        }
        self.blank();
    }

    pub fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

/// One option of a command, in the order help lists them.
struct Arg<'a> {
    /// `--name`, or `--name | --no-name` for a boolean.
    names: String,
    synopsis: String,
    type_name: &'static str,
    required: bool,
    about: About<'a>,
}

enum About<'a> {
    /// A member of the operation's input: its documentation, nested members and syntax.
    Member(&'a Shape, &'a Member),
    /// One of the CLI's own options (HTML).
    Own(&'static str),
}

const CLI_INPUT_JSON: &str = "<p>Performs service operation based on the JSON string provided. The JSON string follows the format provided by <code>--generate-cli-skeleton</code>. If other arguments are provided on the command line, the CLI values will override the JSON-provided values. It is not possible to pass arbitrary binary values using a JSON-provided value as the string will be taken literally.</p>";
const GENERATE_CLI_SKELETON: &str = "<p>Prints a JSON skeleton to standard output without sending an API request. If provided with no value or the value <code>input</code>, prints a sample input JSON that can be used as an argument for <code>--cli-input-json</code>. If provided with the value <code>output</code>, it validates the command inputs and returns a sample output JSON for that command.</p>";
const STARTING_TOKEN: &str = "<p>A token to specify where to start paginating. This is the <code>NextToken</code> from a previously truncated response.</p>";
const PAGE_SIZE: &str = "<p>The size of each page to get in the service call. This does not affect the number of items returned in the command's output. Setting a smaller page size results in more calls to the service, retrieving fewer items in each call.</p>";
const MAX_ITEMS: &str = "<p>The total number of items to return in the command's output. If the total number of items available is more than the value specified, a <code>NextToken</code> is provided in the command's output. To resume pagination, provide the <code>NextToken</code> value in the <code>--starting-token</code> argument of a subsequent command. Do not use the <code>NextToken</code> response element directly outside of the CLI.</p>";

/// The global options switchboard's CLI acts on, with what they do here.
const GLOBAL_OPTIONS: &[(&str, &str, &str)] = &[
    ("--debug", "boolean", "<p>Turn on debug logging: each request and response goes to standard error, with the members the model marks sensitive (passwords, names, phone numbers) redacted.</p>"),
    ("--endpoint-url", "string", "<p>The URL of the switchboard server, for example <code>http://127.0.0.1:8420</code>. Without it: <code>AWS_ENDPOINT_URL_CONNECT</code>, <code>AWS_ENDPOINT_URL</code>, the profile's <code>endpoint_url</code>, else Amazon Connect's endpoint in the region.</p>"),
    ("--no-paginate", "boolean", "<p>Disable automatic pagination. If automatic pagination is disabled, the CLI will only make one call, for the first page of results.</p>"),
    ("--output", "string", "<p>The formatting style for command output: <code>json</code> (the default), <code>text</code> or <code>table</code>. Without it: <code>AWS_DEFAULT_OUTPUT</code>, else the profile's <code>output</code>.</p>"),
    ("--query", "string", "<p>A JMESPath query to use in filtering the response data.</p>"),
    ("--profile", "string", "<p>Use a specific profile from your credential file (<code>~/.aws/credentials</code>, <code>~/.aws/config</code>). Without it: <code>AWS_PROFILE</code>, else <code>default</code>.</p>"),
    ("--region", "string", "<p>The region to use. Overrides <code>AWS_REGION</code>, <code>AWS_DEFAULT_REGION</code> and the profile's <code>region</code>.</p>"),
    ("--version", "boolean", "<p>Display the version of this tool.</p>"),
];

/// Accepted so that `aws` command lines run unchanged; no effect here.
const IGNORED_GLOBAL_OPTIONS: &str =
    "<p><code>--no-verify-ssl</code>, <code>--no-sign-request</code>, <code>--color</code>, <code>--ca-bundle</code>, <code>--cli-read-timeout</code> and <code>--cli-connect-timeout</code> are accepted, so that AWS CLI command lines run unchanged, and have no effect.</p>";

fn global_synopsis() -> impl Iterator<Item = String> {
    GLOBAL_OPTIONS.iter().map(|(name, ty, _)| if *ty == "boolean" { format!("[{name}]") } else { format!("[{name} <value>]") })
}

/// The GLOBAL OPTIONS section: every global option, or those named in `only`.
pub fn global_options(page: &mut Page, only: &[&str]) {
    page.heading("GLOBAL OPTIONS");
    for (name, ty, about) in GLOBAL_OPTIONS.iter().filter(|(n, _, _)| only.is_empty() || only.contains(n)) {
        page.line(BODY, &format!("{name} ({ty})"));
        page.html(BODY + NESTED, about);
    }
    page.html(BODY, IGNORED_GLOBAL_OPTIONS);
}

fn args<'a>(m: &'a Model, op: &Operation) -> Vec<Arg<'a>> {
    let d = docs();
    let paginator = switchboard_model::paginate::paginator(&op.name);
    let hidden: Vec<&String> = paginator.map(|p| p.input_token.iter().chain(&p.limit_key).collect()).unwrap_or_default();
    let mut args = Vec::new();
    let input = op.input.as_deref().map(|s| m.shape(s));
    if let Some(shape) = input {
        let required = match &shape.kind {
            ShapeKind::Structure { required, .. } => required.clone(),
            _ => Vec::new(),
        };
        for member in d.ordered(shape).into_iter().filter(|mm| !hidden.contains(&&mm.name)) {
            let member_shape = m.shape(&member.shape);
            let name = format!("--{}", kebab(&member.name));
            let (names, synopsis) = if matches!(member_shape.kind, ShapeKind::Boolean) {
                let both = format!("{name} | --no-{}", kebab(&member.name));
                (both.clone(), both)
            } else {
                (name.clone(), format!("{name} <value>"))
            };
            args.push(Arg {
                names,
                synopsis,
                type_name: documented_type(member_shape),
                required: required.contains(&member.name) && !member.idempotency_token,
                about: About::Member(shape, member),
            });
        }
    }
    let own = |name: &str, type_name: &'static str, about: &'static str| Arg {
        names: name.to_string(),
        synopsis: format!("{name} <value>"),
        type_name,
        required: false,
        about: About::Own(about),
    };
    args.push(own("--cli-input-json", "string", CLI_INPUT_JSON));
    if let Some(p) = paginator {
        let limit_type = p.limit_key.as_ref().and_then(|k| input?.member(k)).map(|mm| syntax::type_name(m.shape(&mm.shape))).unwrap_or("integer");
        args.push(own("--starting-token", "string", STARTING_TOKEN));
        if p.limit_key.is_some() {
            args.push(own("--page-size", limit_type, PAGE_SIZE));
        }
        args.push(own("--max-items", limit_type, MAX_ITEMS));
    }
    args.push(own("--generate-cli-skeleton", "string", GENERATE_CLI_SKELETON));
    args
}

/// `switchboard <command> help`.
pub fn operation_page(op: &Operation, width: usize) -> String {
    let (m, d) = (model(), docs());
    let command = kebab(&op.name);
    let mut page = Page::new(width);
    page.heading("NAME");
    page.line(BODY, &command);

    page.heading("DESCRIPTION");
    page.html(BODY, d.operation(&op.name));
    page.html(BODY, &format!("<p>See also: AWS API Documentation: https://docs.aws.amazon.com/goto/WebAPI/connect-{}/{}</p>", m.api_version, op.name));
    if switchboard_model::paginate::paginator(&op.name).is_some() {
        page.html(
            BODY,
            &format!("<p><code>{command}</code> is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the <code>--no-paginate</code> argument.</p>"),
        );
    }

    let args = args(m, op);
    page.heading("SYNOPSIS");
    page.line(BODY, &command);
    for a in &args {
        page.line(BODY + 2, &if a.required { a.synopsis.clone() } else { format!("[{}]", a.synopsis) });
    }
    for g in global_synopsis() {
        page.line(BODY + 2, &g);
    }

    page.heading("OPTIONS");
    for a in &args {
        let marker = if a.required { " [required]" } else { "" };
        page.line(BODY, &format!("{} ({}){marker}", a.names, a.type_name));
        match a.about {
            About::Own(about) => page.html(BODY + NESTED, about),
            About::Member(structure, member) => option(&mut page, m, d, structure, member),
        }
        page.blank();
    }

    global_options(&mut page, &[]);

    page.heading("OUTPUT");
    let output = op.output.as_deref().map(|s| m.shape(s)).filter(|s| !s.members().is_empty());
    match output {
        None => page.line(BODY, "None"),
        Some(shape) => {
            for member in d.ordered(shape) {
                document_member(&mut page, m, d, BODY, &member.name, m.shape(&member.shape), d.member(&shape.name, member), false, false, &mut Vec::new());
            }
        }
    }
    page.finish()
}

/// An input member as an option: its description, an enum's values, a union's rule, its
/// nested members, then its syntax blocks.
fn option(page: &mut Page, m: &Model, d: &Docs, structure: &Shape, member: &Member) {
    let shape = m.shape(&member.shape);
    page.html(BODY + NESTED, d.member(&structure.name, member));
    if let ShapeKind::String { enum_values: Some(values), .. } = &shape.kind {
        page.line(BODY + NESTED, "Possible values:");
        page.blank();
        for v in values {
            page.line(BODY + NESTED, &format!("* {v}"));
        }
        page.blank();
    }
    union_note(page, d, BODY + NESTED, shape);
    let mut stack = vec![shape.name.clone()];
    match &shape.kind {
        ShapeKind::Structure { required, .. } => {
            for mm in d.ordered(shape) {
                let ms = m.shape(&mm.shape);
                document_member(page, m, d, BODY + NESTED, &mm.name, ms, d.member(&shape.name, mm), required.contains(&mm.name), true, &mut stack);
            }
        }
        ShapeKind::List { member } => document_member(page, m, d, BODY + NESTED, "", m.shape(member), d.shape(member), false, true, &mut stack),
        ShapeKind::Map { key, value } => {
            document_member(page, m, d, BODY + NESTED, "key", m.shape(key), d.shape(key), false, true, &mut stack);
            document_member(page, m, d, BODY + NESTED, "value", m.shape(value), d.shape(value), false, true, &mut stack);
        }
        _ => {}
    }
    for (title, block) in syntax::option_syntax(m, d, shape) {
        page.line(BODY, &format!("{title}:"));
        page.blank();
        page.verbatim(BODY + NESTED, &block);
    }
}

fn union_note(page: &mut Page, d: &Docs, indent: usize, shape: &Shape) {
    if let ShapeKind::Structure { union: true, .. } = &shape.kind {
        let keys: Vec<String> = d.ordered(shape).iter().map(|mm| format!("<code>{}</code>", mm.name)).collect();
        page.html(indent, &format!("<note><p>This is a Tagged Union structure. Only one of the following top level keys can be set: {}.</p></note>", keys.join(", ")));
    }
}

/// `Name -> (type)` (`(type)` for a list's items), its description, then its own members one
/// level deeper; a structure met a third time on the way down is marked recursive instead.
#[allow(clippy::too_many_arguments)]
fn document_member(page: &mut Page, m: &Model, d: &Docs, indent: usize, name: &str, shape: &Shape, about: &str, required: bool, input: bool, stack: &mut Vec<String>) {
    if stack.iter().filter(|s| **s == shape.name).count() > 1 {
        if matches!(shape.kind, ShapeKind::Structure { .. }) {
            page.line(indent, "( ... recursive ... )");
            page.blank();
        }
        return;
    }
    stack.push(shape.name.clone());
    let ty = documented_type(shape);
    let marker = if required && input { " [required]" } else { "" };
    page.line(indent, &if name.is_empty() { format!("({ty}){marker}") } else { format!("{name} -> ({ty}){marker}") });
    page.html(indent + MEMBER, about);
    union_note(page, d, indent + MEMBER, shape);
    let inner = indent + MEMBER;
    match &shape.kind {
        ShapeKind::Structure { required, .. } => {
            for mm in d.ordered(shape) {
                document_member(page, m, d, inner, &mm.name, m.shape(&mm.shape), d.member(&shape.name, mm), required.contains(&mm.name), input, stack);
            }
        }
        ShapeKind::List { member } => document_member(page, m, d, inner, "", m.shape(member), d.shape(member), false, input, stack),
        ShapeKind::Map { key, value } => {
            document_member(page, m, d, inner, "key", m.shape(key), d.shape(key), false, input, stack);
            document_member(page, m, d, inner, "value", m.shape(value), d.shape(value), false, input, stack);
        }
        _ => {}
    }
    page.blank();
    stack.pop();
}

/// `switchboard help`: what the CLI is, how to get help, the global options, every command.
pub fn commands_page(width: usize) -> String {
    let m = model();
    let mut page = Page::new(width);
    page.heading("NAME");
    page.line(BODY, "switchboard");
    page.heading("DESCRIPTION");
    page.html(
        BODY,
        "<p>switchboard serves Amazon Connect's user-management API and is a drop-in for <code>aws connect</code>: every operation of the Amazon Connect service model is a command below, with the AWS CLI's option names and value syntax (shorthand, JSON, <code>file://</code>). Point it at a switchboard server with <code>--endpoint-url</code> or <code>AWS_ENDPOINT_URL</code>.</p>\
         <p>Exit status: 0 on success, 252 for a usage or parameter error, 254 for an error the service answered with, 255 for anything else.</p>",
    );
    page.heading("SYNOPSIS");
    for l in [
        "switchboard [options] <command> [parameters]",
        "switchboard <command> help",
        "switchboard import-users --instance-id ID FILE.csv [options]",
        "switchboard serve [--listen ADDR] [--data-dir DIR | --database-url URL] ...",
        "switchboard export (--data-dir DIR | --database-url URL) [--output FILE]",
        "switchboard import (--data-dir DIR | --database-url URL) FILE [--replace]",
    ] {
        page.line(BODY, l);
    }
    page.blank();
    page.html(BODY, "<p><code>serve</code>, <code>export</code> and <code>import</code> run the server and its snapshots; <code>switchboard serve --help</code> lists their options.</p>");
    global_options(&mut page, &[]);
    page.heading("AVAILABLE COMMANDS");
    let mut names: Vec<String> = m.operations.keys().map(|n| kebab(n)).collect();
    names.push("import-users".into());
    names.sort();
    for n in names {
        page.line(BODY, &n);
    }
    page.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(op: &str) -> String {
        operation_page(model().operation(op).unwrap(), 80)
    }

    /// A section's lines, up to the next heading.
    fn section(page: &str, title: &str) -> String {
        page.lines().skip_while(|l| *l != title).skip(1).take_while(|l| l.is_empty() || l.starts_with(' ')).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn create_user_reads_like_the_aws_clis_page() {
        let p = page("CreateUser");
        for title in ["NAME", "DESCRIPTION", "SYNOPSIS", "OPTIONS", "GLOBAL OPTIONS", "OUTPUT"] {
            assert!(p.contains(&format!("{title}\n")), "{title}");
        }
        let synopsis = section(&p, "SYNOPSIS");
        assert!(synopsis.contains("\n         --username <value>\n         [--password <value>]\n         [--identity-info <value>]\n"), "{synopsis}");
        assert!(synopsis.contains("\n         --instance-id <value>\n"));
        let description = section(&p, "DESCRIPTION");
        assert!(description.starts_with("       Creates a user account for the specified Connect Customer instance.\n"), "{description}");
        assert!(description.lines().all(|l| l.len() <= 80), "wrapped to 80 columns: {description}");
        assert!(description.contains("WARNING:"));
        assert!(description.contains("https://docs.aws.amazon.com/goto/WebAPI/connect-2017-08-08/CreateUser"));
        let options = section(&p, "OPTIONS");
        assert!(options.contains("       --username (string) [required]\n"), "{options}");
        assert!(options.contains("       --identity-info (structure)\n          The information about the identity of the user.\n\n          FirstName -> (string)\n"), "{options}");
        assert!(options.contains("       Shorthand Syntax:\n\n          FirstName=string,LastName=string,Email=string,SecondaryEmail=string,Mobile=string\n"));
        assert!(options.contains("       Syntax:\n\n          \"string\" \"string\" ...\n"));
        let output = section(&p, "OUTPUT");
        assert!(output.starts_with("       UserId -> (string)\n           The identifier of the user account.\n"), "{output}");
    }

    #[test]
    fn paginated_commands_document_the_clis_paging_options_instead_of_the_tokens() {
        let p = page("ListUsers");
        let synopsis = section(&p, "SYNOPSIS");
        assert!(!synopsis.contains("--next-token") && !synopsis.contains("--max-results"), "{synopsis}");
        assert!(synopsis.contains("[--cli-input-json <value>]\n         [--starting-token <value>]\n         [--page-size <value>]\n         [--max-items <value>]\n         [--generate-cli-skeleton <value>]"));
        assert!(p.contains("list-users is a paginated operation."));
    }

    #[test]
    fn booleans_enums_and_recursive_shapes() {
        let p = page("CreateUser");
        assert!(p.contains("              Channel -> (string) [required]\n"), "nested required members are marked");
        assert!(!section(&p, "OUTPUT").contains("[required]"), "outputs are not");
        let p = page("SearchUsers");
        assert!(p.contains("( ... recursive ... )"));
        let p = page("CreateInstance");
        assert!(p.contains("       --identity-management-type (string) [required]\n"));
        assert!(p.contains("          Possible values:\n\n          * SAML\n"), "{p}");
        assert!(p.contains("       --inbound-calls-enabled | --no-inbound-calls-enabled (boolean) [required]\n"));
        assert!(p.contains("[--client-token <value>]"), "idempotency tokens are never required");
    }

    #[test]
    fn the_command_list_has_every_command() {
        let p = commands_page(80);
        let commands = section(&p, "AVAILABLE COMMANDS");
        assert_eq!(commands.lines().filter(|l| !l.is_empty()).count(), model().operations.len() + 1);
        assert!(commands.contains("\n       create-user\n") && commands.contains("\n       import-users\n"));
    }
}
