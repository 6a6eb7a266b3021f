//! `--output json|text|table`, laid out by the AWS CLI's rules (awscli's `formatter.py`,
//! `text.py` and `table.py`): JSON indented by 4 with non-ASCII kept; text as tab-separated
//! scalars with sorted keys and upper-cased identifiers for nested values; tables as titled
//! sections whose columns are the sorted scalar keys.
use serde_json::Value;
use std::fmt::Write;

/// Python's `str()` of a JSON value, which is what text and table cells show.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

pub fn json(v: &Value) -> String {
    // An operation without output prints nothing (the AWS CLI skips `{}`).
    if v.as_object().is_some_and(|m| m.is_empty()) {
        return String::new();
    }
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(v, &mut ser).expect("JSON values serialise");
    let mut s = String::from_utf8(buf).expect("serde_json writes UTF-8");
    s.push('\n');
    s
}

pub fn text(v: &Value) -> String {
    let mut out = String::new();
    text_item(v, None, None, &mut out);
    out
}

fn text_item(v: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match v {
        Value::Object(_) => text_dict(v, identifier, scalar_keys, out),
        Value::Array(items) => text_list(items, identifier, out),
        other => {
            out.push_str(&py_str(other));
            out.push('\n');
        }
    }
}

fn text_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| m.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        for el in items {
            text_item(el, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, rest): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            text_scalars(&scalars, identifier, out);
        }
        for el in rest {
            text_item(el, identifier, None, out);
        }
    } else {
        text_scalars(&items.iter().collect::<Vec<_>>(), identifier, out);
    }
}

fn text_scalars(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for i in items {
                let _ = writeln!(out, "{}\t{}", id.to_uppercase(), py_str(i));
            }
        }
        None => {
            out.push_str(&items.iter().map(|v| py_str(v)).collect::<Vec<_>>().join("\t"));
            out.push('\n');
        }
    }
}

fn text_dict(v: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    let map = v.as_object().expect("an object");
    let mut scalars: Vec<String> = Vec::new();
    let mut non_scalars: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, val) in entries {
                if is_scalar(val) {
                    scalars.push(py_str(val));
                } else {
                    non_scalars.push((k, val));
                }
            }
        }
        Some(keys) => {
            for k in keys {
                scalars.push(map.get(k).map(py_str).unwrap_or_default());
            }
            let mut rest: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| !keys.contains(k)).collect();
            rest.sort_by(|a, b| a.0.cmp(b.0));
            non_scalars = rest;
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, val) in non_scalars {
        text_item(val, Some(k), None, out);
    }
}

/// Display width, counting East Asian wide characters as two (as awscli does).
fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|s| width(s)).collect();
        } else {
            for (i, el) in row.iter().enumerate() {
                if i < self.max_widths.len() {
                    self.max_widths[i] = self.max_widths[i].max(width(el));
                }
            }
        }
    }

    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else { return unscaled };
        if unscaled.is_empty() {
            return unscaled;
        }
        let factor = max_width as f64 / unscaled.iter().sum::<usize>() as f64;
        // Python's round() rounds halves to even.
        let mut scaled: Vec<i64> = unscaled.iter().map(|w| (factor * *w as f64).round_ties_even() as i64).collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 { (0..scaled.len()).rev().collect() } else { (0..scaled.len()).collect() };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let total: usize = self.column_widths(0, None).iter().map(|w| w + 4).sum::<usize>() + 2 + 2 * self.indent;
        total.max(width(&self.title) + 2 + 2 * self.indent)
    }
}

fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let tl = width(text) as i64;
    let start = (length as i64 / 2 - tl / 2 - 1).max(0) as usize;
    let so_far = width(left) + start + tl as usize;
    let right_spaces = (length as i64 - width(right) as i64 - so_far as i64).max(0) as usize;
    format!("{left}{}{text}{}{right}", " ".repeat(start), " ".repeat(right_spaces))
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let tl = width(text);
    let padding = if length as i64 - (tl + 2 + width(left) + width(right)) as i64 >= 0 { 2 } else { 0 };
    let so_far = left.len() + padding + tl;
    let rest = (length as i64 - so_far as i64 - right.len() as i64).max(0) as usize;
    format!("{left}{}{text}{}{right}", " ".repeat(padding), " ".repeat(rest))
}

