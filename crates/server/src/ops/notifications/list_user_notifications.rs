//! ListUserNotifications: the notifications sent to a user (by its ARN, or to its whole
//! instance) that have not expired, each with the user's status (UNREAD, READ, or HIDDEN:
//! a hidden one is still listed, the widget leaves it out), in notification id order. The
//! instance's notifications are read a batch at a time; memory follows the page.
use super::StoredNotification;
use crate::error::ApiError;
use crate::service::{body, search_scan, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListUserNotificationsRequest) -> Result<dto::ListUserNotificationsResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let instance_id = instance.id.clone().unwrap_or_default();
    let instance_arn = instance.arn.clone().unwrap_or_default();
    let user = ctx.record(&instance_id, Kind::User, &input.user_id).await?;
    let user_arn = user.body.get("Arn").and_then(|a| a.as_str()).unwrap_or_default().to_string();
    let (user_id, now) = (user.key.id.clone(), ctx.now);
    let (list, next_token, _) = search_scan(ctx, &instance_id, Kind::Notification, input.next_token.as_deref(), input.max_results, 100, |rec| {
        let n: StoredNotification = body(&rec).ok()?;
        let live = n.notification.expires_at.is_none_or(|at| at > now);
        (live && n.sent_to(&user_arn, &instance_arn)).then(|| n.for_user(&user_id, &instance_id))
    })
    .await?;
    Ok(dto::ListUserNotificationsResponse { user_notifications: Some(list), next_token })
}
