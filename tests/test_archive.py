"""The archive: numbering, stored files, immutability, verify, rerender, search, the CLI.

Concurrency and crashes are in test_archive_concurrency.py; the printable register and the
import of hand-issued numbers in test_archive_register.py.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen import __version__
from docgen.archive import Archive, db, parse_ref
from docgen.archive.store import JOURNAL_DIR, docx_text
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.forms import load_form, read_form
from docgen.models import VanBan
from docgen.render import render_docx

REPO = Path(__file__).resolve().parents[1]
FORMS = REPO / "data" / "forms"
GIA_HAN = FORMS / "gia-han-ky-nang-so.yaml"  # so: null, ngay: null

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


def thong_bao(tmp_path: Path, name: str = "tb.yaml", *, trich_yeu: str = "lịch tiếp công dân",
              noi_nhan: str = "Các thôn, làng", viet_tat: str = "UBND",
              extra: str = "") -> Path:
    """A thông báo form file without number or date."""
    path = tmp_path / name
    text = THONG_BAO.format(trich_yeu=trich_yeu, noi_nhan=noi_nhan, viet_tat=viet_tat)
    path.write_text(text + extra, encoding="utf-8")
    return path


def dated(ngay: date) -> VanBan:
    """The gia hạn công văn with its date filled in."""
    return load_form(GIA_HAN).model_copy(update={"ngay": ngay})


def archive_files(root: Path) -> list[str]:
    """Every file under the archive except the register itself."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not p.name.startswith("so-dang-ky.sqlite3"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "luu-tru"


# ------------------------------------------------------------------------------- issuing


def test_issue_allocates_number_sets_today_and_stores_docx_with_form(root: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 2, 5))
    entry = archive.issue(GIA_HAN)

    assert (entry.so, entry.nam, entry.ngay) == (1, 2026, date(2026, 2, 5))
    assert entry.so_ky_hieu == "01/UBND-VHXH"
    docx = root / "2026" / "01-UBND-VHXH.docx"
    form = root / "2026" / "01-UBND-VHXH.yaml"
    assert entry.tep == "2026/01-UBND-VHXH.docx" and entry.tep_bieu_mau == "2026/01-UBND-VHXH.yaml"
    text = "\n".join(docx_text(docx.read_bytes()))
    assert "Số: 01/UBND-VHXH" in text
    assert "Sa Thầy, ngày 05 tháng 02 năm 2026" in text
    # The stored form is complete: rendering it again gives the archived bytes.
    assert render_docx(load_form(form)) == docx.read_bytes()
    assert "so: 1" in form.read_text("utf-8")
    assert entry.sha256 == hashlib.sha256(docx.read_bytes()).hexdigest()
    assert entry.sha256_bieu_mau == hashlib.sha256(form.read_bytes()).hexdigest()


def test_register_row_holds_what_the_decree_and_traceability_need(root: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 2, 5))
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
    assert row.mau is None
    assert row.thoi_diem.startswith(str(date.today().year))


def test_template_name_and_version_are_recorded(root: Path, tmp_path: Path) -> None:
    # gia-han-mau.yaml carries so: 712; the archive numbers it, so drop that line.
    (tmp_path / "co-quan-sa-thay.yaml").write_bytes((FORMS / "co-quan-sa-thay.yaml").read_bytes())
    text = (FORMS / "gia-han-mau.yaml").read_text("utf-8").replace("so: 712\n", "")
    form = tmp_path / "gia-han-mau.yaml"
    form.write_text(text, encoding="utf-8")

    entry = Archive(root).issue(form)
    assert entry.mau == read_form(form).template_name == "gia-han@1"
    assert entry.ngay == date(2025, 11, 12) and entry.so == 1  # its own date decides the year
    assert "mẫu nội dung gia-han@1" in (root / "2025" / "01-UBND-VHXH.yaml").read_text("utf-8")


def test_a_form_with_a_number_already_is_refused_and_nothing_is_created(root: Path) -> None:
    with pytest.raises(DocgenError) as info:
        Archive(root).issue(FORMS / "gia-han-mau.yaml")
    (problem,) = info.value.problems
    assert problem.field == "so"
    assert problem.line == 4 and str(problem.file).endswith("gia-han-mau.yaml")
    assert "712" in problem.message and "so:" in (problem.hint or "")
    assert not root.exists()


