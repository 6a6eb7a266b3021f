//! Phone numbers: claimed from a pool of fictional numbers to an instance, in the account and
//! Region (a number's ARN is `arn:aws:connect:{region}:{account}:phone-number/{id}`, outside
//! any instance). docs/rules.md, *Phone numbers*, has the rules and their sources.
//!
//! A claim (or an update to another target) is IN_PROGRESS for [`SETTLE_SECONDS`], then
//! CLAIMED, as DescribePhoneNumber shows. A released number keeps its record, marked
//! released, so that it is never offered or claimed again (Connect's cooldown is 180 days);
//! every operation but SearchAvailablePhoneNumbers then treats it as not found.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::service::{body, encode_token, parse_arn, Ctx};
use crate::store::{Key, Kind, Record};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use switchboard_model::{dto, model, shape::ShapeKind};

pub mod associate_phone_number_contact_flow;
pub mod claim_phone_number;
pub mod describe_phone_number;
pub mod disassociate_phone_number_contact_flow;
pub mod list_flow_associations;
pub mod list_phone_numbers;
pub mod list_phone_numbers_v2;
pub mod release_phone_number;
pub mod search_available_phone_numbers;
pub mod update_phone_number;
pub mod update_phone_number_metadata;

/// How long a claim or a move to another target stays IN_PROGRESS, in seconds.
pub const SETTLE_SECONDS: f64 = 0.25;

/// A phone number as stored: the model's summary, when its last claim or update settles, and
/// whether it has been released.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredPhoneNumber {
    #[serde(flatten)]
    pub number: dto::ClaimedPhoneNumberSummary,
    #[serde(rename = "SettlesAt", default)]
    pub settles_at: f64,
    #[serde(rename = "Released", default, skip_serializing_if = "std::ops::Not::not")]
    pub released: bool,
    /// The inbound flow the number starts (AssociatePhoneNumberContactFlow), in its instance.
    #[serde(rename = "ContactFlowId", default, skip_serializing_if = "Option::is_none")]
    pub contact_flow_id: Option<String>,
}

impl Stored for StoredPhoneNumber {
    const KIND: Kind = Kind::PhoneNumber;
}

impl StoredPhoneNumber {
    /// The number as DescribePhoneNumber gives it: IN_PROGRESS until its claim settles.
    pub fn summary(mut self, now: f64) -> dto::ClaimedPhoneNumberSummary {
        let status = if now < self.settles_at { dto::PhoneNumberWorkflowStatus::InProgress } else { dto::PhoneNumberWorkflowStatus::Claimed };
        self.number.phone_number_status = Some(dto::PhoneNumberStatus { status: Some(status), message: None });
        self.number
    }

    /// Whether the number is of one of `types` and one of `countries` (None: any), the
    /// filters of ListPhoneNumbers and ListPhoneNumbersV2.
    pub fn of(&self, types: Option<&[dto::PhoneNumberType]>, countries: Option<&[dto::PhoneNumberCountryCode]>) -> bool {
        let n = &self.number;
        types.is_none_or(|t| n.phone_number_type.is_some_and(|x| t.contains(&x)))
            && countries.is_none_or(|c| n.phone_number_country_code.is_some_and(|x| c.contains(&x)))
    }

    /// Whether the number is of the caller's Region (its ARN's).
    fn in_region(&self, region: &str) -> bool {
        self.number.phone_number_arn.as_deref().and_then(|a| a.split(':').nth(3)) == Some(region)
    }
}

pub fn key(ctx: &Ctx, id: &str) -> Key {
    Key::in_account(ctx.account(), Kind::PhoneNumber, id)
}

/// A claimed number of the caller's account and Region, or ResourceNotFoundException (for a
/// released one too, one of another Region, and one whose instance has been deleted, which
/// releases its numbers).
/// The id may also be the number's ARN, as the phone-number operations document.
pub async fn claimed(ctx: &Ctx, id: &str) -> Result<(Record, StoredPhoneNumber), ApiError> {
    let id = id.rsplit_once(":phone-number/").map_or(id, |(_, id)| id);
    let not_found = || ApiError::not_found(format!("Phone number {id} does not exist"));
    let rec = ctx.store.get(&key(ctx, id)).await?.ok_or_else(not_found)?;
    let stored: StoredPhoneNumber = body(&rec)?;
    if stored.released || !stored.in_region(ctx.region()) {
        return Err(not_found());
    }
    if let Some(instance) = stored.number.instance_id.as_deref() {
        ctx.instance(instance).await.map_err(|_| not_found())?;
    }
    Ok((rec, stored))
}

