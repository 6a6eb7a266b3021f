//! DescribeVocabulary: the vocabulary with its content.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeVocabularyRequest) -> Result<dto::DescribeVocabularyResponse, ApiError> {
    let vocabulary = crud::describe(ctx, &input.instance_id, Kind::Vocabulary, &input.vocabulary_id).await?;
    Ok(dto::DescribeVocabularyResponse { vocabulary })
}
