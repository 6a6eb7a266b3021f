//! Connect's search language, shared by SearchUsers, SearchQueues, SearchRoutingProfiles,
//! SearchSecurityProfiles, SearchHoursOfOperations and SearchUserHierarchyGroups.
//!
//! A request's SearchCriteria (OrConditions, AndConditions, StringCondition, and per resource
//! HierarchyGroupCondition, ListCondition, and the conditions on one enum member such as
//! QueueTypeCondition, see [`MEMBER_CONDITIONS`]) and SearchFilter (TagFilter,
//! UserAttributeFilter, AttributeFilter, FlowAttributeFilter) are parsed once into a [`Criteria`] tree, which is
//! then evaluated against each candidate through a [`Subject`]. The criteria arrive as the
//! model's JSON (already validated against the model's shapes), so one parser serves every
//! resource: only the field names each resource accepts differ.
//!
//! Semantics (Amazon Connect API reference, SearchUsers and the *SearchCriteria shapes):
//! * members set side by side in one criteria object must all hold (AND);
//! * StringCondition compares one field: EXACT, STARTS_WITH or CONTAINS, case-sensitively;
//!   FieldName is matched case-insensitively (Connect's examples write `Username` and
//!   `username`); a field the resource does not support is an InvalidParameterException;
//! * HierarchyGroupCondition EXACT: the user is in that group; WITH_CHILD_GROUPS: in that
//!   group or any group below it;
//! * TagCondition: the tag key is present, with TagValue if one is given;
//! * ListCondition (PROFICIENCIES): some one proficiency of the user meets every one of its
//!   Conditions, a StringCondition on `name` (the attribute) or `value`, or a
//!   NumberCondition on `limit` (the level);
//! * an empty criteria object matches everything.
use crate::error::ApiError;
use serde_json::Value;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Exact,
    StartsWith,
    Contains,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Criteria {
    All(Vec<Criteria>),
    Any(Vec<Criteria>),
    /// `field` is the canonical (lower-case) field name.
    Text { field: String, comparison: Comparison, value: String },
    Group { id: String, with_children: bool },
    Tag { key: String, value: Option<String> },
    /// A condition on one member of the body (QueueTypeCondition: `QueueType`), see
    /// [`MEMBER_CONDITIONS`].
    Member { member: &'static str, value: String },
    /// A ListCondition (PROFICIENCIES): some one proficiency meets every condition.
    Proficiency(Vec<ProficiencyCondition>),
    /// A DateCondition (SearchHoursOfOperationOverrides): a `yyyy-mm-dd` field compared with
    /// a date (the format orders as the dates do).
    Date { field: String, comparison: std::cmp::Ordering, or_equal: bool, value: String },
}

/// A condition of a ListCondition on one proficiency.
#[derive(Debug, Clone, PartialEq)]
pub enum ProficiencyCondition {
    /// On the attribute's name (`value` false) or the value (`value` true).
    Text { value: bool, comparison: Comparison, text: String },
    /// On the level.
    Level(LevelTest),
}

/// A NumberCondition on a level: GREATER_OR_EQUAL and GREATER compare with MinValue,
/// LESSER_OR_EQUAL and LESSER with MaxValue, EQUAL and NOT_EQUAL with the one given, RANGE
/// is MinValue to MaxValue, both included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LevelTest {
    AtLeast(f64),
    Above(f64),
    AtMost(f64),
    Below(f64),
    Equal(f64),
    NotEqual(f64),
    Range(f64, f64),
}

impl LevelTest {
    fn holds(self, level: f64) -> bool {
        match self {
            LevelTest::AtLeast(n) => level >= n,
            LevelTest::Above(n) => level > n,
            LevelTest::AtMost(n) => level <= n,
            LevelTest::Below(n) => level < n,
            LevelTest::Equal(n) => level == n,
            LevelTest::NotEqual(n) => level != n,
            LevelTest::Range(lo, hi) => lo <= level && level <= hi,
        }
    }
}

/// What the criteria are evaluated against: one candidate record.
pub trait Subject {
    /// The values of a (canonical, lower-case) field; several for list fields such as
    /// SecurityProfileId. A number is compared as its decimal text (an agent status's
    /// displayOrder).
    fn field(&self, name: &str) -> Vec<Cow<'_, str>>;
    fn tag(&self, key: &str) -> Option<&str>;
    /// The hierarchy group the subject is in, and the ids of that group's path (itself
    /// included, from level one down).
    fn group(&self) -> (Option<&str>, Vec<&str>) {
        (None, vec![])
    }
    /// The value of a body member that a [`MEMBER_CONDITIONS`] condition compares.
    fn member(&self, _name: &str) -> Option<&str> {
        None
    }
    /// The subject's proficiencies: (attribute name, value, level).
    fn proficiencies(&self) -> Vec<(&str, &str, f64)> {
        vec![]
    }
}

