//! CreateNotification: content (per locale, at most 250 characters each), recipients (users'
//! ARNs or the instance's), a priority (LOW unless given), an expiry (a week from now unless
//! given; a time already past is refused), tags. switchboard has no predefined notifications:
//! a PredefinedNotificationId names none (ResourceNotFoundException).
use super::{check_content, check_recipients, StoredNotification, DEFAULT_LIFETIME};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateNotificationRequest) -> Result<dto::CreateNotificationResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    if let Some(predefined) = &input.predefined_notification_id {
        return Err(ApiError::not_found(format!("Predefined notification {predefined} does not exist")));
    }
    check_content(&input.content)?;
    if input.expires_at.is_some_and(|at| at <= ctx.now) {
        return Err(ApiError::invalid_parameter("ExpiresAt must be in the future"));
    }
    check_recipients(ctx, &instance, &input.recipients).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::Notification);
    let priority = match input.priority.unwrap_or(dto::ConfigurableNotificationPriority::Low) {
        dto::ConfigurableNotificationPriority::High => dto::NotificationPriority::High,
        dto::ConfigurableNotificationPriority::Low => dto::NotificationPriority::Low,
    };
    let stored = StoredNotification {
        notification: dto::Notification {
            id: id.clone(),
            arn: arn.clone(),
            content: Some(input.content),
            created_at: Some(ctx.now),
            expires_at: Some(input.expires_at.unwrap_or(ctx.now + DEFAULT_LIFETIME)),
            last_modified_region: Some(ctx.region().to_string()),
            last_modified_time: ctx.now,
            priority: Some(priority),
            recipients: Some(input.recipients),
            tags: Some(input.tags.unwrap_or_default()),
        },
        statuses: Default::default(),
    };
    crud::insert(ctx, &instance, &stored).await?;
    Ok(dto::CreateNotificationResponse { notification_id: id, notification_arn: arn })
}
