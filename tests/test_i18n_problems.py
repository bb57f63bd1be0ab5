"""Issue 12 "Messages in catalogs": a problem is said whole in one language, its location
included; command-line options are not form fields; one idea is one message."""

from __future__ import annotations

import csv
import errno
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import docgen
from docgen import i18n
from docgen.archive import COLUMNS
from docgen.archive.register import read_register
from docgen.batch.roster import open_roster
from docgen.batch.workers import Task, Worker
from docgen.cli import main
from docgen.copies import load_copy_form
from docgen.errors import ArchiveError, DocgenError, Problem, RosterError
from docgen.fileio import write_error
from docgen.models import did_you_mean
from docgen.users import UserStore

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "data" / "forms"
GIA_HAN = FORMS / "gia-han-ky-nang-so.yaml"  # its text has the deadlines 10/11 and 20/11/2025


def _cli(*args: str | Path, lang: str | None = None) -> Any:
    env = {"DOCGEN_LANG": lang} if lang else {}
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


# --- the location is said in the language of the message ----------------------------------------


def test_a_problem_raised_in_english_stays_english_when_printed_outside_the_block(
        tmp_path: Path) -> None:
    bad = tmp_path / "bad2.yaml"
    bad.write_text("loai: quyet-dinhh\n", encoding="utf-8")
    with docgen.language("en"), pytest.raises(DocgenError) as info:
        docgen.load_form(bad)
    with docgen.language("vi"):
        shown = str(info.value)
        problem = next(p for p in info.value.problems if p.field == "loai")
        where = problem.location()
    assert f"{bad}, line 1, field loai: the value 'quyet-dinhh' is not valid" in shown
    assert where == f"{bad}, line 1, field loai"
    assert "dòng" not in shown and "trường" not in shown


def test_a_problem_remembers_its_language_through_located() -> None:
    with i18n.language("en"):
        error = DocgenError(Problem("the roster is empty", file="ds.xlsx"))
    with i18n.language("vi"):
        moved = error.located(row=4)
        assert str(moved) == "ds.xlsx, row 4: the roster is empty"
        # A problem made now is said in Vietnamese, as before.
        assert str(Problem("bảng trống", file="ds.xlsx", row=4)) == "ds.xlsx, hàng 4: bảng trống"


# --- command-line options and arguments are not form fields ------------------------------------


@pytest.mark.parametrize(("lang", "option", "argument"), [
    ("vi", "tùy chọn --host: x", "đối số NAME: x"),
    ("en", "option --host: x", "argument NAME: x"),
])
def test_options_and_arguments_are_named_as_such(lang: str, option: str, argument: str) -> None:
    with i18n.language(lang):
        assert str(Problem("x", option="--host")) == option
        assert str(Problem("x", option="NAME")) == argument


def test_account_problems_name_the_argument_and_the_options(tmp_path: Path) -> None:
    with i18n.language("en"), pytest.raises(DocgenError) as info:
        UserStore(tmp_path / "tai-khoan.json").add("Lan Anh", "sep", "ngan")
    assert [(p.field, p.option) for p in info.value.problems] == [
        (None, "NAME"), (None, "--vai-tro"), (None, "--mat-khau")]
    assert "argument NAME: the user name 'Lan Anh' is not valid" in str(info.value)
    assert "option --vai-tro: " in str(info.value)


def test_serve_blames_the_host_option(tmp_path: Path) -> None:
    result = _cli("serve", "--host", "0.0.0.0", "--thu-muc", tmp_path, lang="en")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: option --host: there is no account yet")


def test_users_list_with_no_account_says_so_and_how_to_add_one(tmp_path: Path) -> None:
    result = _cli("users", "list", "--thu-muc", tmp_path, lang="en")
    assert result.exit_code == 0
    assert result.stdout == ""  # the list itself stays empty for scripts
    assert result.stderr == ("there is no account yet\nAdd one with: docgen users add <name> "
                             f"--vai-tro van-thu --thu-muc {tmp_path}\n")
    vietnamese = _cli("users", "list", "--thu-muc", tmp_path)
    assert vietnamese.stderr.startswith("chưa có tài khoản nào\nTạo tài khoản bằng: ")


# --- did you mean: one message, quoted names -----------------------------------------------------


@pytest.mark.parametrize(("lang", "one", "several"), [
    ("vi", "Có phải ý bạn là 'so'?", "Có phải ý bạn là 'quyet-dinh', 'quy-che' hay 'quy-dinh'?"),
    ("en", "Did you mean 'so'?", "Did you mean 'quyet-dinh', 'quy-che' or 'quy-dinh'?"),
])
def test_did_you_mean_one_or_several_names(lang: str, one: str, several: str) -> None:
    with i18n.language(lang):
        assert did_you_mean("so") == one
        assert did_you_mean(["so"]) == one
        assert did_you_mean(["quyet-dinh", "quy-che", "quy-dinh"]) == several


