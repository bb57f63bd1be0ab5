"""``docgen batch`` on the bundled example and on bad or hostile rosters."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from batchkit import manifest
from click.testing import CliRunner, Result

from docgen.batch.roster import open_roster
from docgen.check import check_file
from docgen.cli import main
from docgen.vnformat import ngay, phan_tram, so

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "data" / "forms" / "don-doc-theo-thon.yaml"
PROFILE = ROOT / "data" / "forms" / "co-quan-sa-thay.yaml"
XLSX = ROOT / "data" / "rosters" / "ket-qua-theo-thon.xlsx"
CSV = ROOT / "data" / "rosters" / "ket-qua-theo-thon.csv"
SAFE_NAME = re.compile(r"[a-z0-9_][a-z0-9._-]*\.docx")


def batch(*args: object) -> Result:
    """``docgen batch ARGS`` in this process (not a terminal: no progress bar)."""
    return CliRunner().invoke(main, ["batch", *map(str, args)], catch_exceptions=False)


def files(folder: Path) -> dict[str, bytes]:
    """Every visible file in ``folder`` with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def example_rows() -> list[tuple[int, tuple[object, ...]]]:
    return [(r.number, r.values) for r in open_roster(XLSX).rows()]


def write_roster(path: Path, rows: list[list[object]]) -> Path:
    """A ';' CSV with the example's header and ``rows`` (strings as written)."""
    header = open_roster(CSV).columns.headers
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def example_csv_rows() -> list[list[str]]:
    with CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))[1:]


# ---------------------------------------------------------------------------------------------
# The example


def test_example_batch_puts_each_rows_values_in_place(tmp_path: Path) -> None:
    out = tmp_path / "don-doc"
    result = batch(FORM, "--roster", XLSX, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = example_rows()
    # Not a terminal: one summary line, no progress bar.
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith(f"Xong: {len(rows)} đã tạo, 0 giữ nguyên, 0 lỗi;")
    assert "đã đọc trang tính 'Kết quả theo thôn'" in result.stdout  # the workbook has two
    assert result.stderr == ""

    listed = {int(r["hang"]): r for r in manifest(out)}
    assert sorted(listed) == [n for n, _ in rows]
    for ordinal, (number, (_, _, loai, ten, tham_gia, tong, _, han)) in enumerate(rows, 1):
        # Numbered by data row, as a person counts; Vietnamese letters kept (issue 12, 8).
        name = f"{ordinal:03d}-{ten}.docx"
        path = out / name
        entry = listed[number]
        assert entry["tep"] == name and entry["trang_thai"] == "da-tao"
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()

        unit = f"{str(loai).lower()} {ten}"
        document = docx.Document(str(path))
        paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
        assert [p for p in paragraphs if p.startswith("Kính gửi")] == [
            f"Kính gửi: Trưởng {unit}."]
        (opening,) = [p for p in paragraphs if p.startswith("Thực hiện")]
        assert f"đến nay {unit} có {so(tham_gia)}/{so(tong)} người dân" in opening
        assert phan_tram(tham_gia / tong * 100) in opening  # type: ignore[operator]
        (review,) = [p for p in paragraphs if p.startswith("- Rà soát")]
        assert review.endswith(f"trước {ngay(han)};")  # type: ignore[arg-type]
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert any(c.endswith(f"V/v đôn đốc {unit} hoàn thành đợt phát động cao điểm học tập "
                              "kỹ năng số") for c in cells)
        assert any("Sa Thầy, ngày 05 tháng 02 năm 2026" in c for c in cells)
        # The same rule checks as every other document docgen writes (nd30.md).
        report = check_file(path)
        assert report.ok, report.text()


def test_csv_and_xlsx_rosters_give_the_same_bytes(tmp_path: Path) -> None:
    assert batch(FORM, "--roster", XLSX, "-o", tmp_path / "x", "--jobs", "1").exit_code == 0
    assert batch(FORM, "--roster", CSV, "-o", tmp_path / "c", "--jobs", "1").exit_code == 0
    assert files(tmp_path / "x") == files(tmp_path / "c")


def test_jobs_2_output_equals_jobs_1_byte_for_byte(tmp_path: Path) -> None:
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        result = batch(FORM, "--roster", XLSX, "-o", out, "--jobs", jobs,
                       "--gop", out / "tat-ca.docx")
        assert result.exit_code == 0, result.output
    one, two = files(tmp_path / "j1"), files(tmp_path / "j2")
    assert len(one) == len(example_rows()) + 2  # the notices, the --gop file, manifest.csv
    assert one == two


def test_gop_one_section_per_notice_with_page_numbers_restarting(tmp_path: Path) -> None:
    out = tmp_path / "out"
    gop = tmp_path / "in-gop.docx"
    assert batch(FORM, "--roster", CSV, "-o", out, "--gop", gop).exit_code == 0
    rows = example_rows()
    with zipfile.ZipFile(gop) as zf:
        xml = zf.read("word/document.xml").decode()
        assert zf.testzip() is None
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml)
    assert len(sections) == len(rows)
    for section in sections:
        assert '<w:pgNumType w:start="1"/>' in section
        assert "<w:titlePg/>" in section  # no number on each notice's first page
        assert 'w:type="default"' in section and 'w:type="first"' in section
    document = docx.Document(str(gop))
    assert len(document.sections) == len(rows)
    recipients = [p.text for p in document.paragraphs if p.text.startswith("Kính gửi")]
    assert recipients == [f"Kính gửi: Trưởng {str(v[2]).lower()} {v[3]}." for _, v in rows]
    assert check_file(gop).ok
    listed = manifest(out)[-1]
    assert listed["trang_thai"] == "gop" and listed["hang"] == ""
    assert listed["sha256"] == hashlib.sha256(gop.read_bytes()).hexdigest()


