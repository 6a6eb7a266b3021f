"""The web console in a real headless Chromium: what a person does with it, checked in the
browser and, for what it changes, through boto3."""
from __future__ import annotations

import uuid

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import kit, screenshot

PASSWORD = kit.PASSWORD
REDACTED = "*** Sensitive Data Redacted ***"


def wait(driver, condition, timeout: float = 15):
    return WebDriverWait(driver, timeout).until(condition)


def fill(driver, name: str, value: str) -> None:
    box = driver.find_element(By.NAME, name)
    box.clear()
    box.send_keys(value)


def check_profile(driver, label: str) -> None:
    driver.find_element(By.XPATH, f"//label[contains(@class,'check')][normalize-space()='{label}']/input").click()


def usernames(client, instance_id: str) -> set[str]:
    return {u["Username"] for u in kit.list_users(client, instance_id)}


def fill_create_form(driver, username: str, password: str) -> None:
    fill(driver, "username", username)
    fill(driver, "password", password)
    fill(driver, "identityInfo.firstName", "Ada")
    fill(driver, "identityInfo.lastName", "Lovelace")
    fill(driver, "identityInfo.email", f"{username}@example.com")
    check_profile(driver, "Agent")


def test_a_user_created_through_the_form_is_in_the_table_and_in_boto3(page, server, connect):
    inst = kit.new_instance(connect)
    page.get(f"{server.endpoint}/console/instances/{inst.id}/users/new")
    username = kit.unique_username("web")
    fill_create_form(page, username, PASSWORD)
    page.find_element(By.CSS_SELECTOR, "#create-user button[type=submit]").click()
    wait(page, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "User created"))
    assert PASSWORD not in page.page_source
    screenshot(page, "user")

    page.get(f"{server.endpoint}/console/instances/{inst.id}/users")
    table = page.find_element(By.ID, "users").text
    assert username in table and "Lovelace" in table and "Basic Routing Profile" in table
    screenshot(page, "users")

    users = {u["Username"]: u for u in kit.list_users(connect, inst.id)}
    assert username in users
    user = connect.describe_user(InstanceId=inst.id, UserId=users[username]["Id"])["User"]
    assert user["IdentityInfo"]["FirstName"] == "Ada"
    assert user["SecurityProfileIds"] == [inst.security_profiles["Agent"]]

    # The search box: by username prefix, and by name.
    page.get(f"{server.endpoint}/console/instances/{inst.id}/users?q={username[:6]}")
    assert username in page.find_element(By.ID, "users").text
    page.get(f"{server.endpoint}/console/instances/{inst.id}/users?q=nobody-has-this-name")
    assert username not in page.find_element(By.ID, "users").text


def test_a_bad_password_is_shown_next_to_its_field_and_nothing_is_created(page, server, connect):
    inst = kit.new_instance(connect)
    page.get(f"{server.endpoint}/console/instances/{inst.id}/users/new")
    username = kit.unique_username("bad")
    fill_create_form(page, username, "short")
    page.find_element(By.CSS_SELECTOR, "#create-user button[type=submit]").click()
    error = wait(page, EC.presence_of_element_located((By.CSS_SELECTOR, ".field[data-field=password] .field-error")))
    # The API's own answer: its code and its message, next to the password field.
    with kit.expect_error("InvalidParameterException") as api:
        server.client(validate=False).create_user(**kit.user_request(inst, Username=kit.unique_username("api"), Password="short"))
    assert "InvalidParameterException" in error.text and api.message in error.text, (error.text, api.message)
    assert page.find_elements(By.CSS_SELECTOR, ".field[data-field=username] .field-error") == []
    # What was typed is kept (the password is not sent back).
    assert page.find_element(By.NAME, "username").get_attribute("value") == username
    assert page.find_element(By.NAME, "password").get_attribute("value") == ""
    screenshot(page, "create-error")
    assert username not in usernames(connect, inst.id)


