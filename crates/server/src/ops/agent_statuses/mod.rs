//! Agent statuses: what an agent sets in the Contact Control Panel (Available, Offline, and
//! the custom ones an instance adds, such as Lunch). Every instance has Connect's system
//! statuses (`instances::defaults`); created ones are always CUSTOM. None can be deleted:
//! the API has no DeleteAgentStatus ("Agent status ARNs cannot be deleted but can be renamed
//! or disabled if needed", API Reference, *Agent status actions*).
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::store::Kind;
use switchboard_model::dto::{self, AgentStatusState, AgentStatusType};

pub mod create_agent_status;
pub mod describe_agent_status;
pub mod list_agent_statuses;
pub mod search_agent_statuses;
pub mod update_agent_status;

impl Stored for dto::AgentStatus {
    const KIND: Kind = Kind::AgentStatus;
}

/// A status agents can be put in (PutUserStatus): a disabled one is not offered in the
/// CCP, so it cannot be set (docs/rules.md, "Agent statuses").
pub fn check_enabled(status: &dto::AgentStatus) -> Result<(), ApiError> {
    match status.state {
        Some(AgentStatusState::Enabled) => Ok(()),
        _ => Err(ApiError::invalid_request(format!(
            "Agent status {} is disabled; enable it before putting users in it",
            status.agent_status_id.as_deref().unwrap_or_default()
        ))),
    }
}

/// Whether the status is one of the instance's system statuses (Available, Offline), which
/// stay enabled: an agent can always become available and go offline.
pub fn is_system(status: &dto::AgentStatus) -> bool {
    matches!(status.r#type, Some(AgentStatusType::Routable | AgentStatusType::Offline))
}
