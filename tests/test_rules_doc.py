"""acumat rules / rules_table: decision tables per topic, docs/rules.md kept fresh, HTML in Chromium."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from acumat import default_rules, load_rules, rules_table
from acumat.rules.topics import TOPICS
from acumat.sources import STATEMENTS

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "acumat rules --format md -o docs/rules.md"


def test_markdown_has_one_table_per_topic_in_evaluation_order():
    """Every topic with rules gets a heading, in TOPICS order, and every rule id appears once as a row."""
    rules = default_rules()
    md = rules_table(rules, format="md")
    heads = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert heads == [t for t in TOPICS if any(r.topic == t for r in rules)]
    for r in rules:
        assert md.count(f"| `{r.id}` |") == 1


def test_condition_outcome_and_statement_text_are_in_words():
    """C13 reads 'pain band is severe', shows its level and the text of statement C13."""
    md = rules_table(default_rules(), format="md")
    row = next(line for line in md.splitlines() if line.startswith("| `C13.severe_pain`"))
    assert "pain band is severe" in row
    assert "consult: Severe back pain" in row
    assert STATEMENTS["C13"].paraphrase in row


def test_choice_topics_list_the_winner_first_with_priorities():
    """Within mat.spike_density the priority-100 gentle rule comes first and its priority is shown."""
    md = rules_table(default_rules(), format="md")
    section = md.split("## mat.spike_density")[1].split("## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows[0].startswith("| `M6.density_gentle`") and "| 100 |" in rows[0]
    assert rows[-1].startswith("| `M4.density_default`")


def test_csv_has_a_row_per_rule():
    """The CSV form has a header and exactly one row per rule, with the interpreted notes."""
    rules = default_rules("U5")
    rows = list(csv.reader(io.StringIO(rules_table(rules, format="csv"))))
    assert rows[0][:3] == ["Topic", "Rule", "When"]
    assert sorted(r[1] for r in rows[1:]) == sorted(rules.ids)
    assert any(r[1] == "U5.start" for r in rows[1:])


def test_pack_rules_are_in_the_tables():
    """A vendor pack's rules appear under their topic."""
    rules = default_rules().with_pack(load_rules(ROOT / "examples" / "custom_pack.yaml"))
    md = rules_table(rules)
    assert "| `vendor.epilepsy` | extra epilepsy is yes | consult:" in md


def test_unknown_format_is_refused():
    """A format other than md, html or csv is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="md, html, csv"):
        rules_table(default_rules(), format="pdf")  # type: ignore[arg-type]


def test_docs_rules_md_is_not_stale():
    """docs/rules.md is what `acumat rules --format md` prints for the default rules."""
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_table(default_rules(), format="md"), (
        f"docs/rules.md is stale: regenerate it with `{REGENERATE}`")


def test_cli_writes_the_table(tmp_path):
    """`acumat rules --format csv -o FILE` writes the same text as the API."""
    out = tmp_path / "rules.csv"
    proc = subprocess.run([sys.executable, "-m", "acumat", "rules", "--format", "csv", "-o", str(out)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == rules_table(default_rules(), format="csv")


def test_html_shows_every_rule_in_headless_chromium(tmp_path):
    """The self-contained HTML page, rendered by Chromium, shows a visible row for every rule."""
    from playwright.sync_api import sync_playwright

    rules = default_rules().with_pack(load_rules(ROOT / "examples" / "custom_pack.yaml"))
    page_file = tmp_path / "rules.html"
    page_file.write_text(rules_table(rules, format="html"), encoding="utf-8")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path="/usr/bin/chromium", args=args,
            headless=True, timeout=30_000)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(page_file.as_uri(), timeout=30_000)
            shown = page.eval_on_selector_all(
                "tr[data-rule]",
                "rows => rows.filter(r => r.offsetHeight > 0).map(r => r.cells[0].innerText)")
            text = page.inner_text("body")
        finally:
            browser.close()
    assert sorted(shown) == sorted(rules.ids)
    assert STATEMENTS["C4"].paraphrase in text
