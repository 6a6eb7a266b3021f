//! DescribeNotification: the notification, expired or not.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeNotificationRequest) -> Result<dto::DescribeNotificationResponse, ApiError> {
    let notification = crud::describe(ctx, &input.instance_id, Kind::Notification, &input.notification_id).await?;
    Ok(dto::DescribeNotificationResponse { notification })
}
