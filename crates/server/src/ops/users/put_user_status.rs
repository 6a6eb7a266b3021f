//! PutUserStatus: puts a user in an agent status of its instance, which must exist and be
//! enabled. switchboard routes no contacts, so the status is set at once (never as a "next
//! status"). Putting a user in the status it is in keeps the time it entered it. The
//! status is the user's state, not its configuration: LastModifiedTime does not change.
use super::{CurrentStatus, StoredUser};
use crate::error::ApiError;
use crate::ops::agent_statuses::check_enabled;
use crate::ops::crud::{self, Stored};
use crate::service::{body, to_body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::PutUserStatusRequest) -> Result<dto::PutUserStatusResponse, ApiError> {
    let status: dto::AgentStatus = crud::describe(ctx, &input.instance_id, Kind::AgentStatus, &input.agent_status_id).await?;
    check_enabled(&status)?;
    let (account, instance, now) = (ctx.account().to_string(), input.instance_id.clone(), ctx.now);
    let key = ctx.key(&input.instance_id, Kind::User, &input.user_id);
    ctx.store
        .update(
            &key,
            Box::new(move |rec| {
                let mut user: StoredUser = body(rec)?;
                if user.status.as_ref().map(|s| &s.id) != Some(&input.agent_status_id) {
                    user.status = Some(CurrentStatus { id: input.agent_status_id, since: now });
                }
                rec.refs = user.refs(&account, &instance);
                rec.body = to_body(&user);
                Ok(())
            }),
        )
        .await?;
    Ok(dto::PutUserStatusResponse::default())
}
