//! The model's documentation strings are HTML (`<p>`, `<code>`, `<a>`, lists, `<dl>`, and
//! AWS's own `<note>` and `<important>`); help shows them as plain text wrapped to a width,
//! rendered by html2text the way the AWS CLI's help reads when it is not on a terminal:
//! inline markup (code, emphasis, links) reduced to its text, lists bulleted, notes under a
//! `NOTE:` or `WARNING:` heading and indented.
use html2text::render::{TaggedLine, TextDecorator};

/// Plain text: no markup characters, links as their text only (as `aws … help` shows them).
#[derive(Clone, Debug, Default)]
struct Plain;

impl TextDecorator for Plain {
    type Annotation = ();

    fn decorate_link_start(&mut self, _url: &str) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_link_end(&mut self) -> String {
        String::new()
    }
    fn decorate_em_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, ()) {
        (String::new(), ())
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) {}
    fn decorate_preformat_cont(&self) {}
    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, ()) {
        (title.to_string(), ())
    }
    fn header_prefix(&self, _level: usize) -> String {
        String::new()
    }
    /// Notes (rewritten to block quotes below) are indented under their heading.
    fn quote_prefix(&self) -> String {
        "   ".into()
    }
    fn unordered_item_prefix(&self) -> String {
        "* ".into()
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        Plain
    }
    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<()>> {
        Vec::new()
    }
}

/// Headings of AWS's `<note>` and `<important>`, as the AWS CLI shows them.
const NOTE: &str = "NOTE:";
const WARNING: &str = "WARNING:";

/// AWS's documentation elements that HTML does not know become a heading and the content
/// indented (a block quote); lists get a blank line before them, as paragraphs have.
fn aws_elements(html: &str) -> String {
    html.replace("<note>", &format!("<p>{NOTE}</p><blockquote>"))
        .replace("</note>", "</blockquote>")
        .replace("<important>", &format!("<p>{WARNING}</p><blockquote>"))
        .replace("</important>", "</blockquote>")
        .replace("<ul>", "<div><br></div><ul>")
        .replace("<ol>", "<div><br></div><ol>")
}

/// `html` as plain text wrapped to `width` columns (at least 20): paragraphs separated by a
/// blank line, no trailing blank lines. Text that is not HTML comes out as it went in
/// (whitespace collapsed, wrapped).
pub fn to_text(html: &str, width: usize) -> String {
    let html = aws_elements(html);
    let text = html2text::config::with_decorator(Plain)
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), width.max(20))
        .unwrap_or_else(|_| html.clone());
    let mut out = String::new();
    let mut blank = false;
    let mut previous = "";
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            // One blank line between blocks, none at the start, none under a note's heading.
            blank = !out.is_empty() && !matches!(previous.trim_start(), NOTE | WARNING);
            continue;
        }
        previous = line;
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every line of `text` indented by `n` spaces (blank lines stay empty).
pub fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("{pad}{l}\n") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_wrapped_and_separated() {
        let t = to_text("<p>The quick brown fox jumps over the lazy dog.</p> <p>Second.</p>", 20);
        assert_eq!(t, "The quick brown fox\njumps over the lazy\ndog.\n\nSecond.\n");
    }

    #[test]
    fn inline_markup_is_reduced_to_its_text() {
        let t = to_text(
            r#"<p>Use <code>PhoneConfig</code> or see <a href="https://docs.aws.amazon.com/x.html">Add Users</a> in the <i>Guide</i>, <b>not</b> this.</p>"#,
            200,
        );
        assert_eq!(t, "Use PhoneConfig or see Add Users in the Guide, not this.\n");
    }

    #[test]
    fn lists_are_bulleted_and_items_wrap_under_their_text() {
        let t = to_text("<p>Valid values:</p> <ul> <li> <p> <code>VOICE</code> </p> </li> <li> <p>CHAT, which is a long item that wraps</p> </li> </ul>", 24);
        assert_eq!(t, "Valid values:\n\n* VOICE\n* CHAT, which is a long\n  item that wraps\n");
        let t = to_text("<ol><li>First</li><li>Second</li></ol><p>After.</p>", 24);
        assert_eq!(t, "1. First\n2. Second\n\nAfter.\n");
    }

    #[test]
    fn notes_and_warnings_get_a_heading_and_are_indented() {
        let t = to_text("<p>Creates a user.</p> <important> <p>Email is required.</p> </important> <note> <p>A note.</p> </note>", 80);
        assert_eq!(t, "Creates a user.\n\nWARNING:\n   Email is required.\n\nNOTE:\n   A note.\n");
    }

    #[test]
    fn definition_lists() {
        let t = to_text("<dl> <dt>Type</dt> <dd> <p>One of A or B.</p> </dd> </dl>", 80);
        assert_eq!(t, "Type\n  One of A or B.\n");
    }

    #[test]
    fn plain_text_and_entities() {
        assert_eq!(to_text("Not HTML &amp; &lt;fine&gt;", 80), "Not HTML & <fine>\n");
        assert_eq!(to_text("", 80), "");
    }

    #[test]
    fn words_longer_than_the_width_are_broken_not_lost() {
        let url = "https://docs.aws.amazon.com/connect/latest/adminguide/a-very-long-page-name.html";
        let t = to_text(&format!("<p>See {url}</p>"), 30);
        assert!(t.lines().all(|l| l.len() <= 30), "{t}");
        assert_eq!(t.replace('\n', ""), format!("See{url}"));
    }
}
