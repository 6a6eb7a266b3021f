//! The AWS CLI's shorthand syntax, ported from awscli's `shorthand.py` so that a value that
//! works with `aws` works here and one that fails there fails here:
//!
//! ```text
//! parameter     = keyval *("," keyval)
//! keyval        = key ["@"] "=" [values]
//! values        = csv-list / explicit-list / hash-literal
//! csv-list      = first-value *("," second-value)      a=b,c   →  {"a": ["b", "c"]}
//! explicit-list = "[" [value *("," value)] "]"         a=[b,c]
//! hash-literal  = "{" keyval *("," keyval) "}"         a={b=1,c=2}
//! ```
//!
//! Values may be single- or double-quoted (with `\'`/`\"` escapes) and `\,` escapes a comma.
//! The result is untyped (strings, lists, objects); [`crate::params`] gives it the model's
//! types.
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShorthandError {
    #[error("Expected: '{expected}', received: '{actual}' for input:\n{input}\n{caret}")]
    Syntax { expected: String, actual: String, input: String, caret: String },
    #[error("Second instance of key \"{key}\" encountered for input:\n{input}\n{caret}\nThis is often because there is a preceding \",\" instead of a space.")]
    DuplicateKey { key: String, input: String, caret: String },
}

/// Lists and structures nested deeper than this are refused: the parser recurses once per
/// level, and a command-line argument could otherwise nest deep enough to overflow the
/// stack. (Connect's deepest inputs nest a few levels; awscli stops near 1,000, at Python's
/// recursion limit.)
pub const MAX_DEPTH: usize = 128;

struct Parser<'a> {
    chars: Vec<char>,
    input: &'a str,
    i: usize,
    depth: usize,
}

fn is_start(c: char) -> bool {
    matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}')
}

fn is_first_follow(c: char) -> bool {
    c.is_whitespace() || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}')
}

fn is_second_follow(c: char) -> bool {
    c.is_whitespace() || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.#/:".contains(c)
}

pub fn parse(input: &str) -> Result<Map<String, Value>, ShorthandError> {
    let mut p = Parser { chars: input.chars().collect(), input, i: 0, depth: 0 };
    p.parameter()
}

