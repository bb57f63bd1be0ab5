"""The page as LibreOffice lays it out: A4, one page when short, page numbers from page 2."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice missing: run scripts/test to install it")


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def pdf_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert m
    return float(m.group(1)), float(m.group(2))


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name, pages", [("don-doc-thon-tan-sang", 1), ("gia-han-mau", 1),
                                         ("khan-phong-chong-ret", 2),
                                         ("gia-han-ky-nang-so", 2)])
def test_pdf_pages(tmp_path: Path, name: str, pages: int) -> None:
    out = tmp_path / f"{name}.docx"
    result = CliRunner().invoke(main, ["render", str(ROOT / "data/forms" / f"{name}.yaml"),
                                       "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf")
    width, height = pdf_size(pdf)
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 portrait
    text = pdf_pages(pdf)
    assert len(text) == pages
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text[0]  # Vietnamese glyphs survive
    assert "Độc lập - Tự do - Hạnh phúc" in text[0]
    first_lines = [line.strip() for page in text for line in page.splitlines() if line.strip()]
    assert first_lines[0] != "1"  # no number on page 1
    for number, page in enumerate(text[1:], start=2):
        top = next(line for line in page.splitlines() if line.strip())
        assert top.strip() == str(number)
    # The closing block is never split: Nơi nhận and the signer's name share a page.
    closing = [i for i, page in enumerate(text) if "Nơi nhận:" in page]
    assert closing and closing[0] == len(text) - 1


def test_pdf_without_soffice_says_how_to_install(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "x.docx"
    result = CliRunner().invoke(main, ["render", str(ROOT / "data/forms/gia-han-mau.yaml"),
                                       "-o", str(out), "--pdf"])
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui fonts-liberation2" in result.output
    assert not out.exists() and not out.with_suffix(".pdf").exists()
