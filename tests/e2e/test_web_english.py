"""The web desk in English, in a real headless Chromium (Debian's): the switch on the page, a
browser that asks for English, no Vietnamese words of the page's own, the clerk's unsaved work
kept across a switch. Screenshots of the English Soạn and Kiểm tra pages go to ``$DOCGEN_SHOTS``
(``DOCGEN_SHOTS=docs/anh`` refreshes the README's).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from desk_server import SHOTS
from realdocs import REAL_DOCS
from vietnamese import vietnamese_left

from docgen import load_form, render_docx

pytestmark = [pytest.mark.slow, pytest.mark.browser]

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "data" / "forms"

# The page's own words: text and spoken attributes of every element whose language (its
# closest lang attribute) is the page's, i.e. not marked lang="vi" as the documents' values
# are. Python judges them (tests/vietnamese.py).
OWN_TEXTS = r"""() => {
  const own = (node) => {
    const holder = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const marked = holder.closest("[lang]");
    return marked && marked.getAttribute("lang") === "en"
      && !holder.closest("script, style, [hidden]");
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (own(n) && n.textContent.trim()) found.push(n.textContent.trim());
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (!own(el)) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt", "label"]) {
      const value = el.getAttribute(name);
      if (value) found.push(`${name}=${value}`);
    }
  }
  return found;
}"""
LANGUAGE_SWITCH = "Tiếng Việt"
"""The switch back names Vietnamese in Vietnamese, as language switches do."""


@contextlib.contextmanager
def _tab(browser: Any, server: str, locale: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=locale,
                                  base_url=server, accept_downloads=True)
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _own_vietnamese(page: Any) -> list[str]:
    """The page's own texts with a letter English does not write; no quote spares one, since
    the values shown are marked lang="vi" and so are not the page's own."""
    return [t for t in page.evaluate(OWN_TEXTS)
            if t != LANGUAGE_SWITCH and vietnamese_left(t, quotes=False)]


def test_switching_to_english_keeps_the_unsaved_form(browser: Any, server: str) -> None:
    expect = playwright_api.expect
    with _tab(browser, server, "vi-VN") as p:
        p.goto("/soan")
        expect(p.locator("html")).to_have_attribute("lang", "vi")
        expect(p.get_by_label("Họ tên người ký")).to_have_value("Võ Thị Kim Dung")
        subject = "gia hạn thời gian đợt phát động cao điểm học tập kỹ năng số"
        p.get_by_label("Trích yếu", exact=True).fill(subject)
        p.get_by_label("Kính gửi", exact=True).fill("Các cơ quan, đơn vị thuộc UBND xã")
        p.get_by_label("Nội dung", exact=True).fill(
            "Ủy ban nhân dân xã thông báo gia hạn thời gian đợt phát động cao điểm học tập kỹ "
            "năng số đến hết ngày 20 tháng 11 năm 2025.")
        # Nothing saved: the switch is pressed straight after typing.
        p.get_by_role("link", name="English").click()
        expect(p).to_have_url(re.compile(r"/soan$"))
        expect(p.locator("html")).to_have_attribute("lang", "en")
        expect(p.get_by_label("Subject line", exact=True)).to_have_value(subject)
        expect(p.get_by_label("Signer's full name")).to_have_value("Võ Thị Kim Dung")
        expect(p.get_by_role("button", name="Download .docx")).to_be_visible()
        expect(p.get_by_alt_text("Preview of page 1")).to_be_visible()
        expect(p.locator("#trang-thai-xem")).to_have_text(re.compile(r"^\d+ pages?$"))
        expect(p.locator(".chon-tep button")).to_have_text("Choose a file…")
        # A list's second line is named in English for a screen reader.
        lines = p.locator('[data-list="kinh_gui"] li input')
        before = lines.count()
        p.locator('[data-list="kinh_gui"] .them-dong').click()
        added = lines.nth(before)
        expect(added).to_be_focused()
        expect(added).to_have_attribute("aria-label", f"Addressees, line {before + 1}")
        p.get_by_role("button", name=f"Remove line {before + 1} of Addressees").click()
        expect(lines).to_have_count(before)
        assert _own_vietnamese(p) == []
        p.locator(".cot-trai").evaluate("e => e.scrollTop = 0")
        SHOTS.mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(SHOTS / "web-soan-en.png"))
        # And back: the form is still there, the page in Vietnamese again.
        p.get_by_role("link", name="Tiếng Việt").click()
        expect(p.locator("html")).to_have_attribute("lang", "vi")
        expect(p.get_by_label("Trích yếu", exact=True)).to_have_value(subject)


