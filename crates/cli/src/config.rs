//! Credentials, region and endpoint, resolved the way every AWS tool resolves them:
//! command line, then environment, then the shared config and credentials files (INI).
//!
//! * profile: `--profile`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `default`;
//! * credentials: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN` (not when a
//!   profile is named with `--profile`, as botocore does), then the profile in
//!   `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`), then in `AWS_CONFIG_FILE`
//!   (`~/.aws/config`, sections `[default]` and `[profile NAME]`);
//! * region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
//! * endpoint: `--endpoint-url`, `AWS_ENDPOINT_URL_CONNECT`, `AWS_ENDPOINT_URL`, the profile's
//!   `endpoint_url`, else Amazon Connect's regional endpoint;
//! * retries: `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, else 3 (standard mode);
//! * output format: the profile's `output` (the command line and `AWS_DEFAULT_OUTPUT` first).
use crate::error::CliError;
use ini::Ini;
use std::path::PathBuf;
use switchboard_sigv4::Credentials;

#[derive(Debug, Clone)]
pub struct Settings {
    pub credentials: Credentials,
    pub region: String,
    pub endpoint: String,
    pub max_attempts: u32,
    /// The profile's `output` (json, text or table), if any.
    pub output: Option<String>,
}

/// The inputs of resolution, so tests can give them without touching the process.
pub struct Sources<'a> {
    pub profile: Option<&'a str>,
    pub region: Option<&'a str>,
    pub endpoint_url: Option<&'a str>,
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default()
}

fn load(path: PathBuf) -> Result<Option<Ini>, CliError> {
    if !path.exists() {
        return Ok(None);
    }
    Ini::load_from_file(&path).map(Some).map_err(|e| CliError::other(format!("Unable to parse config file: {}: {e}", path.display())))
}

/// One profile's keys from the config file and the credentials file.
struct Profile {
    config: Option<Ini>,
    credentials: Option<Ini>,
    name: String,
}

impl Profile {
    fn config_value(&self, key: &str) -> Option<String> {
        let ini = self.config.as_ref()?;
        let section = if self.name == "default" { "default".to_string() } else { format!("profile {}", self.name) };
        ini.section(Some(section.as_str())).or_else(|| ini.section(Some(self.name.as_str()))).and_then(|s| s.get(key)).map(|v| v.trim().to_string())
    }

    fn credentials_value(&self, key: &str) -> Option<String> {
        self.credentials.as_ref()?.section(Some(self.name.as_str()))?.get(key).map(|v| v.trim().to_string())
    }

    fn exists(&self) -> bool {
        let in_config = self.config.as_ref().is_some_and(|c| {
            c.section(Some(if self.name == "default" { "default".to_string() } else { format!("profile {}", self.name) })).is_some()
                || c.section(Some(self.name.as_str())).is_some()
        });
        in_config || self.credentials.as_ref().is_some_and(|c| c.section(Some(self.name.as_str())).is_some())
    }
}

