//! ListInstanceAttributes: every attribute type of the model with the instance's value, in
//! the model's order, 7 a page (MaxResults is at most 7).
use crate::error::ApiError;
use crate::service::{search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListInstanceAttributesRequest) -> Result<dto::ListInstanceAttributesResponse, ApiError> {
    let instance = ctx.instance_record(&input.instance_id).await?;
    // Positions as keys that sort as the list does: "00", "01", …
    let all = super::attribute_types().into_iter().enumerate().map(|(i, t)| (format!("{i:02}"), super::attribute(&instance.body, t))).collect();
    let (attributes, next_token, _) = search_page(Kind::Instance, &input.instance_id, all, input.next_token.as_deref(), input.max_results, 7)?;
    Ok(dto::ListInstanceAttributesResponse { attributes: Some(attributes), next_token })
}
