"""``docgen batch --archive``: a roster numbered consecutively into the register, or nothing."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxview import DocxView

from docgen.archive import Archive
from docgen.check import check_file
from docgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "data/forms/don-doc-theo-thon.yaml"
ROSTER = ROOT / "data/rosters/ket-qua-theo-thon.csv"


def villages() -> list[str]:
    lines = ROSTER.read_text("utf-8-sig").splitlines()[1:]
    return [line.split(";")[3] for line in lines if line.strip()]


def batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", str(FORM), "--roster", *args])
    return result.exit_code, result.output


def test_roster_is_numbered_in_order(tmp_path: Path) -> None:
    archive, gop = tmp_path / "luu-tru", tmp_path / "in-gop.docx"
    code, output = batch(str(ROSTER), "--archive", str(archive), "--gop", str(gop))
    assert code == 0, output
    names = villages()
    assert f"01–{len(names):02d}/UBND-VHXH" in output
    with Archive(archive) as register:
        entries = register.entries()
        assert [e.so for e in entries] == list(range(1, len(names) + 1))
        assert register.verify().ok
        for entry, village in zip(entries, names, strict=True):
            doc = DocxView(register.store.path(entry.tep).read_bytes())
            assert doc.find("Số:").text == f"Số: {entry.so:02d}/UBND-VHXH"
            assert doc.find("Kính gửi:").text.endswith(f"thôn {village}.") or \
                doc.find("Kính gửi:").text.endswith(f"làng {village}.")
    with zipfile.ZipFile(gop) as zf:
        assert zf.read("word/document.xml").count(b"<w:sectPr>") == len(names)
    assert check_file(gop).findings == []

    # A second batch continues the series.
    code, output = batch(str(ROSTER), "--archive", str(archive), "--loc", "dong.ty_le < 60")
    assert code == 0, output
    with Archive(archive) as register:
        numbers = [e.so for e in register.entries()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > len(names)


def test_one_bad_row_issues_nothing(tmp_path: Path) -> None:
    lines = ROSTER.read_text("utf-8-sig").splitlines()
    cells = lines[3].split(";")
    cells[4] = "nhiều"  # Số tham gia
    lines[3] = ";".join(cells)
    roster = tmp_path / "ds.csv"
    roster.write_text("\n".join(lines) + "\n", "utf-8")
    archive = tmp_path / "luu-tru"
    code, output = batch(str(roster), "--archive", str(archive))
    assert code == 2
    assert "hàng 4" in output and "Số tham gia" in output
    assert "chưa cấp số nào" in output
    assert not archive.exists() or not Archive(archive).entries()


def test_archive_refuses_output_folder_options(tmp_path: Path) -> None:
    code, output = batch(str(ROSTER), "--archive", str(tmp_path / "a"), "-o",
                         str(tmp_path / "b"))
    assert code == 2 and "-o không dùng cùng --archive" in output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_existing_gop_file_is_kept(tmp_path: Path) -> None:
    gop = tmp_path / "in.docx"
    gop.write_bytes(b"clerk's file")
    shutil.copy(ROSTER, tmp_path / "ds.csv")
    code, output = batch(str(tmp_path / "ds.csv"), "--archive", str(tmp_path / "a"),
                         "--gop", str(gop))
    assert code == 2 and "không ghi đè" in output
    assert gop.read_bytes() == b"clerk's file" and not (tmp_path / "a").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_pdf_with_archive_keeps_a_pdf_beside_each_document(tmp_path: Path) -> None:
    """Issue 12 defect 10: --pdf is allowed with --archive; the PDF is archived and hashed."""
    archive = tmp_path / "luu-tru"
    code, output = batch(str(ROSTER), "--archive", str(archive), "--pdf",
                         "--loc", "stt <= 2")
    assert code == 0, output
    with Archive(archive) as register:
        entries = register.entries()
        assert len(entries) == 2
        for entry in entries:
            assert entry.tep_pdf and register.read_file(entry.tep_pdf).startswith(b"%PDF")
        assert register.verify().ok
