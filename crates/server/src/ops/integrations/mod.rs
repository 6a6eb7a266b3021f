//! What an instance may use outside Connect: approved origins (the web domains that may embed
//! its contact control panel or chat), Lambda functions, Amazon Lex (V1) bots and Amazon Lex
//! V2 bot aliases. Each association is a reference, stored as given: nothing outside
//! switchboard is called or checked (docs/rules.md, "Integrations").
//!
//! An association is a record of its own kind whose unique name is what it references, so
//! that the store refuses a second association of the same thing in the write's
//! transaction, and a listing reads them in that (name) order.
use crate::error::ApiError;
use crate::service::{new_id, to_body, Ctx};
use crate::store::{Kind, Record, StoreError};
use serde_json::{json, Value};
use switchboard_model::dto;

pub mod associate_approved_origin;
pub mod associate_bot;
pub mod associate_lambda_function;
pub mod associate_lex_bot;
pub mod disassociate_approved_origin;
pub mod disassociate_bot;
pub mod disassociate_lambda_function;
pub mod disassociate_lex_bot;
pub mod list_approved_origins;
pub mod list_bots;
pub mod list_lambda_functions;
pub mod list_lex_bots;

/// One association: its kind, its name (what it references), its stored body (the member
/// the List* operation shows).
pub struct Association {
    pub kind: Kind,
    pub name: String,
    pub body: Value,
}

/// Associates: ResourceConflictException when the instance already has it.
pub async fn associate(ctx: &Ctx, instance: &str, a: Association) -> Result<(), ApiError> {
    ctx.instance(instance).await?;
    let record = Record { key: ctx.key(instance, a.kind, &new_id()), name: Some(a.name.clone()), body: a.body, secret: None, refs: vec![] };
    ctx.store.insert(vec![record]).await.map_err(|e| match e {
        StoreError::Duplicate { .. } => {
            ApiError::new("ResourceConflictException", format!("{} {} is already associated with instance {instance}", a.kind.label(), a.name))
        }
        other => other.into(),
    })
}

/// Disassociates: ResourceNotFoundException when the instance does not have it.
pub async fn disassociate(ctx: &Ctx, instance: &str, kind: Kind, name: &str) -> Result<(), ApiError> {
    ctx.instance(instance).await?;
    let rec = ctx
        .named(instance, kind, name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{} {name} is not associated with instance {instance}", kind.label())))?;
    ctx.delete(&rec).await
}

/// A page of the instance's associations of `kind` (their stored bodies), 25 a page unless
/// MaxResults says otherwise (the List* operations' MaxResults is at most 25), and the
/// NextToken of the next page.
pub async fn list(ctx: &Ctx, instance: &str, kind: Kind, next_token: Option<&str>, max_results: Option<i64>) -> Result<(Vec<Value>, Option<String>), ApiError> {
    ctx.instance(instance).await?;
    let (records, next_token) = ctx.page_of(instance, kind, Some(String::new()), next_token, max_results, 25).await?;
    Ok((records.into_iter().map(|r| r.body).collect(), next_token))
}

/// The stored bodies of a listing as the model type of its entries.
pub fn entries<T: serde::de::DeserializeOwned>(bodies: Vec<Value>) -> Result<Vec<T>, ApiError> {
    bodies.into_iter().map(|b| serde_json::from_value(b).map_err(|e| ApiError::internal(format!("a stored association is unreadable: {e}")))).collect()
}

/// An Amazon Lex (V1) bot: by name and Region, both required to be non-empty.
pub fn lex_bot(bot: &dto::LexBot) -> Result<Association, ApiError> {
    for (member, value) in [("lexBot.name", &bot.name), ("lexBot.lexRegion", &bot.lex_region)] {
        if value.is_empty() {
            return Err(ApiError::constraint(member, Some(value), "Member must have length greater than or equal to 1"));
        }
    }
    Ok(Association { kind: Kind::LexBot, name: format!("{}/{}", bot.lex_region, bot.name), body: to_body(bot) })
}

/// An Amazon Lex V2 bot, by the ARN of its alias
/// (`arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID`).
pub fn lex_v2_bot(bot: &dto::LexV2Bot) -> Result<Association, ApiError> {
    let arn = bot.alias_arn.clone().unwrap_or_default();
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let resource: Vec<&str> = parts.get(5).map(|r| r.split('/').collect()).unwrap_or_default();
    let valid = parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "lex"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && resource.len() == 3
        && resource[0] == "bot-alias"
        && resource[1..].iter().all(|s| !s.is_empty());
    if !valid {
        return Err(ApiError::invalid_parameter(format!("LexV2Bot.AliasArn '{arn}' is not the ARN of an Amazon Lex V2 bot alias")));
    }
    Ok(Association { kind: Kind::LexV2Bot, name: arn.clone(), body: json!({ "AliasArn": arn }) })
}

/// The bot of AssociateBot and DisassociateBot: exactly one of LexBot and LexV2Bot.
pub fn bot(lex: Option<&dto::LexBot>, v2: Option<&dto::LexV2Bot>) -> Result<Association, ApiError> {
    match (lex, v2) {
        (Some(lex), None) => lex_bot(lex),
        (None, Some(v2)) => lex_v2_bot(v2),
        _ => Err(ApiError::invalid_request("Exactly one of LexBot and LexV2Bot must be given")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots_are_named_by_what_they_reference() {
        let v1 = dto::LexBot { name: "Orders".into(), lex_region: "us-west-2".into() };
        let a = bot(Some(&v1), None).unwrap();
        assert_eq!((a.kind, a.name.as_str()), (Kind::LexBot, "us-west-2/Orders"));
        let v2 = dto::LexV2Bot { alias_arn: Some("arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID".into()) };
        let a = bot(None, Some(&v2)).unwrap();
        assert_eq!((a.kind, a.body), (Kind::LexV2Bot, json!({"AliasArn": "arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID"})));
        assert_eq!(bot(None, None).err().unwrap().code, "InvalidRequestException");
        assert_eq!(bot(Some(&v1), Some(&v2)).err().unwrap().code, "InvalidRequestException");
        for wrong in ["arn:aws:lex:us-east-1:123456789012:bot/ABCDEFGHIJ", "arn:aws:lambda:us-east-1:123456789012:bot-alias/A/B", "TSTALIASID"] {
            let v2 = dto::LexV2Bot { alias_arn: Some(wrong.into()) };
            assert_eq!(bot(None, Some(&v2)).err().unwrap().code, "InvalidParameterException", "{wrong}");
        }
        let empty = dto::LexBot { name: String::new(), lex_region: "us-east-1".into() };
        assert_eq!(lex_bot(&empty).err().unwrap().code, "InvalidParameterException");
    }
}
