//! ListChildHoursOfOperations: the hours of operation that inherit from this one, in id
//! order, a page at a time, with the parent's LastModifiedTime and LastModifiedRegion.
use super::StoredHours;
use crate::error::ApiError;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListChildHoursOfOperationsRequest) -> Result<dto::ListChildHoursOfOperationsResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    let parent: StoredHours = body(&rec)?;
    let mut children = Vec::new();
    ctx.for_each(&input.instance_id, Kind::HoursOfOperation, |rec| {
        let h: StoredHours = body(&rec)?;
        if h.parent_ids().any(|p| p == input.hours_of_operation_id) {
            let child = dto::HoursOfOperationsIdentifier {
                id: h.id().to_string(),
                arn: h.hours.hours_of_operation_arn.clone(),
                name: h.hours.name.clone().unwrap_or_default(),
            };
            children.push((child.id.clone(), child));
        }
        Ok(())
    })
    .await?;
    let scope = format!("{}/{}/children", input.instance_id, input.hours_of_operation_id);
    let (list, next_token, _) = search_page(Kind::HoursOfOperation, &scope, children, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::ListChildHoursOfOperationsResponse {
        child_hours_of_operations_summary_list: Some(list),
        next_token,
        last_modified_time: parent.hours.last_modified_time,
        last_modified_region: parent.hours.last_modified_region,
    })
}