def test_issue_many_numbers_consecutively_in_the_given_order(root: Path, tmp_path: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 3, 1))
    archive.issue(GIA_HAN)
    forms = [read_form(thong_bao(tmp_path, f"tb{i}.yaml", trich_yeu=f"việc thứ {i}"))
             for i in range(5)]
    entries = archive.issue_many([f.build() for f in forms])
    assert [e.so for e in entries] == [2, 3, 4, 5, 6]
    assert [e.trich_yeu for e in entries] == [f"Việc thứ {i}" for i in range(5)]
    assert [e.so_ky_hieu for e in archive.entries()][1:] == [f"{n:02d}/TB-UBND" for n in
                                                             range(2, 7)]
    assert "Số: 04/TB-UBND" in docx_text((root / "2026" / "04-TB-UBND.docx").read_bytes())


def test_year_rollover_restarts_at_01_on_1_january(root: Path) -> None:
    day = [date(2025, 12, 31)]
    archive = Archive(root, today=lambda: day[0])
    assert [archive.issue(GIA_HAN).so for _ in range(3)] == [1, 2, 3]
    day[0] = date(2026, 1, 1)
    first = archive.issue(GIA_HAN)
    assert (first.so, first.nam) == (1, 2026)
    assert (root / "2026" / "01-UBND-VHXH.docx").is_file()
    # A document signed on 31 December but issued later continues the old year's series.
    late = archive.issue(dated(date(2025, 12, 31)))
    assert (late.so, late.nam) == (4, 2025)
    assert archive.next_number("UBND", 2026) == 2
    # One transaction spanning the new year numbers each year's series separately.
    both = archive.issue_many([dated(date(2025, 12, 31)), dated(date(2026, 1, 1))])
    assert [(e.nam, e.so) for e in both] == [(2025, 5), (2026, 2)]


def test_each_agency_has_its_own_series(root: Path, tmp_path: Path) -> None:
    archive = Archive(root)
    archive.issue(thong_bao(tmp_path, "a.yaml"))
    other = archive.issue(thong_bao(tmp_path, "b.yaml", viet_tat="HĐND"))
    assert other.so_ky_hieu == "01/TB-HĐND"
    assert archive.issue(thong_bao(tmp_path, "c.yaml")).so == 2


def test_render_failure_uses_no_number_and_leaves_no_trace(root: Path, tmp_path: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 4, 1))
    archive.issue(GIA_HAN)
    before = archive_files(root)
    calls = []

    def fails_on_second(vb: VanBan) -> bytes:
        calls.append(vb.so)
        if len(calls) == 2:
            raise RuntimeError("hỏng")
        return render_docx(vb)

    broken = Archive(root, today=lambda: date(2026, 4, 1), render=fails_on_second)
    with pytest.raises(DocgenError) as info:
        broken.issue_many([GIA_HAN, GIA_HAN, GIA_HAN])
    assert calls == [2, 3]  # numbers were allocated, then given back
    assert "chưa được dùng" in (info.value.problems[0].hint or "")
    assert archive_files(root) == before
    assert [e.so for e in archive.entries()] == [1]
    assert not any((root / JOURNAL_DIR).iterdir())
    assert archive.issue(GIA_HAN).so == 2
    assert archive.verify().ok


def test_an_invalid_form_changes_nothing(root: Path, tmp_path: Path) -> None:
    archive = Archive(root)
    archive.issue(GIA_HAN)
    before = archive_files(root)
    bad = thong_bao(tmp_path, extra="do_khan: rat-khan\n")
    with pytest.raises(DocgenError) as info:
        archive.issue_many([GIA_HAN, bad])
    assert info.value.problems[0].field == "do_khan"
    assert archive_files(root) == before and len(archive.entries()) == 1


# --------------------------------------------------------------------------- immutability


def test_register_rows_cannot_be_updated_or_deleted(root: Path) -> None:
    archive = Archive(root)
    archive.issue(GIA_HAN)
    archive.close()
    conn = sqlite3.connect(root / "so-dang-ky.sqlite3")
    with pytest.raises(sqlite3.IntegrityError, match="không được sửa"):
        conn.execute("UPDATE so_di SET so = 9")
    with pytest.raises(sqlite3.IntegrityError, match="không được xóa"):
        conn.execute("DELETE FROM so_di")
    conn.close()
    assert [e.so for e in Archive(root).entries()] == [1]


