"""The archive on both backends: numbering, stored files, immutability, verify, rerender, search,
the CLI. Each test taking ``register`` runs once on a folder (SQLite) and once on PostgreSQL.

Concurrency and crashes are in test_archive_concurrency.py; the printable register and the
import of hand-issued numbers in test_archive_register.py; the hash chain and tampering in
test_archive_chain.py; the server itself in test_archive_postgres.py.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from docgen import __version__
from docgen.archive import Archive, CopyRequest, parse_ref
from docgen.archive.entry import local_time
from docgen.archive.store import JOURNAL_DIR, docx_text, title_part
from docgen.cli import main
from docgen.errors import ArchiveError, DocgenError
from docgen.forms import load_form, read_form
from docgen.models import VanBan
from docgen.render import render_docx

REPO = Path(__file__).resolve().parents[1]
FORMS = REPO / "data" / "forms"
GIA_HAN = FORMS / "gia-han-ky-nang-so.yaml"  # so: null, ngay: null, nam: 2025
GIA_HAN_TITLE = "gia-hạn-thời-gian-đợt-phát-động-cao-điểm-học-tập-kỹ-năng-số"

THONG_BAO = """\
loai: thong-bao
co_quan:
  ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY]
  viet_tat: {viet_tat}
dia_danh: Sa Thầy
trich_yeu: {trich_yeu}
noi_dung: |
  Ủy ban nhân dân xã thông báo lịch tiếp công dân định kỳ.
noi_nhan: [{noi_nhan}]
nguoi_ky:
  thay_mat: ỦY BAN NHÂN DÂN
  chuc_vu: CHỦ TỊCH
  ho_ten: Nguyễn Văn An
