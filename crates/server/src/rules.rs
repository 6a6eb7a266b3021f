//! The rules of Amazon Connect that its service model cannot express, each with its source.
//! They run after the model's own constraints (see `switchboard_model::validate`).
//!
//! Sources: the model's documentation strings (botocore connect 2017-08-08, CreateUser and
//! UserIdentityInfo), the paws `connect_create_user` page and the AWS CLI `create-user` page
//! (shared/seeds), summarised in shared/DESIGN.md. Choices where the documents disagree are
//! written down in docs/rules.md.
use crate::error::ApiError;
use switchboard_model::dto::{self, Channel, DirectoryType, PhoneType};
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

/// The per-channel members of CreateUser and UpdateUserConfig.
#[derive(Clone, Copy, Default)]
pub struct PerChannel<'a> {
    pub auto_accept: Option<&'a [dto::AutoAcceptConfig]>,
    pub after_contact_work: Option<&'a [dto::AfterContactWorkConfigPerChannel]>,
    pub phone_numbers: Option<&'a [dto::PhoneNumberConfig]>,
    pub persistent_connection: Option<&'a [dto::PersistentConnectionConfig]>,
    pub voice_enhancement: Option<&'a [dto::VoiceEnhancementConfig]>,
}

impl PerChannel<'_> {
    pub fn is_empty(&self) -> bool {
        self.auto_accept.is_none()
            && self.after_contact_work.is_none()
            && self.phone_numbers.is_none()
            && self.persistent_connection.is_none()
            && self.voice_enhancement.is_none()
    }
}

/// PhoneConfig fields conflict with their per-channel configurations (CreateUser docs).
pub fn phone_conflicts(phone: Option<&dto::UserPhoneConfig>, per: &PerChannel<'_>) -> Result<(), ApiError> {
    let Some(p) = phone else { return Ok(()) };
    let conflicts = [
        (p.auto_accept.is_some() && per.auto_accept.is_some(), "PhoneConfig.AutoAccept", "AutoAcceptConfigs"),
        (p.after_contact_work_time_limit.is_some() && per.after_contact_work.is_some(), "PhoneConfig.AfterContactWorkTimeLimit", "AfterContactWorkConfigs"),
        ((p.phone_type.is_some() || p.desk_phone_number.is_some()) && per.phone_numbers.is_some(), "PhoneConfig.PhoneType and PhoneConfig.DeskPhoneNumber", "PhoneNumberConfigs"),
        (p.persistent_connection.is_some() && per.persistent_connection.is_some(), "PhoneConfig.PersistentConnection", "PersistentConnectionConfigs"),
    ];
    match conflicts.iter().find(|(hit, ..)| *hit) {
        Some((_, a, b)) => Err(ApiError::invalid_request(format!("{a} cannot be set together with {b}"))),
        None => Ok(()),
    }
}

