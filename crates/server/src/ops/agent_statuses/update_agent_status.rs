//! UpdateAgentStatus: a new unique name, description (an empty one removes it), state and
//! display order (ResetOrderNumber removes it). The system statuses can be renamed but stay
//! enabled (docs/rules.md, "Agent statuses").
use super::is_system;
use crate::error::ApiError;
use crate::service::{Ctx, RecordMeta};
use crate::store::Kind;
use switchboard_model::dto::{self, AgentStatusState};

pub async fn handle(ctx: &Ctx, input: dto::UpdateAgentStatusRequest) -> Result<(), ApiError> {
    let reset = input.reset_order_number == Some(true);
    if reset && input.display_order.is_some() {
        return Err(ApiError::invalid_request("DisplayOrder and ResetOrderNumber cannot be given together"));
    }
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::AgentStatus, &input.agent_status_id);
    ctx.update_record(&key, move |s: &mut dto::AgentStatus, meta: &mut RecordMeta| {
        if input.state == Some(AgentStatusState::Disabled) && is_system(s) {
            return Err(ApiError::invalid_request(format!("The system agent status {} cannot be disabled", s.name.as_deref().unwrap_or_default())));
        }
        if let Some(name) = input.name {
            s.name = Some(name.clone());
            meta.name = Some(name);
        }
        if let Some(description) = input.description {
            s.description = (!description.is_empty()).then_some(description);
        }
        if let Some(state) = input.state {
            s.state = Some(state);
        }
        if input.display_order.is_some() {
            s.display_order = input.display_order;
        }
        if reset {
            s.display_order = None;
        }
        Ok(())
    })
    .await?;
    Ok(())
}
