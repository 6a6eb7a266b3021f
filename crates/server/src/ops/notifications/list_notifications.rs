//! ListNotifications: every notification of the instance, expired ones too, in id order.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListNotificationsRequest) -> Result<dto::ListNotificationsResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::Notification, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListNotificationsResponse { notification_summary_list: list, next_token })
}