def test_a_boto3_call_is_in_the_request_log_with_its_password_redacted(page, server, connect):
    inst = kit.new_instance(connect)
    username = kit.unique_username("log")
    created = kit.create_user(connect, inst, Username=username, Password=PASSWORD)

    page.get(f"{server.endpoint}/console/requests?operation=CreateUser")
    rows = page.find_elements(By.CSS_SELECTOR, "#requests tbody tr")
    assert rows and all("CreateUser" in r.text for r in rows)
    screenshot(page, "requests")
    # Newest first: ours is the first row; its page shows the bodies, redacted.
    page.find_element(By.CSS_SELECTOR, "#requests tbody tr a").click()
    request_body = wait(page, EC.presence_of_element_located((By.ID, "request-body"))).text
    assert username in request_body and REDACTED in request_body
    assert PASSWORD not in page.page_source
    assert created["UserId"] in page.find_element(By.ID, "response-body").text

    # The list updates live: a call made while the page is open shows up in it.
    page.get(f"{server.endpoint}/console/requests")
    connect.describe_user(InstanceId=inst.id, UserId=created["UserId"])
    wait(page, lambda d: any("DescribeUser" in r.text for r in d.find_elements(By.CSS_SELECTOR, "#requests tbody tr")))

    # Filtered by key: boto3's calls, not the console's own.
    page.get(f"{server.endpoint}/console/requests?key={kit.ACCESS_KEY}")
    rows = page.find_elements(By.CSS_SELECTOR, "#requests tbody tr")
    assert rows and all(kit.ACCESS_KEY in r.text and " console" not in r.text for r in rows)

    # Filtered by status.
    page.get(f"{server.endpoint}/console/requests?status=4xx")
    assert all(" 200 " not in f" {r.text} " for r in page.find_elements(By.CSS_SELECTOR, "#requests tbody tr"))


def test_the_instance_overview_counts_what_it_holds(page, server, connect):
    inst = kit.new_instance(connect)
    kit.create_user(connect, inst)
    page.get(f"{server.endpoint}/console/instances")
    assert inst.id in page.find_element(By.CSS_SELECTOR, "table.list").text
    page.find_element(By.LINK_TEXT, inst.id).click()
    count = lambda label: page.find_element(By.CSS_SELECTOR, f"[data-count='{label}']").text
    wait(page, EC.presence_of_element_located((By.CSS_SELECTOR, ".counts")))
    assert count("Users") == "1"
    assert count("Security profiles") == "4"
    assert count("Queues") == str(len(connect.list_queues(InstanceId=inst.id, QueueTypes=["STANDARD", "AGENT"])["QueueSummaryList"]))
    assert "CONNECT_MANAGED" in page.find_element(By.CSS_SELECTOR, ".lead").text
    screenshot(page, "instance")
    # The routing profile's page lists its queues.
    page.get(f"{server.endpoint}/console/instances/{inst.id}/resources/routing-profiles")
    page.find_element(By.LINK_TEXT, "Basic Routing Profile").click()
    wait(page, EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "BasicQueue"))


def test_editing_and_deleting_a_user(page, server, connect):
    inst = kit.new_instance(connect)
    created = kit.create_user(connect, inst)
    base = f"{server.endpoint}/console/instances/{inst.id}/users/{created['UserId']}"
    page.get(base)
    fill(page, "identityInfo.lastName", "Hopper")
    page.find_element(By.CSS_SELECTOR, "#edit-identity button").click()
    wait(page, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".notice"), "Saved"))
    assert connect.describe_user(InstanceId=inst.id, UserId=created["UserId"])["User"]["IdentityInfo"]["LastName"] == "Hopper"
    # A desk phone without its number: the API's error, next to the number's field.
    page.find_element(By.CSS_SELECTOR, "#edit-phone select[name='phoneConfig.phoneType'] option[value=DESK_PHONE]").click()
    page.find_element(By.CSS_SELECTOR, "#edit-phone button").click()
    wait(page, EC.presence_of_element_located((By.CSS_SELECTOR, "#edit-phone .field-error")))
    assert connect.describe_user(InstanceId=inst.id, UserId=created["UserId"])["User"]["PhoneConfig"]["PhoneType"] == "SOFT_PHONE"
    # Delete, after the confirmation page.
    page.get(base)
    page.find_element(By.PARTIAL_LINK_TEXT, "Delete").click()
    wait(page, EC.presence_of_element_located((By.CSS_SELECTOR, "#confirm-delete button"))).click()
    wait(page, EC.presence_of_element_located((By.ID, "users")))
    assert created["UserId"] not in {u["Id"] for u in kit.list_users(connect, inst.id)}