def test_loc_keeps_only_rows_behind_target(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(FORM, "--roster", XLSX, "-o", out, "--loc", "dong.ty_le < 80")
    assert result.exit_code == 0, result.output
    behind = {n for n, v in example_rows() if v[6] < 80}  # type: ignore[operator]
    assert 0 < len(behind) < len(example_rows())
    status = {int(r["hang"]): r["trang_thai"] for r in manifest(out)}
    assert {n for n, s in status.items() if s == "da-tao"} == behind
    assert {s for n, s in status.items() if n not in behind} == {"loc-bo"}
    assert len([n for n in files(out) if n.endswith(".docx")]) == len(behind)
    assert f"{len(example_rows()) - len(behind)} lọc bỏ" in result.stdout


def test_ten_tep_names_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(FORM, "--roster", XLSX, "-o", out,
                   "--ten-tep", "{{ dong.ma_thon }}-{{ dong.loai }} {{ dong.ten_thon }}")
    assert result.exit_code == 0, result.output
    assert "01-Thôn Tân Sang.docx" in files(out)
    assert "17-Làng Đăk Wớt.docx" in files(out)
    ascii_out = tmp_path / "ascii"
    result = batch(FORM, "--roster", XLSX, "-o", ascii_out, "--ten-ascii",
                   "--ten-tep", "{{ dong.ma_thon }}-{{ dong.loai }} {{ dong.ten_thon }}")
    assert result.exit_code == 0, result.output
    assert "01-thon-tan-sang.docx" in files(ascii_out)
    assert "17-lang-dak-wot.docx" in files(ascii_out)


# ---------------------------------------------------------------------------------------------
# Bad rows


def bad_roster(tmp_path: Path) -> Path:
    rows = example_csv_rows()
    rows[3][4] = ""       # row 5: Số tham gia empty
    rows[5][5] = "nhiều"  # row 7: Tổng số not a number
    return write_roster(tmp_path / "loi.csv", rows)


def test_bad_rows_fail_alone_naming_row_and_column(tmp_path: Path) -> None:
    roster = bad_roster(tmp_path)
    out = tmp_path / "out"
    result = batch(FORM, "--roster", roster, "-o", out)
    assert result.exit_code == 1
    assert f"{roster}, hàng 5, cột Số tham gia: ô đang để trống" in result.stderr
    assert f"{roster}, hàng 7, cột Tổng số:" in result.stderr
    assert "'nhiều'" in result.stderr
    total = len(example_rows())
    # Never "Xong" when rows failed (issue 12 defect 4).
    assert result.stdout.startswith(f"Chưa xong: {total - 2} đã tạo, 0 giữ nguyên, 2 lỗi;")
    status = {int(r["hang"]): r for r in manifest(out)}
    assert status[5]["trang_thai"] == "loi" and "Số tham gia" in status[5]["ghi_chu"]
    assert status[7]["trang_thai"] == "loi"
    assert not (out / status[5]["tep"]).exists()
    assert len([n for n in files(out) if n.endswith(".docx")]) == total - 2


def test_strict_with_a_bad_row_writes_nothing(tmp_path: Path) -> None:
    roster = bad_roster(tmp_path)
    out = tmp_path / "out"
    gop = tmp_path / "gop.docx"
    result = batch(FORM, "--roster", roster, "-o", out, "--strict", "--gop", gop, "--jobs", 2)
    assert result.exit_code == 2
    assert "hàng 5, cột Số tham gia" in result.stderr and "hàng 7, cột Tổng số" in result.stderr
    assert result.stdout.startswith("Không ghi tệp nào: 2 hàng lỗi (--strict)")
    assert not out.exists() and not gop.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loi.csv"]


def test_strict_with_good_rows_writes_everything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(FORM, "--roster", CSV, "-o", out, "--strict")
    assert result.exit_code == 0, result.output
    assert len(manifest(out)) == len(example_rows())


def test_form_using_a_missing_column_names_it(tmp_path: Path) -> None:
    shutil.copy(PROFILE, tmp_path / PROFILE.name)
    form = tmp_path / "form.yaml"
    form.write_text(FORM.read_text(encoding="utf-8").replace("dong.tong_so", "dong.tong_so_dan"),
                    encoding="utf-8")
    result = batch(form, "--roster", CSV, "-o", tmp_path / "out", "--strict")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert "hàng 2, cột tong_so_dan: bảng danh sách không có cột 'tong_so_dan'" in first
    assert "Tổng số (dong.tong_so)" in result.stderr


def test_bad_options_are_input_errors(tmp_path: Path) -> None:
    result = batch(FORM, "--roster", CSV, "-o", tmp_path / "out", "--loc", "dong.ty_le <")
    assert result.exit_code == 2 and "--loc" in result.stderr
    result = batch(FORM, "--roster", CSV, "-o", tmp_path / "out", "--gop", tmp_path / "g.pdf")
    assert result.exit_code == 2 and ".docx" in result.stderr
    result = batch(FORM, "--roster", tmp_path / "khong-co.xlsx", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "không tìm thấy" in result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------
# Hostile names


HOSTILE = ["../../x", "Thôn 3/4", "CON", "Thôn " + "rất dài " * 40,
           unicodedata.normalize("NFD", "Làng Đăk Wớt"), "Làng Đăk Wớt", "Thôn 3/4", "..",
           "/etc/passwd", "C:\\Windows\\x", "con.docx", "thôn\u202etxt.exe", "Ｔｈôｎ　１"]


def hostile_roster(path: Path) -> Path:
    template = example_csv_rows()[0]
    rows = []
    for i, name in enumerate(HOSTILE, start=1):
        row = list(template)
        row[0], row[1], row[3] = str(i), f"{i:02d}", name
        rows.append(row)
    return write_roster(path, rows)


def test_hostile_names_stay_inside_dir_distinct_and_deterministic(tmp_path: Path) -> None:
    roster = hostile_roster(tmp_path / "doc-hai.csv")
    names = []
    for run in ("a", "b"):
        base = tmp_path / run
        base.mkdir()
        out = base / "out"
        result = batch(FORM, "--roster", roster, "-o", out, "--ten-tep", "dong.ten_thon",
                       "--jobs", 2, "--ten-ascii")
        assert result.exit_code == 0, result.output
        # Nothing anywhere but in DIR.
        written = [p for p in base.rglob("*") if p.is_file()]
        assert all(p.parent == out for p in written), written
        docs = sorted(n for n in files(out) if n.endswith(".docx"))
        assert len(docs) == len(HOSTILE)
        assert len({n.casefold() for n in docs}) == len(docs)
        assert all(SAFE_NAME.fullmatch(n) and len(n) <= 90 for n in docs), docs
        names.append([r["tep"] for r in manifest(out)])
    assert names[0] == names[1]
    listed = names[0]
    assert listed[:3] == ["x.docx", "thon-3-4.docx", "_con.docx"]
    assert listed[4:7] == ["lang-dak-wot.docx", "lang-dak-wot-2.docx", "thon-3-4-2.docx"]
    assert listed[7] == "van-ban.docx"


def test_hostile_names_keep_vietnamese_letters_and_stay_safe(tmp_path: Path) -> None:
    roster = hostile_roster(tmp_path / "doc-hai.csv")
    out = tmp_path / "base" / "out"
    out.parent.mkdir()
    result = batch(FORM, "--roster", roster, "-o", out, "--ten-tep", "dong.ten_thon")
    assert result.exit_code == 0, result.output
    assert all(p.parent == out for p in out.parent.rglob("*") if p.is_file())
    listed = [r["tep"] for r in manifest(out)]
    assert len({n.casefold() for n in listed}) == len(HOSTILE)
    assert not [n for n in listed if re.search(r'[<>:"/\\|?*\x00-\x1f\u202e]', n)]
    assert all(len(n.encode()) <= 210 and not n.startswith(".") for n in listed)
    assert listed[:3] == ["x.docx", "Thôn 3-4.docx", "_CON.docx"]
    assert listed[4:6] == ["Làng Đăk Wớt.docx", "Làng Đăk Wớt-2.docx"]  # NFD and NFC: one name


@pytest.mark.parametrize("gop_name", ["001-x.docx"])
def test_gop_name_inside_dir_never_collides_with_a_notice(tmp_path: Path, gop_name: str) -> None:
    roster = write_roster(tmp_path / "r.csv", [example_csv_rows()[0]])
    out = tmp_path / "out"
    result = batch(FORM, "--roster", roster, "-o", out, "--ten-tep", "'001-x'",
                   "--gop", out / gop_name)
    assert result.exit_code == 0, result.output
    assert manifest(out)[0]["tep"] == "001-x-2.docx"
    assert set(files(out)) == {"001-x-2.docx", gop_name, "manifest.csv"}


# ---------------------------------------------------------------------------------------------
# --loc and --ten-tep reading what the row does not have


def test_loc_on_a_missing_column_is_a_row_error_about_the_option(tmp_path: Path) -> None:
    result = batch(FORM, "--roster", CSV, "-o", tmp_path / "out", "--loc", "dong.ty_le_sai")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert f"{CSV}, hàng 2, cột ty_le_sai: bảng danh sách không có cột 'ty_le_sai' mà --loc " \
        "dùng" in first
    # The mistake is in the option, not in the form.
    assert "Sửa tên cột trong --loc" in result.stderr
    assert "biểu mẫu" not in result.stderr


def test_ten_tep_on_an_empty_cell_fails_that_row_alone(tmp_path: Path) -> None:
    rows = example_csv_rows()
    rows[2][3] = ""  # row 4: Tên thôn empty
    roster = write_roster(tmp_path / "r.csv", rows)
    result = batch(FORM, "--roster", roster, "-o", tmp_path / "out", "--ten-tep",
                   "dong.ten_thon")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{roster}, hàng 4, cột Tên thôn: ô đang để trống (trong --ten-tep)" in result.stderr
    assert "--ten-tep có thể viết: dong.ten_cot | default('')" in result.stderr
    assert result.stdout.startswith(f"Chưa xong: {len(rows) - 1} đã tạo, 0 giữ nguyên, 1 lỗi;")


def test_archive_with_loc_on_a_missing_column_issues_nothing(tmp_path: Path) -> None:
    result = batch(FORM, "--roster", CSV, "--archive", tmp_path / "luu-tru", "--loc",
                   "dong.sai")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{CSV}, hàng 2, cột sai: bảng danh sách không có cột 'sai' mà --loc dùng" in \
        result.stderr
    assert "chưa cấp số nào" in result.stderr


def test_loc_runtime_error_names_the_column_and_the_option(tmp_path: Path) -> None:
    result = batch(FORM, "--roster", CSV, "-o", tmp_path / "out", "--loc", "dong.ty_le < '80'")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert f"{CSV}, hàng 2, cột Tỷ lệ (%): --loc 'dong.ty_le < '80'':" in first
    hint = result.stderr.splitlines()[1]
    assert "--loc" in hint and "trong mẫu" not in hint


def test_what_docgen_changed_is_a_warning_once_and_a_note_per_row(tmp_path: Path) -> None:
    """VanBan.notices of each row: printed as ``Cảnh báo:`` once for all rows it concerns,
    noted on each row of manifest.csv; the batch still succeeds."""
    for name in (FORM.name, "co-quan-sa-thay.yaml"):
        shutil.copy(FORM.parent / name, tmp_path / name)
    profile = tmp_path / "co-quan-sa-thay.yaml"
    text = profile.read_text("utf-8")
    line = text.splitlines().index("  ho_ten: Võ Thị Kim Dung") + 1
    profile.write_text(text.replace("ho_ten: Võ Thị Kim Dung", "ho_ten: võ thị kim dung"),
                       "utf-8")
    out = tmp_path / "out"
    result = batch(tmp_path / FORM.name, "--roster", CSV, "-o", out)
    assert result.exit_code == 0, result.output
    rows = [r for r in manifest(out) if r["hang"]]
    warnings = [x for x in result.stderr.splitlines() if x.startswith("Cảnh báo")]
    assert len(warnings) == 1, result.stderr
    for part in (f"Cảnh báo: {profile}, ", f"dòng {line}",
                 "nguoi_ky.ho_ten: đã ghi tên 'võ thị kim dung' thành 'Võ Thị Kim Dung'",
                 f"(cùng ở {len(rows) - 1} hàng khác)"):
        assert part in warnings[0], warnings[0]
    assert all("đã ghi tên 'võ thị kim dung' thành 'Võ Thị Kim Dung'" in r["ghi_chu"]
               for r in rows)
