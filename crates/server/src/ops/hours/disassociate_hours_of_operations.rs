//! DisassociateHoursOfOperations: the child stops inheriting from the parents named; ids
//! that are not its parents are ignored (docs/rules.md).
use super::{parent_identifiers, StoredHours};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateHoursOfOperationsRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let removed = input.parent_hours_of_operation_ids;
    let (scope, child) = (instance.clone(), input.hours_of_operation_id.clone());
    crud::update_refs(ctx, &scope, &child, move |h: &mut StoredHours| {
        let parents: Vec<String> = h.parent_ids().filter(|id| !removed.iter().any(|r| r == id)).map(str::to_string).collect();
        h.hours.parent_hours_of_operations = parent_identifiers(&instance, &parents);
        Ok(())
    })
    .await
}
