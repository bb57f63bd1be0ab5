"""The corpus: one-rule-broken documents, each reported with exactly that rule id.

Every mutation of :mod:`checkcorpus` is applied to docgen's own output, to a document built the
way Word users build them (tabs instead of a table, styles instead of direct formatting, theme
fonts, drawn and underscore rules) and to docgen's output with its header moved into text boxes;
the checker must name exactly the broken rule — no miss, no extra finding — and find nothing in
the unmodified documents.
"""

from __future__ import annotations

import pytest
from checkcorpus import (
    MUTATIONS,
    NEUTRAL_MUTATIONS,
    QUOC_HIEU,
    TITLED_MUTATIONS,
    Docx,
    Mutation,
    base_cong_van,
    base_thong_bao,
    docgen_docx,
    format_runs,
    narrow_quoc_hieu,
    textbox_header,
    w,
    word_docx,
)
from hypothesis import HealthCheck, given, settings
from lxml import etree
from test_check_docgen import van_ban

from docgen import VanBan
from docgen.check import check_bytes

BUILDERS = {"docgen": docgen_docx, "word": word_docx,
            "textbox": lambda vb: textbox_header(docgen_docx(vb))}
BASES = {"cong_van": base_cong_van, "thong_bao": base_thong_bao}
_CACHE: dict[tuple[str, str], bytes] = {}


def conforming(base: str, kind: str) -> bytes:
    """The unmodified document (built once per session)."""
    key = (base, kind)
    if key not in _CACHE:
        _CACHE[key] = BUILDERS[kind](BASES[base]())
    return _CACHE[key]


def test_corpus_is_large_enough() -> None:
    names = [m.name for m in MUTATIONS + TITLED_MUTATIONS]
    assert len(set(names)) == len(names) >= 25
    rules = {m.rule for m in MUTATIONS + TITLED_MUTATIONS}
    # The corpus reaches every group of the decree the checker reads.
    assert {"R-01", "R-02", "R-03", "R-04", "R-10", "R-11", "R-12", "R-13", "R-14", "R-15",
            "R-16", "R-17", "R-19", "R-20", "R-21", "R-22", "R-23", "R-30", "R-31", "R-32",
            "R-33", "R-40", "R-41", "R-42", "R-43", "R-44"} <= rules


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@pytest.mark.parametrize("base", sorted(BASES))
def test_conforming_documents_have_no_finding(base: str, kind: str) -> None:
    report = check_bytes(conforming(base, kind))
    assert report.findings == []


def _cases() -> list:
    cases = []
    for kind in sorted(BUILDERS):
        cases += [pytest.param("cong_van", kind, m, id=f"{kind}-{m.name}") for m in MUTATIONS]
        cases += [pytest.param("thong_bao", kind, m, id=f"{kind}-{m.name}")
                  for m in TITLED_MUTATIONS]
    return cases


@pytest.mark.parametrize(("base", "kind", "mutation"), _cases())
def test_mutation_is_reported_by_its_rule_only(base: str, kind: str, mutation: Mutation) -> None:
    original = conforming(base, kind)
    broken = mutation(original)
    assert broken != original
    report = check_bytes(broken)
    assert report.rules == {mutation.rule}, [f.message() for f in report.findings]


@pytest.mark.parametrize("kind", ["docgen", "textbox"])
def test_quoc_hieu_that_wraps_in_its_cell_is_reported(kind: str) -> None:
    doc = Docx(conforming("cong_van", kind))
    narrow_quoc_hieu(doc)
    assert check_bytes(doc.save()).rules == {"R-60"}


def test_quoc_hieu_typed_on_two_lines_is_reported() -> None:
    doc = Docx(conforming("cong_van", "docgen"))
    doc.replace_text(QUOC_HIEU, "CỘNG HÒA XÃ HỘI")
    run = doc.runs_with("CỘNG HÒA XÃ HỘI")[0]
    etree.SubElement(run, w("br"))
    etree.SubElement(run, w("t")).text = "CHỦ NGHĨA VIỆT NAM"
    assert check_bytes(doc.save()).rules == {"R-60"}


@pytest.mark.parametrize("mutation", NEUTRAL_MUTATIONS, ids=lambda m: m.name)
def test_word_style_changes_that_show_the_same_page_pass(mutation: Mutation) -> None:
    original = conforming("cong_van", "docgen")
    changed = mutation(original)
    assert changed != original
    report = check_bytes(changed)
    assert report.findings == [], [f.message() for f in report.findings]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vb=van_ban())
def test_random_documents_built_other_ways_pass(vb: VanBan) -> None:
    for data in (word_docx(vb), textbox_header(docgen_docx(vb))):
        report = check_bytes(data)
        assert report.findings == [], [f.message() for f in report.findings]


def test_mistyped_header_is_still_judged_for_size_and_bold() -> None:
    doc = Docx(conforming("cong_van", "docgen"))
    doc.replace_text(QUOC_HIEU, "CỘNG HÒA XHCN VIỆT NAM")
    format_runs(doc, "CỘNG HÒA XHCN VIỆT NAM", "b", val="0")
    findings = check_bytes(doc.save()).findings
    assert {(f.rule, tuple(f.found)) for f in findings} == {("R-10", ("bold",)),
                                                            ("R-10", ("text",))}
    assert not [f for f in findings if f.found == {"present": False}]
