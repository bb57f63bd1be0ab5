"""The archive in English (``docgen --lang en archive …``) on both backends, and in Vietnamese by
default: every line docgen writes is in the clerk's language, except the values that come from
the documents and forms (a trích yếu, a name, a file name) and the printed register, which is a
document of the decree (Phụ lục IV) and stays Vietnamese.

Each test taking ``register`` runs once on a folder (SQLite) and once on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from vietnamese import assert_english, vietnamese_left

from docgen import i18n
from docgen.archive import COLUMNS, DEFAULT_DIR, ENV_VAR, Archive, ChainHead, parse_ref
from docgen.archive import sqlite_register as sqlite_module
from docgen.archive.entry import GENESIS, Entry, chain_hash, local_time
from docgen.archive.verify import Finding, check_chain, check_gaps
from docgen.cli import main
from docgen.errors import ArchiveError
from docgen.lines import SoLine, read_so_ref, so_line
from docgen.models import VanBan
from docgen.render import render_docx

NO_LOCALE = {"DOCGEN_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
TODAY = date.today()
PAST = TODAY.year - 6
"""A year before the issue date: the form's ``nam:`` and the deadline in its text."""

FORM = f"""\
loai: thong-bao
co_quan:
  ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY]
  viet_tat: UBND
dia_danh: Sa Thầy
nam: {PAST}
trich_yeu: lịch tiếp công dân
noi_dung: |
  Các thôn báo cáo trước ngày 31/12/{PAST}.
noi_nhan: [Các thôn, làng]
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN
  chuc_vu: CHỦ TỊCH
  ho_ten: Nguyễn Văn An
"""
VALUES = ("lịch-tiếp-công-dân", "Lịch tiếp công dân", "ỦY BAN NHÂN DÂN XÃ SA THẦY",
          "Thông báo", "Nguyễn Văn An", "Các thôn", "làng", "Sa Thầy",
          "Báo cáo", "báo cáo", "Các thôn báo cáo trước ngày", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "THÔNG BÁO", "Nơi nhận", "TM. ", "CHỦ TỊCH", "Lưu: VT")
"""What the form and its document put into the output: values, not messages."""
NAMES = ("NĐ-CP", "kỹ năng số", "'Mã chuỗi của sổ'", "'Số, ký hiệu văn bản'",
         "'Ngày tháng văn bản'", "(trích yếu)", "(sao y)", "(trích sao)", "(sao lục)")
"""Names the English text quotes as they are: the decree, a search example, the printed
register's own line and columns, the decree's names of the kinds of copy."""


SPARED = (*VALUES, *NAMES)
"""The only Vietnamese English output may hold here. The archive's tests spare nothing else,
not even what a message quotes (``quotes=False``): every value it can print is known."""


def run(args: list[str], register: str, *, lang: str | None = "en") -> Result:
    """``docgen [--lang LANG] archive ARGS --archive REGISTER`` with no locale set."""
    head = ["--lang", lang] if lang else []
    return CliRunner().invoke(main, [*head, "archive", *args, "--archive", register],
                              env=NO_LOCALE)


def english(result: Result, *values: str) -> str:
    """The whole output of ``result`` (stdout and stderr), asserted free of Vietnamese."""
    text = result.stdout + result.stderr
    assert_english(text, [*SPARED, *values], quotes=False)
    return text


def hand_register(path: Path, header: list[str], *rows: list[str]) -> Path:
    """A register kept by hand, as Excel saves it to CSV (quoted where a comma needs it)."""
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def form(tmp_path: Path) -> Path:
    """A thông báo whose ``nam:`` and deadline are before the issue date."""
    path = tmp_path / "tb.yaml"
    path.write_text(FORM, encoding="utf-8")
    return path


@pytest.fixture
def issued(register: str, form: Path) -> str:
    """The register with the form issued as number 01 (in Vietnamese, the default)."""
    result = run(["issue", str(form)], register, lang=None)
    assert result.exit_code == 0, result.output
    return register


# --- the finder itself -----------------------------------------------------------------------