/// The criteria members that compare one enum member of the resource with a value, and the
/// body member each reads: SearchQueues' QueueTypeCondition, SearchContactFlows'
/// TypeCondition, StateCondition and StatusCondition (SearchContactFlowModules' too), and
/// FlowAttributeFilter's ContactFlowTypeCondition (an object holding ContactFlowType).
pub const MEMBER_CONDITIONS: &[(&str, &str)] =
    &[("QueueTypeCondition", "QueueType"), ("TypeCondition", "Type"), ("StateCondition", "State"), ("StatusCondition", "Status")];

fn member_conditions(v: &Value) -> impl Iterator<Item = Criteria> + '_ {
    let plain = MEMBER_CONDITIONS.iter().filter_map(|(condition, member)| Some(Criteria::Member { member, value: string(v, condition)?.to_string() }));
    let flow_type = v.get("ContactFlowTypeCondition").and_then(|c| string(c, "ContactFlowType"));
    plain.chain(flow_type.map(|t| Criteria::Member { member: "Type", value: t.to_string() }))
}

fn invalid(msg: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter(msg)
}

fn list<'a>(v: &'a Value, member: &str) -> &'a [Value] {
    v.get(member).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

fn string<'a>(v: &'a Value, member: &str) -> Option<&'a str> {
    v.get(member).and_then(Value::as_str)
}

impl Criteria {
    /// Parses a SearchCriteria object; `fields` are the canonical field names the resource
    /// supports in StringCondition.
    pub fn parse(criteria: Option<&Value>, fields: &[&str]) -> Result<Criteria, ApiError> {
        let Some(v) = criteria else { return Ok(Criteria::All(vec![])) };
        let mut all = Vec::new();
        if v.get("OrConditions").is_some() {
            all.push(Criteria::Any(list(v, "OrConditions").iter().map(|c| Criteria::parse(Some(c), fields)).collect::<Result<_, _>>()?));
        }
        if v.get("AndConditions").is_some() {
            all.push(Criteria::All(list(v, "AndConditions").iter().map(|c| Criteria::parse(Some(c), fields)).collect::<Result<_, _>>()?));
        }
        if let Some(s) = v.get("StringCondition") {
            all.push(text_condition(s, fields)?);
        }
        if let Some(d) = v.get("DateCondition") {
            all.push(date_condition(d, fields)?);
        }
        if let Some(h) = v.get("HierarchyGroupCondition") {
            all.push(group_condition(h)?);
        }
        if let Some(l) = v.get("ListCondition") {
            all.push(Criteria::Proficiency(list(l, "Conditions").iter().map(proficiency_condition).collect::<Result<_, _>>()?));
        }
        all.extend(member_conditions(v));
        Ok(simplify(all))
    }

    /// Parses a ControlPlaneTagFilter (TagFilter of every Search* operation).
    pub fn tag_filter(filter: Option<&Value>) -> Result<Criteria, ApiError> {
        let Some(v) = filter else { return Ok(Criteria::All(vec![])) };
        let mut all = Vec::new();
        if v.get("OrConditions").is_some() {
            let any = list(v, "OrConditions")
                .iter()
                .map(|and| and.as_array().map(|a| a.iter().map(tag_condition).collect::<Result<Vec<_>, _>>()).unwrap_or(Ok(vec![])).map(Criteria::All))
                .collect::<Result<_, _>>()?;
            all.push(Criteria::Any(any));
        }
        if v.get("AndConditions").is_some() {
            all.push(Criteria::All(list(v, "AndConditions").iter().map(tag_condition).collect::<Result<_, _>>()?));
        }
        if let Some(t) = v.get("TagCondition") {
            all.push(tag_condition(t)?);
        }
        Ok(simplify(all))
    }