def test_a_post_without_its_csrf_token_is_refused(page, server, connect):
    inst = kit.new_instance(connect)
    page.get(f"{server.endpoint}/console/instances/{inst.id}/users/new")
    username = kit.unique_username("csrf")
    fill_create_form(page, username, PASSWORD)
    page.execute_script("document.querySelector('#create-user input[name=csrf]').remove()")
    page.find_element(By.CSS_SELECTOR, "#create-user button[type=submit]").click()
    wait(page, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "CSRF token"))
    # A forged token is refused too, and the session cookie alone is not enough.
    cookie = page.get_cookie("sb_console")
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict"
    r = server.http("POST", f"/console/instances/{inst.id}/users", auth=None,
                    body=f"csrf=forged&username={username}&password={PASSWORD}",
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "Cookie": f"sb_console={cookie['value']}"})
    assert r.status == 403
    assert username not in usernames(connect, inst.id)


@pytest.fixture
def strict(spawn_server, tmp_path):
    accounts = {name: (f"AKID{name.upper()}{uuid.uuid4().hex[:8].upper()}", f"secret-{uuid.uuid4().hex}", kit.random_account())
                for name in ("a", "b", "c")}
    creds = kit.write_credentials(tmp_path / "credentials", accounts)
    srv = spawn_server(args=["--credentials", str(creds)])
    return srv, accounts


def sign_in(driver, srv, key: str, secret: str) -> None:
    driver.get(f"{srv.endpoint}/console/signin")
    fill(driver, "access_key", key)
    fill(driver, "secret", secret)
    # The answer is a new document: wait for it (a script variable of the old one is gone).
    driver.execute_script("window.__signingIn = true")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !window.__signingIn"))


def test_strict_mode_signs_in_and_keeps_accounts_apart(page, strict):
    srv, accounts = strict
    (key_a, secret_a, account_a), (key_b, secret_b, _) = accounts["a"], accounts["b"]
    client_a = srv.client(access_key=key_a, secret_key=secret_a)
    inst_a = kit.new_instance(client_a)
    username = kit.unique_username("alice")
    kit.create_user(client_a, inst_a, Username=username)

    # Signed out, every page is the sign-in page, with none of the data.
    for path in ("/console/instances", f"/console/instances/{inst_a.id}/users", "/console/requests"):
        page.get(srv.endpoint + path)
        assert page.current_url.endswith("/console/signin"), page.current_url
        assert inst_a.id not in page.page_source and username not in page.page_source
    r = srv.http("GET", "/console/requests.json", auth=None)
    assert r.status == 401 and username.encode() not in r.body

    sign_in(page, srv, key_a, "wrong secret")
    assert "wrong" in page.find_element(By.CSS_SELECTOR, ".error").text

    # Account B sees none of A's instance, users or requests.
    sign_in(page, srv, key_b, secret_b)
    wait(page, EC.url_contains("/console/instances"))
    assert inst_a.id not in page.page_source
    page.get(f"{srv.endpoint}/console/instances/{inst_a.id}/users")
    assert "ResourceNotFoundException" in page.page_source and username not in page.page_source
    page.get(f"{srv.endpoint}/console/requests")
    assert key_a not in page.find_element(By.ID, "requests").text

    # A signs in and sees them.
    page.find_element(By.CSS_SELECTOR, "header form button").click()
    wait(page, EC.url_contains("/console/signin"))
    sign_in(page, srv, key_a, secret_a)
    wait(page, EC.url_contains("/console/instances"))
    assert inst_a.id in page.page_source and account_a in page.find_element(By.CSS_SELECTOR, "header").text
    page.get(f"{srv.endpoint}/console/instances/{inst_a.id}/users")
    assert username in page.find_element(By.ID, "users").text
    cookie = page.get_cookie("sb_console")
    assert cookie["httpOnly"] and cookie.get("sameSite") == "Strict"


def test_failed_sign_ins_are_throttled(page, strict):
    srv, accounts = strict
    key, secret, _ = accounts["c"]
    for _ in range(5):
        sign_in(page, srv, key, "wrong")
        assert "wrong" in page.find_element(By.CSS_SELECTOR, ".error").text
    # Past five failures even the right secret waits its turn.
    sign_in(page, srv, key, secret)
    assert "Too many failed sign-ins" in page.find_element(By.CSS_SELECTOR, ".error").text
    assert "/console/signin" in page.current_url


def test_the_console_can_be_turned_off(spawn_server):
    for srv in (spawn_server(args=["--no-console"]), spawn_server(env={"SWITCHBOARD_NO_CONSOLE": "true"})):
        r = srv.http("GET", "/console/instances", auth=None)
        assert r.status != 200 and b"<html" not in r.body, r
        # The API and the metrics are still there.
        assert srv.http("GET", "/metrics", auth=None).status == 200
        srv.client().list_instances()