pub fn resolve(src: &Sources<'_>) -> Result<Settings, CliError> {
    let env = |k: &str| (src.env)(k).filter(|v| !v.is_empty());
    let explicit_profile = src.profile.map(str::to_string);
    let name = explicit_profile.clone().or_else(|| env("AWS_PROFILE")).or_else(|| env("AWS_DEFAULT_PROFILE")).unwrap_or_else(|| "default".into());
    let config_path = env("AWS_CONFIG_FILE").map(PathBuf::from).unwrap_or_else(|| home().join(".aws/config"));
    let creds_path = env("AWS_SHARED_CREDENTIALS_FILE").map(PathBuf::from).unwrap_or_else(|| home().join(".aws/credentials"));
    let profile = Profile { config: load(config_path)?, credentials: load(creds_path)?, name: name.clone() };
    if name != "default" && !profile.exists() {
        return Err(CliError::other(format!("The config profile ({name}) could not be found")));
    }
    let from_env = match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(a), Some(s)) if explicit_profile.is_none() => Some(Credentials { access_key: a, secret_key: s, session_token: env("AWS_SESSION_TOKEN") }),
        _ => None,
    };
    let from_file = |get: &dyn Fn(&str) -> Option<String>| match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(a), Some(s)) => Some(Credentials { access_key: a, secret_key: s, session_token: get("aws_session_token") }),
        _ => None,
    };
    let credentials = from_env
        .or_else(|| from_file(&|k| profile.credentials_value(k)))
        .or_else(|| from_file(&|k| profile.config_value(k)))
        .ok_or_else(|| CliError::other("Unable to locate credentials. You can configure credentials by running \"aws configure\"."))?;
    let region = src
        .region
        .map(str::to_string)
        .or_else(|| env("AWS_REGION"))
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .or_else(|| profile.config_value("region"))
        .ok_or_else(|| CliError::other("You must specify a region. You can also configure your region by running \"aws configure\"."))?;
    let endpoint = src
        .endpoint_url
        .map(str::to_string)
        .or_else(|| env("AWS_ENDPOINT_URL_CONNECT"))
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .or_else(|| profile.config_value("endpoint_url"))
        .unwrap_or_else(|| format!("https://connect.{region}.amazonaws.com"));
    let max_attempts = env("AWS_MAX_ATTEMPTS").or_else(|| profile.config_value("max_attempts")).and_then(|v| v.parse().ok()).filter(|n| *n >= 1).unwrap_or(3);
    let output = profile.config_value("output");
    Ok(Settings { credentials, region, endpoint: endpoint.trim_end_matches('/').to_string(), max_attempts, output })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("sbcfg-{}-{}", std::process::id(), uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn settings(env: &HashMap<&str, String>, profile: Option<&str>) -> Result<Settings, CliError> {
        let get = |k: &str| env.get(k).cloned();
        resolve(&Sources { profile, region: None, endpoint_url: None, env: &get })
    }

    #[test]
    fn environment_then_profiles() {
        let d = dir();
        std::fs::write(d.join("credentials"), "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n[dev]\naws_access_key_id=DEVKEY\naws_secret_access_key=devsecret\naws_session_token=tok\n").unwrap();
        std::fs::write(d.join("config"), "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\nendpoint_url = http://127.0.0.1:9999\n").unwrap();
        let mut env: HashMap<&str, String> = HashMap::new();
        env.insert("AWS_CONFIG_FILE", d.join("config").display().to_string());
        env.insert("AWS_SHARED_CREDENTIALS_FILE", d.join("credentials").display().to_string());
        let s = settings(&env, None).unwrap();
        assert_eq!((s.credentials.access_key.as_str(), s.region.as_str()), ("FILEKEY", "eu-west-1"));
        assert_eq!(s.endpoint, "https://connect.eu-west-1.amazonaws.com");
        env.insert("AWS_ACCESS_KEY_ID", "ENVKEY".into());
        env.insert("AWS_SECRET_ACCESS_KEY", "envsecret".into());
        env.insert("AWS_DEFAULT_REGION", "us-west-2".into());
        let s = settings(&env, None).unwrap();
        assert_eq!((s.credentials.access_key.as_str(), s.region.as_str()), ("ENVKEY", "us-west-2"));
        env.insert("AWS_REGION", "us-east-2".into());
        assert_eq!(settings(&env, None).unwrap().region, "us-east-2");
        // --profile beats the environment's keys; AWS_REGION still beats the profile.
        let s = settings(&env, Some("dev")).unwrap();
        assert_eq!(s.credentials, Credentials { access_key: "DEVKEY".into(), secret_key: "devsecret".into(), session_token: Some("tok".into()) });
        assert_eq!(s.endpoint, "http://127.0.0.1:9999");
        env.insert("AWS_ENDPOINT_URL", "http://global:1".into());
        assert_eq!(settings(&env, Some("dev")).unwrap().endpoint, "http://global:1");
        env.insert("AWS_ENDPOINT_URL_CONNECT", "http://connect:2/".into());
        assert_eq!(settings(&env, Some("dev")).unwrap().endpoint, "http://connect:2");
        assert!(settings(&env, Some("nope")).unwrap_err().to_string().contains("(nope) could not be found"));
    }

    #[test]
    fn missing_credentials_and_region_are_reported() {
        let d = dir();
        let mut env: HashMap<&str, String> = HashMap::new();
        env.insert("AWS_CONFIG_FILE", d.join("none").display().to_string());
        env.insert("AWS_SHARED_CREDENTIALS_FILE", d.join("none2").display().to_string());
        assert!(settings(&env, None).unwrap_err().to_string().starts_with("Unable to locate credentials"));
        env.insert("AWS_ACCESS_KEY_ID", "A".into());
        env.insert("AWS_SECRET_ACCESS_KEY", "B".into());
        assert!(settings(&env, None).unwrap_err().to_string().starts_with("You must specify a region"));
    }
}
