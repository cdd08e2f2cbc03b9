"""The install pages in a real browser: Debian's headless Chromium driven by Selenium loads the
install page of a real `whoowns serve`, follows Add to Slack to LocalSlack's approval page,
is sent back and sees the success page; a reused or forged state shows the failure page and
stores nothing; Cancel shows the friendly page. Nothing leaves 127.0.0.1.

Runs in CI (.ci/run installs chromium and chromium-driver): there a missing browser FAILS."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.localslack import LocalSlack
from tests.support.oauth import CLIENT_ID, CLIENT_SECRET, serve_env
from tests.support.processes import free_port, spawn_whoowns, stop, wait_for_health

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def _browser_or_fail() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        message = f"{', '.join(missing)} missing: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run this test, never skip it
        pytest.skip(message)


@pytest.fixture
def browser() -> Iterator[object]:
    _browser_or_fail()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--metrics-recording-only",
        "--disable-client-side-phishing-detection",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
    ):
        options.add_argument(flag)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download anything
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def slack():
    with LocalSlack() as s:
        s.oauth.client_id, s.oauth.client_secret = CLIENT_ID, CLIENT_SECRET
        s.oauth.workspaces = {"T0BROWSER": "Browser & Co"}
        yield s


def _title(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "h1").text


def _installations(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM slack_installations")).scalar_one()
    finally:
        engine.dispose()


def test_install_in_a_real_browser(tmp_path, slack, browser):
    from selenium.webdriver.common.by import By

    port = free_port()
    env = serve_env(tmp_path, slack, port)
    proc = spawn_whoowns(tmp_path, "serve", "--port", str(port), env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(f"{base}/health", proc)
        browser.get(f"{base}/slack/install")
        assert _title(browser) == "Install whoowns in your workspace"
        browser.find_element(By.LINK_TEXT, "Add to Slack").click()
        assert browser.current_url.startswith(slack.oauth.authorize_url)  # Slack's page
        assert "Browser &amp; Co" in browser.page_source  # the workspace, escaped
        browser.find_element(By.ID, "allow").click()
        assert browser.current_url.startswith(f"{base}/slack/oauth_redirect?code=")
        assert _title(browser) == "whoowns is installed"
        body = browser.find_element(By.TAG_NAME, "main").text
        assert "installed in Browser & Co" in body and "/whoowns quiz subscribe" in body
        assert _installations(env["DATABASE_URL"]) == 1

        back_from_slack = browser.current_url
        browser.get(back_from_slack)  # the same code and state again
        assert _title(browser) == "This install link can't be used here"
        browser.get(f"{base}/slack/oauth_redirect?code=abc&state=forged")
        assert _title(browser) == "This install link can't be used here"
        assert _installations(env["DATABASE_URL"]) == 1  # nothing more stored

        browser.get(f"{base}/slack/install")
        browser.find_element(By.ID, "add-to-slack").click()
        browser.find_element(By.ID, "cancel").click()
        assert _title(browser) == "Install cancelled"
        browser.find_element(By.ID, "start-again").click()
        assert _title(browser) == "Install whoowns in your workspace"
        assert _installations(env["DATABASE_URL"]) == 1
    finally:
        stop(proc, timeout=15)


def test_an_org_wide_install_in_a_real_browser(tmp_path, slack, browser):
    from selenium.webdriver.common.by import By

    slack.oauth.enterprise_install = True
    slack.oauth.org_workspaces = {"T0GRIDA": "Grid <A>", "T0GRIDB": "Grid B"}
    port = free_port()
    env = serve_env(tmp_path, slack, port)
    proc = spawn_whoowns(tmp_path, "serve", "--port", str(port), env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(f"{base}/health", proc)
        browser.get(f"{base}/slack/install")
        browser.find_element(By.LINK_TEXT, "Add to Slack").click()
        assert "organisation (org-wide)" in browser.find_element(By.TAG_NAME, "body").text
        browser.find_element(By.ID, "allow").click()
        assert _title(browser) == "whoowns is installed"
        body = browser.find_element(By.TAG_NAME, "main").text
        assert "installed for the whole of whoowns grid" in body
        granted = browser.find_element(By.ID, "granted").text.splitlines()
        assert granted == ["Grid <A>", "Grid B"]
        assert _installations(env["DATABASE_URL"]) == 1
    finally:
        stop(proc, timeout=15)
