"""Messages in catalogs: the ``en`` catalog covers every message of the code, the language is
chosen by setting / ``DOCGEN_LANG`` / locale, and the commands converted so far speak English
when asked and Vietnamese by default."""

from __future__ import annotations

import io
import textwrap
import threading
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner
from realdocs import REAL_DOCS

from docgen import i18n
from docgen.cli import main
from docgen.extract import read_back_file
from docgen.i18n import _, catalog_problems, extract_catalog, load_catalog, placeholders

NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
ENGLISH = {**NO_LOCALE, "DOCGEN_LANG": "en"}
REAL_DOC = REAL_DOCS / "vbai_cv_BCA3980.docx"
needs_real = pytest.mark.skipif(not REAL_DOC.is_file(), reason="real documents not available")


# --- the catalogs ------------------------------------------------------------------------------

def test_the_code_marks_the_messages_of_the_converted_modules() -> None:
    files = {Path(f).as_posix() for m in extract_catalog() for f, _line in m.locations}
    for module in ("docgen/extract/omissions.py", "docgen/extract/form.py", "docgen/fix.py",
                   "docgen/copies.py", "docgen/cli/fix.py", "docgen/cli/quytac.py"):
        assert module in files, f"no message of {module} is in the catalog's extraction"


def test_en_catalog_translates_every_message_of_the_code() -> None:
    """Computed by extraction: a module converted later is covered the moment it is."""
    assert catalog_problems("en") == [], "run: .venv/bin/python scripts/catalogs update"


def test_en_catalog_has_no_fuzzy_or_empty_entry_and_keeps_placeholders() -> None:
    catalog = load_catalog("en")
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id
        # A plural entry: the last form shows the plural msgid's values; no form adds one.
        assert placeholders(strings[-1]) == placeholders(ids[-1]), message.id
        wanted = set().union(*(placeholders(i) for i in ids))
        assert set().union(*(placeholders(t) for t in strings)) <= wanted, message.id


def _template(*messages: str) -> Catalog:
    template = Catalog(locale=None)
    for text in messages:
        template.add(text, locations=[("docgen/x.py", 1)])
    return template


def _po(text: str) -> Catalog:
    return read_po(io.BytesIO(textwrap.dedent(text).encode()), locale="en")


def test_catalog_problems_name_missing_fuzzy_empty_and_wrong_placeholders() -> None:
    template = _template("đã ghi {path}", "thiếu", "mờ", "trống", "đủ {n}")
    catalog = _po('''
        msgid "đã ghi {path}"
        msgstr "wrote {file}"

        #, fuzzy
        msgid "mờ"
        msgstr "blurred"

        msgid "trống"
        msgstr ""

        msgid "đủ {n}"
        msgstr "enough {n}"
        ''')
    problems = "\n".join(catalog_problems("en", template=template, catalog=catalog))
    assert "placeholders ['file'] differ from ['path']" in problems
    assert "missing (docgen/x.py:1): 'thiếu'" in problems
    assert "fuzzy (docgen/x.py:1): 'mờ'" in problems
    assert "untranslated (docgen/x.py:1): 'trống'" in problems
    assert "đủ" not in problems


def test_extraction_finds_a_new_message_in_a_module(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(
        "from docgen.i18n import N_, _, ngettext\n"
        "A = N_('nhãn')\n"
        "def f(n):\n"
        "    return _('Đã ghi {path}').format(path=n) + ngettext('{n} dòng', '{n} dòng', n)\n",
        encoding="utf-8")
    ids = {m.id for m in extract_catalog(tmp_path)}
    assert {"nhãn", "Đã ghi {path}", ("{n} dòng", "{n} dòng")} <= ids


def test_extraction_reads_the_web_templates(tmp_path: Path) -> None:
    files = {Path(f).as_posix() for m in extract_catalog() for f, _line in m.locations}
    assert "docgen/web/templates/soan.html" in files
    assert "docgen/web/templates/base.html" in files
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "trang.html").write_text(
        "<p>{{ _('Lưu hồ sơ') }}</p>\n"
        "<p>{% trans %}Xin chào\n  {{ ten }}, <code>docgen</code>.{% endtrans %}</p>\n",
        encoding="utf-8")
    ids = {m.id for m in extract_catalog(tmp_path)}
    # trimmed as the web desk's Jinja2 renders it: one line, single spaces
    assert {"Lưu hồ sơ", "Xin chào %(ten)s, <code>docgen</code>."} <= ids


