//! Custom vocabularies (Contact Lens): a table of phrases in one language, and per language
//! at most one default vocabulary of the instance.
//!
//! Connect hands the content to Amazon Transcribe, which accepts or fails it after the
//! create has answered: CreateVocabulary answers CREATION_IN_PROGRESS, and the vocabulary is
//! then ACTIVE, or CREATION_FAILED with a FailureReason when the table breaks Transcribe's
//! rules ([`failure_reason`]; docs/rules.md, *Vocabularies*). switchboard decides at once,
//! so the first DescribeVocabulary already shows the outcome.
use crate::ops::crud::Stored;
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod associate_default_vocabulary;
pub mod create_vocabulary;
pub mod delete_vocabulary;
pub mod describe_vocabulary;
pub mod list_default_vocabularies;
pub mod search_vocabularies;

impl Stored for dto::Vocabulary {
    const KIND: Kind = Kind::Vocabulary;
}

/// An instance's default vocabulary for a language, as stored (a record of kind
/// DefaultVocabulary whose id and unique name are the language code, referencing the
/// vocabulary, which therefore cannot be deleted while it is the default).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredDefault {
    #[serde(flatten)]
    pub default: dto::DefaultVocabulary,
}

impl StoredDefault {
    pub fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        vec![Key::in_instance(account, instance, Kind::Vocabulary, &self.default.vocabulary_id)]
    }
}

/// The columns of Transcribe's vocabulary table; each must be in the header, in any order.
const COLUMNS: [&str; 4] = ["Phrase", "IPA", "SoundsLike", "DisplayAs"];
/// The longest entry Transcribe takes, in characters.
const MAX_ENTRY: usize = 256;

/// Why Amazon Transcribe would refuse a vocabulary table, or None when it takes it. The rules
/// are Transcribe's (Amazon Transcribe Developer Guide, *Creating a custom vocabulary using a
/// table*, and *Custom vocabularies*): LF line ends; a header row naming the four columns,
/// separated by single tabs; every row with a Phrase, without spaces or digits; no entry
/// longer than 256 characters.
pub fn failure_reason(content: &str) -> Option<String> {
    if content.contains('\r') {
        return Some("The vocabulary file must use LF line endings, not CRLF".into());
    }
    let mut lines = content.lines().filter(|l| !l.is_empty());
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let mut sorted = header.clone();
    sorted.sort_unstable();
    let mut expected = COLUMNS.to_vec();
    expected.sort_unstable();
    if sorted != expected {
        return Some(format!(
            "The header row must name the columns {} separated by tab characters, found '{}'",
            COLUMNS.join(", "),
            header.join("\\t")
        ));
    }
    let phrase = header.iter().position(|c| *c == "Phrase").expect("the header has a Phrase column");
    for (n, line) in lines.enumerate() {
        let row = n + 2;
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() > COLUMNS.len() {
            return Some(format!("Row {row} has {} fields; the table has {} columns", fields.len(), COLUMNS.len()));
        }
        let text = fields.get(phrase).copied().unwrap_or_default();
        if text.is_empty() {
            return Some(format!("Row {row} has no Phrase"));
        }
        if text.contains(' ') {
            return Some(format!("Row {row}: the Phrase '{text}' contains a space; separate words with hyphens"));
        }
        if text.chars().any(|c| c.is_ascii_digit()) {
            return Some(format!("Row {row}: the Phrase '{text}' contains a digit; spell numbers out"));
        }
        if let Some(long) = fields.iter().find(|f| f.chars().count() > MAX_ENTRY) {
            return Some(format!("Row {row}: the entry '{}…' is longer than {MAX_ENTRY} characters", long.chars().take(20).collect::<String>()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::failure_reason;

    #[test]
    fn transcribe_table_rules() {
        assert_eq!(failure_reason("Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles\nC.L.I.\n"), None);
        assert_eq!(failure_reason("DisplayAs\tPhrase\tIPA\tSoundsLike\nLA\tLos-Angeles\n"), None);
        for (bad, why) in [
            ("Phrase\tIPA\tSoundsLike\tDisplayAs\r\nx\r\n", "CRLF"),
            ("Phrase IPA SoundsLike DisplayAs\nx\n", "header row"),
            ("Phrase\tIPA\tSoundsLike\nx\n", "header row"),
            ("Phrase\tIPA\tSoundsLike\tDisplayAs\n\tx\n", "no Phrase"),
            ("Phrase\tIPA\tSoundsLike\tDisplayAs\nLos Angeles\n", "space"),
            ("Phrase\tIPA\tSoundsLike\tDisplayAs\nV.X.-02\n", "digit"),
            ("Phrase\tIPA\tSoundsLike\tDisplayAs\na\tb\tc\td\te\n", "5 fields"),
        ] {
            let reason = failure_reason(bad).unwrap_or_default();
            assert!(reason.contains(why), "{bad:?}: {reason:?}");
        }
    }
}