/// The instance a request's TargetArn or InstanceId names: the TargetArn as given (or the
/// instance's ARN) and the instance. One of the two is required; given both, they must name
/// the same instance. switchboard claims no number to a traffic distribution group (its
/// groups link no replica to share one with), so an ARN of one names nothing here.
pub async fn target(ctx: &Ctx, target_arn: Option<String>, instance_id: Option<String>) -> Result<(String, dto::Instance), ApiError> {
    let Some(arn) = target_arn else {
        let id = instance_id.ok_or_else(|| ApiError::invalid_parameter("You must enter InstanceId or TargetArn"))?;
        let instance = ctx.instance(&id).await?;
        return Ok((instance.arn.clone().unwrap_or_default(), instance));
    };
    let not_found = || ApiError::not_found(format!("Target {arn} does not exist"));
    let parsed = parse_arn(&arn).filter(|p| p.kind == Kind::Instance).ok_or_else(not_found)?;
    if parsed.account != ctx.account() || parsed.region != ctx.region() {
        return Err(not_found());
    }
    if instance_id.as_ref().is_some_and(|i| *i != parsed.instance) {
        return Err(ApiError::invalid_parameter("InstanceId and TargetArn name different instances"));
    }
    let instance = ctx.instance(&parsed.instance).await.map_err(|_| not_found())?;
    if instance.arn.as_deref() != Some(arn.as_str()) {
        return Err(not_found());
    }
    Ok((arn, instance))
}

/// The country codes of the model's PhoneNumberCountryCode, in its order.
fn countries() -> &'static [String] {
    match &model().shapes["PhoneNumberCountryCode"].kind {
        ShapeKind::String { enum_values: Some(values), .. } => values,
        _ => &[],
    }
}

const US_AREAS: [&str; 8] = ["206", "212", "312", "415", "512", "617", "702", "808"];
const CA_AREAS: [&str; 3] = ["416", "514", "604"];
const US_TOLL_FREE: [&str; 4] = ["800", "833", "844", "855"];
const CA_TOLL_FREE: [&str; 3] = ["866", "877", "888"];

/// The fictional numbers switchboard offers for a country and type, in order. Where the
/// country has numbers set aside for fiction they are those: North America's 555-0100 to
/// 555-0199 in every area code (NANPA), the UK's 020 7946 0xxx and 0808 157 0xxx (Ofcom's
/// drama numbers), Australia's 02 5550 xxxx and 1800 160 401 to 499 (ACMA). Elsewhere they
/// are the country's calling code, 555 (800 for toll-free) and the country's place in the
/// model's list, so no number belongs to two countries. Only DID and TOLL_FREE numbers are
/// offered.
pub fn pool(country: &str, kind: dto::PhoneNumberType) -> Vec<String> {
    use dto::PhoneNumberType::{Did, TollFree};
    let Some(code) = phonenumber::metadata::DATABASE.by_id(country).map(|m| m.country_code()) else { return Vec::new() };
    let Some(place) = countries().iter().position(|c| c == country) else { return Vec::new() };
    let block = |prefix: String, from: usize, n: usize, width: usize| (from..from + n).map(move |i| format!("{prefix}{i:0width$}"));
    let areas = |areas: &[&str]| areas.iter().flat_map(|a| block(format!("+1{a}55501"), 0, 100, 2)).collect();
    match (country, kind) {
        ("US", Did) => areas(&US_AREAS),
        ("CA", Did) => areas(&CA_AREAS),
        ("US", TollFree) => areas(&US_TOLL_FREE),
        ("CA", TollFree) => areas(&CA_TOLL_FREE),
        ("GB", Did) => block("+442079460".into(), 0, 100, 3).collect(),
        ("GB", TollFree) => block("+448081570".into(), 0, 100, 3).collect(),
        ("AU", Did) => block("+6125550".into(), 0, 100, 4).collect(),
        ("AU", TollFree) => block("+61180016".into(), 401, 99, 4).collect(),
        (_, Did) => block(format!("+{code}555{place:03}"), 0, 100, 2).collect(),
        (_, TollFree) => block(format!("+{code}800{place:03}"), 0, 100, 2).collect(),
        _ => Vec::new(),
    }
}

/// The country and type of a number of the pools, if it is one.
pub fn classify(number: &str) -> Option<(dto::PhoneNumberCountryCode, dto::PhoneNumberType)> {
    let types = [dto::PhoneNumberType::Did, dto::PhoneNumberType::TollFree];
    countries().iter().flat_map(|c| types.map(|t| (c, t))).find_map(|(country, kind)| {
        let code = phonenumber::metadata::DATABASE.by_id(country)?.country_code();
        if !number.starts_with(&format!("+{code}")) || !pool(country, kind).iter().any(|n| n == number) {
            return None;
        }
        serde_json::from_value(serde_json::Value::from(country.as_str())).ok().map(|c| (c, kind))
    })
}

