//! UpdateUserNotificationStatus: a recipient marks its copy READ, HIDDEN or UNREAD again.
//! "Users can only update notification status for notifications that have been sent to
//! them": another user's is ResourceNotFoundException, as is an expired one (no longer
//! shown). The notification itself is unchanged (its LastModifiedTime stays).
use super::StoredNotification;
use crate::error::ApiError;
use crate::service::{body, to_body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::UpdateUserNotificationStatusRequest,
) -> Result<dto::UpdateUserNotificationStatusResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let instance_id = instance.id.clone().unwrap_or_default();
    let user = ctx.record(&instance_id, Kind::User, &input.user_id).await?;
    let (rec, stored) = super::notification(ctx, &instance_id, &input.notification_id).await?;
    let user_arn = user.body.get("Arn").and_then(|a| a.as_str()).unwrap_or_default();
    let not_sent = || ApiError::not_found(format!("Notification {} was not sent to user {}", input.notification_id, input.user_id));
    if !stored.sent_to(user_arn, instance.arn.as_deref().unwrap_or_default()) || stored.notification.expires_at.is_some_and(|at| at <= ctx.now) {
        return Err(not_sent());
    }
    let (user_id, status) = (user.key.id.clone(), input.status);
    ctx.store
        .update(
            &rec.key,
            Box::new(move |rec| {
                let mut n: StoredNotification = body(rec)?;
                n.statuses.insert(user_id, status);
                rec.body = to_body(&n);
                Ok(())
            }),
        )
        .await?;
    Ok(dto::UpdateUserNotificationStatusResponse {})
}
