//! DisassociateUserProficiencies: removes proficiencies from a user; a pair the user does
//! not have is ignored (as DisassociateRoutingProfileQueues ignores queues not associated).
use super::change_proficiencies;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateUserProficienciesRequest) -> Result<(), ApiError> {
    let gone = input.user_proficiencies;
    change_proficiencies(ctx, &input.instance_id, &input.user_id, move |held| {
        held.retain(|h| {
            !gone.iter().any(|d| (&d.attribute_name, &d.attribute_value) == (&h.proficiency.attribute_name, &h.proficiency.attribute_value))
        });
        Ok(())
    })
    .await
}
