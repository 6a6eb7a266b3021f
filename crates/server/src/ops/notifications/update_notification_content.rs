//! UpdateNotificationContent: new content for every recipient ("applies to all users for
//! whom the notification was sent"); their statuses stay.
use super::{check_content, StoredNotification};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateNotificationContentRequest) -> Result<dto::UpdateNotificationContentResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    check_content(&input.content)?;
    let content = input.content;
    crud::update(ctx, &instance, &input.notification_id, move |n: &mut StoredNotification| {
        n.notification.content = Some(content);
        Ok(())
    })
    .await?;
    Ok(dto::UpdateNotificationContentResponse {})
}
