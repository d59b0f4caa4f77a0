"""The questionnaire page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import sync_playwright

import acumat
from mixed import SAFE
from test_service_support import running_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    with running_server(log=tmp / "server.log") as (base, _), sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS, timeout=TIMEOUT_MS)
        try:
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            seen = {"requests": [], "errors": []}
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            yield base, page, seen, tmp
        finally:
            context.close()


def load(page, base):
    page.goto(base + "/")
    page.wait_for_selector("#q-pregnant-no")


def press(page, selector, key="Space"):
    page.focus(selector)
    page.keyboard.press(key)


def test_safe_profile_by_keyboard_shows_the_plan_chart(browser_page):
    """Answered by keyboard only, a safe profile shows 'you may use', the mat, and one bar per plan week
    with the library's minutes; nothing is loaded from another origin and the page says it is not advice."""
    base, page, seen, tmp = browser_page
    load(page, base)
    assert "not medical advice" in page.inner_text("#not-advice").lower()
    for field in ("pregnant", "blood_thinners", "skin-broken", "skin-infection", "skin-allergy",
                  "skin-sensitive"):
        press(page, f"#q-{field}-no")
    press(page, "#q-conditions-none")
    page.focus("#q-pain-severity")
    page.keyboard.type("3")
    page.focus("#q-pain-region")
    page.keyboard.press("ArrowDown")  # the first choice after "Not answered": lower
    page.focus("#q-pain-weeks")
    page.keyboard.type("4")
    with page.expect_response(lambda r: r.url.endswith("/v1/recommend")) as answer:
        press(page, "#submit", "Enter")
    sent = answer.value.request.post_data_json
    assert sent == SAFE
    expected = acumat.recommend(sent)
    assert answer.value.body() == expected.model_dump_json().encode()
    page.wait_for_selector("#plan-box:not([hidden])")
    assert "You may use" in page.inner_text("#verdict")
    assert page.evaluate("document.activeElement.id") == "result"  # focus moves to the answer
    bars = page.query_selector_all("#plan-chart rect.bar")
    assert expected.plan is not None and len(bars) == len(expected.plan.weeks)
    assert [int(b.get_attribute("data-minutes")) for b in bars] == [w.minutes for w in expected.plan.weeks]
    widths = [float(b.get_attribute("width")) for b in bars]
    assert widths == sorted(widths) and widths[0] < widths[-1]  # the bars grow with the build-up
    assert expected.mat is not None and expected.mat.spike_density in page.inner_text("#mat")
    assert "Stop at once on: " + ", ".join(expected.plan.stop_signs) in page.inner_text("#plan-notes")
    shot = tmp / "safe-plan.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert all(url.startswith(base) for url in seen["requests"]), seen["requests"]
    assert seen["errors"] == []


def test_pregnant_profile_shows_see_a_doctor_and_no_plan(browser_page):
    """A pregnant profile shows 'See a doctor' (C4) and neither a mat nor a plan."""
    base, page, seen, tmp = browser_page
    load(page, base)
    page.check("#q-pregnant-yes")
    with page.expect_response(lambda r: r.url.endswith("/v1/recommend")) as answer:
        page.click("#submit")
    assert json.loads(answer.value.body())["verdict"] == "consult"
    page.wait_for_selector("#result:not([hidden])")
    assert "see a doctor" in page.inner_text("#verdict").lower()
    assert page.is_hidden("#plan-box") and page.is_hidden("#mat-box")
    assert "C4" in page.inner_text("#findings")
    page.screenshot(path=str(tmp / "pregnant.png"), full_page=True)
    assert seen["errors"] == []


def test_open_questions_are_listed_and_bad_input_is_reported(browser_page):
    """With nothing answered the page lists the questions to answer; an out-of-range number gets the
    field's error and no advice."""
    base, page, seen, _ = browser_page
    load(page, base)
    page.click("#submit")
    page.wait_for_selector("#ask:not([hidden])")
    assert "pregnant" in page.inner_text("#ask-list").lower()
    page.fill("#q-pain-severity", "11")
    page.click("#submit")
    page.wait_for_selector("#error:not([hidden])")
    assert "pain.severity" in page.inner_text("#error") and page.is_hidden("#result")
    assert all(url.startswith(base) for url in seen["requests"])


def test_page_asks_a_custom_packs_questions(browser_page):
    """Served with a rule pack, the page asks the pack's own questions, and its answers count."""
    _, first, _, _ = browser_page
    with running_server("--rules", "examples/custom_pack.yaml") as (base, _):
        page = first.context.new_page()
        try:
            load(page, base)
            legend = page.inner_text('fieldset[data-field="extra.epilepsy"] legend')
            assert "epilepsy" in legend.lower()
            page.check("#q-extra-epilepsy-yes")
            with page.expect_response(lambda r: r.url.endswith("/v1/recommend")) as answer:
                page.click("#submit")
            assert answer.value.request.post_data_json == {"extra": {"epilepsy": True}}
            page.wait_for_selector("#result:not([hidden])")
            assert "see a doctor" in page.inner_text("#verdict").lower()
            assert "vendor.epilepsy" in page.inner_text("#findings")
        finally:
            page.close()