/// What the per-channel members' documentation says, beyond the model's shapes:
/// - a channel at most once in each list (each entry is *the* setting of its channel);
/// - PhoneNumberConfigs, PersistentConnectionConfigs and VoiceEnhancementConfigs: "Only VOICE
///   is supported for this data type" (PhoneNumberConfig.Channel, PersistentConnectionConfig.Channel,
///   VoiceEnhancementConfig.Channel);
/// - AgentFirstCallbackAutoAccept and AgentFirstCallbackAfterContactWorkConfig: "This setting
///   only applies to the VOICE channel";
/// - a desk phone needs an E.164 number ([`desk_phones`]).
///
/// The ACW range (0 to 2,000,000 seconds) is a documented bound of the model
/// (`switchboard_model::DOCUMENTED_BOUNDS`), checked with the model's constraints.
pub fn per_channel(c: &PerChannel<'_>) -> Result<(), ApiError> {
    once("autoAcceptConfigs", c.auto_accept, |e| e.channel)?;
    once("afterContactWorkConfigs", c.after_contact_work, |e| e.channel)?;
    once("phoneNumberConfigs", c.phone_numbers, |e| e.channel)?;
    once("persistentConnectionConfigs", c.persistent_connection, |e| e.channel)?;
    once("voiceEnhancementConfigs", c.voice_enhancement, |e| e.channel)?;
    voice_only("phoneNumberConfigs", c.phone_numbers, |e| e.channel)?;
    voice_only("persistentConnectionConfigs", c.persistent_connection, |e| e.channel)?;
    voice_only("voiceEnhancementConfigs", c.voice_enhancement, |e| e.channel)?;
    for (i, e) in c.auto_accept.unwrap_or_default().iter().enumerate() {
        if let (Some(v), false) = (e.agent_first_callback_auto_accept, e.channel == Channel::Voice) {
            return Err(callback_not_voice(&format!("autoAcceptConfigs.{}.member.agentFirstCallbackAutoAccept", i + 1), &v.to_string()));
        }
    }
    for (i, e) in c.after_contact_work.unwrap_or_default().iter().enumerate() {
        if let (Some(v), false) = (&e.agent_first_callback_after_contact_work_config, e.channel == Channel::Voice) {
            let rendered = v.after_contact_work_time_limit.map_or("{}".to_string(), |t| format!("{{AfterContactWorkTimeLimit={t}}}"));
            return Err(callback_not_voice(&format!("afterContactWorkConfigs.{}.member.agentFirstCallbackAfterContactWorkConfig", i + 1), &rendered));
        }
    }
    desk_phones(None, c.phone_numbers)
}

fn once<T>(member: &str, items: Option<&[T]>, channel: impl Fn(&T) -> Channel) -> Result<(), ApiError> {
    let items = items.unwrap_or_default();
    for (i, e) in items.iter().enumerate() {
        if items[..i].iter().any(|earlier| channel(earlier) == channel(e)) {
            return Err(ApiError::invalid_parameter(format!("{member} names the channel {} more than once", channel(e).as_str())));
        }
    }
    Ok(())
}

fn voice_only<T>(member: &str, items: Option<&[T]>, channel: impl Fn(&T) -> Channel) -> Result<(), ApiError> {
    match items.unwrap_or_default().iter().enumerate().find(|(_, e)| channel(e) != Channel::Voice) {
        Some((i, e)) => Err(ApiError::constraint(
            &format!("{member}.{}.member.channel", i + 1),
            Some(channel(e).as_str()),
            "Member must be VOICE: only VOICE is supported for this data type",
        )),
        None => Ok(()),
    }
}

fn callback_not_voice(path: &str, value: &str) -> ApiError {
    ApiError::constraint(path, Some(value), "Member can be set only for the VOICE channel: agent-first callback settings apply only to VOICE")
}

/// The most AfterContactWorkTimeLimit can be, in seconds (the documented bound the model
/// carries as `switchboard_model::DOCUMENTED_BOUNDS`).
fn max_after_contact_work() -> i64 {
    switchboard_model::model().shape("AfterContactWorkTimeLimit").max.expect("a documented bound") as i64
}