def test_vietnamese_left_finds_a_message_and_passes_values() -> None:
    assert vietnamese_left("Lỗi: tệp không có", SPARED, quotes=False) == ["Lỗi: tệp không có"]
    assert vietnamese_left("Issued number 01: lt/2026/01-TB-UBND-lịch-tiếp-công-dân.docx",
                           SPARED, quotes=False) == []
    assert vietnamese_left("Signed by:   Trần Hải", [*SPARED, "Trần Hải"], quotes=False) == []
    assert vietnamese_left("Error: 'tệp' không có", SPARED, quotes=False) != []


# --- every subcommand in English ---------------------------------------------------------------

def test_issue_warns_in_english_about_the_year_and_the_deadline(register: str,
                                                                form: Path) -> None:
    result = run(["issue", str(form)], register)
    assert result.exit_code == 0, result.output
    text = english(result)
    assert result.stdout.startswith(f"Issued number 01/TB-UBND dated {TODAY:%d/%m/%Y}: ")
    assert (f"Note: {form}, line 6, field nam: the form says nam: {PAST} but the document was "
            f"issued on {TODAY:%d/%m/%Y}, so it is in the register of {TODAY.year}") in text
    assert "→ A document belongs to the year of its issue date." in text
    assert (f"Note: {form}, line 9, field noi_dung: the text has the deadline 31/12/{PAST}, "
            f"before the issue date {TODAY:%d/%m/%Y}") in text
    again = run(["issue", str(form.with_name("missing.yaml"))], register)
    assert again.exit_code == 2


def test_issue_refuses_a_preset_number_in_english(register: str, tmp_path: Path) -> None:
    preset = tmp_path / "so.yaml"
    preset.write_text(FORM.replace("nam: ", "so: 5\nnam: "), encoding="utf-8")
    result = run(["issue", str(preset)], register)
    assert result.exit_code == 2
    text = english(result)
    assert "the document already has the number 05, but the register gives the number" in text
    assert "→ Delete the line so: (or write so: null)" in text


def test_list_in_english(issued: str) -> None:
    listing = run(["list"], issued)
    assert listing.exit_code == 0
    assert english(listing).endswith("1 document.\n")
    assert "(numbered by hand)" not in listing.stdout
    for args, line in ((["--nam", "1999"], "No documents in 1999.\n"),
                       (["--tim", "zzz"], "No documents match 'zzz'.\n"),
                       (["--nam", "1999", "--tim", "zzz"], "No documents in 1999 match 'zzz'.\n")):
        result = run(["list", *args], issued)
        assert result.exit_code == 0 and english(result) == line


def test_show_labels_and_values_in_english(issued: str, tmp_path: Path) -> None:
    result = run(["show", "1"], issued)
    assert result.exit_code == 0, result.output
    english(result)
    lines = result.stdout.splitlines()
    labels = [line[:19].rstrip() for line in lines if line[:1].strip()]
    assert labels == ["Number and code:", "Date:", "Agency:", "Kind:", "Subject line:",
                      "Signed by:", "Addressees:", "Distribution list:", "File copies:",
                      "Number of copies:",
                      "File:", "SHA-256:", "Form:", "Content template:", "docgen version:",
                      "Registered at:", "Chain hash:",
                      "Note:"]
    assert all(line[20:21] != " " for line in lines if line[:1].strip() and len(line) > 19)
    assert "Content template:   (no template)" in lines
    assert re.search(r"^Registered at:      \d\d:\d\d on \d\d/\d\d/\d{4}$", result.stdout, re.M)
    assert re.search(r"^Chain hash:         [0-9a-f]{64} \(row 1\)$", result.stdout, re.M)
    no_pdf = run(["show", "1", "-o", str(tmp_path / "ban.pdf")], issued)
    assert no_pdf.exit_code == 2
    assert "the archive has no such file of this document" in english(no_pdf)
    assert "→ Leave out -o, or use the .docx ending." in no_pdf.stderr
    copied = run(["show", "1", "-o", str(tmp_path / "ban.docx")], issued)
    assert copied.exit_code == 0
    assert english(copied).endswith(f"Copied the archived file to {tmp_path / 'ban.docx'}\n")


def test_show_errors_in_english(issued: str) -> None:
    unknown = run(["show", "9"], issued)
    assert unknown.exit_code == 2
    assert "the register has no document number 09" in english(unknown)
    assert "→ See the issued numbers: docgen archive list" in unknown.stderr
    in_year = run(["show", "9", "--nam", "1999"], issued)
    assert "the register has no document number 09 in 1999" in english(in_year)
    assert "docgen archive list --nam 1999" in in_year.stderr
    bad = run(["show", "năm"], issued)
    assert bad.exit_code == 2
    assert "'năm' is not a document number" in english(bad, "'năm'")