    /// Parses a ControlPlaneUserAttributeFilter (SearchUsers), a ControlPlaneAttributeFilter
    /// (SearchUserHierarchyGroups) or a ContactFlowAttributeFilter (SearchContactFlows): tag
    /// conditions, hierarchy group conditions for users, flow type conditions for flows.
    pub fn attribute_filter(filter: Option<&Value>) -> Result<Criteria, ApiError> {
        let Some(v) = filter else { return Ok(Criteria::All(vec![])) };
        let and_condition = |c: &Value| -> Result<Criteria, ApiError> {
            let mut all: Vec<Criteria> = list(c, "TagConditions").iter().map(tag_condition).collect::<Result<_, _>>()?;
            if let Some(h) = c.get("HierarchyGroupCondition") {
                all.push(group_condition(h)?);
            }
            all.extend(member_conditions(c));
            Ok(Criteria::All(all))
        };
        let mut all = Vec::new();
        if v.get("OrConditions").is_some() {
            all.push(Criteria::Any(list(v, "OrConditions").iter().map(and_condition).collect::<Result<_, _>>()?));
        }
        if let Some(c) = v.get("AndCondition") {
            all.push(and_condition(c)?);
        }
        if let Some(t) = v.get("TagCondition") {
            all.push(tag_condition(t)?);
        }
        if let Some(h) = v.get("HierarchyGroupCondition") {
            all.push(group_condition(h)?);
        }
        all.extend(member_conditions(v));
        Ok(simplify(all))
    }

    pub fn and(self, other: Criteria) -> Criteria {
        simplify(vec![self, other])
    }

    pub fn matches(&self, s: &dyn Subject) -> bool {
        match self {
            Criteria::All(cs) => cs.iter().all(|c| c.matches(s)),
            Criteria::Any(cs) => cs.iter().any(|c| c.matches(s)),
            Criteria::Text { field, comparison, value } => s.field(field).iter().any(|v| compare(v, *comparison, value)),
            Criteria::Group { id, with_children } => {
                let (group, path) = s.group();
                if *with_children {
                    path.contains(&id.as_str())
                } else {
                    group == Some(id.as_str())
                }
            }
            Criteria::Tag { key, value } => match (s.tag(key), value) {
                (Some(actual), Some(wanted)) => actual == wanted,
                (Some(_), None) => true,
                (None, _) => false,
            },
            Criteria::Member { member, value } => s.member(member) == Some(value.as_str()),
            Criteria::Date { field, comparison, or_equal, value } => {
                s.field(field).iter().any(|v| v.as_ref().cmp(value.as_str()) == *comparison || (*or_equal && v.as_ref() == value.as_str()))
            }
            Criteria::Proficiency(conditions) => s.proficiencies().iter().any(|(name, value, level)| {
                conditions.iter().all(|c| match c {
                    ProficiencyCondition::Text { value: on_value, comparison, text } => {
                        compare(if *on_value { value } else { name }, *comparison, text)
                    }
                    ProficiencyCondition::Level(test) => test.holds(*level),
                })
            }),
        }
    }

    /// Whether evaluating needs the subjects' hierarchy groups.
    pub fn uses_groups(&self) -> bool {
        match self {
            Criteria::All(cs) | Criteria::Any(cs) => cs.iter().any(Criteria::uses_groups),
            Criteria::Group { .. } => true,
            _ => false,
        }
    }

    /// A condition on `field` that every match must satisfy and that an ordered name index
    /// can serve: `(prefix, exact)` from a top-level (or top-level AND) STARTS_WITH or EXACT.
    pub fn required_prefix(&self, field: &str) -> Option<(String, bool)> {
        match self {
            Criteria::Text { field: f, comparison: Comparison::StartsWith, value } if f == field => Some((value.clone(), false)),
            Criteria::Text { field: f, comparison: Comparison::Exact, value } if f == field => Some((value.clone(), true)),
            Criteria::All(cs) => cs.iter().find_map(|c| c.required_prefix(field)),
            Criteria::Any(cs) if cs.len() == 1 => cs[0].required_prefix(field),
            _ => None,
        }
    }
}

fn simplify(mut all: Vec<Criteria>) -> Criteria {
    all.retain(|c| *c != Criteria::All(vec![]));
    if all.len() == 1 {
        all.pop().unwrap()
    } else {
        Criteria::All(all)
    }
}

