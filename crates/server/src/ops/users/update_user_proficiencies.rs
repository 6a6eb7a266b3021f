//! UpdateUserProficiencies: new levels for proficiencies the user has ("Proficiencies must
//! first be associated to the user"); the same checks as AssociateUserProficiencies.
use super::{change_proficiencies, proficiencies_checked};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateUserProficienciesRequest) -> Result<(), ApiError> {
    let given = proficiencies_checked(ctx, &input.instance_id, input.user_proficiencies).await?;
    change_proficiencies(ctx, &input.instance_id, &input.user_id, move |held| {
        for p in given {
            let Some(h) = held.iter_mut().find(|h| h.same_pair(&p)) else {
                return Err(ApiError::invalid_request(format!(
                    "The user has no proficiency {}:{}; associate it first (AssociateUserProficiencies)",
                    p.proficiency.attribute_name, p.proficiency.attribute_value
                )));
            };
            *h = p;
        }
        Ok(())
    })
    .await
}