def test_archived_files_are_read_only_and_never_overwritten(root: Path) -> None:
    archive = Archive(root)
    entry = archive.issue(GIA_HAN)
    docx = root / (entry.tep or "")
    assert stat.S_IMODE(docx.stat().st_mode) & 0o222 == 0
    # A file in the way of the next number (not in the register) stops the issue untouched.
    squatter = root / str(entry.nam) / "02-UBND-VHXH.docx"
    squatter.write_bytes(b"someone else's file")
    with pytest.raises(DocgenError) as info:
        archive.issue(GIA_HAN)
    assert "không có trong sổ" in info.value.problems[0].message
    assert squatter.read_bytes() == b"someone else's file"
    assert [e.so for e in archive.entries()] == [1]


# ---------------------------------------------------------------------------------- verify


def _tamper(path: Path) -> None:
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_verify_names_the_altered_missing_and_unregistered_files(root: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 5, 5))
    for _ in range(3):
        archive.issue(GIA_HAN)
    assert archive.verify().ok
    assert archive.verify().files_checked == 6

    _tamper(root / "2026" / "02-UBND-VHXH.docx")
    report = archive.verify()
    assert [(f.kind, f.file) for f in report.findings] == [("sai", "2026/02-UBND-VHXH.docx")]
    assert report.findings[0].entry is not None and report.findings[0].entry.so == 2

    (root / "2026" / "03-UBND-VHXH.yaml").unlink()
    (root / "2026" / "ghi-chu.txt").write_text("x")
    kinds = {(f.kind, f.file) for f in archive.verify().findings}
    assert kinds == {("sai", "2026/02-UBND-VHXH.docx"), ("thieu", "2026/03-UBND-VHXH.yaml"),
                     ("ngoai-so", "2026/ghi-chu.txt")}


def test_cli_verify_exits_1_and_names_the_tampered_file(root: Path) -> None:
    Archive(root, today=lambda: date(2026, 5, 5)).issue(GIA_HAN)
    runner = CliRunner()
    ok = runner.invoke(main, ["archive", "verify", "--archive", str(root)])
    assert ok.exit_code == 0, ok.output
    assert "1 văn bản, 2 tệp" in ok.output
    _tamper(root / "2026" / "01-UBND-VHXH.docx")
    bad = runner.invoke(main, ["archive", "verify", "--archive", str(root)])
    assert bad.exit_code == 1
    assert "BỊ SỬA" in bad.output and "2026/01-UBND-VHXH.docx" in bad.output
    assert "01/UBND-VHXH" in bad.output


# -------------------------------------------------------------------------------- rerender


def test_rerender_matches_the_archived_file(root: Path) -> None:
    archive = Archive(root)
    archive.issue(GIA_HAN)
    result = archive.rerender("01/UBND-VHXH")
    assert result.same_bytes and result.same_text and result.diff == []


def test_rerender_reports_text_that_no_longer_matches(root: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 6, 1))
    archive.issue(GIA_HAN)
    form = root / "2026" / "01-UBND-VHXH.yaml"
    os.chmod(form, 0o644)
    form.write_text(form.read_text("utf-8").replace("Võ Thị Kim Dung", "Trần Văn Bình"),
                    encoding="utf-8")
    result = archive.rerender(1, nam=2026)
    assert not result.same_text
    assert "-Võ Thị Kim Dung" in result.diff and "+Trần Văn Bình" in result.diff

    out = CliRunner().invoke(main, ["archive", "rerender", "1", "--archive", str(root),
                                    "-o", str(root.parent / "lai.docx")])
    assert out.exit_code == 1
    assert "KHÁC" in out.output and "+Trần Văn Bình" in out.output
    assert "Trần Văn Bình" in docx_text((root.parent / "lai.docx").read_bytes())


def test_rerender_refuses_an_archived_file_replaced_by_a_hostile_docx(root: Path,
                                                                     tmp_path: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 6, 1))
    entry = archive.issue(GIA_HAN)
    docx = root / (entry.tep or "")
    secret = tmp_path / "mat-khau.txt"
    secret.write_text("BÍ MẬT", encoding="utf-8")
    # An external entity (XXE) that a default XML parser would read into the diff.
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                text = part.decode("utf-8")
                head, _, body = text.partition("?>")
                text = (f'{head}?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
                        + body.replace("Võ Thị Kim Dung", "&x;"))
                part = text.encode("utf-8")
            target.writestr(info, part)
    os.chmod(docx, 0o644)
    docx.write_bytes(hostile.read_bytes())
    with pytest.raises(DocgenError) as info:
        archive.rerender(1)
    (problem,) = info.value.problems
    assert "DOCTYPE" in problem.message and problem.file == str(docx)
    assert "bản sao lưu" in (problem.hint or "")
    assert "BÍ MẬT" not in str(info.value)

    docx.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(DocgenError) as info:
        archive.rerender(1)
    assert "bị hỏng" in info.value.problems[0].message


