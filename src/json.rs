//! A small JSON reader and writer for the widget (nothing else uses it).
//! serde + serde_json cost the wasm bundle about 20 KB gzipped; the widget
//! only builds two flat request bodies and reads error objects, options and
//! dictionaries, which this does in ~3 KB of code, natively testable.
//! Numbers keep their text: parsing and printing floats would pull in core's
//! float code, which is large in wasm.
//!
//! The reader is checked against serde_json by a differential property test
//! (`json/differential.rs`: generated and mutated documents must be accepted
//! or refused alike and read to the same value), run for 100,000 cases by
//! `make test` and for a given time by `make fuzz`.

use std::fmt::Write;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// The number as written (checked against JSON's grammar).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// Members in document order, duplicates included (see [`Value::get`]).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object: the last one of that name, as
    /// `JSON.parse` keeps it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rfind(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A non-negative integer value.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// Serialises compactly.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(s, out),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// How deep arrays and objects may nest: deeper documents are refused
/// (a hostile answer must not exhaust the stack).
pub const MAX_DEPTH: usize = 64;

/// Parses a JSON document (RFC 8259); `None` for anything that is not one.
///
/// Strict where JSON is: numbers as the grammar has them (no `01`, `-00`,
/// `+1`, `.5`, `1.`), no raw control characters in strings, escapes of
/// exactly four hex digits, surrogate pairs checked (a lone surrogate is
/// refused: a Rust string cannot hold one, and serde_json refuses it too),
/// nothing but whitespace around the value. Duplicate keys are kept in
/// order; [`Value::get`] reads the last, as `JSON.parse` does. Nesting past
/// [`MAX_DEPTH`] is refused. A number too large for a float is valid JSON
/// and accepted (`JSON.parse` reads it as Infinity; its text is kept).
pub fn parse(text: &str) -> Option<Value> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.ws();
    (parser.pos == parser.bytes.len()).then_some(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Skips whitespace, then takes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.ws();
        let found = self.peek() == Some(byte);
        self.pos += usize::from(found);
        found
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        let found = self.bytes[self.pos..].starts_with(word.as_bytes());
        self.pos += word.len() * usize::from(found);
        found.then_some(value)
    }

    fn value(&mut self) -> Option<Value> {
        self.ws();
        match self.peek()? {
            b'n' => self.literal("null", Value::Null),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            open @ (b'[' | b'{') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                self.pos += 1;
                let value = if open == b'[' {
                    self.array()
                } else {
                    self.object()
                };
                self.depth -= 1;
                value
            }
            _ => self.number(),
        }
    }

    fn array(&mut self) -> Option<Value> {
        let mut items = Vec::new();
        if !self.eat(b']') {
            loop {
                items.push(self.value()?);
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        Some(Value::Array(items))
    }

    fn object(&mut self) -> Option<Value> {
        let mut members = Vec::new();
        if !self.eat(b'}') {
            loop {
                self.ws();
                let key = self.string()?;
                if !self.eat(b':') {
                    return None;
                }
                members.push((key, self.value()?));
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        Some(Value::Object(members))
    }

    /// One or more digits; false when there is none.
    fn digits(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            // A leading zero stands alone: `01` and `-00` are not numbers.
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.digits() {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.digits() {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
        Some(Value::Number(text.to_owned()))
    }

    /// Exactly four hex digits (`from_str_radix` would also take a sign).
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        digits.iter().try_fold(0, |code, &digit| {
            Some(code * 16 + char::from(digit).to_digit(16)?)
        })
    }

    /// The code point of a `\u` escape (the `\u` already read), joining a
    /// surrogate pair; `None` for a lone or mismatched surrogate.
    fn unicode_escape(&mut self) -> Option<char> {
        let code = self.hex4()?;
        let code = match code {
            0xd800..=0xdbff => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return None;
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return None;
                }
                0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
            }
            // A low surrogate with no high one before it.
            0xdc00..=0xdfff => return None,
            code => code,
        };
        char::from_u32(code)
    }

    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            // The input is UTF-8 already (a &str): any byte from 0x20 up but
            // the quote and the backslash is taken as it is.
            while matches!(self.peek(), Some(byte) if byte >= 0x20 && byte != b'"' && byte != b'\\')
            {
                self.pos += 1;
            }
            out.push_str(std::str::from_utf8(&self.bytes[start..self.pos]).ok()?);
            // A quote ends the string, a backslash starts an escape; the end
            // of the input or a raw control character is an error.
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    let escape = *self.bytes.get(self.pos + 1)?;
                    self.pos += 2;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
                _ => return None,
            }
        }
    }
}

