//! Strict mode (`serve --credentials FILE`): only the file's keys get in, every signature is
//! verified, and each key acts in its own account.
use aws_sdk_connect::operation::describe_instance::DescribeInstanceError;
use switchboard_sdk_rust_tests::{
    all_instances, expect_common_error, expect_error, random_account, write_credentials, ClientOptions, Instance, Server,
    REGION,
};

#[tokio::test]
async fn strict_mode_right_key_wrong_secret_unknown_key() {
    let dir = tempfile::tempdir().unwrap();
    let (account_a, account_b) = (random_account(), random_account());
    let creds = write_credentials(
        dir.path(),
        &[
            ("team-a", "AKIDSTRICTTEAMA", "team-a-secret-0123456789", &account_a),
            ("team-b", "AKIDSTRICTTEAMB", "team-b-secret-9876543210", &account_b),
        ],
    );
    let server = Server::start(&["--credentials", creds.to_str().unwrap()]).await;
    let key = |access_key, secret_key| ClientOptions { access_key: Some(access_key), secret_key: Some(secret_key), ..Default::default() };

    // The right key gets in and acts in its own account.
    let a = server.client_with(key("AKIDSTRICTTEAMA", "team-a-secret-0123456789")).await;
    let inst = Instance::create(&a).await;
    assert_eq!(inst.arn, format!("arn:aws:connect:{REGION}:{account_a}:instance/{}", inst.id));
    let listed: Vec<_> = all_instances(&a).await.into_iter().map(|i| i.id.unwrap()).collect();
    assert_eq!(listed, [inst.id.clone()]);

    // The other key, the other account: nothing of team-a's is visible.
    let b = server.client_with(key("AKIDSTRICTTEAMB", "team-b-secret-9876543210")).await;
    expect_error!(b.describe_instance().instance_id(&inst.id).send(), DescribeInstanceError::ResourceNotFoundException);
    assert!(all_instances(&b).await.is_empty());

    // A wrong secret, an unknown key.
    let wrong = server.client_with(key("AKIDSTRICTTEAMA", "not-the-secret")).await;
    expect_common_error!(wrong.list_instances().send(), "InvalidSignatureException", 403);
    let stranger = server.client_with(key("AKIDNOBODYKNOWS", "whatever")).await;
    expect_common_error!(stranger.list_instances().send(), "UnrecognizedClientException", 403);
    server.stop().await;
}