def test_placeholders_of_a_template_message_are_checked() -> None:
    assert placeholders("Xin chào %(ten)s, {n}") == {"%(ten)s", "n"}
    template = Catalog(locale=None)
    template.add("Thêm dòng %(label)s", locations=[("docgen/web/templates/x.html", 1)])
    catalog = _po('''
        msgid "Thêm dòng %(label)s"
        msgstr "Add a line"
        ''')
    assert "placeholders" in "\n".join(catalog_problems("en", template=template, catalog=catalog))


# --- choosing the language ---------------------------------------------------------------------

@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in NO_LOCALE:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


MESSAGE = "tệp đã có, docgen không ghi đè"


def test_default_is_vietnamese(no_locale: pytest.MonkeyPatch) -> None:
    assert i18n.current_language() == "vi"
    assert _(MESSAGE) == MESSAGE


@pytest.mark.parametrize(("env", "expected"), [
    ({"DOCGEN_LANG": "en"}, "en"),
    ({"DOCGEN_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_MESSAGES": "en_GB", "LANG": "vi_VN"}, "en"),
    ({"LANG": "C.UTF-8"}, "vi"),
    ({"LANG": "fr_FR.UTF-8"}, "vi"),
    ({"DOCGEN_LANG": "xx", "LANG": "en_US"}, "en"),
])
def test_language_from_environment(no_locale: pytest.MonkeyPatch, env: dict[str, str],
                                   expected: str) -> None:
    for key, value in env.items():
        no_locale.setenv(key, value)
    assert i18n.current_language() == expected


def test_explicit_setting_wins_over_environment(no_locale: pytest.MonkeyPatch) -> None:
    no_locale.setenv("DOCGEN_LANG", "vi")
    with i18n.language("en"):
        assert _(MESSAGE) == "the file already exists; docgen does not overwrite it"
        with i18n.language("vi"):
            assert _(MESSAGE) == MESSAGE
    assert _(MESSAGE) == MESSAGE
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("fr")
    i18n.set_language("en")
    try:
        assert i18n.current_language() == "en"
        seen: list[str] = []
        worker = threading.Thread(target=lambda: seen.append(i18n.current_language()))
        worker.start()
        worker.join()
        assert seen == ["en"]  # a batch worker thread speaks the language --lang chose
        with i18n.language("vi"):
            assert i18n.current_language() == "vi"
    finally:
        i18n.set_language(None)
    assert i18n.current_language() == "vi"


def test_lazy_text_follows_the_language(no_locale: pytest.MonkeyPatch) -> None:
    lazy = i18n.lazy_gettext(MESSAGE)
    assert str(lazy) == MESSAGE
    with i18n.language("en"):
        assert str(lazy).startswith("the file already exists")


# --- the converted modules speak English when asked --------------------------------------------

@needs_real
def test_extract_warnings_in_english(no_locale: pytest.MonkeyPatch) -> None:
    with i18n.language("en"):
        lines = read_back_file(REAL_DOC).report_lines()
    assert lines and all(line.startswith("Note: ") for line in lines)
    assert any("the drafter's initials «Châu»" in line for line in lines)


@needs_real
def test_cli_extract_in_english_and_by_default_in_vietnamese(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cv.yaml"
    result = runner.invoke(main, ["extract", str(REAL_DOC), "-o", str(out)], env=ENGLISH)
    assert result.exit_code in (0, 1), result.output
    assert "Note: could not carry over a partial day or month on the place-date line" \
        in result.output
    assert "Lưu ý" not in result.output
    assert out.read_text(encoding="utf-8").startswith("# Extracted from ")
    result = runner.invoke(main, ["extract", str(REAL_DOC), "-o", str(out), "--overwrite"],
                           env=NO_LOCALE)
    assert "Lưu ý: không mang sang được ngày, tháng ghi dở" in result.output
    assert "Note:" not in result.output


@needs_real
def test_cli_sua_in_english(tmp_path: Path) -> None:
    """The refusal to overwrite comes from docgen/fileio.py (``check_target``): its frame
    (``Error:``) and its words are English."""
    out = tmp_path / "fixed.docx"
    result = CliRunner().invoke(main, ["sua", str(REAL_DOC), "-o", str(out)], env=ENGLISH)
    assert result.exit_code in (0, 1), result.output
    assert f"Wrote {out}. The original {REAL_DOC} is unchanged." in result.output
    assert "Changed: Bottom margin: 5 mm → 20 mm" in result.output
    assert "Changed: Font size of " in result.output
    assert any(line.startswith("Fixed: R-02 ") for line in result.output.splitlines())
    for vietnamese in ("Đã ghi", "Lưu ý", "Đã sửa", "Đã đổi", "Cỡ chữ", "Lề dưới"):
        assert vietnamese not in result.output
    again = CliRunner().invoke(main, ["sua", str(REAL_DOC), "-o", str(out)], env=ENGLISH)
    assert again.exit_code == 2
    assert again.output.startswith(f"Error: {out}: ")
    assert "Lỗi" not in again.output


def test_cli_sao_usage_errors_in_english(tmp_path: Path) -> None:
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"")
    result = CliRunner().invoke(main, ["sao", str(doc)], env=ENGLISH)
    assert result.exit_code == 2
    assert "exactly one of --mau and --dung-chung is needed" in result.output


