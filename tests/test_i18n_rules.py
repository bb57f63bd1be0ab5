"""The rule list (``docgen quy-tac``, the fix advice of ``docgen check``) in the clerk's language.

Every text of :mod:`docgen.rules_doc` a clerk reads is a message of the catalog: ``--lang en``
prints each rule in English (only decree wording, quoted, and decree locators stay as the
decree writes them), its numbers worded the English way, and English findings give the rule's
own fix advice instead of pointing at ``docgen quy-tac``; Vietnamese and ``docs/quy-tac.md``
stay as they were.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from realdocs import REAL_DOCS
from vietnamese import vietnamese_left

from docgen.check.report import Finding
from docgen.cli import main
from docgen.i18n import extract_catalog, language, load_catalog, placeholders
from docgen.layout import LAYOUT
from docgen.rules_doc import (
    DOC_PATH,
    GOI_Y,
    NGHI_DINH,
    RULES,
    Rule,
    Text,
    markdown,
    rule,
)

ENGLISH = {"DOCGEN_LANG": "en"}
# What the decree itself writes stays as it is in English: its number (NĐ-CP) and the
# item letter đ of its lists (II.6.đ).
DECREE_LOCATOR = re.compile(r"NĐ-CP|\b[IVX]+\.\d+\.đ\b")


def vietnamese_words(text: str) -> list[str]:
    """The lines of ``text`` with a Vietnamese letter outside quotes and decree locators."""
    return [line for line in text.splitlines()
            if vietnamese_left(DECREE_LOCATOR.sub("", line))]


def _texts(item: Rule) -> list[str | Text]:
    return [item.ten, item.can_cu, item.nghi_dinh, item.docgen, item.muc, item.sua]


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_prints_in_english(rule_id: str) -> None:
    result = CliRunner().invoke(main, ["--lang", "en", "quy-tac", rule_id])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{rule_id} — ")
    for label in ("  Basis: Decree 30/2020/ND-CP, ", "  The decree requires: ",
                  "  docgen uses: ", "  Severity: ", "  Fix in Word: "):
        assert label in result.output, (rule_id, label)
    assert vietnamese_words(result.output) == []
    # The same rule stays Vietnamese without a language, as it was.
    vietnamese = CliRunner().invoke(main, ["--lang", "vi", "quy-tac", rule_id]).output
    assert "  Sửa trong Word: " in vietnamese and vietnamese != result.output


def test_the_list_of_rules_prints_in_english() -> None:
    english = CliRunner().invoke(main, ["--lang", "en", "quy-tac"])
    assert english.exit_code == 0, english.output
    assert english.output.startswith("R-01  Paper  [nghi-dinh]")
    assert len(english.output.splitlines()) == len(RULES) + 1  # and how to see one rule
    assert vietnamese_words(english.output) == []
    vietnamese = CliRunner().invoke(main, ["--lang", "vi", "quy-tac"]).output
    assert vietnamese.startswith("R-01  Khổ giấy  [nghi-dinh]")


def test_the_rule_list_is_all_in_the_english_catalog() -> None:
    wanted = {t.msgid if isinstance(t, Text) else t for r in RULES.values() for t in _texts(r)}
    # Severity codes and the dash of "no house value" are the same in every language.
    wanted -= {NGHI_DINH, GOI_Y, "—"}
    marked, english = extract_catalog(), load_catalog("en")
    for msgid in wanted:
        assert marked.get(msgid) is not None, f"not marked with N_: {msgid!r}"
        entry = english.get(msgid)
        assert entry is not None and entry.string and not entry.fuzzy, msgid


def test_placeholders_of_each_text_are_its_values() -> None:
    for item in RULES.values():
        for text in _texts(item):
            if isinstance(text, Text):
                assert placeholders(text.msgid) == {name for name, _ in text.values}, item.id


def test_numbers_are_worded_in_the_language_shown() -> None:
    body = rule("R-31")
    indent = LAYOUT.body.first_line_indent_cm
    with language("en"):
        english = body.text()
    with language("vi"):
        vietnamese = body.text()
    assert f"{indent:g} cm" in english and "1 cm or 1.27 cm" in english
    assert f"{indent:g}".replace(".", ",") + " cm" in vietnamese
    assert "1 cm hoặc 1,27 cm" in vietnamese
    with language("en"):
        assert f"{LAYOUT.agency_rule_ratio:g} of the text line" in rule("R-15").text()
        assert "1/3 to 1/2" in rule("R-15").text()


def test_the_document_stays_vietnamese_whatever_the_language() -> None:
    with language("en"):
        assert markdown() == DOC_PATH.read_text(encoding="utf-8")
        assert rule("R-12").title() == "Rule under the motto"


@pytest.mark.parametrize("rule_id", list(RULES))
def test_an_english_finding_gives_the_rules_advice(rule_id: str) -> None:
    finding = Finding(rule_id, "x", {"size": 12}, {"size": [13, 14]})
    with language("en"):
        advice = RULES[rule_id].fix()
    assert finding.fix("en") == f"Fix: {advice} (docgen quy-tac {rule_id})"
    assert vietnamese_words(finding.fix("en")) == []
    with language("vi"):
        assert finding.fix("vi") == f"Sửa: {RULES[rule_id].fix()} (docgen quy-tac {rule_id})"


@pytest.mark.skipif(not REAL_DOCS.is_dir(), reason=f"no {REAL_DOCS}")
def test_english_check_of_the_real_documents_gives_fixes_not_pointers() -> None:
    paths = sorted(str(p) for p in Path(REAL_DOCS).glob("*.docx"))
    result = CliRunner().invoke(main, ["--lang", "en", "check", *paths])
    assert result.exit_code in (0, 1), result.output
    fixes = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("→")]
    assert fixes, result.stdout
    # Every finding cites a rule of the list, and every rule has advice: no bare pointer.
    assert all(line.startswith("→ Fix: ") for line in fixes), fixes
