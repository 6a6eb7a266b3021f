//! DeleteVocabulary: answers DELETE_IN_PROGRESS, and the vocabulary is gone (Connect takes
//! up to 90 minutes; DescribeVocabulary then answers ResourceNotFoundException, which is
//! where the Terraform provider's delete waiter ends). A language's default vocabulary is
//! in use: ResourceInUseException until another (or none) is made the default.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{record_arn, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteVocabularyRequest) -> Result<dto::DeleteVocabularyResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::Vocabulary, &input.vocabulary_id).await?;
    let vocabulary_arn = record_arn(&rec).unwrap_or_default().to_string();
    crud::delete(ctx, &input.instance_id, Kind::Vocabulary, &input.vocabulary_id).await?;
    Ok(dto::DeleteVocabularyResponse { vocabulary_arn, vocabulary_id: input.vocabulary_id, state: dto::VocabularyState::DeleteInProgress })
}