struct Table {
    sections: Vec<Section>,
}

impl Table {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        self.sections.last_mut().unwrap()
    }

    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section { title: title.to_string(), indent, ..Default::default() });
    }

    fn add_header(&mut self, headers: Vec<String>) {
        let s = self.current();
        s.update_widths(&headers);
        s.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        let s = self.current();
        s.update_widths(&row);
        s.rows.push(row);
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize) -> bool {
        let empty = match current {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(m) => m.is_empty(),
            Value::Number(n) => n.as_f64() == Some(0.0),
        };
        if empty {
            return false;
        }
        if let Some(t) = title {
            self.new_section(t, indent);
        }
        match current {
            Value::Array(items) => {
                if items[0].is_object() {
                    self.sub_table_from_list(items, indent, title);
                } else {
                    for item in items {
                        match item {
                            Value::Array(inner) if inner.iter().all(is_scalar) => self.add_row(inner.iter().map(py_str).collect()),
                            v if is_scalar(v) => self.add_row(vec![py_str(v)]),
                            v => {
                                self.build(None, v, 0);
                            }
                        }
                    }
                }
            }
            Value::Object(_) => self.sub_table_from_dict(current, indent),
            _ => {}
        }
        true
    }

    fn group_keys(current: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
        let mut headers: Vec<String> = current.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.clone()).collect();
        let mut more: Vec<String> = current.iter().filter(|(_, v)| !is_scalar(v)).map(|(k, _)| k.clone()).collect();
        headers.sort();
        more.sort();
        (headers, more)
    }

    fn sub_table_from_dict(&mut self, current: &Value, indent: usize) {
        let map = current.as_object().unwrap();
        let (headers, more) = Self::group_keys(map);
        if headers.len() == 1 {
            self.add_row(vec![headers[0].clone(), py_str(&map[&headers[0]])]);
        } else if !headers.is_empty() {
            self.add_header(headers.clone());
            self.add_row(headers.iter().map(|k| py_str(&map[k])).collect());
        }
        for k in more {
            self.build(Some(&k), &map[&k], indent + 1);
        }
    }

    fn sub_table_from_list(&mut self, items: &[Value], indent: usize, title: Option<&str>) {
        let mut headers: Vec<String> = Vec::new();
        let mut more: Vec<String> = Vec::new();
        for item in items.iter().filter_map(Value::as_object) {
            let (h, m) = Self::group_keys(item);
            headers.extend(h);
            more.extend(m);
        }
        headers.sort();
        headers.dedup();
        more.sort();
        more.dedup();
        self.add_header(headers.clone());
        let mut first = true;
        for el in items {
            if !first && !more.is_empty() {
                self.new_section(title.unwrap_or(""), indent);
                self.add_header(headers.clone());
            }
            first = false;
            let map = el.as_object().cloned().unwrap_or_default();
            self.add_row(headers.iter().map(|h| map.get(h).map(py_str).unwrap_or_default()).collect());
            for k in &more {
                if let Some(v) = map.get(k) {
                    self.build(Some(k), v, indent + 1);
                }
            }
        }
    }

    fn line_break(widths: &[usize]) -> String {
        let mut s = String::new();
        for (i, w) in widths.iter().enumerate() {
            if i == 0 {
                let _ = write!(s, "+{}+", "-".repeat(w.saturating_sub(2)));
            } else {
                let _ = write!(s, "{}+", "-".repeat(w.saturating_sub(1)));
            }
        }
        s
    }

    fn render(mut self, terminal_width: usize) -> String {
        let mut max_width = self.sections.iter().map(Section::total_width).max().unwrap_or(0);
        if max_width > terminal_width {
            // Too wide: sections with one row become two-column (key, value) tables.
            for s in self.sections.iter_mut() {
                if s.rows.len() == 1 && !s.headers.is_empty() {
                    let mut n = Section { title: s.title.clone(), indent: s.indent, ..Default::default() };
                    for (h, e) in s.headers.iter().zip(&s.rows[0]) {
                        let row = vec![h.clone(), e.clone()];
                        n.update_widths(&row);
                        n.rows.push(row);
                    }
                    *s = n;
                }
            }
            max_width = self.sections.iter().map(Section::total_width).max().unwrap_or(0);
        }
        let mut out = format!("{}\n", "-".repeat(max_width));
        for s in &self.sections {
            let indent_l = "|".repeat(s.indent);
            let mut line = |text: String| {
                let _ = writeln!(out, "{indent_l}{text}{indent_l}");
            };
            let w = max_width - s.indent * 2;
            if !s.title.is_empty() {
                line(center(&s.title, w, "|", "|"));
                if s.headers.is_empty() && s.rows.is_empty() {
                    line(format!("+{}+", "-".repeat(w - 2)));
                }
            }
            if !s.headers.is_empty() {
                let widths = s.column_widths(4, Some(w));
                line(Self::line_break(&widths));
                let mut cur = String::new();
                for (i, (cw, h)) in widths.iter().zip(&s.headers).enumerate() {
                    cur.push_str(&center(h, *cw, if i == 0 { "|" } else { "" }, "|"));
                }
                line(cur);
            }
            if !s.rows.is_empty() {
                let widths = s.column_widths(4, Some(w));
                if widths.is_empty() {
                    continue;
                }
                line(Self::line_break(&widths));
                for row in &s.rows {
                    let mut cur = String::new();
                    for (i, (cw, e)) in widths.iter().zip(row).enumerate() {
                        cur.push_str(&align_left(e, *cw, if i == 0 { "|" } else { "" }, "|"));
                    }
                    line(cur);
                }
                line(Self::line_break(&widths));
            }
        }
        out
    }
}

