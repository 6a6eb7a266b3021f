//! ListUserProficiencies: a user's proficiencies, ordered by attribute name and value, with
//! when and where they last changed.
use super::StoredUser;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListUserProficienciesRequest) -> Result<dto::ListUserProficienciesResponse, ApiError> {
    let user: StoredUser = crud::describe(ctx, &input.instance_id, Kind::User, &input.user_id).await?;
    let mut held: Vec<(String, dto::UserProficiency)> = user
        .proficiencies
        .into_iter()
        .map(|p| (format!("{}\u{0}{}", p.proficiency.attribute_name, p.proficiency.attribute_value), p.proficiency))
        .collect();
    held.sort_by(|a, b| a.0.cmp(&b.0));
    let (list, next_token, _) = search_page(Kind::User, &input.user_id, held, input.next_token.as_deref(), input.max_results, 100)?;
    let (last_modified_time, last_modified_region) = user.proficiencies_modified.unzip();
    Ok(dto::ListUserProficienciesResponse { next_token, user_proficiency_list: Some(list), last_modified_time, last_modified_region })
}