fn text_condition(s: &Value, fields: &[&str]) -> Result<Criteria, ApiError> {
    let field = string(s, "FieldName").ok_or_else(|| invalid("StringCondition requires FieldName"))?;
    let canonical = field.to_ascii_lowercase();
    if !fields.contains(&canonical.as_str()) {
        return Err(invalid(format!("FieldName '{field}' is not supported here; supported fields: {}", fields.join(", "))));
    }
    let comparison = match string(s, "ComparisonType") {
        Some("EXACT") => Comparison::Exact,
        Some("STARTS_WITH") => Comparison::StartsWith,
        Some("CONTAINS") => Comparison::Contains,
        _ => return Err(invalid("StringCondition requires ComparisonType (EXACT, STARTS_WITH or CONTAINS)")),
    };
    let value = string(s, "Value").ok_or_else(|| invalid("StringCondition requires Value"))?;
    Ok(Criteria::Text { field: canonical, comparison, value: value.to_string() })
}

/// A DateCondition: FieldName one of `fields` (case-insensitively), a ComparisonType, a
/// Value (a date, the model's pattern checked).
fn date_condition(d: &Value, fields: &[&str]) -> Result<Criteria, ApiError> {
    let field = string(d, "FieldName").ok_or_else(|| invalid("DateCondition requires FieldName"))?;
    let canonical = field.to_ascii_lowercase();
    if !fields.contains(&canonical.as_str()) {
        return Err(invalid(format!("FieldName '{field}' is not supported here; supported fields: {}", fields.join(", "))));
    }
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (comparison, or_equal) = match string(d, "ComparisonType") {
        Some("GREATER_THAN") => (Greater, false),
        Some("GREATER_THAN_OR_EQUAL_TO") => (Greater, true),
        Some("LESS_THAN") => (Less, false),
        Some("LESS_THAN_OR_EQUAL_TO") => (Less, true),
        Some("EQUAL_TO") => (Equal, false),
        _ => return Err(invalid("DateCondition requires ComparisonType")),
    };
    let value = string(d, "Value").ok_or_else(|| invalid("DateCondition requires Value"))?;
    Ok(Criteria::Date { field: canonical, comparison, or_equal, value: value.to_string() })
}

fn compare(v: &str, comparison: Comparison, value: &str) -> bool {
    match comparison {
        Comparison::Exact => v == value,
        Comparison::StartsWith => v.starts_with(value),
        Comparison::Contains => v.contains(value),
    }
}

/// A Condition of a ListCondition: a StringCondition on `name` or `value`, or a
/// NumberCondition on `limit` (the field names its documentation gives).
fn proficiency_condition(c: &Value) -> Result<ProficiencyCondition, ApiError> {
    if let Some(s) = c.get("StringCondition") {
        let Criteria::Text { field, comparison, value } = text_condition(s, &["name", "value"])? else { unreachable!("a text condition") };
        return Ok(ProficiencyCondition::Text { value: field == "value", comparison, text: value });
    }
    let Some(n) = c.get("NumberCondition") else {
        return Err(invalid("A Condition of a ListCondition needs a StringCondition or a NumberCondition"));
    };
    if !string(n, "FieldName").is_some_and(|f| f.eq_ignore_ascii_case("limit")) {
        return Err(invalid("NumberCondition FieldName must be 'limit'"));
    }
    let (min, max) = (n.get("MinValue").and_then(Value::as_f64), n.get("MaxValue").and_then(Value::as_f64));
    let needs = |v: Option<f64>, member: &str| v.ok_or_else(|| invalid(format!("This NumberCondition needs {member}")));
    let test = match string(n, "ComparisonType") {
        Some("GREATER_OR_EQUAL") => LevelTest::AtLeast(needs(min, "MinValue")?),
        Some("GREATER") => LevelTest::Above(needs(min, "MinValue")?),
        Some("LESSER_OR_EQUAL") => LevelTest::AtMost(needs(max, "MaxValue")?),
        Some("LESSER") => LevelTest::Below(needs(max, "MaxValue")?),
        Some("EQUAL") => LevelTest::Equal(needs(min.or(max), "MinValue or MaxValue")?),
        Some("NOT_EQUAL") => LevelTest::NotEqual(needs(min.or(max), "MinValue or MaxValue")?),
        Some("RANGE") => LevelTest::Range(needs(min, "MinValue")?, needs(max, "MaxValue")?),
        _ => return Err(invalid("NumberCondition requires ComparisonType")),
    };
    Ok(ProficiencyCondition::Level(test))
}

