//! ListQuickConnects, optionally filtered by QuickConnectTypes.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListQuickConnectsRequest) -> Result<dto::ListQuickConnectsResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::QuickConnect, input.next_token.as_deref(), input.max_results).await?;
    let wanted =
        |q: &dto::QuickConnectSummary| input.quick_connect_types.as_ref().is_none_or(|types| q.quick_connect_type.is_some_and(|t| types.contains(&t)));
    Ok(dto::ListQuickConnectsResponse { quick_connect_summary_list: Some(list.into_iter().filter(wanted).collect()), next_token })
}