def test_show_of_an_imported_number_in_english(register: str, tmp_path: Path) -> None:
    old = hand_register(tmp_path / "so-cu.csv", [COLUMNS[0], COLUMNS[1], COLUMNS[7], COLUMNS[8]],
                        ["05/UBND-VP", f"03/02/{PAST}", f"04/02/{PAST}", "Lan"])
    imported = run(["import", str(old)], register)
    assert imported.exit_code == 0, imported.output
    assert english(imported) == (f"Imported 1 number of UBND for {PAST} (highest: 05). "
                                 "Next number: 06.\n")
    shown = run(["show", "5"], register)
    assert shown.exit_code == 0, shown.output
    english(shown)
    assert "Source:             numbered by hand, imported from the old register" in shown.stdout
    assert f"Date sent:          04/02/{PAST}" in shown.stdout
    assert "Received by:        Lan" in shown.stdout
    assert "(numbered by hand)" in run(["list"], register).stdout
    rerender = run(["rerender", "5"], register)
    assert rerender.exit_code == 2
    assert ("document 05/UBND-VP was imported from a register kept by hand; the archive has no "
            "file of it") in english(rerender)


def test_import_errors_in_english(register: str, tmp_path: Path) -> None:
    neither = run(["import"], register)
    assert neither.exit_code == 2
    assert "exactly one source is needed: an old register file (.xlsx, .csv) or --from FOLDER" \
        in english(neither)
    headless = hand_register(tmp_path / "khong-tieu-de.csv", ["a", "b"], ["1", "2"])
    result = run(["import", str(headless)], register)
    assert result.exit_code == 2
    assert (f"no header row with the columns '{COLUMNS[0]}' and '{COLUMNS[1]}' was found"
            in english(result))
    header = [COLUMNS[0], COLUMNS[1]]
    rows = hand_register(tmp_path / "so-cu.csv", header, ["05/UBND-VP", f"03/02/{PAST}"],
                         ["xx", f"03/02/{PAST}"], ["06/UBND-VP", f"31/02/{PAST}"])
    result = run(["import", str(rows)], register)
    assert result.exit_code == 2
    # The decree's column names locate the problems: values, quoted as they are.
    text = english(result, *COLUMNS, "Ngày không có thật")
    assert (f"{rows}, row 3, column '{COLUMNS[0]}': 'xx' is not a document number and code"
            in text)
    assert "→ Write it as 05/UBND-VHXH." in text
    assert f"{rows}, row 4, column '{COLUMNS[1]}': '31/02/{PAST}' is not a date" in text
    wrong = tmp_path / "so-cu.txt"
    wrong.write_text("x", encoding="utf-8")
    assert "only a register in .xlsx or .csv can be imported" in english(
        run(["import", str(wrong)], register))
    twice = hand_register(tmp_path / "hai-lan.csv", header, ["05/UBND-VP", f"03/02/{PAST}"],
                          ["05/UBND-VP", f"04/02/{PAST}"])
    assert f"number 05 of UBND in {PAST} is written twice (rows 2 and 3)" in english(
        run(["import", str(twice)], register), *COLUMNS)


def test_import_from_a_folder_in_english(issued: str, tmp_path: Path, form: Path) -> None:
    source = tmp_path / "nguon"
    made = run(["issue", str(form)], str(source))
    assert made.exit_code == 0, made.output
    clash = run(["import", "--from", str(source)], issued)
    assert clash.exit_code == 2
    assert f"number 01/TB-UBND of {TODAY.year} is already in the target register" \
        in english(clash)
    empty = tmp_path / "trong"
    empty.mkdir()
    refused = run(["import", "--from", str(empty)], issued)
    assert "this folder has no register to move" in english(refused)
    target = tmp_path / "dich"
    moved = run(["import", "--from", str(source)], str(target))
    assert moved.exit_code == 0, moved.output
    assert english(moved) == f"Moved 1 document from {source} into {target}.\n"


