//! Instances: create (with the resources Connect puts in every new instance, `defaults`),
//! describe, list, delete (with everything in the instance), and the instance's attributes.
//! An instance lives in the account, in the Region that created it.
//!
//! Attributes (the feature switches of DescribeInstanceAttribute) are kept in the instance's
//! record, beside the Instance shape: INBOUND_CALLS and OUTBOUND_CALLS are the Instance's own
//! InboundCallsEnabled and OutboundCallsEnabled (so DescribeInstance and
//! DescribeInstanceAttribute always agree), the others a map of the values set so far, every
//! other attribute reading its default (`defaults::ATTRIBUTES`).
use crate::error::ApiError;
use serde_json::Value;
use switchboard_model::dto::{self, InstanceAttributeType as Attr};

pub mod create_instance;
pub mod defaults;
pub mod delete_instance;
pub mod describe_instance;
pub mod describe_instance_attribute;
pub mod list_instance_attributes;
pub mod list_instances;
pub mod update_instance_attribute;

/// Where an instance record keeps the attributes UpdateInstanceAttribute has set (type →
/// boolean), besides the two the Instance shape has.
const ATTRIBUTES: &str = "Attributes";

/// The Instance member that an attribute is, if it is one.
fn instance_member(attribute: Attr) -> Option<&'static str> {
    match attribute {
        Attr::InboundCalls => Some("InboundCallsEnabled"),
        Attr::OutboundCalls => Some("OutboundCallsEnabled"),
        _ => None,
    }
}

/// Every attribute type, in the model's order (ListInstanceAttributes').
pub fn attribute_types() -> Vec<Attr> {
    let shape = switchboard_model::model().shape("InstanceAttributeType");
    let switchboard_model::shape::ShapeKind::String { enum_values: Some(values), .. } = &shape.kind else {
        unreachable!("InstanceAttributeType is an enum")
    };
    values.iter().map(|v| serde_json::from_value(Value::String(v.clone())).expect("an enum value of the model")).collect()
}

/// An attribute of a stored instance (its record's body), as DescribeInstanceAttribute
/// shows it: "true" or "false".
pub fn attribute(instance: &Value, attribute: Attr) -> dto::Attribute {
    let on = match instance_member(attribute) {
        Some(member) => instance.get(member).and_then(Value::as_bool).unwrap_or(false),
        None => instance.get(ATTRIBUTES).and_then(|a| a.get(attribute.as_str())).and_then(Value::as_bool).unwrap_or_else(|| defaults::attribute(attribute)),
    };
    dto::Attribute { attribute_type: Some(attribute), value: Some(on.to_string()) }
}

/// Sets an attribute of a stored instance.
fn set_attribute(instance: &mut Value, attribute: Attr, on: bool) {
    match instance_member(attribute) {
        Some(member) => instance[member] = on.into(),
        None => {
            if !instance[ATTRIBUTES].is_object() {
                instance[ATTRIBUTES] = Value::Object(Default::default());
            }
            instance[ATTRIBUTES][attribute.as_str()] = on.into();
        }
    }
}

/// An attribute's new value: "true" or "false", in any case (docs/rules.md, "Instance
/// attributes").
fn attribute_value(value: &str) -> Result<bool, ApiError> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::constraint("value", Some(value), "Member must be either true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every attribute type of the model has its default: from CreateInstance or from the list.
    #[test]
    fn every_attribute_has_a_default() {
        let types = attribute_types();
        assert_eq!(types.len(), defaults::ATTRIBUTES.len() + 2);
        for t in types {
            let listed = defaults::ATTRIBUTES.iter().filter(|(a, _)| *a == t).count();
            assert_eq!(listed + instance_member(t).is_some() as usize, 1, "{t:?}");
        }
    }

    #[test]
    fn attributes_read_what_was_set_or_their_default() {
        let mut instance = json!({"Id": "i", "InboundCallsEnabled": true, "OutboundCallsEnabled": false});
        let value = |i: &Value, t| attribute(i, t).value.unwrap();
        assert_eq!((value(&instance, Attr::InboundCalls), value(&instance, Attr::OutboundCalls)), ("true".into(), "false".into()));
        assert_eq!((value(&instance, Attr::ContactLens), value(&instance, Attr::ContactflowLogs)), ("true".into(), "false".into()));
        set_attribute(&mut instance, Attr::OutboundCalls, true);
        set_attribute(&mut instance, Attr::ContactLens, false);
        assert_eq!(instance["OutboundCallsEnabled"], true, "the Instance's own member");
        assert_eq!(instance[ATTRIBUTES], json!({"CONTACT_LENS": false}));
        assert_eq!(value(&instance, Attr::ContactLens), "false");
        assert_eq!((attribute_value("TRUE"), attribute_value("false")), (Ok(true), Ok(false)));
        assert_eq!(attribute_value("yes").unwrap_err().code, "InvalidParameterException");
    }
}
