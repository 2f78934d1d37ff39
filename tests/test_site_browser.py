"""The site in a real browser: Debian's Chromium, driven by Selenium through Debian's
chromedriver, from file:// with no server.

Skipped when either is missing, unless AFGHAN_DIALOGUES_REQUIRE_BROWSER=1 (which `.ci/run`
sets after installing them), so that CI fails instead of skipping. Screenshots of the main
pages are saved to build/test-artifacts/. After every test the browser's console must hold
no error.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from afghan_dialogues.site import href
from site_helpers import MERGED, MERGED_TWICE, WITHDRAWN, bundled, release_with_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REQUIRED = os.environ.get("AFGHAN_DIALOGUES_REQUIRE_BROWSER") == "1"
ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"
WAIT = 10

if not REQUIRED:
    pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def _start(profile: Path, javascript: bool = True) -> WebDriver:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        message = f"not installed: {', '.join(missing)} (apt-get install chromium chromium-driver)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",  # a container's /dev/shm holds 64 MB; Chromium then uses /tmp
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release_with_site(tmp_path_factory.mktemp("release"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    driver = _start(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def no_console_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Whatever the test did, the console must have no error (a script error, a file not found)."""
    yield
    if "browser" in request.fixturenames:
        driver: WebDriver = request.getfixturevalue("browser")
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert errors == []


def url(site: Path, path: str) -> str:
    return (site / path).as_uri()


def h1(driver: WebDriver) -> str:
    text: str = driver.find_element(By.TAG_NAME, "h1").text
    return text


def screenshot(driver: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 800), 6000))
    driver.save_screenshot(str(ARTIFACTS / f"site-{name}.png"))
    driver.set_window_size(1280, 1000)


def test_main_pages_render_and_are_saved_as_screenshots(browser: WebDriver, site: Path) -> None:
    data = bundled()
    claim = next(c for c in data.claims if c.via_ids)
    pages = {
        "index": "index.html",
        "timeline": "timeline.html",
        "meeting": href("mtg-hsd-dushanbe-2023"),
        "actor": href("act-amir-khan-muttaqi"),
        "claim": href(claim.id),
        "source": href(claim.source_id),
        "contradictions": "contradictions.html",
        "actors": "actors/index.html",
        "claims": "claims/index.html",
        "sources": "sources/index.html",
        "search": "search.html?q=Mottaki",
    }
    for name, path in pages.items():
        file, _, query = path.partition("?")
        browser.get(url(site, file) + (f"?{query}" if query else ""))
        assert h1(browser), name
        assert browser.find_element(By.TAG_NAME, "main").is_displayed()
        screenshot(browser, name)
    assert {f"site-{name}.png" for name in pages} <= {p.name for p in ARTIFACTS.glob("site-*.png")}


