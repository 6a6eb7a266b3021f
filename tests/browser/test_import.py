"""The console's Import page in a real headless Chromium: a CSV in the import-users format,
its dry run, the import, the summary and the report, checked in the browser and through boto3."""
from __future__ import annotations

import csv
import io

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import kit, screenshot

PASSWORD = kit.PASSWORD


def wait(driver, condition, timeout: float = 30):
    return WebDriverWait(driver, timeout).until(condition)


def usernames(client, instance_id: str) -> set[str]:
    return {u["Username"] for u in kit.list_users(client, instance_id)}


def fetch_text(driver, url: str) -> tuple[int, str, str]:
    """GET with the browser's own session: status, Content-Disposition, body."""
    return tuple(driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
           fetch(arguments[0], {credentials: 'same-origin'})
             .then(async r => done([r.status, r.headers.get('content-disposition') || '', await r.text()]))
             .catch(e => done([0, '', String(e)]));""", url))


def test_a_csv_import_with_one_bad_row(page, server, connect, tmp_path):
    inst = kit.new_instance(connect)
    good = [kit.unique_username("imp") for _ in range(3)]
    bad = kit.unique_username("bad")
    path = tmp_path / "agents.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["username", "password", "first_name", "last_name", "routing_profile", "security_profiles", "tags"])
        w.writerow([good[0], PASSWORD, "Ada", "Lovelace", "Basic Routing Profile", "Agent", "team=blue"])
        w.writerow([good[1], PASSWORD, "Grace", "Hopper", "Basic Routing Profile", "Agent|CallCenterManager", ""])
        w.writerow([bad, PASSWORD, "Alan", "Turing", "Basic Routing Profile", "Agent|NoSuchProfile", ""])
        w.writerow([good[2], PASSWORD, "Edsger", "Dijkstra", "Basic Routing Profile", "Agent", ""])

    page.get(f"{server.endpoint}/console/instances/{inst.id}/import")
    page.find_element(By.ID, "file").send_keys(str(path))
    page.find_element(By.CSS_SELECTOR, "#import-upload button[type=submit]").click()

    # The dry run: every row's result, the bad row's error; nothing created.
    table = wait(page, EC.presence_of_element_located((By.ID, "import-rows")))
    rows = {r.get_attribute("data-row"): r for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert sorted(rows) == ["2", "3", "4", "5"]
    assert "security profile 'NoSuchProfile' does not exist" in rows["4"].text and bad in rows["4"].text
    assert "failed" in rows["4"].get_attribute("class")
    for line, name in (("2", good[0]), ("3", good[1]), ("5", good[2])):
        assert name in rows[line].text and "valid" in rows[line].text
    assert page.find_element(By.CSS_SELECTOR, "#to-create .n").text == "3"
    assert page.find_element(By.CSS_SELECTOR, "#invalid .n").text == "1"
    assert "nothing was sent" in page.find_element(By.ID, "dry-run").text
    assert PASSWORD not in page.page_source
    screenshot(page, "import-dry-run")
    assert usernames(connect, inst.id) == set()

    # The import: progress, then the CLI's summary and the report of the failed row.
    page.find_element(By.CSS_SELECTOR, "#import-start button").click()
    summary = wait(page, EC.presence_of_element_located((By.ID, "import-summary")))
    assert summary.text == "created 3, skipped 0, failed 1"
    screenshot(page, "import")
    link = page.find_element(By.ID, "import-report").get_attribute("href")
    status, disposition, body = fetch_text(page, link)
    assert status == 200 and 'filename="agents.failed.csv"' in disposition
    report = list(csv.DictReader(io.StringIO(body)))
    assert [(r["row"], r["username"]) for r in report] == [("4", bad)]
    assert "NoSuchProfile" in report[0]["error"] and report[0]["password"] == ""

    # The good users exist, as the rows said.
    users = {u["Username"]: u["Id"] for u in kit.list_users(connect, inst.id)}
    assert set(users) == set(good)
    grace = connect.describe_user(InstanceId=inst.id, UserId=users[good[1]])["User"]
    assert grace["IdentityInfo"]["LastName"] == "Hopper"
    assert sorted(grace["SecurityProfileIds"]) == sorted([inst.security_profiles["Agent"], inst.security_profiles["CallCenterManager"]])
    ada = connect.describe_user(InstanceId=inst.id, UserId=users[good[0]])["User"]
    assert ada["Tags"] == {"team": "blue"}

    # The same file again: every good row skipped, the bad row failed again.
    page.get(f"{server.endpoint}/console/instances/{inst.id}/import")
    page.find_element(By.ID, "file").send_keys(str(path))
    page.find_element(By.CSS_SELECTOR, "#import-upload button[type=submit]").click()
    wait(page, EC.presence_of_element_located((By.ID, "import-rows")))
    assert page.find_element(By.CSS_SELECTOR, "#to-skip .n").text == "3"
    page.find_element(By.CSS_SELECTOR, "#import-start button").click()
    assert wait(page, EC.presence_of_element_located((By.ID, "import-summary"))).text == "created 0, skipped 3, failed 1"


def test_an_upload_without_its_csrf_token_is_refused(page, server, connect, tmp_path):
    inst = kit.new_instance(connect)
    name = kit.unique_username("csrf")
    path = tmp_path / "one.csv"
    path.write_text(f"username,password,first_name,last_name,routing_profile,security_profiles\n"
                    f"{name},{PASSWORD},A,B,Basic Routing Profile,Agent\n")
    page.get(f"{server.endpoint}/console/instances/{inst.id}/import")
    page.execute_script("document.querySelector('#import-upload input[name=csrf]').remove()")
    page.find_element(By.ID, "file").send_keys(str(path))
    page.find_element(By.CSS_SELECTOR, "#import-upload button[type=submit]").click()
    wait(page, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "CSRF token"))
    assert name not in usernames(connect, inst.id)


def test_a_file_with_an_unknown_column_is_refused_with_the_clis_message(page, server, connect, tmp_path):
    inst = kit.new_instance(connect)
    path = tmp_path / "cols.csv"
    path.write_text("username,favourite_colour\na,red\n")
    page.get(f"{server.endpoint}/console/instances/{inst.id}/import")
    page.find_element(By.ID, "file").send_keys(str(path))
    page.find_element(By.CSS_SELECTOR, "#import-upload button[type=submit]").click()
    error = wait(page, EC.presence_of_element_located((By.CSS_SELECTOR, ".error")))
    assert "cols.csv: unknown column(s) 'favourite_colour'" in error.text
