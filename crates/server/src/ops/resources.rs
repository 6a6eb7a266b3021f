//! What the API knows of each kind of resource, as data: where its body keeps its id, ARN
//! and unique name, how its List* summaries and Search* fields read the body, and its
//! default page sizes. The plain operations ([`crate::ops::crud`]), the tagging operations
//! (a resource is found from its ARN) and ResourceInUseException (which names the resource
//! in use) read it here. A kind's ARN segment and label are part of [`Kind`] itself.
use crate::search::{self, Fields};
use crate::store::Kind;
use serde::de::{value::MapDeserializer, DeserializeOwned};
use serde_json::Value;

/// One kind of resource, described.
#[derive(Debug)]
pub struct Resource {
    /// ResourceInUseException's `ResourceType` when a record of the kind cannot be deleted.
    /// The model's enum has INSTANCE, USER and HIERARCHY_GROUP of switchboard's kinds; the
    /// others are named as Connect's other enums name them (`Grouping`: QUEUE,
    /// ROUTING_PROFILE), which every SDK reads as an enum value it does not know yet
    /// (docs/rules.md, section *Errors*).
    pub resource_type: &'static str,
    /// The body members that hold the resource's id, its ARN and its unique name (the
    /// record's name: the store keeps it unique per instance and kind).
    pub id: &'static str,
    pub arn: &'static str,
    pub name: &'static str,
    /// Members of the List* summary that read a body member of another name, besides the
    /// summary's `Id`, `Arn` and `Name` (which read `id`, `arn` and `name`): (summary
    /// member, body member). Every other summary member reads the body member of its name.
    pub summary: &'static [(&'static str, &'static str)],
    /// The StringCondition fields of the kind's Search* operation (crate::search).
    pub fields: Fields,
    /// The page sizes of the kind's List* and Search* operations when MaxResults is left out.
    pub list_page: i64,
    pub search_page: i64,
}

/// What most kinds share; an entry below names only what differs.
const PLAIN: Resource =
    Resource { resource_type: "", id: "Id", arn: "Arn", name: "Name", summary: &[], fields: &[], list_page: 100, search_page: 100 };

/// The description of a kind. Every kind has one but client tokens (which are not
/// resources) and what an instance associates (storage configurations and integrations):
/// those have no ARN, no name of their own and no List*/Search* summary, and nothing
/// references them.
pub fn resource(kind: Kind) -> Option<&'static Resource> {
    Some(match kind {
        // The unique name is the alias (or, without one, the directory id). No SearchInstances;
        // ListInstances pages 10 at a time (its MaxResults is at most 10).
        Kind::Instance => &Resource { resource_type: "INSTANCE", name: "InstanceAlias", list_page: 10, ..PLAIN },
        Kind::User => &Resource { resource_type: "USER", name: "Username", fields: search::USER_FIELDS, ..PLAIN },
        Kind::SecurityProfile => {
            &Resource { resource_type: "SECURITY_PROFILE", name: "SecurityProfileName", fields: search::SECURITY_PROFILE_FIELDS, ..PLAIN }
        }
        Kind::RoutingProfile => &Resource {
            resource_type: "ROUTING_PROFILE",
            id: "RoutingProfileId",
            arn: "RoutingProfileArn",
            fields: search::ROUTING_PROFILE_FIELDS,
            ..PLAIN
        },
        Kind::Queue => &Resource { resource_type: "QUEUE", id: "QueueId", arn: "QueueArn", fields: search::QUEUE_FIELDS, ..PLAIN },
        Kind::HoursOfOperation => &Resource {
            resource_type: "HOURS_OF_OPERATION",
            id: "HoursOfOperationId",
            arn: "HoursOfOperationArn",
            fields: search::HOURS_FIELDS,
            ..PLAIN
        },
        Kind::HierarchyGroup => &Resource { resource_type: "HIERARCHY_GROUP", fields: search::GROUP_FIELDS, ..PLAIN },
        // Agent statuses are never deleted (the API has no DeleteAgentStatus), so none is
        // ever in use.
        Kind::AgentStatus => &Resource {
            resource_type: "AGENT_STATUS",
            id: "AgentStatusId",
            arn: "AgentStatusARN",
            fields: search::AGENT_STATUS_FIELDS,
            ..PLAIN
        },
        // Addressed by name (the API has no id for them); the body keeps switchboard's id
        // under `Id` and has no ARN. Users' proficiencies reference them.
        Kind::PredefinedAttribute => {
            &Resource { resource_type: "PREDEFINED_ATTRIBUTE", fields: search::PREDEFINED_ATTRIBUTE_FIELDS, ..PLAIN }
        }
        // SearchVocabularies filters by name prefix, state and language, not SearchCriteria.
        Kind::Vocabulary => &Resource { resource_type: "VOCABULARY", ..PLAIN },
        // The unique name is the number itself; no List* page size of its own.
        Kind::PhoneNumber => &Resource { resource_type: "PHONE_NUMBER", id: "PhoneNumberId", arn: "PhoneNumberArn", name: "PhoneNumber", ..PLAIN },
        // The record's unique name is the Region and the name (see traffic_distribution_groups).
        Kind::TrafficDistributionGroup => &Resource { resource_type: "TRAFFIC_DISTRIBUTION_GROUP", ..PLAIN },
        // No name: a notification is its content.
        Kind::Notification => &Resource { resource_type: "NOTIFICATION", ..PLAIN },
        Kind::ContactFlow => &Resource {
            resource_type: "CONTACT_FLOW",
            summary: &[("ContactFlowType", "Type"), ("ContactFlowState", "State"), ("ContactFlowStatus", "Status")],
            fields: search::FLOW_FIELDS,
            ..PLAIN
        },
        Kind::ContactFlowModule => &Resource { resource_type: "CONTACT_FLOW_MODULE", fields: search::FLOW_FIELDS, ..PLAIN },
        Kind::Prompt => &Resource { resource_type: "PROMPT", id: "PromptId", arn: "PromptARN", fields: search::PROMPT_FIELDS, ..PLAIN },
        Kind::QuickConnect => &Resource {
            resource_type: "QUICK_CONNECT",
            id: "QuickConnectId",
            arn: "QuickConnectARN",
            fields: search::QUICK_CONNECT_FIELDS,
            ..PLAIN
        },
        Kind::DefaultVocabulary
        | Kind::StorageConfig
        | Kind::ApprovedOrigin
        | Kind::LambdaFunction
        | Kind::LexBot
        | Kind::LexV2Bot
        | Kind::ClientToken => return None,
    })
}