/// Makes a user's `PhoneConfig` and its VOICE entries one setting, seen two ways.
///
/// `PhoneConfig` is the legacy view of the VOICE channel (UpdateUserConfig "replaces the
/// UpdateUserPhoneConfig API"; CreateUser: PhoneConfig fields "conflict with" their
/// channel-specific parameters), member for member:
///
/// | PhoneConfig | VOICE entry |
/// | --- | --- |
/// | PhoneType, DeskPhoneNumber | PhoneNumberConfigs: PhoneType, PhoneNumber |
/// | AutoAccept | AutoAcceptConfigs: AutoAccept |
/// | AfterContactWorkTimeLimit | AfterContactWorkConfigs: AfterContactWorkConfig.AfterContactWorkTimeLimit |
/// | PersistentConnection | PersistentConnectionConfigs: PersistentConnection |
///
/// A field set in `PhoneConfig` wins over the VOICE entry (so a write path sets the field it
/// changes in `PhoneConfig`, or clears `PhoneConfig` to let the VOICE entries decide); then the
/// VOICE entries are completed with Connect's defaults (SOFT_PHONE without a number, no
/// auto-accept, ACW 0; persistent connection only when set) and `PhoneConfig` is rebuilt
/// from them. Read paths run it too, so users stored by earlier versions (a PhoneConfig
/// with only the fields no per-channel config covered, or one set by UpdateUserPhoneConfig
/// over per-channel entries from CreateUser, which then is the newer setting) read the same
/// way; it is idempotent. It also drops what earlier versions accepted and the documentation
/// rules out: entries of other channels in the VOICE-only lists, a second entry for a
/// channel, and ACW limits above the documented maximum (read as the maximum).
pub fn reconcile_phone(u: &mut dto::User) {
    let p = u.phone_config.take().unwrap_or_default();
    let max = max_after_contact_work();
    let clamp = |t: &mut Option<i64>| {
        if let Some(t) = t {
            *t = (*t).clamp(0, max);
        }
    };
    retain_voice(&mut u.phone_number_configs, |e| e.channel);
    retain_voice(&mut u.persistent_connection_configs, |e| e.channel);
    retain_voice(&mut u.voice_enhancement_configs, |e| e.channel);
    dedupe(&mut u.auto_accept_configs, |e| e.channel);
    dedupe(&mut u.after_contact_work_configs, |e| e.channel);
    for c in u.after_contact_work_configs.iter_mut().flatten() {
        clamp(&mut c.after_contact_work_config.after_contact_work_time_limit);
        if let Some(callback) = c.agent_first_callback_after_contact_work_config.as_mut() {
            clamp(&mut callback.after_contact_work_time_limit);
        }
    }

    let number = voice(&mut u.phone_number_configs, |e| e.channel, || dto::PhoneNumberConfig { channel: Channel::Voice, phone_type: PhoneType::SoftPhone, phone_number: None });
    if p.phone_type.is_some() || p.desk_phone_number.is_some() {
        number.phone_type = p.phone_type.unwrap_or(PhoneType::SoftPhone);
        number.phone_number = p.desk_phone_number;
    }
    let (phone_type, desk_phone_number) = (number.phone_type, number.phone_number.clone());

    let auto = voice(&mut u.auto_accept_configs, |e| e.channel, || dto::AutoAcceptConfig { channel: Channel::Voice, ..Default::default() });
    if let Some(a) = p.auto_accept {
        auto.auto_accept = a;
    }
    let auto_accept = auto.auto_accept;

    let acw = voice(&mut u.after_contact_work_configs, |e| e.channel, || dto::AfterContactWorkConfigPerChannel { channel: Channel::Voice, ..Default::default() });
    let limit = &mut acw.after_contact_work_config.after_contact_work_time_limit;
    if p.after_contact_work_time_limit.is_some() {
        *limit = p.after_contact_work_time_limit;
        clamp(limit);
    }
    let after_contact_work_time_limit = *limit.get_or_insert(0);

    let persistent_connection = match p.persistent_connection {
        Some(on) => {
            voice(&mut u.persistent_connection_configs, |e| e.channel, || dto::PersistentConnectionConfig { channel: Channel::Voice, persistent_connection: on })
                .persistent_connection = on;
            Some(on)
        }
        None => u.persistent_connection_configs.iter().flatten().find(|e| e.channel == Channel::Voice).map(|e| e.persistent_connection),
    };
    u.phone_config = Some(dto::UserPhoneConfig {
        phone_type: Some(phone_type),
        desk_phone_number,
        auto_accept: Some(auto_accept),
        after_contact_work_time_limit: Some(after_contact_work_time_limit),
        persistent_connection,
    });
}

/// The VOICE entry of a per-channel list, made (first in the list) if there is none.
fn voice<T>(list: &mut Option<Vec<T>>, channel: impl Fn(&T) -> Channel, new: impl FnOnce() -> T) -> &mut T {
    let list = list.get_or_insert_with(Vec::new);
    let i = match list.iter().position(|e| channel(e) == Channel::Voice) {
        Some(i) => i,
        None => {
            list.insert(0, new());
            0
        }
    };
    &mut list[i]
}