fn group_condition(h: &Value) -> Result<Criteria, ApiError> {
    let id = string(h, "Value").ok_or_else(|| invalid("HierarchyGroupCondition requires Value"))?;
    let with_children = match string(h, "HierarchyGroupMatchType") {
        None | Some("EXACT") => false,
        Some(_) => true,
    };
    Ok(Criteria::Group { id: id.to_string(), with_children })
}

fn tag_condition(t: &Value) -> Result<Criteria, ApiError> {
    let key = string(t, "TagKey").ok_or_else(|| invalid("TagCondition requires TagKey"))?;
    Ok(Criteria::Tag { key: key.to_string(), value: string(t, "TagValue").map(str::to_string) })
}

/// A record body seen as a search subject: `fields` maps canonical field names to body
/// members (`"identityinfo.firstname"`-style paths are written as `["IdentityInfo",
/// "FirstName"]`).
pub struct BodySubject<'a> {
    pub body: &'a Value,
    pub fields: &'a [(&'static str, &'static [&'static str])],
    pub group: Option<&'a str>,
    pub path: Vec<&'a str>,
}

impl Subject for BodySubject<'_> {
    fn field(&self, name: &str) -> Vec<Cow<'_, str>> {
        let Some((_, path)) = self.fields.iter().find(|(f, _)| *f == name) else { return vec![] };
        let mut v = self.body;
        for member in *path {
            match v.get(member) {
                Some(next) => v = next,
                None => return vec![],
            }
        }
        match v {
            Value::String(s) => vec![Cow::Borrowed(s.as_str())],
            Value::Number(n) => vec![Cow::Owned(n.to_string())],
            Value::Array(items) => items.iter().filter_map(Value::as_str).map(Cow::Borrowed).collect(),
            _ => vec![],
        }
    }

    fn tag(&self, key: &str) -> Option<&str> {
        self.body.get("Tags").and_then(|t| t.get(key)).and_then(Value::as_str)
    }

    fn group(&self) -> (Option<&str>, Vec<&str>) {
        (self.group, self.path.clone())
    }

    fn member(&self, name: &str) -> Option<&str> {
        self.body.get(name).and_then(Value::as_str)
    }

    /// A user's proficiencies, as `users::StoredUser` keeps them.
    fn proficiencies(&self) -> Vec<(&str, &str, f64)> {
        list(self.body, "Proficiencies")
            .iter()
            .filter_map(|p| Some((string(p, "AttributeName")?, string(p, "AttributeValue")?, p.get("Level")?.as_f64()?)))
            .collect()
    }
}

/// Canonical field names each resource accepts in StringCondition, with the body members
/// they read. Users: the SearchUsers StringCondition documentation (Username, FirstName,
/// LastName, RoutingProfileId, SecurityProfileId, ResourceId); the others: name,
/// description and resourceID (the Search* StringCondition documentation).
pub type Fields = &'static [(&'static str, &'static [&'static str])];

pub const USER_FIELDS: Fields = &[
    ("username", &["Username"]),
    ("firstname", &["IdentityInfo", "FirstName"]),
    ("lastname", &["IdentityInfo", "LastName"]),
    ("routingprofileid", &["RoutingProfileId"]),
    ("securityprofileid", &["SecurityProfileIds"]),
    ("resourceid", &["Id"]),
];
pub const SECURITY_PROFILE_FIELDS: Fields = &[("name", &["SecurityProfileName"]), ("description", &["Description"]), ("resourceid", &["Id"])];
pub const ROUTING_PROFILE_FIELDS: Fields = &[("name", &["Name"]), ("description", &["Description"]), ("resourceid", &["RoutingProfileId"])];
pub const QUEUE_FIELDS: Fields = &[("name", &["Name"]), ("description", &["Description"]), ("resourceid", &["QueueId"])];
pub const HOURS_FIELDS: Fields = &[("name", &["Name"]), ("description", &["Description"]), ("resourceid", &["HoursOfOperationId"]), ("timezone", &["TimeZone"])];
/// SearchAgentStatuses: "name, description, state, type, displayOrder, and resourceID"
/// (AgentStatusSearchCriteria.StringCondition documentation).
pub const AGENT_STATUS_FIELDS: Fields = &[
    ("name", &["Name"]),
    ("description", &["Description"]),
    ("state", &["State"]),
    ("type", &["Type"]),
    ("displayorder", &["DisplayOrder"]),
    ("resourceid", &["AgentStatusId"]),
];
/// SearchPredefinedAttributes: its StringCondition documents no field; the attribute's name
/// is the one it has.
pub const PREDEFINED_ATTRIBUTE_FIELDS: Fields = &[("name", &["Name"])];
pub const GROUP_FIELDS: Fields = &[("name", &["Name"]), ("resourceid", &["Id"]), ("parentid", &["ParentGroupId"]), ("levelid", &["LevelId"])];
/// Contact flows and flow modules (SearchContactFlows, SearchContactFlowModules).
pub const FLOW_FIELDS: Fields = &[("name", &["Name"]), ("description", &["Description"]), ("resourceid", &["Id"])];
pub const PROMPT_FIELDS: Fields = &[("name", &["Name"]), ("description", &["Description"]), ("resourceid", &["PromptId"])];
/// SearchHoursOfOperationOverrides documents no field names: these are the override's own
/// (resourceId is its id), its hours' id, and, for DateCondition, its two dates.
pub const HOURS_OVERRIDE_FIELDS: Fields = &[
    ("name", &["Name"]),
    ("description", &["Description"]),
    ("resourceid", &["HoursOfOperationOverrideId"]),
    ("hoursofoperationid", &["HoursOfOperationId"]),
    ("effectivefrom", &["EffectiveFrom"]),
    ("effectivetill", &["EffectiveTill"]),
];
pub const QUICK_CONNECT_FIELDS: Fields = &[("name", &["Name"]), ("description", &["Description"]), ("resourceid", &["QuickConnectId"])];