pub fn table(title: &str, v: &Value) -> String {
    let mut t = Table { sections: Vec::new() };
    if !t.build(Some(title), v, 0) {
        return String::new();
    }
    // awscli reads the terminal's width and falls back to 80 when stdout is not one.
    t.render(terminal_width())
}

/// The terminal's width when standard output is one, else 80 columns (tables, help).
pub fn terminal_width() -> usize {
    console::Term::stdout().size_checked().map(|(_, cols)| cols as usize).filter(|c| *c > 0).unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_is_indented_by_four_and_empty_output_prints_nothing() {
        assert_eq!(json(&json!({"UserId": "u"})), "{\n    \"UserId\": \"u\"\n}\n");
        assert_eq!(json(&json!({})), "");
        assert_eq!(json(&json!("Zoë")), "\"Zoë\"\n");
    }

    #[test]
    fn text_follows_awscli() {
        let v = json!({"UserSummaryList": [{"Id": "1", "Username": "a", "Arn": "x"}, {"Id": "2", "Username": "b", "Arn": "y"}], "NextToken": "t"});
        assert_eq!(text(&v), "t\nUSERSUMMARYLIST\tx\t1\ta\nUSERSUMMARYLIST\ty\t2\tb\n");
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
        assert_eq!(text(&json!({"User": {"Id": "1", "SecurityProfileIds": ["s1", "s2"], "PhoneConfig": {"AutoAccept": false}}})), "USER\t1\nPHONECONFIG\tFalse\nSECURITYPROFILEIDS\ts1\nSECURITYPROFILEIDS\ts2\n");
        assert_eq!(text(&json!("id-1")), "id-1\n");
    }

    #[test]
    fn table_follows_awscli() {
        // Both expectations are what awscli 1.45.11's TableFormatter prints.
        let got = table("CreateUser", &json!({"UserId": "u-1", "UserArn": "arn:x"}));
        let want = "\
-----------------------
|     CreateUser      |
+----------+----------+
|  UserArn | UserId   |
+----------+----------+
|  arn:x   |  u-1     |
+----------+----------+
";
        assert_eq!(got, want);
        let got = table("DescribeUser", &json!({"User": {"Id": "1", "Username": "jdoe", "SecurityProfileIds": ["a", "b"], "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": false}}}));
        let want = "\
----------------------------------
|          DescribeUser          |
+--------------------------------+
||             User             ||
|+---------+--------------------+|
||   Id    |     Username       ||
|+---------+--------------------+|
||  1      |  jdoe              ||
|+---------+--------------------+|
|||         PhoneConfig        |||
||+-------------+--------------+||
||| AutoAccept  |  PhoneType   |||
||+-------------+--------------+||
|||  False      |  SOFT_PHONE  |||
||+-------------+--------------+||
|||     SecurityProfileIds     |||
||+----------------------------+||
|||  a                         |||
|||  b                         |||
||+----------------------------+||
";
        assert_eq!(got, want);
    }
}
