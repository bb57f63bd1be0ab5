"""One English term for each Vietnamese term, and kinds named in the clerk's language.

The glossary (docs/thuat-ngu.md, section "Trong thông báo") lists each term of the messages with
its one English name and the variants that must not come back; the catalog is checked against
it. The kinds are document text in the printed register, but messages and the web desk name them
in the page's language (``Kind.label``, :func:`docgen.archive.entry.kind_label`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from fastapi.testclient import TestClient

from docgen.archive.entry import COPY_FORMS, kind_label, kind_name
from docgen.cli import main
from docgen.i18n import catalog_path, language
from docgen.kinds import KINDS
from docgen.web.app import Settings, create_app
from docgen.web.lang import COOKIE

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "thuat-ngu.md"
NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

FORM = """\
loai: cong-van
co_quan:
  ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY]
  viet_tat: UBND
don_vi_soan_thao: VHXH
dia_danh: Sa Thầy
trich_yeu: lịch tiếp công dân
kinh_gui: [Các thôn]
noi_dung: Các thôn báo cáo.
noi_nhan: [Các thôn]
nguoi_ky:
  chuc_vu: CHỦ TỊCH
  ho_ten: Nguyễn Văn An
"""


# --- the glossary and the catalog ------------------------------------------------------------

def glossary_terms() -> list[tuple[list[str], str, list[str]]]:
    """The rows of the glossary's table of message terms: (Vietnamese terms, the English term,
    the wrong variants), each list split at ``;``."""
    text = GLOSSARY.read_text("utf-8")
    section = text[text.index("## Trong thông báo"):]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or cells[0] in ("tiếng Việt", "---"):
            continue
        split = [[part.strip() for part in cell.split(";") if part.strip()] for cell in cells]
        rows.append((split[0], cells[1], split[2]))
    return rows


def english_catalog() -> dict[str, str]:
    """Every translated msgid of the English catalog and its msgstr (plurals: the singular)."""
    with catalog_path("en").open("rb") as f:
        catalog = read_po(f)
    out = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        msgstr = message.string[0] if isinstance(message.string, tuple) else message.string
        out[msgid] = msgstr
    return out


def test_the_glossary_lists_the_terms_of_the_messages() -> None:
    rows = glossary_terms()
    found = {term for terms, _english, _wrong in rows for term in terms}
    assert {"trích yếu", "chức vụ người ký", "ký hiệu văn bản", "lưu", "dòng lưu",
            "số lượng bản", "tệp dùng chung", "bản sao y"} <= found


@pytest.mark.parametrize("row", glossary_terms(), ids=lambda row: row[0][0])
def test_a_message_that_is_a_term_translates_to_the_glossarys_english(
        row: tuple[list[str], str, list[str]]) -> None:
    terms, english, _wrong = row
    catalog = english_catalog()
    names = {term.lower() for term in terms}
    for msgid, msgstr in catalog.items():
        bare = msgid.rstrip(":").lower()
        if bare in names:
            assert msgstr.rstrip(":").lower() == english.lower(), (msgid, msgstr)


def test_every_term_with_a_message_of_its_own_is_checked() -> None:
    """The test above checks something: the terms that are messages of their own are found."""
    messages = {msgid.rstrip(":").lower() for msgid in english_catalog()}
    for term in ("trích yếu", "chức vụ người ký", "ký hiệu văn bản", "lưu", "dòng lưu",
                 "số lượng bản", "bản sao y", "bản trích sao", "bản sao lục"):
        assert term in messages, term


@pytest.mark.parametrize("row", [row for row in glossary_terms() if row[2]],
                         ids=lambda row: row[0][0])
def test_no_translation_uses_a_wrong_variant(row: tuple[list[str], str, list[str]]) -> None:
    _terms, _english, wrong = row
    for msgid, msgstr in english_catalog().items():
        for variant in wrong:
            pattern = re.escape(variant.rstrip("$").lower()) + ("$" if variant.endswith("$")
                                                                 else "")
            assert not re.search(pattern, msgstr.lower()), (variant, msgid, msgstr)


# --- kinds named in the clerk's language --------------------------------------------------

def test_kind_label_is_the_kinds_label_and_kind_name_stays_vietnamese() -> None:
    with language("en"):
        assert kind_label("quyet-dinh") == "Decision" == KINDS["quyet-dinh"].label
        assert kind_label("cong-van") == KINDS["cong-van"].label != "Công văn"
        assert [kind_label(code) for code in COPY_FORMS] == ["True copy", "Excerpt copy",
                                                             "Transcribed copy"]
        assert kind_label("loai-moi") == "loai-moi" and kind_label(None) is None
        # The exported register is a document of the decree: its column 3 stays Vietnamese.
        assert kind_name("quyet-dinh") == "Quyết định" and kind_name("SY") == "Bản sao y"
    with language("vi"):
        for slug in [*KINDS, *COPY_FORMS]:
            assert kind_label(slug) == kind_name(slug)


@pytest.fixture
def issued(tmp_path: Path) -> str:
    """A register folder with one công văn issued (in Vietnamese, the default)."""
    form = tmp_path / "cv.yaml"
    form.write_text(FORM, "utf-8")
    register = str(tmp_path / "luu-tru")
    result = CliRunner().invoke(main, ["archive", "issue", str(form), "--archive", register],
                                env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    return register


def _archive(register: str, *args: str, lang: str = "en") -> str:
    result = CliRunner().invoke(main, ["--lang", lang, "archive", *args, "--archive", register],
                                env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_archive_show_names_the_kind_and_the_lines_in_english(issued: str) -> None:
    shown = _archive(issued, "show", "1")
    assert re.search(r"^Kind: +Official letter$", shown, re.M), shown
    assert re.search(r"^File copies: +VT, VHXH\.?$", shown, re.M), shown
    assert re.search(r"^Number of copies:", shown, re.M), shown
    assert "Công văn" not in shown and "Filed with" not in shown
    vietnamese = _archive(issued, "show", "1", lang="vi")
    assert re.search(r"^Tên loại: +Công văn$", vietnamese, re.M), vietnamese


def test_danh_so_names_the_kinds_in_english(issued: str) -> None:
    shown = _archive(issued, "danh-so", "--rieng", "quyet-dinh", "--rieng", "giay-moi")
    assert "giay-moi (Invitation), quyet-dinh (Decision)" in shown, shown
    vietnamese = _archive(issued, "danh-so", lang="vi")
    assert "giay-moi (Giấy mời), quyet-dinh (Quyết định)" in vietnamese, vietnamese


# --- the web desk ----------------------------------------------------------------------------

@pytest.fixture
def client(issued: str, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path / "web", archive_dir=Path(issued)))
    with TestClient(app, base_url="http://127.0.0.1:8080") as c:
        yield c


def test_the_register_shows_the_kind_in_the_pages_language(client: TestClient) -> None:
    row = client.get("/api/register").json()["rows"][0]
    assert row["loai"] == "cong-van" and row["ten_loai"] == "Công văn"
    client.cookies.set(COOKIE, "en")
    row = client.get("/api/register").json()["rows"][0]
    assert row["loai"] == "cong-van" and row["ten_loai"] == "Official letter"


@pytest.mark.parametrize("page", ["/soan", "/so-van-ban"])
def test_the_kind_choices_are_in_the_pages_language(client: TestClient, page: str) -> None:
    vietnamese = client.get(page).text
    assert re.search(r'<option value="quyet-dinh">Quyết định</option>', vietnamese)
    client.cookies.set(COOKIE, "en")
    english = client.get(page).text
    # The value stays the kind's key; the text a clerk reads is the English label, not marked
    # as Vietnamese.
    assert re.search(r'<option value="quyet-dinh">Decision</option>', english), english
    assert re.search(r'<option value="cong-van"[^>]*>Official letter</option>', english)
    assert ">Quyết định</option>" not in english