impl Resource {
    /// A stored body as the model type of the kind's summaries (`QueueSummary` for a
    /// queue). The body is read in place, each member under the name the summary gives it;
    /// members the summary does not have are skipped.
    pub fn summary<T: DeserializeOwned + Default>(&self, body: &Value) -> T {
        let Some(members) = body.as_object() else { return T::default() };
        let renamed = [("Id", self.id), ("Arn", self.arn), ("Name", self.name)].into_iter().chain(self.summary.iter().copied());
        let mut view: Vec<(&str, &Value)> = renamed.filter_map(|(to, from)| Some((to, members.get(from)?))).collect();
        let named = members.iter().map(|(k, v)| (k.as_str(), v)).filter(|(k, _)| !view.iter().any(|(to, _)| to == k)).collect::<Vec<_>>();
        view.extend(named);
        T::deserialize(MapDeserializer::<_, serde_json::Error>::new(view.into_iter())).unwrap_or_default()
    }

    /// The ARN a stored body keeps.
    pub fn arn_of<'a>(&self, body: &'a Value) -> Option<&'a str> {
        body.get(self.arn).and_then(Value::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use switchboard_model::dto;

    #[test]
    fn summaries_read_the_members_the_description_names() {
        let queue = json!({"QueueId": "q1", "QueueArn": "arn:q1", "Name": "Sales", "QueueType": "STANDARD", "Status": "ENABLED",
            "LastModifiedTime": 1.5, "LastModifiedRegion": "us-east-1"});
        let s: dto::QueueSummary = resource(Kind::Queue).unwrap().summary(&queue);
        assert_eq!((s.id.as_deref(), s.arn.as_deref(), s.name.as_deref()), (Some("q1"), Some("arn:q1"), Some("Sales")));
        assert_eq!((s.queue_type, s.last_modified_time, s.last_modified_region.as_deref()), (Some(dto::QueueType::Standard), Some(1.5), Some("us-east-1")));

        let profile = json!({"Id": "sp1", "Arn": "arn:sp1", "SecurityProfileName": "Agent", "Type": "CUSTOMER_MANAGED", "Permissions": ["A"]});
        let s: dto::SecurityProfileSummary = resource(Kind::SecurityProfile).unwrap().summary(&profile);
        assert_eq!((s.id.as_deref(), s.name.as_deref(), s.r#type), (Some("sp1"), Some("Agent"), Some(dto::SecurityProfileType::CustomerManaged)));

        // A summary member of the name member's own name keeps it too.
        let user = json!({"Id": "u1", "Arn": "arn:u1", "Username": "jdoe", "IdentityInfo": {"FirstName": "J"}});
        let s: dto::UserSummary = resource(Kind::User).unwrap().summary(&user);
        assert_eq!((s.id.as_deref(), s.username.as_deref()), (Some("u1"), Some("jdoe")));

        let instance = json!({"Id": "i1", "Arn": "arn:i1", "InstanceAlias": "demo", "InstanceStatus": "ACTIVE", "HierarchyStructure": {}});
        let s: dto::InstanceSummary = resource(Kind::Instance).unwrap().summary(&instance);
        assert_eq!((s.id.as_deref(), s.instance_alias.as_deref(), s.instance_status), (Some("i1"), Some("demo"), Some(dto::InstanceStatus::Active)));
    }
}
