//! CreateQuickConnect: a USER, QUEUE, PHONE_NUMBER or FLOW quick connect
//! (`super::check_config`); its user, queue and flow must exist in the instance, and its
//! name is unique there.
use super::{check_config, StoredQuickConnect};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateQuickConnectRequest) -> Result<dto::CreateQuickConnectResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    check_config(ctx, &input.instance_id, &input.quick_connect_config).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::QuickConnect);
    let stored = StoredQuickConnect {
        quick_connect_type: input.quick_connect_config.quick_connect_type,
        quick_connect: dto::QuickConnect {
            quick_connect_id: Some(id.clone()),
            quick_connect_arn: Some(arn.clone()),
            name: Some(input.name),
            description: input.description,
            quick_connect_config: Some(input.quick_connect_config),
            tags: Some(input.tags.unwrap_or_default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
        },
    };
    crud::insert(ctx, &instance, &stored).await?;
    Ok(dto::CreateQuickConnectResponse { quick_connect_id: Some(id), quick_connect_arn: Some(arn) })
}