/// Keeps the first entry of each channel.
fn dedupe<T>(list: &mut Option<Vec<T>>, channel: impl Fn(&T) -> Channel) {
    if let Some(items) = list {
        let mut seen = Vec::new();
        items.retain(|e| {
            let first = !seen.contains(&channel(e));
            seen.push(channel(e));
            first
        });
    }
}

/// Keeps the first VOICE entry only; no list when none is left.
fn retain_voice<T>(list: &mut Option<Vec<T>>, channel: impl Fn(&T) -> Channel + Copy) {
    dedupe(list, channel);
    if let Some(items) = list {
        items.retain(|e| channel(e) == Channel::Voice);
        if items.is_empty() {
            *list = None;
        }
    }
}

/// [`reconcile_phone`] on a stored user body: only the phone members are rewritten, every
/// other member is left as it is.
pub fn reconcile_user_body(body: &mut serde_json::Value) {
    let Ok(mut user) = serde_json::from_value::<dto::User>(body.clone()) else { return };
    reconcile_phone(&mut user);
    let (Some(obj), serde_json::Value::Object(new)) = (body.as_object_mut(), serde_json::to_value(&user).expect("model types serialize")) else { return };
    for member in PHONE_MEMBERS {
        match new.get(*member) {
            Some(v) => obj.insert(member.to_string(), v.clone()),
            None => obj.remove(*member),
        };
    }
}

