//! Option and command names: botocore's `xform_name`, so that every operation and member of
//! the model gets the name the AWS CLI gives it (`CreateUser` → `create-user`,
//! `InstanceId` → `instance-id`, `resourceArn` → `resource-arn`, `SecurityProfileARNs` →
//! `security-profile-arns`).
use fancy_regex::Regex;
use std::sync::OnceLock;

fn regexes() -> &'static (Regex, Regex, Regex) {
    static R: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        (
            Regex::new(r"[A-Z]{2,}s$").unwrap(),
            Regex::new(r"(.)([A-Z][a-z]+)").unwrap(),
            Regex::new(r"([a-z0-9])([A-Z])").unwrap(),
        )
    })
}

pub fn xform_name(name: &str, sep: &str) -> String {
    if name.contains(sep) {
        return name.to_string();
    }
    let (special, first_cap, end_cap) = regexes();
    let mut name = name.to_string();
    if let Ok(Some(m)) = special.find(&name) {
        // ARNs, ACLs → _arns, _acls (one word, not A_R_Ns).
        let matched = m.as_str().to_string();
        name = format!("{}{sep}{}", &name[..name.len() - matched.len()], matched.to_lowercase());
    }
    let s1 = first_cap.replace_all(&name, format!("${{1}}{sep}${{2}}").as_str()).into_owned();
    end_cap.replace_all(&s1, format!("${{1}}{sep}${{2}}").as_str()).to_lowercase()
}

/// `CreateUser` → `create-user`.
pub fn kebab(name: &str) -> String {
    xform_name(name, "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_botocore() {
        for (name, want) in [
            ("CreateUser", "create-user"),
            ("InstanceId", "instance-id"),
            ("resourceArn", "resource-arn"),
            ("SecurityProfileIds", "security-profile-ids"),
            ("ListUsers", "list-users"),
            ("GetMetricDataV2", "get-metric-data-v2"),
            ("SecurityProfileARNs", "security-profile-arns"),
            ("DescribeInstanceAttribute", "describe-instance-attribute"),
            ("AfterContactWorkTimeLimit", "after-contact-work-time-limit"),
            ("ListPhoneNumbersV2", "list-phone-numbers-v2"),
            ("tagKeys", "tag-keys"),
        ] {
            assert_eq!(kebab(name), want, "{name}");
        }
    }

    #[test]
    fn every_command_name_in_the_model_is_the_aws_clis() {
        // A few names the AWS CLI lists for `aws connect` (awscli 1.45.11).
        let names: Vec<String> = switchboard_model::model().operations.keys().map(|n| kebab(n)).collect();
        for want in ["associate-traffic-distribution-group-user", "list-realtime-contact-analysis-segments-v2", "update-routing-profile-agent-availability-timer", "get-metric-data-v2"] {
            assert!(names.iter().any(|n| n == want), "{want}");
        }
    }
}