# ------------------------------------------------------------------------- list and find


def test_search_in_trich_yeu_and_recipients_with_or_without_diacritics(
        root: Path, tmp_path: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 7, 1))
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


def test_find_asks_for_the_year_when_a_number_is_ambiguous(root: Path) -> None:
    archive = Archive(root)
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


def test_reading_a_missing_archive_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(DocgenError) as info:
        Archive(tmp_path / "khong-co").entries()
    assert "chưa có sổ đăng ký" in info.value.problems[0].message
    assert "DOCGEN_ARCHIVE" in (info.value.problems[0].hint or "")
    assert not (tmp_path / "khong-co").exists()


# ------------------------------------------------------------------------------------- CLI


def test_cli_issue_list_show_with_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "kho"
    monkeypatch.setenv("DOCGEN_ARCHIVE", str(root))
    runner = CliRunner()
    form = thong_bao(tmp_path)
    result = runner.invoke(main, ["archive", "issue", str(GIA_HAN), str(form)])
    assert result.exit_code == 0, result.output
    today = date.today()
    assert f"Đã cấp số 01/UBND-VHXH ngày {today:%d/%m/%Y}" in result.output
    assert f"Đã cấp số 02/TB-UBND ngày {today:%d/%m/%Y}" in result.output
    assert (root / str(today.year) / "02-TB-UBND.docx").is_file()

    listing = runner.invoke(main, ["archive", "list", "--tim", "tiep cong dan"])
    assert listing.exit_code == 0
    assert "02/TB-UBND" in listing.output and "01/UBND-VHXH" not in listing.output
    assert "1 văn bản." in listing.output

    shown = runner.invoke(main, ["archive", "show", "02/TB-UBND"])
    assert shown.exit_code == 0
    assert "Người ký:" in shown.output and "Nguyễn Văn An" in shown.output
    assert str(root / str(today.year) / "02-TB-UBND.docx") in shown.output


def test_cli_default_archive_is_luu_tru_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_ARCHIVE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["archive", "issue", str(GIA_HAN)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "luu-tru" / "so-dang-ky.sqlite3").is_file()


def test_cli_errors_are_vietnamese_exit_2_and_change_nothing(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    runner = CliRunner()
    preset = runner.invoke(main, ["archive", "issue", str(FORMS / "gia-han-mau.yaml"),
                                  "--archive", str(root)])
    assert preset.exit_code == 2
    assert "Lỗi:" in preset.output and "dòng 4" in preset.output and "so:" in preset.output
    assert not root.exists()
    missing = runner.invoke(main, ["archive", "list", "--archive", str(root)])
    assert missing.exit_code == 2 and "chưa có sổ đăng ký" in missing.output
    runner.invoke(main, ["archive", "issue", str(GIA_HAN), "--archive", str(root)])
    unknown = runner.invoke(main, ["archive", "show", "9", "--archive", str(root)])
    assert unknown.exit_code == 2 and "không có văn bản số 09" in unknown.output


def test_docx_text_reads_paragraphs(root: Path) -> None:
    entry = Archive(root).issue(GIA_HAN)
    lines = docx_text((root / (entry.tep or "")).read_bytes())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines


def test_db_insert_names_its_columns_whatever_the_field_order(root: Path, tmp_path: Path) -> None:
    archive = Archive(root, today=lambda: date(2026, 2, 5))
    archive.issue(GIA_HAN)
    (entry,) = archive.entries()
    assert entry.id is not None  # read back: id set, and ignored by insert
    copy = tmp_path / "ban-sao"
    copy.mkdir()
    conn = db.connect(copy)
    with db.write_transaction(conn, copy / db.DB_NAME, "thử"):
        db.insert(conn, replace(entry, id=99))
    (again,) = db.entries(conn)
    conn.close()
    assert again == entry and again.id == 1
