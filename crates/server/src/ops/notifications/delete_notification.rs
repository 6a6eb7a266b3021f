//! DeleteNotification: gone for every recipient ("no longer visible to all users").
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteNotificationRequest) -> Result<dto::DeleteNotificationResponse, ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::Notification, &input.notification_id).await?;
    Ok(dto::DeleteNotificationResponse {})
}