def test_verify_report_in_english(issued: str) -> None:
    ok = run(["verify"], issued)
    assert ok.exit_code == 0
    assert ok.stdout.startswith("The archive matches the register: 1 document, 2 files; ")
    english(ok)
    anchor = f"1:{'0' * 64}"
    bad = run(["verify", "--moc", anchor], issued)
    assert bad.exit_code == 1
    text = english(bad)
    assert text.startswith(f"ANCHOR    the chain hash at row 1 (document 01/TB-UBND of "
                           f"{TODAY.year}) differs from the printed hash 0000000000000000…: ")
    assert "1 problem in " in text and "→ The register was changed outside docgen" in text
    gone = run(["verify", "--moc", f"7:{'0' * 64}"], issued)
    assert "the register no longer has the row 7 that the printed copy recorded" in english(gone)
    wrong = run(["verify", "--moc", "7"], issued)
    assert wrong.exit_code == 2
    assert "option --moc: '7' is not a chain anchor" in english(wrong)
    assert "→ Write ROW:HASH as in the line 'Mã chuỗi của sổ'" in wrong.stderr


def test_verify_of_a_tampered_folder_in_english(tmp_path: Path, form: Path) -> None:
    store = tmp_path / "luu-tru"
    assert run(["issue", str(form)], str(store)).exit_code == 0
    with Archive(store) as archive:
        (entry,) = archive.entries()
    docx = store / (entry.tep or "")
    docx.chmod(0o644)
    docx.write_bytes(b"changed")
    (store / entry.tep_bieu_mau).unlink()  # type: ignore[operator]
    (store / str(TODAY.year) / "la.docx").write_bytes(b"stray")
    conn = sqlite3.connect(store / "so-dang-ky.sqlite3")
    conn.execute("DROP TRIGGER so_di_khong_sua")
    conn.execute("UPDATE so_di SET trich_yeu = 'khác'")
    conn.commit()
    conn.close()
    result = run(["verify"], str(store))
    assert result.exit_code == 1
    text = english(result, "'so_di_khong_sua'")
    where = f"(document 01/TB-UBND, year {TODAY.year})"
    assert f"ALTERED   {entry.tep} {where}: the content differs from when it was issued" in text
    assert f"MISSING   {entry.tep_bieu_mau} {where}: the file is no longer in the archive" in text
    assert f"UNLISTED  {TODAY.year}/la.docx: the file is not in the register" in text
    assert f"ROW EDIT  the register row {where} was changed after it was written" in text
    assert ("DATABASE  the protective trigger 'so_di_khong_sua' is missing (someone removed the "
            "protection against changes and deletions)") in text
    assert "→ Restore the original file from a backup" in text
    assert "→ A file outside the register is not a numbered document" in text


