//! CreateVocabulary: a vocabulary of a unique name (ResourceConflictException otherwise). It
//! answers CREATION_IN_PROGRESS; the stored vocabulary is ACTIVE, or CREATION_FAILED with the
//! reason Transcribe would give (super::failure_reason).
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateVocabularyRequest) -> Result<dto::CreateVocabularyResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::Vocabulary);
    let failure_reason = super::failure_reason(&input.content);
    let state = if failure_reason.is_some() { dto::VocabularyState::CreationFailed } else { dto::VocabularyState::Active };
    let vocabulary = dto::Vocabulary {
        name: input.vocabulary_name,
        id: id.clone(),
        arn: arn.clone(),
        language_code: input.language_code,
        state,
        last_modified_time: ctx.now,
        failure_reason,
        content: Some(input.content),
        tags: Some(input.tags.unwrap_or_default()),
    };
    crud::insert(ctx, &instance, &vocabulary).await?;
    Ok(dto::CreateVocabularyResponse { vocabulary_arn: arn, vocabulary_id: id, state: dto::VocabularyState::CreationInProgress })
}