pub fn field_names(fields: Fields) -> Vec<&'static str> {
    fields.iter().map(|(f, _)| *f).collect()
}

/// The SearchCriteria of a Search* request, over `fields`.
pub fn request<C: serde::Serialize>(criteria: Option<&C>, fields: Fields) -> Result<Criteria, ApiError> {
    Criteria::parse(criteria.map(crate::service::to_body).as_ref(), &field_names(fields))
}

/// A stored body as the model type a search returns (members it lacks stay unset).
pub fn summary<T: serde::de::DeserializeOwned + Default>((id, body): (String, Value)) -> (String, T) {
    (id, serde_json::from_value(body).unwrap_or_default())
}

/// A plain record body as a subject (no hierarchy).
pub fn subject<'a>(body: &'a Value, fields: Fields) -> BodySubject<'a> {
    BodySubject { body, fields, group: None, path: vec![] }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names() -> Vec<&'static str> {
        field_names(USER_FIELDS)
    }

    fn user(body: &Value) -> BodySubject<'_> {
        BodySubject { body, fields: USER_FIELDS, group: Some("g2"), path: vec!["g1", "g2"] }
    }

    fn jdoe() -> Value {
        json!({"Username": "jdoe", "IdentityInfo": {"FirstName": "John"}, "SecurityProfileIds": ["sp1", "sp2"], "Tags": {"team": "red", "site": "x"}})
    }

    fn parse(v: Value) -> Criteria {
        Criteria::parse(Some(&v), &names()).unwrap()
    }

    fn text(field: &str, cmp: &str, value: &str) -> Value {
        json!({"StringCondition": {"FieldName": field, "ComparisonType": cmp, "Value": value}})
    }

    #[test]
    fn string_comparisons() {
        let b = jdoe();
        assert!(parse(text("Username", "EXACT", "jdoe")).matches(&user(&b)));
        assert!(!parse(text("Username", "EXACT", "jdo")).matches(&user(&b)));
        assert!(parse(text("username", "STARTS_WITH", "jd")).matches(&user(&b)));
        assert!(!parse(text("username", "STARTS_WITH", "do")).matches(&user(&b)));
        assert!(parse(text("FirstName", "CONTAINS", "oh")).matches(&user(&b)));
        assert!(!parse(text("FirstName", "CONTAINS", "OH")).matches(&user(&b)), "comparisons are case-sensitive");
        // list fields match when any element does
        assert!(parse(text("SecurityProfileId", "EXACT", "sp2")).matches(&user(&b)));
    }

    #[test]
    fn date_conditions_compare_dates() {
        let o = json!({"Name": "Christmas", "EffectiveFrom": "2026-12-25", "EffectiveTill": "2026-12-26"});
        let subject = subject(&o, HOURS_OVERRIDE_FIELDS);
        let date = |field: &str, cmp: &str, value: &str| {
            Criteria::parse(Some(&json!({"DateCondition": {"FieldName": field, "ComparisonType": cmp, "Value": value}})), &field_names(HOURS_OVERRIDE_FIELDS))
                .unwrap()
        };
        assert!(date("EffectiveFrom", "EQUAL_TO", "2026-12-25").matches(&subject));
        assert!(date("effectiveFrom", "GREATER_THAN_OR_EQUAL_TO", "2026-12-25").matches(&subject));
        assert!(!date("effectiveFrom", "GREATER_THAN", "2026-12-25").matches(&subject));
        assert!(date("effectiveTill", "LESS_THAN_OR_EQUAL_TO", "2026-12-26").matches(&subject));
        assert!(!date("effectiveTill", "LESS_THAN", "2026-12-26").matches(&subject));
        assert!(date("effectiveTill", "GREATER_THAN", "2026-09-30").matches(&subject));
        let unknown = json!({"DateCondition": {"FieldName": "created", "ComparisonType": "EQUAL_TO", "Value": "2026-01-01"}});
        assert!(Criteria::parse(Some(&unknown), &field_names(HOURS_OVERRIDE_FIELDS)).is_err());
    }

    #[test]
    fn and_or_nesting() {
        let b = jdoe();
        let c = parse(json!({"OrConditions": [text("Username", "EXACT", "nobody"), {"AndConditions": [
            text("Username", "STARTS_WITH", "j"), text("FirstName", "EXACT", "John")]}]}));
        assert!(c.matches(&user(&b)));
        let c = parse(json!({"AndConditions": [text("Username", "STARTS_WITH", "j"), text("FirstName", "EXACT", "Jane")]}));
        assert!(!c.matches(&user(&b)));
        let c = parse(json!({"OrConditions": []}));
        assert!(!c.matches(&user(&b)), "an empty OR matches nothing");
        assert!(parse(json!({})).matches(&user(&b)), "empty criteria match everything");
    }

    #[test]
    fn unknown_fields_and_incomplete_conditions_are_refused() {
        let err = Criteria::parse(Some(&text("Password", "EXACT", "x")), &names()).unwrap_err();
        assert_eq!(err.code, "InvalidParameterException");
        assert!(Criteria::parse(Some(&json!({"StringCondition": {"FieldName": "Username", "Value": "x"}})), &names()).is_err());
    }

    #[test]
    fn hierarchy_conditions() {
        let b = jdoe();
        let exact = |id: &str| parse(json!({"HierarchyGroupCondition": {"Value": id, "HierarchyGroupMatchType": "EXACT"}}));
        let deep = |id: &str| parse(json!({"HierarchyGroupCondition": {"Value": id, "HierarchyGroupMatchType": "WITH_CHILD_GROUPS"}}));
        assert!(exact("g2").matches(&user(&b)));
        assert!(!exact("g1").matches(&user(&b)));
        assert!(deep("g1").matches(&user(&b)));
        assert!(deep("g2").matches(&user(&b)));
        assert!(!deep("g3").matches(&user(&b)));
        assert!(deep("g1").uses_groups() && !parse(text("Username", "EXACT", "x")).uses_groups());
    }

    #[test]
    fn member_conditions_compare_one_body_member() {
        let flow = json!({"Id": "f1", "Name": "Main", "Type": "CONTACT_FLOW", "State": "ACTIVE", "Status": "SAVED", "Tags": {"team": "ivr"}});
        let subject = subject(&flow, FLOW_FIELDS);
        let criteria = |v: Value| Criteria::parse(Some(&v), &field_names(FLOW_FIELDS)).unwrap();
        assert!(criteria(json!({"TypeCondition": "CONTACT_FLOW", "StateCondition": "ACTIVE", "StatusCondition": "SAVED"})).matches(&subject));
        assert!(!criteria(json!({"TypeCondition": "CONTACT_FLOW", "StatusCondition": "PUBLISHED"})).matches(&subject));
        assert!(criteria(json!({"OrConditions": [{"TypeCondition": "QUEUE_TRANSFER"}, {"StateCondition": "ACTIVE"}]})).matches(&subject));
        let filter = |v: Value| Criteria::attribute_filter(Some(&v)).unwrap();
        let typed = |t: &str| json!({"AndCondition": {"ContactFlowTypeCondition": {"ContactFlowType": t}, "TagConditions": [{"TagKey": "team"}]}});
        assert!(filter(typed("CONTACT_FLOW")).matches(&subject));
        assert!(!filter(typed("AGENT_HOLD")).matches(&subject));
        assert!(filter(json!({"ContactFlowTypeCondition": {"ContactFlowType": "CONTACT_FLOW"}})).matches(&subject));
        let queue = json!({"QueueId": "q1", "QueueType": "STANDARD"});
        assert!(Criteria::parse(Some(&json!({"QueueTypeCondition": "STANDARD"})), &[]).unwrap().matches(&super::subject(&queue, QUEUE_FIELDS)));
    }

    #[test]
    fn tag_filters() {
        let b = jdoe();
        let f = |v: Value| Criteria::tag_filter(Some(&v)).unwrap();
        assert!(f(json!({"TagCondition": {"TagKey": "team", "TagValue": "red"}})).matches(&user(&b)));
        assert!(!f(json!({"TagCondition": {"TagKey": "team", "TagValue": "blue"}})).matches(&user(&b)));
        assert!(f(json!({"TagCondition": {"TagKey": "team"}})).matches(&user(&b)));
        assert!(!f(json!({"AndConditions": [{"TagKey": "team", "TagValue": "red"}, {"TagKey": "site", "TagValue": "y"}]})).matches(&user(&b)));
        assert!(f(json!({"OrConditions": [[{"TagKey": "team", "TagValue": "blue"}], [{"TagKey": "site", "TagValue": "x"}]]})).matches(&user(&b)));
        let a = Criteria::attribute_filter(Some(&json!({"AndCondition": {"TagConditions": [{"TagKey": "team", "TagValue": "red"}],
            "HierarchyGroupCondition": {"Value": "g1", "HierarchyGroupMatchType": "WITH_CHILD_GROUPS"}}}))).unwrap();
        assert!(a.matches(&user(&b)));
    }

    #[test]
    fn proficiency_conditions_hold_for_one_proficiency() {
        let b = jdoe();
        let c = parse(json!({"ListCondition": {"TargetListType": "PROFICIENCIES", "Conditions": []}}));
        assert!(!c.matches(&user(&b)), "a user without proficiencies");
        let mut b = jdoe();
        b["Proficiencies"] = json!([{"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0},
            {"AttributeName": "Language", "AttributeValue": "Spanish", "Level": 2.0}]);
        let on = |conditions: Value| parse(json!({"ListCondition": {"TargetListType": "PROFICIENCIES", "Conditions": conditions}}));
        let text = |field: &str, value: &str| json!({"StringCondition": {"FieldName": field, "Value": value, "ComparisonType": "EXACT"}});
        let level = |cmp: &str, min: Option<i64>, max: Option<i64>| {
            json!({"NumberCondition": {"FieldName": "limit", "ComparisonType": cmp, "MinValue": min, "MaxValue": max}})
        };
        assert!(on(json!([text("name", "Language"), text("value", "Spanish")])).matches(&user(&b)));
        assert!(on(json!([text("value", "English"), level("GREATER_OR_EQUAL", Some(4), None)])).matches(&user(&b)));
        // The conditions hold for one proficiency, not across two.
        assert!(!on(json!([text("value", "Spanish"), level("GREATER_OR_EQUAL", Some(4), None)])).matches(&user(&b)));
        assert!(on(json!([level("RANGE", Some(1), Some(2))])).matches(&user(&b)));
        assert!(!on(json!([level("LESSER", None, Some(2))])).matches(&user(&b)));
        assert!(on(json!([level("NOT_EQUAL", Some(4), None), text("name", "Language")])).matches(&user(&b)));
        assert!(Criteria::parse(Some(&json!({"ListCondition": {"Conditions": [level("RANGE", Some(1), None)]}})), &names()).is_err());
        assert!(Criteria::parse(Some(&json!({"ListCondition": {"Conditions": [text("level", "x")]}})), &names()).is_err());
    }

    #[test]
    fn index_prefixes() {
        let c = parse(text("Username", "STARTS_WITH", "ab"));
        assert_eq!(c.required_prefix("username"), Some(("ab".into(), false)));
        let c = parse(json!({"AndConditions": [text("FirstName", "EXACT", "x"), text("Username", "EXACT", "abc")]}));
        assert_eq!(c.required_prefix("username"), Some(("abc".into(), true)));
        let c = parse(json!({"OrConditions": [text("FirstName", "EXACT", "x"), text("Username", "EXACT", "abc")]}));
        assert_eq!(c.required_prefix("username"), None, "an OR branch may match without the prefix");
        assert_eq!(parse(text("Username", "CONTAINS", "ab")).required_prefix("username"), None);
    }
}