def test_timeline_renders_every_meeting_as_a_bar(browser: WebDriver, site: Path) -> None:
    data = bundled()
    browser.get(url(site, "timeline.html"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#meetings > li")
    assert len(rows) == len(data.meetings)
    shown = {row.find_element(By.TAG_NAME, "a").get_attribute("href").rsplit("/", 1)[1] for row in rows}
    assert shown == {f"{m.id}.html" for m in data.meetings}
    for row in rows:
        bar = row.find_element(By.CSS_SELECTOR, ".bar")
        assert row.is_displayed() and bar.is_displayed()
        assert bar.size["width"] >= 3 and bar.size["height"] > 0


def test_timeline_filters_by_country_series_and_participant(browser: WebDriver, site: Path) -> None:
    data = bundled()
    browser.get(url(site, "timeline.html"))
    form = browser.find_element(By.ID, "filters")
    assert form.is_displayed()

    def visible() -> set[str]:
        rows = browser.find_elements(By.CSS_SELECTOR, "#meetings > li")
        links = [row.find_element(By.TAG_NAME, "a") for row in rows if row.is_displayed()]
        return {link.get_attribute("href").rsplit("/", 1)[1].removesuffix(".html") for link in links}

    Select(browser.find_element(By.ID, "filter-country")).select_by_value("IR")
    assert visible() == {m.id for m in data.meetings if m.country == "IR"}
    assert browser.find_element(By.ID, "shown").text == f"{len(visible())} of {len(data.meetings)} shown"
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()
    assert len(visible()) == len(data.meetings)

    series = next(m.series for m in data.meetings if m.series)
    Select(browser.find_element(By.ID, "filter-series")).select_by_visible_text(series)
    assert visible() == {m.id for m in data.meetings if m.series == series}
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()

    Select(browser.find_element(By.ID, "filter-actor")).select_by_visible_text("Amir Khan Muttaqi")
    assert visible() == {m.id for m in data.meetings_attended("act-amir-khan-muttaqi")}


def test_search_for_mottaki_finds_amir_khan_muttaqi(browser: WebDriver, site: Path) -> None:
    browser.get(url(site, "search.html"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("Mottaki")
    results = browser.find_elements(By.CSS_SELECTOR, "#results a")
    assert results
    first = results[0]
    assert first.text == "Amir Khan Muttaqi"
    assert first.get_attribute("href").endswith("/actors/act-amir-khan-muttaqi.html")
    first.click()
    assert h1(browser) == "Amir Khan Muttaqi"


def test_search_ignores_case_and_diacritics(browser: WebDriver, site: Path) -> None:
    def fold(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))

    name = next(a.name for a in bundled().actors if fold(a.name) != a.name)  # Bernard-Henri Lévy
    browser.get(url(site, "search.html"))
    browser.find_element(By.ID, "q").send_keys(fold(name).upper())
    assert name in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#results a")]


def test_the_search_box_of_every_page_carries_the_query_to_the_search_page(
    browser: WebDriver, site: Path
) -> None:
    browser.get(url(site, href("clm-coffey-001")))
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("mottaki", Keys.ENTER)
    WebDriverWait(browser, WAIT).until(expected_conditions.url_contains("search.html?q=mottaki"))
    assert browser.find_element(By.ID, "q").get_attribute("value") == "mottaki"
    assert "Amir Khan Muttaqi" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#results a")]


def test_from_a_meeting_a_click_reaches_a_participant_their_claim_and_its_source(
    browser: WebDriver, site: Path
) -> None:
    data = bundled()
    meeting, participation = next(
        (m, p) for m in data.meetings for p in data.participants_of(m) if data.claims_by(p.actor_id)
    )
    actor = data[participation.actor_id]
    claim = data.claims_by(actor)[0]
    source = data.source_of(claim)
    browser.get(url(site, href(meeting.id)))
    browser.find_element(
        By.CSS_SELECTOR, f'section[aria-labelledby=participants] a[href$="/{actor.id}.html"]'
    ).click()
    assert h1(browser) == actor.name
    browser.find_element(
        By.CSS_SELECTOR, f'section[aria-labelledby=spoken] a[href$="/{claim.id}.html"]'
    ).click()
    assert h1(browser) == claim.summary
    assert browser.find_element(By.CSS_SELECTOR, "figure.quote blockquote").text == claim.quote
    browser.find_element(By.CSS_SELECTOR, f'ol.chain a[href$="/{source.id}.html"]').click()
    assert h1(browser) == source.title


@pytest.mark.parametrize("retired", [MERGED, MERGED_TWICE])
def test_a_retired_id_redirects_to_its_replacement(browser: WebDriver, site: Path, retired: str) -> None:
    browser.get(url(site, href(retired)))
    try:
        WebDriverWait(browser, WAIT).until(
            expected_conditions.url_to_be(url(site, href("act-amir-khan-muttaqi")))
        )
    except TimeoutException:
        pytest.fail(f"{retired} stayed at {browser.current_url}")
    assert h1(browser) == "Amir Khan Muttaqi"


def test_a_withdrawn_id_says_so(browser: WebDriver, site: Path) -> None:
    browser.get(url(site, href(WITHDRAWN)))
    assert h1(browser) == f"{WITHDRAWN} is retired"
    assert "withdrawn" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.current_url == url(site, href(WITHDRAWN))


def test_the_skip_link_is_the_first_stop_of_the_keyboard_and_leads_to_the_content(
    browser: WebDriver, site: Path
) -> None:
    browser.get(url(site, href("act-amir-khan-muttaqi")))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.text == "Skip to content" and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_pages_read_without_javascript(site: Path, tmp_path: Path) -> None:
    driver = _start(tmp_path / "profile", javascript=False)
    try:
        driver.get(url(site, "timeline.html"))
        rows = driver.find_elements(By.CSS_SELECTOR, "#meetings > li")
        assert len(rows) == len(bundled().meetings) and all(row.is_displayed() for row in rows)
        assert not driver.find_element(By.ID, "filters").is_displayed()
        driver.get(url(site, "search.html"))
        assert "Search needs JavaScript" in driver.find_element(By.TAG_NAME, "main").text
    finally:
        driver.quit()
