//! AssociateUserProficiencies: adds proficiencies to a user. Each names a predefined
//! attribute of the instance and one of its values, at a whole level from 1 to 5; a pair
//! the user already has takes the new level.
//!
//! Racing UpdatePredefinedAttribute dropping a value: the attributes are looked at again
//! *after* the user is written, and a value then found gone takes this request's pairs back
//! (as they were before it) and refuses (update_predefined_attribute has the mirror image).
use super::{change_proficiencies, proficiencies_checked, HeldProficiency};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateUserProficienciesRequest) -> Result<(), ApiError> {
    let given = proficiencies_checked(ctx, &input.instance_id, input.user_proficiencies.clone()).await?;
    let before = std::sync::Arc::new(std::sync::Mutex::new(Vec::<HeldProficiency>::new()));
    let keep_before = before.clone();
    change_proficiencies(ctx, &input.instance_id, &input.user_id, move |held| {
        *keep_before.lock().unwrap() = held.clone();
        for p in given {
            match held.iter_mut().find(|h| h.same_pair(&p)) {
                Some(h) => *h = p,
                None => held.push(p),
            }
        }
        Ok(())
    })
    .await?;
    if let Err(e) = proficiencies_checked(ctx, &input.instance_id, input.user_proficiencies.clone()).await {
        let (given, before) = (input.user_proficiencies, before.lock().unwrap().clone());
        change_proficiencies(ctx, &input.instance_id, &input.user_id, move |held| {
            for p in given {
                let pair = |h: &HeldProficiency| (&h.proficiency.attribute_name, &h.proficiency.attribute_value) == (&p.attribute_name, &p.attribute_value);
                held.retain(|h| !pair(h));
                held.extend(before.iter().find(|h| pair(h)).cloned());
            }
            Ok(())
        })
        .await?;
        return Err(e);
    }
    Ok(())
}