def test_export_messages_in_english_and_the_register_in_vietnamese(issued: str,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "so.csv"
    result = run(["export", "--csv", "-o", str(out)], issued)
    assert result.exit_code == 0, result.output
    text = english(result)
    assert f"Wrote the outgoing register of {TODAY.year} (1 document) to {out}" in text
    assert "Chain hash of the register (printed at its end): " in text
    assert " (row 1); to check it later: docgen archive verify --moc 1:" in text
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS  # the decree's columns, in Vietnamese
    assert rows[-1][0].startswith("Mã chuỗi của sổ (SHA-256) đến dòng thứ 1, in lúc ")
    assert " ngày " in rows[-1][0] and " on " not in rows[-1][0]
    empty = run(["export", "--csv", "--nam", "1999", "-o", str(tmp_path / "1999.csv")], issued)
    assert "Note: the register of 1999 has no document yet" in english(empty)


def test_rerender_in_english(issued: str, tmp_path: Path) -> None:
    same = run(["rerender", "1"], issued)
    assert same.exit_code == 0, same.output
    assert english(same) == (f"Document 01/TB-UBND (year {TODAY.year}): rendered again "
                             "identical to the archived file (byte for byte).\n")
    out = tmp_path / "lai.docx"
    written = run(["rerender", "1", "-o", str(out)], issued)
    assert written.exit_code == 0
    assert english(written).startswith(f"Wrote the new rendering to {out}\n")
    refused = run(["rerender", "1", "-o", str(tmp_path / "lai.pdf")], issued)
    assert refused.exit_code == 2 and "the output file must end in .docx" in english(refused)


def test_rerender_difference_in_english(register: str, form: Path) -> None:
    def other(van_ban: VanBan) -> bytes:
        return render_docx(van_ban.model_copy(update={"trich_yeu": "lịch khác"}))

    with Archive(register, render=other) as archive:
        archive.issue(form)
    result = run(["rerender", "1"], register)
    assert result.exit_code == 1
    text = english(result, "lịch khác", "Lịch khác")
    assert f"Document 01/TB-UBND (year {TODAY.year}): the text DIFFERS from the archived " \
        "file:" in text
    assert "  --- archive" in text and "  +++ rendered again" in text
    assert text.rstrip().endswith("The archived file is the issued original; check it with "
                                  "'docgen archive verify'.")


def test_danh_so_in_english(issued: str) -> None:
    shown = run(["danh-so"], issued)
    assert shown.exit_code == 0
    assert english(shown) == ("Every kind of document shares one number series per year "
                              "(Article 15).\nCopies (SY, TrS, SL) have a series of their own "
                              "for each kind of copy.\n")
    apart = run(["danh-so", "--rieng", "quyet-dinh"], issued)
    assert apart.exit_code == 0
    assert "Kinds with a number series of their own: quyet-dinh (Decision); the other kinds " \
        "share one series." in english(apart)
    wrong = run(["danh-so", "--rieng", "quyet-dinhh"], issued)
    assert wrong.exit_code == 2
    assert "'quyet-dinhh' is not a kind of document" in english(wrong)
    assert "→ Did you mean 'quyet-dinh' or 'quy-dinh'?" in wrong.stderr
    both = run(["danh-so", "--rieng", "quyet-dinh", "--chung"], issued)
    assert "--rieng and --chung cannot be used together" in english(both)


def test_migrate_in_english(register: str) -> None:
    created = run(["migrate"], register)
    assert created.exit_code == 0, created.output
    location = created.stdout.removeprefix("Created the register at ").split(" (schema ")[0]
    assert english(created) == f"Created the register at {location} (schema 2).\n"
    again = run(["migrate"], register)
    assert english(again) == (f"The register at {location} is already at schema 2; no upgrade "
                              "needed.\n")
    if "://" not in register:
        grant = run(["migrate", "--cap-quyen", "van_thu"], register)
        assert grant.exit_code == 2
        assert "--cap-quyen is only for a register on a PostgreSQL server" in english(grant)
    else:
        wrong = run(["migrate", "--cap-quyen", "văn thư"], register)
        assert "'văn thư' is not a PostgreSQL role name" in english(wrong, "'văn thư'")


def test_a_missing_register_in_english(register: str) -> None:
    result = run(["list"], register)
    assert result.exit_code == 2
    text = english(result)
    if "://" in register:
        assert "this database has no outgoing register yet" in text
        assert "→ Create the register: docgen archive migrate" in text
    else:
        assert "there is no outgoing register in this folder yet" in text
        assert "the environment variable DOCGEN_ARCHIVE" in text


def test_a_busy_folder_register_names_the_action_in_english(
        tmp_path: Path, form: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The action a writer waits for (``cấp số``) is a msgid stored as it is and translated
    where it is shown."""
    store = tmp_path / "luu-tru"
    assert run(["migrate"], str(store)).exit_code == 0
    monkeypatch.setattr(sqlite_module, "BUSY_WAIT_S", 0.2)
    holder = sqlite3.connect(store / "so-dang-ky.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = run(["issue", str(form)], str(store))
        vietnamese = run(["issue", str(form)], str(store), lang=None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert busy.exit_code == 2
    assert ("the register has been busy for more than 0 seconds; gave up issuing the number"
            in english(busy))
    assert "sổ đăng ký đang bận quá 0 giây, chưa cấp số" in vietnamese.stderr


def test_every_help_text_in_english() -> None:
    runner = CliRunner()
    for command in ("", "issue", "list", "show", "verify", "export", "import", "danh-so",
                    "migrate", "rerender"):
        args = ["--lang", "en", "archive", *([command] if command else []), "--help"]
        result = runner.invoke(main, args, env=NO_LOCALE)
        assert result.exit_code == 0, result.output
        # click wraps the help: a quoted name may run over two lines.
        assert vietnamese_left(" ".join(result.output.split()), SPARED, quotes=False) == [], \
            result.output
        assert result.output.startswith("Usage: ")
    shown = {c: runner.invoke(main, ["--lang", "en", "archive", c, "--help"], env=NO_LOCALE)
             .output for c in ("danh-so", "migrate", "verify", "import")}
    assert "--rieng KIND" in shown["danh-so"]
    assert "--cap-quyen ROLE" in shown["migrate"]
    assert "--moc ROW:HASH" in shown["verify"]
    assert "--from FOLDER" in shown["import"]
    vietnamese = runner.invoke(main, ["archive", "danh-so", "--help"], env=NO_LOCALE).output
    assert "--rieng LOẠI" in vietnamese and "Loại văn bản có dãy số riêng" in vietnamese
    # The --archive help names the default folder and the variable in its msgid.
    assert f"(default ./{DEFAULT_DIR})" in " ".join(shown["import"].split())
    assert f"the environment variable {ENV_VAR}." in " ".join(shown["import"].split())
    with i18n.language("vi"):
        i18n.localize_click(main)  # the help texts back in Vietnamese for the other tests


# --- Vietnamese stays as it was ---------------------------------------------------------------

def test_vietnamese_by_default(issued: str, form: Path, tmp_path: Path) -> None:
    listing = run(["list"], issued, lang=None)
    assert listing.stdout.endswith("1 văn bản.\n")
    assert run(["list", "--nam", "1999", "--tim", "zzz"], issued, lang=None).stdout == \
        "Không có văn bản nào năm 1999 khớp 'zzz'.\n"
    shown = run(["show", "1"], issued, lang=None).stdout
    for line in ("Số, ký hiệu:       01/TB-UBND", "Mẫu nội dung:      (không dùng mẫu)",
                 "Nơi nhận:          - Các thôn\n                   - làng"):
        assert line in shown
    assert re.search(r"^Mã chuỗi:          [0-9a-f]{64} \(dòng thứ 1\)$", shown, re.M)
    assert re.search(r"^Ghi vào sổ lúc:    \d\d:\d\d ngày \d\d/\d\d/\d{4}$", shown, re.M)
    verify = run(["verify", "--moc", f"1:{'0' * 64}"], issued, lang=None).stdout
    assert verify.startswith(f"LỆCH MỐC mã chuỗi ở dòng thứ 1 (văn bản số 01/TB-UBND năm "
                             f"{TODAY.year}) khác mã đã in 0000000000000000…: sổ đã bị viết lại")
    assert "1 vấn đề trong " in verify
    again = run(["issue", str(form)], issued, lang=None)
    assert (f"Chú ý: {form}, dòng 6, trường nam: biểu mẫu ghi nam: {PAST} nhưng văn bản được cấp "
            f"số ngày {TODAY:%d/%m/%Y}, nên vào sổ năm {TODAY.year}") in again.stderr
    assert f"nội dung có hạn ngày 31/12/{PAST}, trước ngày ban hành {TODAY:%d/%m/%Y}" \
        in again.stderr
    assert run(["danh-so"], issued, lang=None).stdout.startswith(
        "Mọi loại văn bản dùng chung một dãy số mỗi năm (Điều 15).\n")
    assert run(["rerender", "1"], issued, lang=None).stdout == (
        f"Văn bản 01/TB-UBND (năm {TODAY.year}): soạn lại giống hệt tệp lưu trữ (từng byte).\n")
    out = tmp_path / "so.csv"
    assert run(["export", "--csv", "-o", str(out)], issued, lang=None).stdout.startswith(
        f"Đã ghi sổ đăng ký văn bản đi năm {TODAY.year} (2 văn bản) vào {out}\n"
        "Mã chuỗi của sổ (in ở cuối sổ): ")


# --- the pieces -----------------------------------------------------------------------------

def _entry() -> Entry:
    return Entry(co_quan="UBND", nam=2026, so=3, ky_hieu="UBND-VP", ngay=date(2026, 2, 5),
                 trich_yeu="x", thu_tu=3)


def test_every_kind_of_finding_in_both_languages_with_its_tag_aligned() -> None:
    findings = [Finding(kind, file="2026/03-UBND-VP.docx", entry=_entry(), detail="…")
                for kind in ("thieu", "sai", "ngoai-so", "sua-dong", "mat-dong", "chuoi-dut",
                             "mat-cuoi", "khoang-trong", "trung-so", "moc", "csdl")]
    with i18n.language("en"):
        english_lines = [str(f) for f in findings]
    with i18n.language("vi"):
        vietnamese_lines = [str(f) for f in findings]
    assert vietnamese_left("\n".join(english_lines), SPARED, quotes=False) == []
    # The tags are one width, so what follows lines up in a column.
    assert {line[9] == " " and line[10] != " " for line in english_lines} == {True}
    assert vietnamese_lines[0] == ("THIẾU    2026/03-UBND-VP.docx (văn bản số 03/UBND-VP, năm "
                                   "2026): tệp không còn trong lưu trữ")
    assert english_lines[0] == ("MISSING   2026/03-UBND-VP.docx (document 03/UBND-VP, year "
                                "2026): the file is no longer in the archive")


def test_gaps_and_removed_rows_say_one_or_several_in_english() -> None:
    first = Entry(co_quan="UBND", nam=2026, so=1, ky_hieu="UBND-VP", ngay=date(2026, 1, 5),
                  trich_yeu="x", thu_tu=1, bam_truoc=GENESIS)
    first = replace(first, bam=chain_hash(first))
    fourth = replace(first, so=4, thu_tu=4, bam_truoc=first.bam)
    fourth = replace(fourth, bam=chain_hash(fourth))
    with i18n.language("en"):
        (gap,) = check_gaps([first, fourth])
        (removed,) = check_chain([first, fourth], ChainHead(4, fourth.bam or ""))[0]
        assert str(gap) == ("SKIPPED   numbers 02–03 of UBND in 2026 are not in the register "
                            "(before document 04/UBND-VP of 2026)")
        assert str(removed) == ("ROW GONE  rows 2–3 of the register were deleted (after "
                                "document 01/UBND-VP of 2026), before document 04/UBND-VP of "
                                "2026")
    with i18n.language("vi"):
        (gap,) = check_gaps([first, replace(fourth, so=3)])
        assert str(gap) == ("BỎ SỐ   số 02 của UBND năm 2026 không có trong sổ (trước văn bản "
                            "số 03/UBND-VP năm 2026)")


def test_local_time_in_english() -> None:
    with i18n.language("en"):
        assert local_time("2026-12-02T07:32:49+00:00") == "14:32 on 02/12/2026"
    assert local_time("2026-12-02T07:32:49+00:00") == "14:32 ngày 02/12/2026"


@pytest.mark.parametrize("number, ky_hieu", [(5, "UBND-VHXH"), (12, "2026/QĐ-UBND"),
                                             (123456, "TB-UBND")])
def test_the_number_is_read_as_the_so_line_writes_it(number: int, ky_hieu: str) -> None:
    assert read_so_ref(so_line(number, ky_hieu)) == SoLine(number, ky_hieu)
    assert read_so_ref(f"{number:02d}/{ky_hieu}") == SoLine(number, ky_hieu)
    assert parse_ref(so_line(number, ky_hieu)) == (number, ky_hieu)


def test_parse_ref_takes_a_bare_number_and_refuses_what_is_none() -> None:
    assert parse_ref("số 12") == (12, None) and parse_ref(" 7 ") == (7, None)
    assert read_so_ref(so_line(None, "UBND-VHXH")) is None  # no number yet
    for text in ("05/UBND VHXH", "0", "năm", "5/"):
        with pytest.raises(ArchiveError, match="không phải số văn bản"):
            parse_ref(text)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unwritable_archive_file_names_the_reason_once(lang: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A write refused by the disk is the archive's problem, with the OS reason said once (the
    reason is taken from the OSError, not by cutting words off the translated message)."""
    import errno

    from docgen import fileio
    from docgen.archive.store import _archive_write

    def full_disk(path: Path, data: bytes, **options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio, "_atomic_write", full_disk)
    target = tmp_path / "02-UBND.docx"
    with i18n.language(lang), pytest.raises(ArchiveError) as caught, _archive_write(target):
        fileio.atomic_write(target, b"x")
    message = caught.value.problems[0].message
    full = {"vi": "ổ đĩa đã đầy", "en": "the disk is full"}[lang]
    opening = {"vi": "không ghi được vào thư mục lưu trữ: ",
               "en": "could not write to the archive folder: "}[lang]
    assert message.startswith(opening + full), message
    assert message.count(full) == 1 and "không ghi được tệp" not in message
    assert "could not write the file" not in message
    assert not target.exists()
