//! Notifications: short messages (with links) an administrator publishes to users of an
//! instance, shown in the header of the admin website; each recipient reads, or hides, its
//! copy (ListUserNotifications, UpdateUserNotificationStatus). A notification lives in its
//! instance (its ARN is the instance's, `/notification/`, its id). docs/rules.md,
//! *Notifications*, has the rules and their sources.
//!
//! Recipients are ARNs: a user's (that user) or the instance's (every user of the instance,
//! those created later too). Each recipient's status (UNREAD until it changes it) is kept in
//! the notification's record, by user id.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::service::{body, parse_arn, Ctx};
use crate::store::{Kind, Record};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use switchboard_model::dto;

pub mod create_notification;
pub mod delete_notification;
pub mod describe_notification;
pub mod list_notifications;
pub mod list_user_notifications;
pub mod update_notification_content;
pub mod update_user_notification_status;

/// How long a notification is shown when ExpiresAt is left out: "If not specified, defaults
/// to one week from creation".
pub const DEFAULT_LIFETIME: f64 = 7.0 * 24.0 * 3600.0;

/// The most characters of one locale's text: "Maximum 250 characters per locale" (the
/// model's LocalizedString allows 500).
pub const MAX_TEXT: usize = 250;

/// A notification as stored: the model's Notification, and each recipient's status by
/// user id (absent: UNREAD).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredNotification {
    #[serde(flatten)]
    pub notification: dto::Notification,
    #[serde(rename = "UserStatuses", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub statuses: BTreeMap<String, dto::NotificationStatus>,
}

impl Stored for StoredNotification {
    const KIND: Kind = Kind::Notification;
}

impl StoredNotification {
    /// Whether the user (of the notification's instance) is one of its recipients: named by
    /// its ARN, or all of the instance's users by the instance's ARN.
    pub fn sent_to(&self, user_arn: &str, instance_arn: &str) -> bool {
        self.notification.recipients.iter().flatten().any(|r| r == user_arn || r == instance_arn)
    }

    /// The user's copy, as ListUserNotifications gives it.
    pub fn for_user(&self, user_id: &str, instance_id: &str) -> dto::UserNotificationSummary {
        let n = &self.notification;
        dto::UserNotificationSummary {
            notification_id: Some(n.id.clone()),
            notification_status: Some(self.statuses.get(user_id).copied().unwrap_or(dto::NotificationStatus::Unread)),
            instance_id: Some(instance_id.to_string()),
            recipient_id: Some(user_id.to_string()),
            content: n.content.clone(),
            priority: n.priority,
            source: Some(dto::NotificationSource::Customer),
            created_at: n.created_at,
            expires_at: n.expires_at,
        }
    }
}

/// A notification of the instance, or ResourceNotFoundException.
pub async fn notification(ctx: &Ctx, instance: &str, id: &str) -> Result<(Record, StoredNotification), ApiError> {
    let rec = ctx.record(instance, Kind::Notification, id).await?;
    let stored = body(&rec)?;
    Ok((rec, stored))
}

/// Content as the documentation bounds it: at most [`MAX_TEXT`] characters per locale.
pub fn check_content(content: &BTreeMap<String, String>) -> Result<(), ApiError> {
    for (locale, text) in content {
        if text.chars().count() > MAX_TEXT {
            return Err(ApiError::constraint(
                &format!("content.{locale}"),
                Some(text),
                format!("Member must have length less than or equal to {MAX_TEXT}"),
            ));
        }
    }
    Ok(())
}

/// Checks the recipients of a new notification: each the ARN of the instance or of one of
/// its users (of the caller's account and Region). A user that does not exist is
/// ResourceNotFoundException; an ARN of anything else is InvalidParameterException.
pub async fn check_recipients(ctx: &Ctx, instance: &dto::Instance, recipients: &[String]) -> Result<(), ApiError> {
    let instance_id = instance.id.as_deref().unwrap_or_default();
    for arn in recipients {
        if Some(arn.as_str()) == instance.arn.as_deref() {
            continue;
        }
        let parsed = parse_arn(arn).filter(|p| p.kind == Kind::User && p.instance == instance_id && p.account == ctx.account() && p.region == ctx.region());
        let Some(parsed) = parsed else {
            return Err(ApiError::invalid_parameter(format!("Recipient {arn} is neither a user of instance {instance_id} nor the instance")));
        };
        let user = ctx.store.get(&ctx.key(instance_id, Kind::User, &parsed.id)).await?;
        if user.as_ref().and_then(|u| u.body.get("Arn")).and_then(|a| a.as_str()) != Some(arn.as_str()) {
            return Err(ApiError::not_found(format!("Recipient {arn} does not exist")));
        }
    }
    Ok(())
}