impl Parser<'_> {
    fn caret(&self, at: usize) -> String {
        format!("{}^", " ".repeat(at))
    }

    fn syntax(&self, expected: &str, actual: &str) -> ShorthandError {
        ShorthandError::Syntax { expected: expected.into(), actual: actual.into(), input: self.input.into(), caret: self.caret(self.i) }
    }

    fn eof(&self) -> bool {
        self.i >= self.chars.len()
    }

    fn current(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.current().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: char, ws: bool) -> Result<(), ShorthandError> {
        if ws {
            self.ws();
        }
        match self.current() {
            None => return Err(self.syntax(&c.to_string(), "EOF")),
            Some(a) if a != c => return Err(self.syntax(&c.to_string(), &a.to_string())),
            _ => self.i += 1,
        }
        if ws {
            self.ws();
        }
        Ok(())
    }

    fn parameter(&mut self) -> Result<Map<String, Value>, ShorthandError> {
        let mut params = Map::new();
        let (k, v) = self.keyval()?;
        params.insert(k, v);
        let mut last = self.i;
        while !self.eof() {
            self.expect(',', true)?;
            let (k, v) = self.keyval()?;
            if params.contains_key(&k) {
                return Err(ShorthandError::DuplicateKey { key: k, input: self.input.into(), caret: self.caret(last + 1) });
            }
            params.insert(k, v);
            last = self.i;
        }
        Ok(params)
    }

    fn keyval(&mut self) -> Result<(String, Value), ShorthandError> {
        let key = self.key();
        // `key@=file://…` is awscli's explicit "load this value from a file"; the value
        // syntax is the same, and file:// is resolved for every value anyway.
        self.ws();
        if self.current() == Some('@') {
            self.i += 1;
        }
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    fn key(&mut self) -> String {
        let start = self.i;
        while self.current().is_some_and(is_key_char) {
            self.i += 1;
        }
        self.chars[start..self.i].iter().collect()
    }

    fn values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.nested(Self::explicit_list),
            Some('{') => self.nested(Self::hash_literal),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Value, ShorthandError> {
        let first = self.first_value()?;
        self.ws();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            match self.second_value().and_then(|v| {
                self.ws();
                if self.eof() {
                    return Ok((v, true));
                }
                self.expect(',', true)?;
                Ok((v, false))
            }) {
                Ok((v, done)) => {
                    list.push(v);
                    if done {
                        break;
                    }
                }
                Err(e) => {
                    if self.eof() {
                        return Err(e);
                    }
                    // What followed the comma was the next key, not another list item.
                    while self.i > 0 && self.chars.get(self.i) != Some(&',') {
                        self.i -= 1;
                    }
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(Value::String(first));
        }
        Ok(Value::Array(list.into_iter().map(Value::String).collect()))
    }

    /// A run of characters: the first must satisfy `start`, the rest `follow`; `\,` is a comma.
    fn word(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let mut out = String::new();
        let mut j = self.i;
        let mut first = true;
        loop {
            if self.chars.get(j) == Some(&'\\') && self.chars.get(j + 1) == Some(&',') {
                out.push(',');
                j += 2;
            } else if let Some(&c) = self.chars.get(j).filter(|&&c| if first { is_start(c) } else { follow(c) }) {
                out.push(c);
                j += 1;
            } else {
                break;
            }
            first = false;
        }
        if j == self.i {
            return None;
        }
        self.i = j;
        Some(out.trim_end().to_string())
    }

    fn first_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => Ok(self.word(is_first_follow).unwrap_or_default()),
        }
    }

    fn second_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => self.word(is_second_follow).ok_or_else(|| self.syntax("<second>", "<none>")),
        }
    }

    fn quoted(&mut self, q: char) -> Result<String, ShorthandError> {
        let start = self.i;
        let mut j = self.i + 1;
        while j < self.chars.len() {
            if self.chars[j] == '\\' && self.chars.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            if self.chars[j] == q {
                let raw: String = self.chars[start + 1..j].iter().collect();
                self.i = j + 1;
                return Ok(raw.replace(&format!("\\{q}"), &q.to_string()).replace("\\\\", "\\"));
            }
            j += 1;
        }
        Err(self.syntax(if q == '"' { "<double quoted>" } else { "<singled quoted>" }, "<none>"))
    }

    fn explicit_list(&mut self) -> Result<Value, ShorthandError> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            if self.eof() {
                return Err(self.syntax("]", "EOF"));
            }
            values.push(self.explicit_value()?);
            self.ws();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.ws();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('[') => self.nested(Self::explicit_list),
            Some('{') => self.nested(Self::hash_literal),
            _ => Ok(Value::String(self.first_value()?)),
        }
    }

    /// One level deeper, within [`MAX_DEPTH`].
    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, ShorthandError>) -> Result<Value, ShorthandError> {
        if self.depth >= MAX_DEPTH {
            let actual = self.current().map(String::from).unwrap_or_default();
            return Err(self.syntax(&format!("at most {MAX_DEPTH} nested lists and structures"), &actual));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn hash_literal(&mut self) -> Result<Value, ShorthandError> {
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            if self.eof() {
                return Err(self.syntax("}", "EOF"));
            }
            let key = self.key();
            self.ws();
            if self.current() == Some('@') {
                self.i += 1;
            }
            self.expect('=', true)?;
            let v = self.explicit_value()?;
            self.ws();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.ws();
            }
            map.insert(key, v);
        }
        self.expect('}', false)?;
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(s: &str) -> Value {
        Value::Object(parse(s).unwrap_or_else(|e| panic!("{s}: {e}")))
    }

    #[test]
    fn key_values() {
        assert_eq!(ok("FirstName=John,LastName=Doe"), json!({"FirstName": "John", "LastName": "Doe"}));
        assert_eq!(ok("a = b , c = d "), json!({"a": "b", "c": "d"}));
        assert_eq!(ok("a="), json!({"a": ""}));
        assert_eq!(ok("Email=j@example.com"), json!({"Email": "j@example.com"}));
    }

    #[test]
    fn csv_lists_stop_at_the_next_key() {
        assert_eq!(ok("a=b,c,d=e"), json!({"a": ["b", "c"], "d": "e"}));
        assert_eq!(ok("a=b,c"), json!({"a": ["b", "c"]}));
        assert_eq!(ok("k=a b,c"), json!({"k": ["a b", "c"]}));
    }

    #[test]
    fn explicit_lists_and_nested_structures() {
        assert_eq!(ok("a=[b,c],d={e=1,f=[g]}"), json!({"a": ["b", "c"], "d": {"e": "1", "f": ["g"]}}));
        assert_eq!(ok("a=[]"), json!({"a": []}));
        assert_eq!(ok("a=[{b=1},{b=2}]"), json!({"a": [{"b": "1"}, {"b": "2"}]}));
    }

    #[test]
    fn quoting_and_escapes() {
        assert_eq!(ok(r#"a="x,y=z",b='it\'s'"#), json!({"a": "x,y=z", "b": "it's"}));
        assert_eq!(ok(r"a=x\,y"), json!({"a": "x,y"}));
        assert_eq!(ok(r#"a=["q,1",'r']"#), json!({"a": ["q,1", "r"]}));
    }

    #[test]
    fn malformed_input_is_an_error_pointing_at_the_place() {
        let e = parse("FirstName").unwrap_err();
        assert_eq!(e.to_string(), "Expected: '=', received: 'EOF' for input:\nFirstName\n         ^");
        assert!(matches!(parse("a=b,c=d,"), Err(ShorthandError::Syntax { .. })));
        assert!(matches!(parse("a={b=1"), Err(ShorthandError::Syntax { .. })));
        assert!(matches!(parse("a=[b,c"), Err(ShorthandError::Syntax { .. })));
        assert!(matches!(parse(r#"a="open"#), Err(ShorthandError::Syntax { .. })));
        assert!(matches!(parse("a=1,a=2"), Err(ShorthandError::DuplicateKey { .. })));
    }

    /// A deep enough nesting overflowed the stack (the CLI aborted); now it is a syntax error.
    #[test]
    fn nesting_is_bounded() {
        let deep = |open: &str, n: usize| format!("a={}", open.repeat(n));
        for open in ["[", "{b=", "[{c="] {
            let e = parse(&deep(open, 200_000)).unwrap_err();
            assert!(e.to_string().contains("at most 128 nested"), "{open}: {e}");
        }
        let fits = format!("a={}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fits).is_ok());
        let over = format!("a={}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse(&over).is_err());
    }
}
