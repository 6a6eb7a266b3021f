//! The rules of Amazon Connect that its service model cannot express, each with its source.
//! They run after the model's own constraints (see `switchboard_model::validate`).
//!
//! Sources: the model's documentation strings (botocore connect 2017-08-08, CreateUser and
//! UserIdentityInfo), the paws `connect_create_user` page and the AWS CLI `create-user` page
//! (shared/seeds), summarised in shared/DESIGN.md. Choices where the documents disagree are
//! written down in docs/rules.md.
use crate::error::ApiError;
use switchboard_model::dto::{self, DirectoryType, PhoneType};
use unicode_normalization::is_nfc;

/// Username: at most 20 characters without SAML; with SAML at most 64 from
/// `[a-zA-Z0-9_-.@]`; `@` only in an email form (`testuser@example.com`, not
/// `testuser@example`). (CreateUser.Username documentation.)
pub fn username(identity: DirectoryType, username: &str) -> Result<(), ApiError> {
    let len = username.chars().count();
    if identity == DirectoryType::Saml {
        if len > 64 {
            return Err(ApiError::constraint("username", Some(username), "Member must have length less than or equal to 64 for instances using SAML"));
        }
        if !username.chars().all(|c| c.is_ascii_alphanumeric() || "_-.@".contains(c)) {
            return Err(ApiError::constraint(
                "username",
                Some(username),
                "Member must consist of characters from [a-zA-Z0-9_-.@] for instances using SAML",
            ));
        }
    } else if len > 20 {
        return Err(ApiError::constraint("username", Some(username), "Member must have length less than or equal to 20 for instances not using SAML"));
    }
    if username.contains('@') && !is_email_form(username) {
        return Err(ApiError::constraint("username", Some(username), "Member may contain @ only in an email address form such as user@example.com"));
    }
    Ok(())
}

/// `local@domain.tld`: one `@`, a non-empty local part, and a domain of at least two
/// non-empty dot-separated labels.
fn is_email_form(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty() && !domain.contains('@') && domain.split('.').count() >= 2 && domain.split('.').all(|l| !l.is_empty())
}

/// Password: required with CONNECT_MANAGED identity, an error otherwise (CreateUser.Password
/// documentation; the CLI page names InvalidRequestException). Its policy is the model's
/// pattern, checked before this.
pub fn password(identity: DirectoryType, password: Option<&str>) -> Result<(), ApiError> {
    match (identity, password) {
        (DirectoryType::ConnectManaged, None) => {
            Err(ApiError::invalid_request("A password is required for instances using CONNECT_MANAGED identity management"))
        }
        (DirectoryType::ConnectManaged, Some(_)) | (_, None) => Ok(()),
        (other, Some(_)) => Err(ApiError::invalid_request(format!(
            "A password cannot be set for instances using {} identity management",
            other.as_str()
        ))),
    }
}

/// DirectoryUserId is an error with SAML (CreateUser.DirectoryUserId documentation).
pub fn directory_user_id(identity: DirectoryType, directory_user_id: Option<&str>) -> Result<(), ApiError> {
    if identity == DirectoryType::Saml && directory_user_id.is_some() {
        return Err(ApiError::invalid_request("DirectoryUserId cannot be set for instances using SAML identity management"));
    }
    Ok(())
}