/// The members of a user [`reconcile_phone`] reads and writes.
const PHONE_MEMBERS: &[&str] =
    &["PhoneConfig", "AutoAcceptConfigs", "AfterContactWorkConfigs", "PhoneNumberConfigs", "PersistentConnectionConfigs", "VoiceEnhancementConfigs"];

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
        let aa = vec![dto::AutoAcceptConfig { channel: Channel::Voice, auto_accept: true, ..Default::default() }];
        let per = PerChannel { auto_accept: Some(&aa), ..Default::default() };
        assert_eq!(phone_conflicts(Some(&p), &per).unwrap_err().code, "InvalidRequestException");
        assert!(phone_conflicts(Some(&p), &PerChannel::default()).is_ok());
        assert!(phone_conflicts(None, &per).is_ok());
    }

    #[test]
    fn per_channel_rules_from_the_documentation() {
        let number = |channel| dto::PhoneNumberConfig { channel, phone_type: PhoneType::SoftPhone, phone_number: None };
        let chat = [number(Channel::Chat)];
        let err = per_channel(&PerChannel { phone_numbers: Some(&chat), ..Default::default() }).unwrap_err();
        assert_eq!(err.code, "InvalidParameterException");
        assert!(err.message.contains("'CHAT' at 'phoneNumberConfigs.1.member.channel'"), "{}", err.message);
        let twice = [dto::AutoAcceptConfig { channel: Channel::Chat, ..Default::default() }, dto::AutoAcceptConfig { channel: Channel::Chat, ..Default::default() }];
        assert!(per_channel(&PerChannel { auto_accept: Some(&twice), ..Default::default() }).unwrap_err().message.contains("CHAT more than once"));
        let callback = [dto::AutoAcceptConfig { channel: Channel::Task, agent_first_callback_auto_accept: Some(true), ..Default::default() }];
        assert!(per_channel(&PerChannel { auto_accept: Some(&callback), ..Default::default() }).is_err());
        let desk = [dto::PhoneNumberConfig { phone_type: PhoneType::DeskPhone, ..number(Channel::Voice) }];
        assert!(per_channel(&PerChannel { phone_numbers: Some(&desk), ..Default::default() }).is_err());
        let voice = [number(Channel::Voice)];
        assert!(per_channel(&PerChannel { phone_numbers: Some(&voice), auto_accept: Some(&twice[..1]), ..Default::default() }).is_ok());
    }

    fn voice_view(u: &dto::User) -> (PhoneType, Option<String>, bool, i64, Option<bool>) {
        let v = |c: Channel| c == Channel::Voice;
        let n = u.phone_number_configs.iter().flatten().find(|e| v(e.channel)).unwrap();
        let a = u.auto_accept_configs.iter().flatten().find(|e| v(e.channel)).unwrap();
        let w = u.after_contact_work_configs.iter().flatten().find(|e| v(e.channel)).unwrap();
        let p = u.persistent_connection_configs.iter().flatten().find(|e| v(e.channel)).map(|e| e.persistent_connection);
        (n.phone_type, n.phone_number.clone(), a.auto_accept, w.after_contact_work_config.after_contact_work_time_limit.unwrap(), p)
    }

    fn phone_view(u: &dto::User) -> (PhoneType, Option<String>, bool, i64, Option<bool>) {
        let p = u.phone_config.as_ref().unwrap();
        (p.phone_type.unwrap(), p.desk_phone_number.clone(), p.auto_accept.unwrap(), p.after_contact_work_time_limit.unwrap(), p.persistent_connection)
    }

    #[test]
    fn phone_config_and_voice_entries_agree_whichever_was_stored() {
        // Only per-channel settings (what CreateUser stores without PhoneConfig).
        let mut u = dto::User {
            auto_accept_configs: Some(vec![dto::AutoAcceptConfig { channel: Channel::Chat, auto_accept: true, ..Default::default() }]),
            after_contact_work_configs: Some(vec![dto::AfterContactWorkConfigPerChannel {
                channel: Channel::Voice,
                after_contact_work_config: dto::AfterContactWorkConfig { after_contact_work_time_limit: Some(45) },
                ..Default::default()
            }]),
            phone_number_configs: Some(vec![dto::PhoneNumberConfig { channel: Channel::Voice, phone_type: PhoneType::DeskPhone, phone_number: Some("+14155550123".into()) }]),
            ..Default::default()
        };
        reconcile_phone(&mut u);
        assert_eq!(phone_view(&u), (PhoneType::DeskPhone, Some("+14155550123".into()), false, 45, None));
        assert_eq!(phone_view(&u), voice_view(&u));
        assert_eq!(u.auto_accept_configs.as_ref().unwrap().len(), 2, "CHAT kept, VOICE added");
        let once = u.clone();
        reconcile_phone(&mut u);
        assert_eq!(u, once, "idempotent");

        // An earlier version's record: PhoneConfig set by UpdateUserPhoneConfig over per-channel
        // entries from CreateUser (the PhoneConfig is the newer setting), an out-of-range ACW,
        // and a CHAT entry in a VOICE-only list.
        let mut old = dto::User {
            phone_config: Some(dto::UserPhoneConfig { phone_type: Some(PhoneType::SoftPhone), auto_accept: Some(true), after_contact_work_time_limit: Some(3_000_000), ..Default::default() }),
            auto_accept_configs: Some(vec![dto::AutoAcceptConfig { channel: Channel::Voice, auto_accept: false, ..Default::default() }]),
            phone_number_configs: Some(vec![
                dto::PhoneNumberConfig { channel: Channel::Chat, phone_type: PhoneType::SoftPhone, phone_number: None },
                dto::PhoneNumberConfig { channel: Channel::Voice, phone_type: PhoneType::DeskPhone, phone_number: Some("+14155550123".into()) },
            ]),
            persistent_connection_configs: Some(vec![dto::PersistentConnectionConfig { channel: Channel::Voice, persistent_connection: true }]),
            ..Default::default()
        };
        reconcile_phone(&mut old);
        assert_eq!(phone_view(&old), (PhoneType::SoftPhone, None, true, 2_000_000, Some(true)));
        assert_eq!(phone_view(&old), voice_view(&old));
        assert_eq!(old.phone_number_configs.as_ref().unwrap().len(), 1);

        // Nothing at all: Connect's defaults, in both views.
        let mut bare = dto::User::default();
        reconcile_phone(&mut bare);
        assert_eq!(phone_view(&bare), (PhoneType::SoftPhone, None, false, 0, None));
        assert_eq!(phone_view(&bare), voice_view(&bare));
    }
}
