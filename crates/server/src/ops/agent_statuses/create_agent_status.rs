//! CreateAgentStatus: a CUSTOM status ("When you add a new status, it's always Custom, not
//! Routable", Administrator Guide, *Add custom agent status*), its name unique in the
//! instance.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateAgentStatusRequest) -> Result<dto::CreateAgentStatusResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::AgentStatus);
    let status = dto::AgentStatus {
        agent_status_arn: Some(arn.clone()),
        agent_status_id: Some(id.clone()),
        name: Some(input.name),
        description: input.description,
        r#type: Some(dto::AgentStatusType::Custom),
        display_order: input.display_order,
        state: Some(input.state),
        tags: Some(input.tags.unwrap_or_default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
    };
    crud::insert(ctx, &instance, &status).await?;
    Ok(dto::CreateAgentStatusResponse { agent_status_arn: Some(arn), agent_status_id: Some(id) })
}