def test_separate_series_of_a_misspelt_kind_quotes_the_guesses(tmp_path: Path) -> None:
    result = _cli("archive", "danh-so", "--rieng", "quyet-dinhh", "--archive", tmp_path / "so",
                  lang="en")
    assert result.exit_code == 2
    assert ("Error: option --rieng: 'quyet-dinhh' is not a kind of document\n"
            "    → Did you mean 'quyet-dinh' or 'quy-dinh'?") in result.stderr


def test_copy_form_and_form_say_the_fields_alike(tmp_path: Path) -> None:
    copy_form = tmp_path / "ban-sao.yaml"
    copy_form.write_text("zzzzzz: 1\n", encoding="utf-8")
    form = tmp_path / "form.yaml"
    form.write_text("loai: cong-van\nzzzzzz: 1\n", encoding="utf-8")
    with i18n.language("en"):
        with pytest.raises(DocgenError) as copy_error:
            load_copy_form(copy_form)
        with pytest.raises(DocgenError) as form_error:
            docgen.load_form(form)
    copy_hint = copy_error.value.problems[0].hint
    form_hint = next(p.hint for p in form_error.value.problems if p.field == "zzzzzz")
    assert copy_hint is not None and form_hint is not None
    assert copy_hint.startswith("Fields that may be used: ")
    assert form_hint.startswith("Fields that may be used: ")


# --- one idea, one message -----------------------------------------------------------------------


def test_an_unopenable_workbook_is_said_alike_for_a_roster_and_a_register(tmp_path: Path) -> None:
    book = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(book, "w") as z:  # a workbook part, but nothing else Excel writes
        z.writestr("xl/workbook.xml", "<?xml version='1.0'?><workbook/>")
    with i18n.language("en"):
        with pytest.raises(RosterError) as roster:
            open_roster(book)
        with pytest.raises(ArchiveError) as register:
            read_register(book)
    [from_roster], [from_register] = roster.value.problems, register.value.problems
    assert from_roster.message.startswith("could not open the Excel file (")
    assert from_register.message.startswith("could not open the Excel file (")
    assert from_roster.hint == from_register.hint == (
        "Open the file in Excel, save it again as .xlsx, then run again.")


def test_several_deadlines_are_counted(tmp_path: Path,
                                       open_archive: Callable[..., Any]) -> None:
    archive = open_archive(tmp_path / "so", today=lambda: date(2026, 12, 2))
    with i18n.language("en"):
        archive.issue(GIA_HAN)
    deadline = next(w for w in archive.warnings if w.field == "noi_dung")
    assert deadline.message == ("the text has the deadlines 10/11/2025, 20/11/2025, before the "
                                "issue date 02/12/2026")


# --- dates -------------------------------------------------------------------------------------


def test_a_wrong_copy_date_is_blamed_on_the_option(tmp_path: Path) -> None:
    result = _cli("sao", tmp_path / "goc.docx", "--mau", FORMS / "ban-sao" / "ban-sao-y.yaml",
                  "--ngay", "31/02/2026", lang="en")
    assert result.exit_code == 2
    assert result.stderr == ("Error: option --ngay: the date does not exist: '31/02/2026'\n"
                             "    → Write it as 20/11/2025 or 2025-11-20.\n")
    vietnamese = _cli("sao", tmp_path / "goc.docx", "--mau",
                      FORMS / "ban-sao" / "ban-sao-y.yaml", "--ngay", "31/02/2026")
    assert vietnamese.stderr.startswith(
        "Lỗi: tùy chọn --ngay: ngày không có thật: '31/02/2026'\n")


def test_a_register_date_says_why_it_is_not_a_date(tmp_path: Path) -> None:
    rows = tmp_path / "so-cu.csv"
    with rows.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([COLUMNS[:3], ["05/UBND-VP", "31/02/2025", "Về việc"]])
    with i18n.language("en"), pytest.raises(ArchiveError) as register:
        read_register(rows)
    [problem] = register.value.problems
    assert problem.message == "'31/02/2025' is not a date"
    assert problem.hint == "The date does not exist: '31/02/2025'"


def test_a_row_that_cannot_be_written_is_said_as_any_file_that_cannot(tmp_path: Path) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    worker = Worker(spec=None, columns=None, out_dir=tmp_path, roster_file=tmp_path / "ds.xlsx",
                    overwrite=False, gop=False, validate_only=False)  # type: ignore[arg-type]

    def fails(task: Task) -> None:
        raise full

    worker._process = fails  # type: ignore[method-assign]
    task = Task(number=3, values=(), stem="lan", fingerprint="", previous=None)
    with i18n.language("en"):
        [problem] = worker.process(task).problems
        [expected] = write_error(full, tmp_path / "lan.docx").problems
    assert problem == replace(expected, row=3)
    assert problem.hint == "Free some space on the disk or write to another disk, then run again."
