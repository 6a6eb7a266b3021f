//! AssociateUserProficiencies: adds proficiencies to a user. Each names a predefined
//! attribute of the instance and one of its values, at a whole level from 1 to 5; a pair
//! the user already has takes the new level.
use super::{change_proficiencies, proficiencies_checked};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateUserProficienciesRequest) -> Result<(), ApiError> {
    let given = proficiencies_checked(ctx, &input.instance_id, input.user_proficiencies).await?;
    change_proficiencies(ctx, &input.instance_id, &input.user_id, move |held| {
        for p in given {
            match held.iter_mut().find(|h| h.same_pair(&p)) {
                Some(h) => *h = p,
                None => held.push(p),
            }
        }
        Ok(())
    })
    .await
}