/// The numbers of `numbers` that the account has ever claimed (claimed or released): read by
/// the blocks they are in (each number but its last two digits), so at most the pool's size.
pub async fn taken(ctx: &Ctx, numbers: &[String]) -> Result<BTreeSet<String>, ApiError> {
    let blocks: BTreeSet<&str> = numbers.iter().map(|n| &n[..n.len() - 2]).collect();
    let mut taken = BTreeSet::new();
    for block in blocks {
        let records = ctx.store.list(&ctx.list_query("", Kind::PhoneNumber, None, Some(block.to_string()), 101)).await?;
        taken.extend(records.into_iter().filter_map(|r| r.name));
    }
    Ok(taken)
}

/// A page of the account's numbers in the caller's Region that pass `keep`, in number order
/// (`name_prefix` narrows the read), and the NextToken.
pub async fn page<T>(
    ctx: &Ctx,
    name_prefix: Option<&str>,
    keep: impl Fn(&StoredPhoneNumber) -> bool,
    view: impl Fn(StoredPhoneNumber) -> T,
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let region = ctx.region().to_string();
    let keep = move |b: &serde_json::Value| {
        serde_json::from_value::<StoredPhoneNumber>(b.clone()).is_ok_and(|n| !n.released && n.in_region(&region) && keep(&n))
    };
    let (records, next_token) = crate::ops::crud::filtered_page(ctx, "", Kind::PhoneNumber, name_prefix, keep, next_token, max_results, 100).await?;
    let page = records.iter().map(|r| body(r).map(&view)).collect::<Result<_, _>>()?;
    Ok((page, next_token))
}

/// A NextToken after `number` for SearchAvailablePhoneNumbers.
pub fn token_after(number: &str) -> String {
    encode_token(Kind::PhoneNumber, "available", number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dto::PhoneNumberType::{Did, Shared, TollFree};

    #[test]
    fn pools_are_fictional_disjoint_and_classified() {
        let us = pool("US", Did);
        assert_eq!((us.len(), us[0].as_str(), us[99].as_str()), (800, "+12065550100", "+12065550199"));
        assert_eq!(pool("GB", TollFree)[5], "+448081570005");
        assert_eq!(pool("AU", TollFree).last().map(String::as_str), Some("+611800160499"));
        let de = pool("DE", Did);
        assert!(de[0].starts_with("+49555") && de.len() == 100);
        assert!(pool("US", Shared).is_empty());
        for (country, kind, n) in [("US", Did, &us[450]), ("GB", TollFree, &pool("GB", TollFree)[7]), ("DE", Did, &de[3])] {
            let (c, t) = classify(n).unwrap();
            assert_eq!((c.as_str(), t), (country, kind));
        }
        assert_eq!(classify("+12065550200"), None);
        // No number is in two pools.
        let mut all: Vec<String> = countries().iter().flat_map(|c| [Did, TollFree].map(|t| pool(c, t))).flatten().collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}

/// A number claimed to `instance` (ResourceNotFoundException for one claimed elsewhere), for
/// the operations that name both.
pub async fn claimed_to(ctx: &Ctx, id: &str, instance: &str) -> Result<(Record, StoredPhoneNumber), ApiError> {
    ctx.instance(instance).await?;
    let (rec, stored) = claimed(ctx, id).await?;
    if stored.number.instance_id.as_deref() != Some(instance) {
        return Err(ApiError::not_found(format!("Phone number {id} is not claimed to instance {instance}")));
    }
    Ok((rec, stored))
}

/// ReleasePhoneNumber and a move by UpdatePhoneNumber are refused with
/// ResourceInUseException while a queue of the number's instance has it as its outbound
/// caller ID number (docs/rules.md, "Phone numbers").
pub async fn check_not_caller_id(ctx: &Ctx, stored: &StoredPhoneNumber) -> Result<(), ApiError> {
    let n = &stored.number;
    let (Some(instance), Some(id)) = (n.instance_id.as_deref(), n.phone_number_id.as_deref()) else { return Ok(()) };
    let arn = n.phone_number_arn.as_deref();
    let mut user = None;
    ctx.for_each(instance, Kind::Queue, |rec| {
        if user.is_none() {
            let queue: crate::ops::queues::StoredQueue = body(&rec)?;
            let number = queue.queue.outbound_caller_config.as_ref().and_then(|c| c.outbound_caller_id_number_id.as_deref());
            if number.is_some_and(|x| x == id || Some(x) == arn) {
                user = queue.queue.name.clone();
            }
        }
        Ok(())
    })
    .await?;
    match user {
        Some(queue) => Err(ApiError::in_use(
            format!("Phone number {id} is the outbound caller ID number of queue {queue}"),
            "PHONE_NUMBER",
            arn,
        )),
        None => Ok(()),
    }
}
