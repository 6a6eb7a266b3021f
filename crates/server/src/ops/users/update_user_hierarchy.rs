//! UpdateUserHierarchy: puts the user in a group, or takes it out of its group when
//! HierarchyGroupId is left out.
use super::create_user::user_refs;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserHierarchyRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (account, iid) = (ctx.account().to_string(), input.instance_id.clone());
    let key = ctx.key(&input.instance_id, Kind::User, &input.user_id);
    ctx.update_with_refs(&key, move |u: &dto::User| user_refs(&account, &iid, u), move |u: &mut dto::User| {
        u.hierarchy_group_id = input.hierarchy_group_id;
        Ok(())
    })
    .await?;
    Ok(())
}
