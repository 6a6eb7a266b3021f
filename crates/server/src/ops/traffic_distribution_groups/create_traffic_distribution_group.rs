//! CreateTrafficDistributionGroup: a group of an instance of the caller's Region (by id or
//! ARN), its name unique in the account's Region (ResourceConflictException, "A resource
//! already has that name"). CREATION_IN_PROGRESS, then ACTIVE.
use super::{record_name, StoredGroup, SETTLE_SECONDS};
use crate::error::ApiError;
use crate::service::{new_id, to_body, Ctx};
use crate::store::{Record, StoreError};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateTrafficDistributionGroupRequest) -> Result<dto::CreateTrafficDistributionGroupResponse, ApiError> {
    let instance = ctx.instance(super::instance_id(&input.instance_id)).await?;
    let id = new_id();
    let arn = format!("arn:aws:connect:{}:{}:traffic-distribution-group/{id}", ctx.region(), ctx.account());
    let stored = StoredGroup {
        group: dto::TrafficDistributionGroup {
            id: Some(id.clone()),
            arn: Some(arn.clone()),
            name: Some(input.name.clone()),
            description: input.description,
            instance_arn: instance.arn.clone(),
            status: Some(dto::TrafficDistributionGroupStatus::CreationInProgress),
            tags: Some(input.tags.unwrap_or_default()),
            is_default: Some(false),
        },
        settles_at: ctx.now + SETTLE_SECONDS,
        instance_id: instance.id.clone().unwrap_or_default(),
    };
    let record =
        Record { key: super::key(ctx, &id), name: Some(record_name(ctx.region(), &input.name)), body: to_body(&stored), secret: None, refs: Vec::new() };
    match ctx.store.insert(vec![record]).await {
        Err(StoreError::Duplicate { .. }) => {
            return Err(ApiError::new("ResourceConflictException", format!("A traffic distribution group named '{}' already exists", input.name)))
        }
        other => other?,
    }
    Ok(dto::CreateTrafficDistributionGroupResponse { id: Some(id), arn: Some(arn) })
}
