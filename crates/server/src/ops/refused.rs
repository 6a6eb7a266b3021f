//! Operations of the model that switchboard refuses on purpose, each with the reason, which
//! its NotImplementedException (501) carries: a client learns why, not only that. An
//! operation not listed here and not implemented answers the plain "not implemented yet".
//! docs/rules.md, *Refused operations*, has the same reasons, and docs/user-operations.md
//! (made by scripts/user-operations.py, which a test keeps current) places the user
//! operations among them.

/// Contact handling: switchboard is Connect's admin API and runs no contacts.
const CONTACTS: &str = "switchboard administers instances and runs no contacts (no calls, chats or tasks), \
                        so there is no contact for this operation to act on";

/// Global Resiliency: a replica in another Region and the traffic between the two.
const REPLICAS: &str = "switchboard makes no replica of an instance in another Region (ReplicateInstance is \
                        refused), so a traffic distribution group has one Region and no traffic to distribute";

/// The refused operations, by API name, with the reason.
pub const REFUSED: &[(&str, &str)] = &[
    ("AssociateContactWithUser", CONTACTS),
    ("CreateContact", CONTACTS),
    ("UpdateContact", CONTACTS),
    ("DismissUserContact", CONTACTS),
    ("MonitorContact", CONTACTS),
    ("TransferContact", CONTACTS),
    ("SearchContacts", CONTACTS),
    ("UpdateContactRoutingData", CONTACTS),
    ("StartAttachedFileUpload", CONTACTS),
    ("SubmitContactEvaluation", CONTACTS),
    ("UpdateContactEvaluation", CONTACTS),
    (
        "CreateEvaluationForm",
        "switchboard has no evaluation forms: they score contacts, which switchboard does not run",
    ),
    (
        "UpdateEvaluationForm",
        "switchboard has no evaluation forms: they score contacts, which switchboard does not run",
    ),
    (
        "CreateRule",
        "switchboard has no rules: a rule reacts to contact and metric events, which switchboard does not produce",
    ),
    (
        "UpdateRule",
        "switchboard has no rules: a rule reacts to contact and metric events, which switchboard does not produce",
    ),
    (
        "ReplicateInstance",
        "switchboard serves each Region on its own and copies no instance from one Region to another",
    ),
    ("GetTrafficDistribution", REPLICAS),
    ("UpdateTrafficDistribution", REPLICAS),
];

/// Why `operation` is refused, if it is.
pub fn reason(operation: &str) -> Option<&'static str> {
    REFUSED.iter().find(|(name, _)| *name == operation).map(|(_, why)| *why)
}

#[cfg(test)]
mod tests {
    use super::REFUSED;

    /// A refused operation is one of the model's, listed once, and not implemented.
    #[test]
    fn refused_operations_are_operations_and_not_implemented() {
        for (i, (name, _)) in REFUSED.iter().enumerate() {
            assert!(switchboard_model::model().operation(name).is_some(), "{name} is not an operation of the model");
            assert!(!crate::ops::IMPLEMENTED.contains(name), "{name} is both implemented and refused");
            assert!(!REFUSED[..i].iter().any(|(n, _)| n == name), "{name} is listed twice");
        }
    }

    #[test]
    fn the_error_says_why() {
        let e = crate::error::ApiError::not_implemented("MonitorContact");
        assert_eq!((e.code, e.status), ("NotImplementedException", 501));
        assert!(e.message.contains("MonitorContact") && e.message.contains("runs no contacts"), "{}", e.message);
        assert!(crate::error::ApiError::not_implemented("ListRules").message.contains("yet"));
    }
}