"""

Opener = Callable[..., Archive]


def thong_bao(tmp_path: Path, name: str = "tb.yaml", *, trich_yeu: str = "lịch tiếp công dân",
              noi_nhan: str = "Các thôn, làng", viet_tat: str = "UBND",
              extra: str = "") -> Path:
    """A thông báo form file without number or date."""
    path = tmp_path / name
    text = THONG_BAO.format(trich_yeu=trich_yeu, noi_nhan=noi_nhan, viet_tat=viet_tat)
    path.write_text(text + extra, encoding="utf-8")
    return path


def dated(ngay: date, **update: object) -> VanBan:
    """The gia hạn công văn with its date filled in."""
    return load_form(GIA_HAN).model_copy(update={"ngay": ngay, "nam": None, **update})


# ----------------------------------------------------- changing the register behind docgen's back


def _pg(archive: Archive, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    import psycopg

    with psycopg.connect(archive.register.url, autocommit=True) as conn:  # type: ignore[attr-defined]
        for sql, args in statements:
            conn.execute(sql.replace("?", "%s"), args)


def behind_docgens_back(archive: Archive, *statements: tuple[str, tuple[Any, ...]]) -> None:
    """Drop the immutability triggers, as someone with full access to the database could, then
    run ``statements`` (``?`` placeholders)."""
    if archive.is_postgres:
        drops = [(f"DROP TRIGGER IF EXISTS {name} ON {table}", ()) for table, name in (
            ("so_di", "so_di_khong_sua"), ("so_di", "so_di_khong_xoa_het"),
            ("tep", "tep_khong_sua"), ("tep", "tep_khong_xoa_het"),
            ("dau_chuoi", "dau_chuoi_chi_tien"), ("dau_chuoi", "dau_chuoi_khong_xoa_het"))]
        _pg(archive, [*drops, *statements])
        return
    archive.close()
    conn = sqlite3.connect(Path(archive.location) / "so-dang-ky.sqlite3")
    for name in ("so_di_khong_sua", "so_di_khong_xoa", "dau_chuoi_chi_tien",
                 "dau_chuoi_khong_xoa"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for sql, args in statements:
        conn.execute(sql, args)
    conn.commit()
    conn.close()


def replace_file(archive: Archive, rel: str, data: bytes) -> None:
    """Overwrite an archived file (on disk, or its row in the database)."""
    if archive.is_postgres:
        behind_docgens_back(archive, ("UPDATE tep SET du_lieu = ? WHERE ten = ?", (data, rel)))
        return
    path = Path(archive.location) / rel
    os.chmod(path, 0o644)
    path.write_bytes(data)


def remove_file(archive: Archive, rel: str) -> None:
    """Delete an archived file."""
    if archive.is_postgres:
        behind_docgens_back(archive, ("DELETE FROM tep WHERE ten = ?", (rel,)))
    else:
        (Path(archive.location) / rel).unlink()


def add_stray_file(archive: Archive, rel: str, data: bytes) -> None:
    """Put a file into the archive that no register row names."""
    if archive.is_postgres:
        _pg(archive, [("INSERT INTO tep (ten, du_lieu) VALUES (?, ?)", (rel, data))])
    else:
        path = Path(archive.location) / rel
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)


def flip_a_byte(archive: Archive, rel: str) -> None:
    """Change one byte in the middle of an archived file."""
    data = bytearray(archive.read_file(rel))
    data[len(data) // 2] ^= 0x01
    replace_file(archive, rel, bytes(data))


# ------------------------------------------------------------------------------- issuing


def test_issue_allocates_number_sets_today_and_stores_docx_with_form(
        register: str, open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 2, 5))
    entry = archive.issue(GIA_HAN)

    assert (entry.so, entry.nam, entry.ngay) == (1, 2026, date(2026, 2, 5))
    assert entry.so_ky_hieu == "01/UBND-VHXH"
    # Named with the trích yếu, Vietnamese letters kept (issue 12 defect 8).
    stem = f"2026/01-UBND-VHXH-{GIA_HAN_TITLE}"
    assert entry.tep == f"{stem}.docx" and entry.tep_bieu_mau == f"{stem}.yaml"
    docx, form = archive.read_file(entry.tep), archive.read_file(entry.tep_bieu_mau)
    text = "\n".join(docx_text(docx))
    assert "Số: 01/UBND-VHXH" in text
    assert "Sa Thầy, ngày 05 tháng 02 năm 2026" in text
    assert "so: 1" in form.decode("utf-8")
    assert entry.sha256 == hashlib.sha256(docx).hexdigest()
    assert entry.sha256_bieu_mau == hashlib.sha256(form).hexdigest()
    # The stored form is complete: rendering it again gives the archived bytes.
    assert archive.rerender(1).same_bytes
    if not archive.is_postgres:
        assert (Path(register) / entry.tep).read_bytes() == docx


def test_file_names_keep_vietnamese_and_drop_what_windows_forbids() -> None:
    assert title_part('V/v: Lịch "tiếp" <công> dân\\tháng 7? *khẩn* | a/b') == \
        "lịch-tiếp-công-dân-tháng-7-khẩn-a-b"
    assert title_part("Về việc gia hạn") == "gia-hạn"
    long = title_part("báo cáo " * 30)
    assert len(long) <= 60 and not long.endswith("-")
    assert title_part("...") == ""


def test_register_row_holds_what_the_decree_and_traceability_need(
        register: str, open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 2, 5))
    archive.issue(GIA_HAN)
    (row,) = archive.entries()
    assert row.ky_hieu == "UBND-VHXH"
    assert row.loai == "cong-van"
    assert row.trich_yeu.startswith("V/v gia hạn thời gian")
    assert row.nguoi_ky == "Võ Thị Kim Dung"
    assert row.kinh_gui[0] == "Văn phòng Đảng ủy xã" and len(row.kinh_gui) == 6
    # "Như trên" stands for Kính gửi: the register lists the real recipients instead.
    assert row.noi_nhan == ("Chủ tịch, các PCT UBND xã",)
    assert row.luu == ("VT", "PVHXH")
    assert row.ten_co_quan == "ỦY BAN NHÂN DÂN XÃ SA THẦY"
    assert row.phien_ban == __version__
    assert row.mau is None and row.day_so == ""
    assert row.thoi_diem.startswith(str(date.today().year))
    assert (row.thu_tu, len(row.bam or "")) == (1, 64)


def test_template_name_and_version_are_recorded(register: str, open_archive: Opener,
                                                tmp_path: Path) -> None:
    # gia-han-mau.yaml carries so: 712; the archive numbers it, so drop that line.
    (tmp_path / "co-quan-sa-thay.yaml").write_bytes((FORMS / "co-quan-sa-thay.yaml").read_bytes())
    text = (FORMS / "gia-han-mau.yaml").read_text("utf-8").replace("so: 712\n", "")
    form = tmp_path / "gia-han-mau.yaml"
    form.write_text(text, encoding="utf-8")

    archive = open_archive(register)
    entry = archive.issue(form)
    assert entry.mau == read_form(form).template_name == "gia-han@1"
    assert entry.ngay == date(2025, 11, 12) and entry.so == 1  # its own date decides the year
    assert "mẫu nội dung gia-han@1" in archive.read_file(entry.tep_bieu_mau or "").decode()


def test_a_form_with_a_number_already_is_refused_and_nothing_is_created(
        register: str, open_archive: Opener) -> None:
    archive = open_archive(register)
    with pytest.raises(DocgenError) as info:
        archive.issue(FORMS / "gia-han-mau.yaml")
    (problem,) = info.value.problems
    assert problem.field == "so"
    assert problem.line == 4 and str(problem.file).endswith("gia-han-mau.yaml")
    assert "712" in problem.message and "so:" in (problem.hint or "")
    assert not archive.exists


def test_issue_many_numbers_consecutively_in_the_given_order(
        register: str, open_archive: Opener, tmp_path: Path) -> None:
    archive = open_archive(register, today=lambda: date(2026, 3, 1))
    archive.issue(GIA_HAN)
    forms = [read_form(thong_bao(tmp_path, f"tb{i}.yaml", trich_yeu=f"việc thứ {i}"))
             for i in range(5)]
    entries = archive.issue_many([f.build() for f in forms])
    assert [e.so for e in entries] == [2, 3, 4, 5, 6]
    assert [e.trich_yeu for e in entries] == [f"Việc thứ {i}" for i in range(5)]
    assert [e.so_ky_hieu for e in archive.entries()][1:] == [f"{n:02d}/TB-UBND" for n in
                                                             range(2, 7)]
    assert entries[2].tep == "2026/04-TB-UBND-việc-thứ-2.docx"
    assert "Số: 04/TB-UBND" in docx_text(archive.read_file(entries[2].tep or ""))


def test_year_rollover_restarts_at_01_on_1_january(register: str, open_archive: Opener) -> None:
    day = [date(2025, 12, 31)]
    archive = open_archive(register, today=lambda: day[0])
    assert [archive.issue(GIA_HAN).so for _ in range(3)] == [1, 2, 3]
    day[0] = date(2026, 1, 1)
    first = archive.issue(GIA_HAN)
    assert (first.so, first.nam) == (1, 2026)
    assert first.tep and first.tep.startswith("2026/01-UBND-VHXH")
    # A document signed on 31 December but issued later continues the old year's series.
    late = archive.issue(dated(date(2025, 12, 31)))
    assert (late.so, late.nam) == (4, 2025)
    assert archive.next_number("UBND", 2026) == 2
    # One transaction spanning the new year numbers each year's series separately.
    both = archive.issue_many([dated(date(2025, 12, 31)), dated(date(2026, 1, 1))])
    assert [(e.nam, e.so) for e in both] == [(2025, 5), (2026, 2)]
    assert archive.verify().ok


def test_each_agency_has_its_own_series(register: str, open_archive: Opener,
                                        tmp_path: Path) -> None:
    archive = open_archive(register)
    archive.issue(thong_bao(tmp_path, "a.yaml"))
    other = archive.issue(thong_bao(tmp_path, "b.yaml", viet_tat="HĐND"))
    assert other.so_ky_hieu == "01/TB-HĐND"
    assert archive.issue(thong_bao(tmp_path, "c.yaml")).so == 2


def test_one_series_for_every_kind_unless_a_kind_is_numbered_apart(
        register: str, open_archive: Opener, tmp_path: Path) -> None:
    day = lambda: date(2026, 3, 2)  # noqa: E731
    common = open_archive(register, today=day)
    assert [common.issue(GIA_HAN).so, common.issue(thong_bao(tmp_path)).so] == [1, 2]
    common.close()
    # Điều 15: one series by default; a profile may give a kind its own (as many UBND do
    # for quyết định) — here the thông báo.
    apart = open_archive(register, today=day, danh_so_rieng=["thong-bao"])
    notice = apart.issue(thong_bao(tmp_path))
    assert (notice.so, notice.day_so, notice.so_ky_hieu) == (1, "thong-bao", "01/TB-UBND")
    assert notice.tep == "2026/thong-bao/01-TB-UBND-lịch-tiếp-công-dân.docx"
    assert apart.issue(GIA_HAN).so == 3  # the common series goes on
    # Switching in the middle of a year would issue 02/TB-UBND twice: refused.
    with pytest.raises(DocgenError) as info:
        apart.issue(thong_bao(tmp_path))
    assert "02/TB-UBND" in info.value.problems[0].message
    assert info.value.problems[0].field == "danh_so_rieng"
    assert apart.next_number("UBND", 2026, "thong-bao") == 2
    next_year = open_archive(register, today=lambda: date(2027, 1, 4),
                             danh_so_rieng=["thong-bao"])
    assert [next_year.issue(thong_bao(tmp_path)).so for _ in range(2)] == [1, 2]
    assert next_year.issue(GIA_HAN).so == 1
    assert apart.verify().ok
    with pytest.raises(DocgenError, match="có 2 văn bản số 01"):
        apart.find(1, nam=2026)
    assert apart.find("01/TB-UBND", nam=2026).day_so == "thong-bao"


def test_the_register_says_which_kinds_are_numbered_apart_for_every_machine(
        register: str, open_archive: Opener, runner: CliRunner, tmp_path: Path) -> None:
    shown = runner.invoke(main, ["archive", "danh-so", "--archive", register])
    assert shown.exit_code == 0 and "dùng chung một dãy số mỗi năm" in shown.output
    set_ = runner.invoke(main, ["archive", "danh-so", "--rieng", "thong-bao", "--archive",
                                register])
    assert set_.exit_code == 0, set_.output
    assert "Loại có dãy số riêng: thong-bao (Thông báo)" in set_.output
    # Another machine (another Archive, no option of its own) numbers the same way.
    archive = open_archive(register, today=lambda: date(2027, 1, 4))
    assert archive.separate_series() == ["thong-bao"]
    assert [archive.issue(thong_bao(tmp_path)).so, archive.issue(GIA_HAN).so,
            archive.issue(thong_bao(tmp_path)).so] == [1, 1, 2]
    assert archive.entries()[0].day_so == "" and archive.entries()[1].day_so == "thong-bao"
    typo = runner.invoke(main, ["archive", "danh-so", "--rieng", "quyet-dinhh", "--archive",
                                register])
    assert typo.exit_code == 2
    assert "có phải ý bạn là 'quyet-dinh' hay 'quy-dinh'?" in typo.output.lower()
    back = runner.invoke(main, ["archive", "danh-so", "--chung", "--archive", register])
    assert "dùng chung một dãy số mỗi năm" in back.output
    assert archive.separate_series() == []
    assert archive.verify().ok


def test_copies_have_their_own_series_per_form(register: str, open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 4, 2))
    archive.issue(GIA_HAN)
    made: list[tuple[int, date]] = []

    def render(so: int, ngay: date) -> bytes:
        made.append((so, ngay))
        return render_docx(dated(ngay, so=None))

    request = CopyRequest(co_quan="UBND", hinh_thuc="SY", trich_yeu="Sao y Công văn số "
                          "01/UBND-VHXH\x07", nguoi_ky="Nguyễn\x00 Văn An", noi_nhan=("Thôn 1",))
    first = archive.issue_copy(request, render)
    second = archive.issue_copy(request, render)
    extract = archive.issue_copy(CopyRequest(co_quan="UBND", hinh_thuc="TrS",
                                             trich_yeu="Trích sao"), render)
    assert [first.so_ky_hieu, second.so_ky_hieu, extract.so_ky_hieu] == [
        "01/SY-UBND", "02/SY-UBND", "01/TrS-UBND"]
    assert made == [(1, date(2026, 4, 2)), (2, date(2026, 4, 2)), (1, date(2026, 4, 2))]
    assert first.tep == "2026/SY/01-SY-UBND-sao-y-công-văn-số-01-ubnd-vhxh.docx"
    # Control characters are cleaned at this entrance too.
    assert (first.trich_yeu, first.nguoi_ky) == ("Sao y Công văn số 01/UBND-VHXH",
                                                 "Nguyễn Văn An")
    assert archive.read_file(first.tep or "")[:2] == b"PK"
    assert archive.issue(GIA_HAN).so == 2  # documents keep their own series
    assert archive.verify().ok

    def broken(so: int, ngay: date) -> bytes:
        raise RuntimeError("hỏng")

    with pytest.raises(DocgenError, match="chưa được dùng"):
        archive.issue_copy(request, broken)
    assert archive.issue_copy(request, render).so == 3
    with pytest.raises(DocgenError, match="không phải hình thức bản sao"):
        archive.issue_copy(CopyRequest(co_quan="UBND", hinh_thuc="XX", trich_yeu="x"), render)


def test_render_failure_uses_no_number_and_leaves_no_trace(register: str,
                                                           open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 4, 1))
    archive.issue(GIA_HAN)
    calls = []

    def fails_on_second(vb: VanBan) -> bytes:
        calls.append(vb.so)
        if len(calls) == 2:
            raise RuntimeError("hỏng")
        return render_docx(vb)

    broken = open_archive(register, today=lambda: date(2026, 4, 1), render=fails_on_second)
    with pytest.raises(DocgenError) as info:
        broken.issue_many([GIA_HAN, GIA_HAN, GIA_HAN])
    assert calls == [2, 3]  # numbers were allocated, then given back
    assert "chưa được dùng" in (info.value.problems[0].hint or "")
    assert [e.so for e in archive.entries()] == [1]
    report = archive.verify()
    assert report.ok and report.files_checked == 2  # no stray file left behind
    if not archive.is_postgres:
        assert not any((Path(register) / JOURNAL_DIR).iterdir())
    assert archive.issue(GIA_HAN).so == 2


def test_an_invalid_form_changes_nothing(register: str, open_archive: Opener,
                                         tmp_path: Path) -> None:
    archive = open_archive(register)
    archive.issue(GIA_HAN)
    bad = thong_bao(tmp_path, extra="do_khan: rat-khan\n")
    with pytest.raises(DocgenError) as info:
        archive.issue_many([GIA_HAN, bad])
    assert info.value.problems[0].field == "do_khan"
    assert len(archive.entries()) == 1 and archive.verify().files_checked == 2


def test_warns_when_the_form_year_or_a_deadline_is_before_the_issue_date(
        register: str, open_archive: Opener, runner: CliRunner) -> None:
    # Issue 12 defect 7: the reference form says nam: 2025 and its deadline is 20/11/2025.
    archive = open_archive(register, today=lambda: date(2026, 12, 2))
    entry = archive.issue(GIA_HAN)
    assert entry.nam == 2026
    year, deadline = archive.warnings
    assert (year.field, year.line) == ("nam", 11) and str(year.file).endswith(GIA_HAN.name)
    assert "nam: 2025" in year.message and "02/12/2026" in year.message
    assert deadline.field == "noi_dung"
    assert "10/11/2025, 20/11/2025" in deadline.message
    assert "trước ngày ban hành 02/12/2026" in deadline.message
    # A document dated in its own year, with deadlines after the date: no warning.
    archive.issue(dated(date(2025, 11, 3)))
    assert archive.warnings == []

    result = runner.invoke(main, ["archive", "issue", str(GIA_HAN), "--archive", register])
    assert result.exit_code == 0, result.output
    assert "Chú ý:" in result.output and "nam: 2025" in result.output


# --------------------------------------------------------------------------- immutability


def test_register_rows_and_files_cannot_be_updated_or_deleted(register: str,
                                                              open_archive: Opener) -> None:
    archive = open_archive(register)
    entry = archive.issue(GIA_HAN)
    archive.close()
    if archive.is_postgres:
        import psycopg

        with psycopg.connect(register, autocommit=True) as conn:
            for sql in ("UPDATE so_di SET so = 9", "DELETE FROM so_di", "TRUNCATE so_di",
                        "UPDATE tep SET du_lieu = 'x'", "DELETE FROM tep",
                        "UPDATE dau_chuoi SET so_muc = 0", "DELETE FROM dau_chuoi"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(sql)
    else:
        conn = sqlite3.connect(Path(register) / "so-dang-ky.sqlite3")
        with pytest.raises(sqlite3.IntegrityError, match="không được sửa"):
            conn.execute("UPDATE so_di SET so = 9")
        with pytest.raises(sqlite3.IntegrityError, match="không được xóa"):
            conn.execute("DELETE FROM so_di")
        with pytest.raises(sqlite3.IntegrityError, match="chỉ tiến"):
            conn.execute("UPDATE dau_chuoi SET so_muc = 0")
        conn.close()
        assert stat.S_IMODE((Path(register) / (entry.tep or "")).stat().st_mode) & 0o222 == 0
    assert [e.so for e in archive.entries()] == [1]
    assert archive.verify().ok


def test_a_stray_file_in_the_way_stops_the_issue_untouched(register: str,
                                                          open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 5, 5))
    archive.issue(GIA_HAN)
    squatter = f"2026/02-UBND-VHXH-{GIA_HAN_TITLE}.docx"
    add_stray_file(archive, squatter, b"someone else's file")
    with pytest.raises(DocgenError) as info:
        archive.issue(GIA_HAN)
    assert "không có trong sổ" in info.value.problems[0].message
    assert archive.read_file(squatter) == b"someone else's file"
    assert [e.so for e in archive.entries()] == [1]


# ---------------------------------------------------------------------------------- verify


def test_verify_names_the_altered_missing_and_unregistered_files(register: str,
                                                                 open_archive: Opener) -> None:
    archive = open_archive(register, today=lambda: date(2026, 5, 5))
    entries = [archive.issue(GIA_HAN) for _ in range(3)]
    assert archive.verify().ok
    assert archive.verify().files_checked == 6

    flip_a_byte(archive, entries[1].tep or "")
    report = archive.verify()
    assert [(f.kind, f.file) for f in report.findings if f.kind != "csdl"] == [
        ("sai", entries[1].tep)]
    assert report.findings[0].entry is not None and report.findings[0].entry.so == 2

    remove_file(archive, entries[2].tep_bieu_mau or "")
    add_stray_file(archive, "2026/ghi-chu.txt", b"x")
    kinds = {(f.kind, f.file) for f in archive.verify().findings if f.kind != "csdl"}
    assert kinds == {("sai", entries[1].tep), ("thieu", entries[2].tep_bieu_mau),
                     ("ngoai-so", "2026/ghi-chu.txt")}


def test_cli_verify_exits_1_and_names_the_tampered_file(register: str, open_archive: Opener,
                                                        runner: CliRunner) -> None:
    archive = open_archive(register, today=lambda: date(2026, 5, 5))
    entry = archive.issue(GIA_HAN)
    ok = runner.invoke(main, ["archive", "verify", "--archive", register])
    assert ok.exit_code == 0, ok.output
    assert "1 văn bản, 2 tệp" in ok.output
    assert f"Mã chuỗi của sổ: {entry.bam} (dòng thứ 1)" in ok.output
    flip_a_byte(archive, entry.tep or "")
    bad = runner.invoke(main, ["archive", "verify", "--archive", register])
    assert bad.exit_code == 1
    assert "BỊ SỬA" in bad.output and (entry.tep or "") in bad.output
    assert "01/UBND-VHXH" in bad.output


# -------------------------------------------------------------------------------- rerender


def test_rerender_matches_the_archived_file(register: str, open_archive: Opener) -> None:
    archive = open_archive(register)
    archive.issue(GIA_HAN)
    result = archive.rerender("01/UBND-VHXH")
    assert result.same_bytes and result.same_text and result.diff == []


def test_rerender_reports_text_that_no_longer_matches(register: str, open_archive: Opener,
                                                      runner: CliRunner,
                                                      tmp_path: Path) -> None:
    archive = open_archive(register, today=lambda: date(2026, 6, 1))
    entry = archive.issue(GIA_HAN)
    form = archive.read_file(entry.tep_bieu_mau or "").decode("utf-8")
    replace_file(archive, entry.tep_bieu_mau or "",
                 form.replace("Võ Thị Kim Dung", "Trần Văn Bình").encode("utf-8"))
    result = archive.rerender(1, nam=2026)
    assert not result.same_text
    assert "-Võ Thị Kim Dung" in result.diff and "+Trần Văn Bình" in result.diff

    out = runner.invoke(main, ["archive", "rerender", "1", "--archive", register,
                               "-o", str(tmp_path / "lai.docx")])
    assert out.exit_code == 1
    assert "KHÁC" in out.output and "+Trần Văn Bình" in out.output
    assert "Trần Văn Bình" in docx_text((tmp_path / "lai.docx").read_bytes())


def test_rerender_refuses_an_archived_file_replaced_by_a_hostile_docx(
        register: str, open_archive: Opener, tmp_path: Path) -> None:
    archive = open_archive(register, today=lambda: date(2026, 6, 1))
    entry = archive.issue(GIA_HAN)
    original = tmp_path / "goc.docx"
    original.write_bytes(archive.read_file(entry.tep or ""))
    secret = tmp_path / "mat-khau.txt"
    secret.write_text("BÍ MẬT", encoding="utf-8")
    # An external entity (XXE) that a default XML parser would read into the diff.
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                text = part.decode("utf-8")
                head, _, body = text.partition("?>")
                text = (f'{head}?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                        + body.replace("Võ Thị Kim Dung", "&x;"))
                part = text.encode("utf-8")
            target.writestr(info, part)
    replace_file(archive, entry.tep or "", hostile.read_bytes())
    with pytest.raises(DocgenError) as info:
        archive.rerender(1)
    (problem,) = info.value.problems
    assert "DOCTYPE" in problem.message and (entry.tep or "") in str(problem.file)
    assert "bản sao lưu" in (problem.hint or "")
    assert "BÍ MẬT" not in str(info.value)

    replace_file(archive, entry.tep or "", b"PK\x03\x04 not a zip")
    with pytest.raises(DocgenError) as info:
        archive.rerender(1)
    assert "bị hỏng" in info.value.problems[0].message


# ------------------------------------------------------------------------- list and find


def test_search_in_trich_yeu_and_recipients_with_or_without_diacritics(
        register: str, open_archive: Opener, tmp_path: Path) -> None:
    archive = open_archive(register, today=lambda: date(2026, 7, 1))
    archive.issue(thong_bao(tmp_path, "a.yaml", trich_yeu="lịch tiếp công dân tháng 7"))
    archive.issue(thong_bao(tmp_path, "b.yaml", trich_yeu="kết quả thu ngân sách",
                            noi_nhan="Thôn Tân Sang"))
    archive.issue(dated(date(2025, 3, 3)))

    def found(**kw: object) -> list[str]:
        return [f"{e.nam}:{e.so_ky_hieu}" for e in archive.entries(**kw)]  # type: ignore[arg-type]

    assert found(tim="tiep cong dan") == ["2026:01/TB-UBND"]
    assert found(tim="TIẾP CÔNG DÂN") == ["2026:01/TB-UBND"]
    assert found(tim="tân sang") == ["2026:02/TB-UBND"]
    assert found(tim="tan sang") == ["2026:02/TB-UBND"]
    assert found(tim="tiềp") == []  # a diacritic typed wrongly does not match loosely
    assert found(nam=2025) == ["2025:01/UBND-VHXH"]
    assert found(tim="kỹ năng số") == ["2025:01/UBND-VHXH"]


def test_find_asks_for_the_year_when_a_number_is_ambiguous(register: str,
                                                          open_archive: Opener) -> None:
    archive = open_archive(register)
    archive.issue(dated(date(2025, 3, 3)))
    archive.issue(dated(date(2026, 3, 3)))
    with pytest.raises(DocgenError) as info:
        archive.find(1)
    assert "có 2 văn bản số 01" in info.value.problems[0].message
    assert "--nam" in (info.value.problems[0].hint or "")
    assert archive.find("01/UBND-VHXH", nam=2025).nam == 2025
    with pytest.raises(DocgenError, match="không có văn bản số 07/TB-UBND"):
        archive.find("07/TB-UBND")


def test_parse_ref() -> None:
    assert parse_ref("05/UBND-VHXH") == (5, "UBND-VHXH")
    assert parse_ref("Số: 12") == (12, None)
    with pytest.raises(DocgenError):
        parse_ref("năm")


def test_reading_a_missing_register_says_how_to_create_one(register: str,
                                                           open_archive: Opener) -> None:
    with pytest.raises(ArchiveError) as info:  # API callers catch the archive's own errors
        open_archive(register).entries()
    problem = info.value.problems[0]
    assert "chưa có sổ đăng ký" in problem.message
    assert ("DOCGEN_ARCHIVE" if "://" not in register else "migrate") in (problem.hint or "")
    if "://" not in register:
        assert not Path(register).exists()


# ------------------------------------------------------------------------------------- CLI


def test_cli_issue_list_show_with_env_var(register: str, tmp_path: Path, runner: CliRunner,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_ARCHIVE", register)
    form = thong_bao(tmp_path, extra="so_ban: 12\n")
    result = runner.invoke(main, ["archive", "issue", str(GIA_HAN), str(form)])
    assert result.exit_code == 0, result.output
    today = date.today()
    assert f"Đã cấp số 01/UBND-VHXH ngày {today:%d/%m/%Y}" in result.output
    assert f"Đã cấp số 02/TB-UBND ngày {today:%d/%m/%Y}" in result.output
    tep = f"{today.year}/02-TB-UBND-lịch-tiếp-công-dân.docx"
    assert tep in result.output

    listing = runner.invoke(main, ["archive", "list", "--tim", "tiep cong dan"])
    assert listing.exit_code == 0
    assert "02/TB-UBND" in listing.output and "01/UBND-VHXH" not in listing.output
    assert "1 văn bản." in listing.output

    shown = runner.invoke(main, ["archive", "show", "02/TB-UBND", "-o",
                                 str(tmp_path / "ban.docx")])
    assert shown.exit_code == 0, shown.output
    assert "Người ký:" in shown.output and "Nguyễn Văn An" in shown.output
    assert tep in shown.output
    assert "Số lượng bản:      12" in shown.output  # from so_ban (issue 12 defect 11)
    with Archive(register) as archive:
        entry = archive.find("02/TB-UBND")
        assert (tmp_path / "ban.docx").read_bytes() == archive.read_file(entry.tep or "")
    # Local Vietnamese time, not an ISO stamp in UTC.
    assert f"Ghi vào sổ lúc:    {local_time(entry.thoi_diem)}" in shown.output
    assert "T" not in shown.output.split("Ghi vào sổ lúc:")[1].splitlines()[0]


def test_local_time_is_vietnamese_time() -> None:
    assert local_time("2026-12-02T07:32:49+00:00") == "14:32 ngày 02/12/2026"
    assert local_time("2026-12-02T07:32:49+00:00", "Asia/Tokyo") == "16:32 ngày 02/12/2026"
    assert local_time("không phải giờ") == "không phải giờ"


def test_cli_default_archive_is_luu_tru_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> None:
    monkeypatch.delenv("DOCGEN_ARCHIVE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["archive", "issue", str(GIA_HAN)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "luu-tru" / "so-dang-ky.sqlite3").is_file()


def test_cli_errors_are_vietnamese_exit_2_and_change_nothing(register: str,
                                                             runner: CliRunner) -> None:
    preset = runner.invoke(main, ["archive", "issue", str(FORMS / "gia-han-mau.yaml"),
                                  "--archive", register])
    assert preset.exit_code == 2
    assert "Lỗi:" in preset.output and "dòng 4" in preset.output and "so:" in preset.output
    missing = runner.invoke(main, ["archive", "list", "--archive", register])
    assert missing.exit_code == 2 and "chưa có sổ đăng ký" in missing.output
    runner.invoke(main, ["archive", "issue", str(GIA_HAN), "--archive", register])
    unknown = runner.invoke(main, ["archive", "show", "9", "--archive", register])
    assert unknown.exit_code == 2 and "không có văn bản số 09" in unknown.output


def test_docx_text_reads_paragraphs(register: str, open_archive: Opener) -> None:
    entry = open_archive(register).issue(GIA_HAN)
    lines = docx_text(open_archive(register).read_file(entry.tep or ""))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines


@pytest.mark.slow
def test_issue_with_pdf_keeps_it_beside_the_docx_hashed_and_verified(
        register: str, open_archive: Opener, runner: CliRunner) -> None:
    from docgen.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    result = runner.invoke(main, ["archive", "issue", "--pdf", str(GIA_HAN), "--archive",
                                  register])
    assert result.exit_code == 0, result.output
    archive = open_archive(register)
    (entry,) = archive.entries()
    assert entry.tep_pdf == (entry.tep or "").replace(".docx", ".pdf")
    pdf = archive.read_file(entry.tep_pdf or "")
    assert pdf.startswith(b"%PDF") and entry.sha256_pdf == hashlib.sha256(pdf).hexdigest()
    report = archive.verify()
    assert report.ok and report.files_checked == 3
    flip_a_byte(archive, entry.tep_pdf or "")
    assert [(f.kind, f.file) for f in archive.verify().findings if f.kind != "csdl"] == [
        ("sai", entry.tep_pdf)]