def test_an_english_browser_gets_the_kiem_tra_page_in_english(browser: Any, server: str,
                                                             tmp_path: Path) -> None:
    expect = playwright_api.expect
    real = REAL_DOCS / "vbai_cv_kimthu.docx"
    if real.exists():
        document = real
    else:  # a document docgen wrote
        document = tmp_path / "cong-van.docx"
        document.write_bytes(render_docx(load_form(FORMS / "gia-han-mau.yaml")))
    with _tab(browser, server, "en-US") as p:
        p.goto("/kiem-tra")
        expect(p.locator("html")).to_have_attribute("lang", "en")
        expect(p.locator(".ten-tep")).to_have_text("No file chosen")
        p.get_by_role("button", name="Check", exact=True).click()
        expect(p.locator("#loi-kiem-tra")).to_have_text("Choose the file to check.")
        assert _own_vietnamese(p) == []
        p.get_by_label("Document to check (.docx, .doc, .odt)").set_input_files(str(document))
        p.get_by_role("button", name="Check", exact=True).click()
        expect(p.locator("#ket-luan")).to_have_text(
            re.compile(r"^(Passed: no deviation found|Against the Decree: \d+; suggestions: "
                       r"\d+)$"))
        expect(p.get_by_alt_text("Preview of page 1")).to_be_visible()
        labels = p.locator("#phat-hien li > span:first-child").all_inner_texts()
        assert all(re.fullmatch(r"R-\d+ \((suggestion|against the Decree)\)", t.strip())
                   for t in labels), labels
        expect(p.get_by_role("button", name="Fix it for me")).to_be_visible()
        p.locator("#ket-qua").evaluate("e => e.scrollIntoView()")
        SHOTS.mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(SHOTS / "web-kiem-tra-en.png"))
        p.get_by_role("button", name="Fix it for me").click()
        expect(p.locator("#ket-qua-sua")).to_contain_text(
            re.compile(r"Rewritten in the proper format|Cannot rewrite it yet"))


def test_a_batch_in_english_counts_its_rows_in_english(browser: Any, server: str,
                                                      tmp_path: Path) -> None:
    expect = playwright_api.expect
    book = openpyxl.load_workbook(ROOT / "data" / "rosters" / "ket-qua-theo-thon.xlsx")
    book.active.delete_rows(3, book.active.max_row)  # the header and one village
    roster = tmp_path / "1-thon.xlsx"
    book.save(roster)
    with _tab(browser, server, "en-GB") as p:
        p.goto("/hang-loat")
        p.get_by_label("Form (.yaml)").set_input_files(str(FORMS / "don-doc-theo-thon.yaml"))
        p.get_by_label("Roster (.xlsx or .csv)").set_input_files(str(roster))
        # One row: the singular form of the counted text.
        expect(p.locator("#cot p")).to_have_text("1 row; the columns and the first row:")
        assert _own_vietnamese(p) == []  # the roster's cells are marked lang="vi"
        p.get_by_role("button", name="Run the batch").click()
        expect(p.locator("#giai-doan")).to_have_text("Done")
        expect(p.get_by_role("link", name="Download the files (.zip)")).to_be_visible()