/// Identity info: FirstName and LastName are required with CONNECT_MANAGED and SAML, and
/// with CONNECT_MANAGED they are 1-255 and 1-256 characters; names must be NFC; the
/// secondary email follows the documented pattern. With EXISTING_DIRECTORY the directory
/// owns FirstName, LastName and Email, so an update cannot set them.
/// (UserIdentityInfo documentation.)
pub fn identity_info(identity: DirectoryType, info: Option<&dto::UserIdentityInfo>, updating: bool) -> Result<(), ApiError> {
    let empty = dto::UserIdentityInfo::default();
    let info = info.unwrap_or(&empty);
    if updating && identity == DirectoryType::ExistingDirectory && (info.first_name.is_some() || info.last_name.is_some() || info.email.is_some()) {
        return Err(ApiError::invalid_request(
            "FirstName, LastName and Email are managed by the directory for instances using EXISTING_DIRECTORY identity management",
        ));
    }
    for (member, value, max) in [("firstName", &info.first_name, 255), ("lastName", &info.last_name, 256)] {
        let value = value.as_deref().unwrap_or("");
        if matches!(identity, DirectoryType::ConnectManaged | DirectoryType::Saml) && value.is_empty() {
            return Err(ApiError::invalid_request(format!(
                "identityInfo.{member} is required for instances using {} identity management",
                identity.as_str()
            )));
        }
        if identity == DirectoryType::ConnectManaged && value.chars().count() > max {
            return Err(ApiError::constraint(&format!("identityInfo.{member}"), Some(crate::redacted()), format!("Member must have length less than or equal to {max}")));
        }
        if !is_nfc(value) {
            return Err(ApiError::constraint(&format!("identityInfo.{member}"), Some(crate::redacted()), "Member must be in Unicode Normalization Form C (NFC)"));
        }
    }
    if let Some(secondary) = &info.secondary_email {
        if !is_secondary_email(secondary) {
            return Err(ApiError::constraint(
                "identityInfo.secondaryEmail",
                Some(crate::redacted()),
                "Member must satisfy regular expression pattern: (?=^.{0,265}$)[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,63}",
            ));
        }
    }
    Ok(())
}

/// `(?=^.{0,265}$)[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}` (SecondaryEmail docs).
fn is_secondary_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let Some((host, tld)) = domain.rsplit_once('.') else { return false };
    s.chars().count() <= 265
        && !local.is_empty()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !host.is_empty()
        && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        && (2..=63).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// E.164: `+` and 2 to 15 digits, the first not 0.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    (2..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