/// Builds an object from key/value pairs.
pub fn object<I, K>(members: I) -> Value
where
    I: IntoIterator<Item = (K, Value)>,
    K: Into<String>,
{
    Value::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// A string value.
pub fn string(s: impl Into<String>) -> Value {
    Value::String(s.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_auth0_error_shapes() {
        let v = parse(r#"{"name":"PasswordStrengthError","code":"invalid_password","description":{"rules":[{"code":"lengthAtLeast","format":[8],"verified":false}]},"statusCode":400}"#).unwrap();
        assert_eq!(
            v.get("code").and_then(Value::as_str),
            Some("invalid_password")
        );
        let rules = v
            .get("description")
            .and_then(|d| d.get("rules"))
            .and_then(Value::as_array)
            .unwrap();
        assert_eq!(
            rules[0].get("format").unwrap(),
            &Value::Array(vec![Value::Number("8".into())])
        );
        assert_eq!(
            rules[0].get("verified").and_then(Value::as_bool),
            Some(false)
        );
        assert_eq!(v.get("statusCode").and_then(Value::as_u64), Some(400));
    }

    #[test]
    fn strings_round_trip_with_escapes() {
        let tricky = "quote \" backslash \\ newline \n tab \t nul \u{0} emoji 😀 ü </script>";
        let json = string(tricky).to_json();
        assert!(!json.contains('\n'));
        assert_eq!(parse(&json), Some(string(tricky)));
        assert_eq!(parse(r#""\ud83d\ude00 \u00fc \/""#), Some(string("😀 ü /")));
    }

    #[test]
    fn objects_serialise_in_order() {
        let v = object([
            ("b", string("1")),
            ("a", Value::Bool(true)),
            ("n", Value::Null),
        ]);
        assert_eq!(v.to_json(), r#"{"b":"1","a":true,"n":null}"#);
        assert_eq!(parse(&v.to_json()), Some(v));
        assert_eq!(
            parse(" [ 1 , -2.5e3 , [] , {} ] ").unwrap().to_json(),
            "[1,-2.5e3,[],{}]"
        );
    }

    #[test]
    fn rejects_malformed_documents() {
        for bad in [
            "",
            "{",
            "{\"a\" 1}",
            "[1,]",
            "\"open",
            "tru",
            "{\"a\":1} x",
            "<html>502</html>",
            "{'a':1}",
            "1.",
            "-",
            "1e",
            "+1",
            ".5",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(parse(&"[".repeat(100)), None, "nesting is bounded");
    }

    /// What a review found the first reader accepted, and JSON does not.
    #[test]
    fn refuses_what_json_does_not_allow() {
        for bad in [
            "01",
            "-00",
            "-01",
            "[00]",
            "1.e5",
            r#""\u+041""#,
            r#""\u-041""#,
            r#""\u04 1""#,
            r#""\u004""#,
            r#""\ud83d\ue000""#,
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\udc00""#,
            "\"raw\u{1}control\"",
            "\"raw\nnewline\"",
            "\"tab\there\"",
            "\u{feff}1",
            "\u{a0}1",
            "nul",
            "True",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        for (good, value) in [
            ("0", Value::Number("0".into())),
            ("-0", Value::Number("-0".into())),
            ("-0.0e-0", Value::Number("-0.0e-0".into())),
            ("10", Value::Number("10".into())),
            ("1E+2", Value::Number("1E+2".into())),
            ("1e400", Value::Number("1e400".into())),
            (r#""\u0041\u00e9\ud83d\ude00""#, string("Aé😀")),
            ("\"\u{7f}\u{2028}\"", string("\u{7f}\u{2028}")),
        ] {
            assert_eq!(parse(good), Some(value), "{good:?}");
        }
        let deepest = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&deepest).is_some(), "{MAX_DEPTH} levels are fine");
        let deeper = format!("[{deepest}]");
        assert_eq!(parse(&deeper), None, "one more is not");
    }

    #[test]
    fn with_duplicate_keys_the_last_wins() {
        let v = parse(r#"{"code":"first","code":"last","n":1}"#).unwrap();
        assert_eq!(v.get("code").and_then(Value::as_str), Some("last"));
        assert_eq!(v.get("n").and_then(Value::as_u64), Some(1));
    }
}

#[cfg(test)]
mod differential;
