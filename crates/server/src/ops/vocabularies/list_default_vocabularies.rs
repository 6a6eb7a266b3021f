//! ListDefaultVocabularies: the instance's default vocabularies, one per language, in
//! language-code order; LanguageCode keeps one language.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListDefaultVocabulariesRequest) -> Result<dto::ListDefaultVocabulariesResponse, ApiError> {
    let language = input.language_code.map(|l| l.as_str().to_string());
    let prefix = language.clone();
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) = crud::filtered_page(
        ctx,
        &input.instance_id,
        Kind::DefaultVocabulary,
        prefix.as_deref(),
        move |b| language.as_deref().is_none_or(|l| b.get("LanguageCode").and_then(|v| v.as_str()) == Some(l)),
        input.next_token.as_deref(),
        input.max_results,
        100,
    )
    .await?;
    let defaults = records.iter().map(body).collect::<Result<_, _>>()?;
    Ok(dto::ListDefaultVocabulariesResponse { default_vocabulary_list: defaults, next_token })
}