/// A desk phone needs an E.164 number, in PhoneConfig and in each PhoneNumberConfig.
pub fn desk_phones(phone: Option<&dto::UserPhoneConfig>, per_channel: Option<&[dto::PhoneNumberConfig]>) -> Result<(), ApiError> {
    let mut numbers: Vec<(&str, PhoneType, Option<&str>)> = Vec::new();
    if let Some(p) = phone {
        numbers.push(("phoneConfig.deskPhoneNumber", p.phone_type.unwrap_or_default(), p.desk_phone_number.as_deref()));
    }
    for c in per_channel.unwrap_or_default() {
        numbers.push(("phoneNumberConfigs.phoneNumber", c.phone_type, c.phone_number.as_deref()));
    }
    for (path, phone_type, number) in numbers {
        match (phone_type, number) {
            (PhoneType::DeskPhone, None) => {
                return Err(ApiError::invalid_parameter(format!("{path} is required when the phone type is DESK_PHONE")));
            }
            (_, Some(n)) if !is_e164(n) => {
                return Err(ApiError::constraint(path, Some(crate::redacted()), "Member must be a phone number in E.164 format, such as +14155550123"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// PhoneConfig fields conflict with their per-channel configurations (CreateUser docs).
pub fn phone_conflicts(input: &PhoneInputs<'_>) -> Result<(), ApiError> {
    let Some(p) = input.phone_config else { return Ok(()) };
    let conflicts = [
        (p.auto_accept.is_some() && input.auto_accept.is_some(), "PhoneConfig.AutoAccept", "AutoAcceptConfigs"),
        (p.after_contact_work_time_limit.is_some() && input.after_contact_work.is_some(), "PhoneConfig.AfterContactWorkTimeLimit", "AfterContactWorkConfigs"),
        ((p.phone_type.is_some() || p.desk_phone_number.is_some()) && input.phone_numbers.is_some(), "PhoneConfig.PhoneType and PhoneConfig.DeskPhoneNumber", "PhoneNumberConfigs"),
        (p.persistent_connection.is_some() && input.persistent_connection.is_some(), "PhoneConfig.PersistentConnection", "PersistentConnectionConfigs"),
    ];
    match conflicts.iter().find(|(hit, ..)| *hit) {
        Some((_, a, b)) => Err(ApiError::invalid_request(format!("{a} cannot be set together with {b}"))),
        None => Ok(()),
    }
}

/// The phone-related members of a CreateUser request.
pub struct PhoneInputs<'a> {
    pub phone_config: Option<&'a dto::UserPhoneConfig>,
    pub auto_accept: Option<&'a [dto::AutoAcceptConfig]>,
    pub after_contact_work: Option<&'a [dto::AfterContactWorkConfigPerChannel]>,
    pub phone_numbers: Option<&'a [dto::PhoneNumberConfig]>,
    pub persistent_connection: Option<&'a [dto::PersistentConnectionConfig]>,
}

/// The PhoneConfig a user gets: what was given, with Connect's defaults (SOFT_PHONE, no
/// auto-accept, no ACW limit) for the fields that no per-channel config covers.
pub fn phone_config_with_defaults(input: &PhoneInputs<'_>) -> dto::UserPhoneConfig {
    let mut p = input.phone_config.cloned().unwrap_or_default();
    if p.phone_type.is_none() && input.phone_numbers.is_none() {
        p.phone_type = Some(PhoneType::SoftPhone);
    }
    if p.auto_accept.is_none() && input.auto_accept.is_none() {
        p.auto_accept = Some(false);
    }
    if p.after_contact_work_time_limit.is_none() && input.after_contact_work.is_none() {
        p.after_contact_work_time_limit = Some(0);
    }
    p
}

/// TimeZone of hours of operation: an IANA time zone name (the CreateHoursOfOperation
/// TimeZone documentation: "The time zone of the hours of operation"; Connect's console
/// offers the IANA names). The list is the IANA database's, checked in as timezones.txt.
pub fn time_zone(tz: &str) -> Result<(), ApiError> {
    static ZONES: &str = include_str!("timezones.txt");
    if ZONES.lines().any(|z| z == tz) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!("'{tz}' is not a valid time zone; use an IANA time zone name such as America/New_York")))
    }
}

/// Hours of operation config (HoursOfOperationConfig documentation): each slot is a day with
/// a start and an end time. A slot that ends at or before its start runs past midnight
/// (00:00-00:00 is the whole day); slots of the same day must not overlap.
pub fn hours_config(config: &[dto::HoursOfOperationConfig]) -> Result<(), ApiError> {
    let minutes = |t: &dto::HoursOfOperationTimeSlice| t.hours * 60 + t.minutes;
    let mut spans: Vec<(dto::HoursOfOperationDays, i64, i64)> = Vec::new();
    for c in config {
        let (start, mut end) = (minutes(&c.start_time), minutes(&c.end_time));
        if end <= start {
            end += 24 * 60;
        }
        if let Some((day, ..)) = spans.iter().find(|(d, s, e)| *d == c.day && start < *e && *s < end) {
            return Err(ApiError::invalid_parameter(format!("The hours of operation for {} overlap", day.as_str())));
        }
        spans.push((c.day, start, end));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_lengths_depend_on_identity_management() {
        assert!(username(DirectoryType::ConnectManaged, &"a".repeat(20)).is_ok());
        assert!(username(DirectoryType::ConnectManaged, &"a".repeat(21)).is_err());
        assert!(username(DirectoryType::Saml, &"a".repeat(64)).is_ok());
        assert!(username(DirectoryType::Saml, &"a".repeat(65)).is_err());
        assert!(username(DirectoryType::Saml, "john doe").is_err());
        assert!(username(DirectoryType::Saml, "john_doe-1.x").is_ok());
    }

    #[test]
    fn at_sign_only_in_email_form() {
        assert!(username(DirectoryType::Saml, "testuser@example.com").is_ok());
        assert!(username(DirectoryType::Saml, "testuser@example").is_err());
        assert!(username(DirectoryType::Saml, "@example.com").is_err());
        assert!(username(DirectoryType::ConnectManaged, "a@b.co").is_ok());
    }

    #[test]
    fn password_presence_depends_on_identity_management() {
        assert_eq!(password(DirectoryType::ConnectManaged, None).unwrap_err().code, "InvalidRequestException");
        assert!(password(DirectoryType::ConnectManaged, Some("Passw0rd!")).is_ok());
        assert_eq!(password(DirectoryType::Saml, Some("Passw0rd!")).unwrap_err().code, "InvalidRequestException");
        assert!(password(DirectoryType::Saml, None).is_ok());
        assert!(password(DirectoryType::ExistingDirectory, Some("Passw0rd!")).is_err());
    }

    #[test]
    fn names_required_and_nfc() {
        let info = |f: &str, l: &str| dto::UserIdentityInfo { first_name: Some(f.into()), last_name: Some(l.into()), ..Default::default() };
        assert!(identity_info(DirectoryType::ConnectManaged, None, false).is_err());
        assert!(identity_info(DirectoryType::ExistingDirectory, None, false).is_ok());
        assert!(identity_info(DirectoryType::Saml, Some(&info("Zoë", "Ng")), false).is_ok());
        // "e" followed by a combining diaeresis is not NFC.
        let err = identity_info(DirectoryType::Saml, Some(&info("Zoe\u{0308}", "Ng")), false).unwrap_err();
        assert!(err.message.contains("NFC") && !err.message.contains("Zoe"), "{}", err.message);
        assert!(identity_info(DirectoryType::ExistingDirectory, Some(&info("A", "B")), true).is_err());
    }

    #[test]
    fn time_zones_and_hours() {
        assert!(time_zone("America/New_York").is_ok() && time_zone("UTC").is_ok() && time_zone("Europe/Paris").is_ok());
        assert!(time_zone("Mars/Olympus").is_err() && time_zone("").is_err());
        let slot = |day, h1, h2| dto::HoursOfOperationConfig {
            day,
            start_time: dto::HoursOfOperationTimeSlice { hours: h1, minutes: 0 },
            end_time: dto::HoursOfOperationTimeSlice { hours: h2, minutes: 0 },
        };
        use dto::HoursOfOperationDays::{Monday, Tuesday};
        assert!(hours_config(&[slot(Monday, 9, 12), slot(Monday, 13, 17), slot(Tuesday, 9, 17)]).is_ok());
        assert!(hours_config(&[slot(Monday, 9, 12), slot(Monday, 11, 17)]).is_err());
        assert!(hours_config(&[slot(Monday, 22, 6), slot(Monday, 23, 23)]).is_err(), "overnight slots overlap too");
        assert!(hours_config(&[slot(Monday, 0, 0)]).is_ok());
    }

    #[test]
    fn e164_numbers() {
        assert!(is_e164("+14155550123"));
        for bad in ["14155550123", "+0123", "+1", "555-1234", "+1234567890123456"] {
            assert!(!is_e164(bad), "{bad}");
        }
        let desk = dto::UserPhoneConfig { phone_type: Some(PhoneType::DeskPhone), ..Default::default() };
        assert!(desk_phones(Some(&desk), None).is_err());
        let desk = dto::UserPhoneConfig { desk_phone_number: Some("+14155550123".into()), ..desk };
        assert!(desk_phones(Some(&desk), None).is_ok());
    }

    #[test]
    fn phone_config_conflicts_with_per_channel_configs() {
        let p = dto::UserPhoneConfig { auto_accept: Some(true), ..Default::default() };
        let aa = vec![dto::AutoAcceptConfig { channel: dto::Channel::Voice, auto_accept: true, ..Default::default() }];
        let inputs = PhoneInputs { phone_config: Some(&p), auto_accept: Some(&aa), after_contact_work: None, phone_numbers: None, persistent_connection: None };
        assert_eq!(phone_conflicts(&inputs).unwrap_err().code, "InvalidRequestException");
        let inputs = PhoneInputs { auto_accept: None, ..inputs };
        assert!(phone_conflicts(&inputs).is_ok());
        let d = phone_config_with_defaults(&inputs);
        assert_eq!((d.phone_type, d.auto_accept, d.after_contact_work_time_limit), (Some(PhoneType::SoftPhone), Some(true), Some(0)));
    }
}