def test_cli_quy_tac_in_english_and_by_default_in_vietnamese() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["quy-tac", "R-99"], env=ENGLISH)
    assert result.exit_code == 2
    assert "there is no rule “R-99”" in result.output
    assert "Run “docgen quy-tac” to see the list of ids" in result.output
    listing = runner.invoke(main, ["quy-tac"], env=ENGLISH)
    assert listing.output.rstrip().endswith("Details of one rule: docgen quy-tac R-12")
    assert "R-12" in runner.invoke(main, ["quy-tac", "R-12"], env=ENGLISH).output
    result = runner.invoke(main, ["quy-tac", "R-99"], env=NO_LOCALE)
    assert "không có quy tắc “R-99”" in result.output
    listing = runner.invoke(main, ["quy-tac"], env=NO_LOCALE)
    assert listing.output.rstrip().endswith("Xem chi tiết một quy tắc: docgen quy-tac R-12")


# --- click's own messages and the help texts ---------------------------------------------------

CLICK_SEEN_BY_CLERKS = ("Usage:", "Options", "Commands", "Missing argument", "Missing option",
                        "No such option {name!r}.", "No such command {name!r}.",
                        "Invalid value for {param_hint}: {message}", "Error: {message}",
                        "Show this message and exit.", "Aborted!")


def test_vi_click_catalog_is_click_s_own_messages_translated() -> None:
    import click

    own = extract_catalog(Path(click.__file__).parent)
    catalog = load_catalog("vi", "click")
    ids = {m.id for m in catalog if m.id}
    assert set(CLICK_SEEN_BY_CLERKS) <= ids
    stale = [i for i in ids if own.get(i) is None]
    assert stale == [], "click no longer has these messages; run scripts/catalogs update"
    kept = Catalog(locale=None)
    for message in own:
        if message.id in ids:
            kept.add(message.id, locations=message.locations)
    assert catalog_problems("vi", template=kept, catalog=catalog) == []


@pytest.fixture
def localized_main(no_locale: pytest.MonkeyPatch):
    """``main`` with its help and click's messages in the language of the test; set back to
    Vietnamese afterwards, for the other tests of the session."""
    yield main
    with i18n.language("vi"):
        i18n.localize_click(main)


def test_localize_click_translates_help_and_click_messages(localized_main) -> None:
    runner = CliRunner()
    with i18n.language("en"):
        i18n.localize_click(localized_main)
        shown = runner.invoke(localized_main, ["sua", "--help"]).output
    assert shown.startswith("Usage: ")
    assert "Make document FILE conform to Decree 30/2020/ND-CP" in shown
    assert "Allow overwriting an existing output file." in shown
    with i18n.language("vi"):
        i18n.localize_click(localized_main)
        i18n.localize_click(localized_main)  # again: the msgids were kept, nothing doubles
        shown = runner.invoke(localized_main, ["sua", "--help"]).output
    assert shown.startswith("Cách dùng: ")
    assert "Tùy chọn:" in shown and "Options:" not in shown
    assert "Sửa văn bản FILE cho đúng thể thức" in shown
    assert "Cho phép ghi đè tệp ghi ra đã có." in shown
    with i18n.language("vi"):
        assert i18n.click_gettext("Missing argument") == "thiếu tham số"
    with i18n.language("en"):
        assert i18n.click_gettext("Missing argument") == "Missing argument"
