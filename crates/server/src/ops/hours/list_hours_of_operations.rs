//! ListHoursOfOperations.
use crate::ops::{number, summaries, text};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListHoursOfOperationsRequest) -> Result<dto::ListHoursOfOperationsResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) =
        ctx.page(&input.instance_id, Kind::HoursOfOperation, input.next_token.as_deref(), input.max_results, 100).await?;
    let list = summaries(&records, |b| dto::HoursOfOperationSummary {
        id: text(b, "HoursOfOperationId"),
        arn: text(b, "HoursOfOperationArn"),
        name: text(b, "Name"),
        last_modified_time: number(b, "LastModifiedTime"),
        last_modified_region: text(b, "LastModifiedRegion"),
    });
    Ok(dto::ListHoursOfOperationsResponse { hours_of_operation_summary_list: Some(list), next_token })
}
