//! AssociateDefaultVocabulary: makes an ACTIVE vocabulary of the language the instance's
//! default for it, in place of the previous one; without a VocabularyId, the language has
//! no default any more.
use super::StoredDefault;
use crate::error::ApiError;
use crate::service::{body, to_body, Ctx};
use crate::store::{Kind, Record, StoreError};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateDefaultVocabularyRequest) -> Result<dto::AssociateDefaultVocabularyResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let language = input.language_code.as_str().to_string();
    let key = ctx.key(&input.instance_id, Kind::DefaultVocabulary, &language);
    let Some(vocabulary_id) = input.vocabulary_id else {
        return match ctx.store.delete(&key).await {
            Ok(()) | Err(StoreError::NotFound(_)) => Ok(Default::default()),
            Err(e) => Err(e.into()),
        };
    };
    let vocabulary: dto::Vocabulary = body(&ctx.record(&input.instance_id, Kind::Vocabulary, &vocabulary_id).await?)?;
    if vocabulary.language_code != input.language_code {
        return Err(ApiError::invalid_request(format!(
            "Vocabulary {vocabulary_id} is in {}, not {language}",
            vocabulary.language_code.as_str()
        )));
    }
    if vocabulary.state != dto::VocabularyState::Active {
        return Err(ApiError::invalid_request(format!("Vocabulary {vocabulary_id} is {}, not ACTIVE", vocabulary.state.as_str())));
    }
    let stored = StoredDefault {
        default: dto::DefaultVocabulary {
            instance_id: input.instance_id.clone(),
            language_code: input.language_code,
            vocabulary_id,
            vocabulary_name: vocabulary.name,
        },
    };
    let (account, instance) = (ctx.account().to_string(), input.instance_id.clone());
    // Replace the language's default, or make the first one; a concurrent first one makes
    // this a replacement.
    for _ in 0..2 {
        let new = to_body(&stored);
        let refs = stored.refs(&account, &instance);
        match ctx.update_with_refs(&key, move |_: &serde_json::Value| refs, move |b: &mut serde_json::Value| {
            *b = new;
            Ok(())
        })
        .await
        {
            Err(e) if e.code == "ResourceNotFoundException" => {}
            other => return other.map(|_| Default::default()),
        }
        let record = Record { key: key.clone(), name: Some(language.clone()), body: to_body(&stored), secret: None, refs: stored.refs(&account, &instance) };
        match ctx.store.insert(vec![record]).await {
            Err(StoreError::Duplicate { .. }) => continue,
            other => return other.map(|_| Default::default()).map_err(Into::into),
        }
    }
    Err(ApiError::new("ThrottlingException", "The default vocabulary is being changed by another request; retry"))
}
