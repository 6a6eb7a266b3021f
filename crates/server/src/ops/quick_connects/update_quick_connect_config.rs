//! UpdateQuickConnectConfig: a new configuration, checked as on create; the quick connect's
//! references move to its new user, queue and flow in the same transaction.
use super::{check_config, StoredQuickConnect};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQuickConnectConfigRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    check_config(ctx, &input.instance_id, &input.quick_connect_config).await?;
    let config = input.quick_connect_config;
    crud::update_refs(ctx, &instance, &input.quick_connect_id, move |q: &mut StoredQuickConnect| {
        q.quick_connect_type = config.quick_connect_type;
        q.quick_connect.quick_connect_config = Some(config);
        Ok(())
    })
    .await
}
