//! DeleteHoursOfOperation: refused while a queue runs on the hours or another hours of
//! operation inherits its overrides. The operation's error list has no
//! ResourceInUseException, so the refusal is an InvalidRequestException (docs/rules.md).
//! Its overrides go with it.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::{Kind, StoreError};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteHoursOfOperationRequest) -> Result<(), ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::HoursOfOperation, &input.hours_of_operation_id).await?;
    ctx.store.delete(&rec.key).await.map_err(|e| match e {
        StoreError::InUse { ref by, .. } if by.kind == Kind::HoursOfOperation => {
            ApiError::invalid_request(format!("{e}, its child; disassociate the child from it first (DisassociateHoursOfOperations)"))
        }
        StoreError::InUse { .. } => ApiError::invalid_request(format!("{e}; move its queues to other hours of operation first")),
        other => other.into(),
    })
}
