//! CreateTrafficDistributionGroup: a group of an instance of the caller's Region (by id or
//! ARN), its name unique in the account's Region (ResourceConflictException, "A resource
//! already has that name"). CREATION_IN_PROGRESS, then ACTIVE.
use super::{record_name, StoredGroup, SETTLE_SECONDS};
use crate::error::ApiError;
use crate::service::{body, new_id, to_body, Ctx};
use crate::store::{Kind, Record, StoreError};
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
        deletion_pending: false,
    };
    let name = record_name(ctx.region(), &input.name);
    let record = Record { key: super::key(ctx, &id), name: Some(name.clone()), body: to_body(&stored), secret: None, refs: Vec::new() };
    match ctx.store.insert(vec![record.clone()]).await {
        Err(StoreError::Duplicate { .. }) if take_name_back(ctx, &name).await? => ctx.store.insert(vec![record]).await,
        other => other,
    }
    .map_err(|e| match e {
        StoreError::Duplicate { .. } => ApiError::new("ResourceConflictException", format!("A traffic distribution group named '{}' already exists", input.name)),
        e => e.into(),
    })?;
    Ok(dto::CreateTrafficDistributionGroupResponse { id: Some(id), arn: Some(arn) })
}

/// A group goes with its instance, but its record, in the account, stays behind until its
/// name is wanted again: then it is deleted, and the name is free. Whether it was.
async fn take_name_back(ctx: &Ctx, name: &str) -> Result<bool, ApiError> {
    let Some(old) = ctx.named("", Kind::TrafficDistributionGroup, name).await? else { return Ok(true) };
    let group: StoredGroup = body(&old)?;
    match ctx.instance(&group.instance_id).await {
        Err(e) if e.code == "ResourceNotFoundException" => {
            match ctx.store.delete(&old.key).await {
                Ok(()) | Err(StoreError::NotFound(_)) => Ok(true),
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => Err(e),
        Ok(_) => Ok(false),
    }
}
