"""``docgen batch --pdf``: every output converted, one LibreOffice run per worker."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import docgen.batch.pdfs as pdfs
from docgen.batch.runner import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "data" / "forms" / "don-doc-theo-thon.yaml"
CSV = ROOT / "data" / "rosters" / "ket-qua-theo-thon.csv"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed"),
]


def test_pdf_for_every_output_in_one_run_per_worker(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[Path]] = []
    real = pdfs.convert

    def counting(files: list[Path], out_dir: Path, **kw: Any) -> list[Path]:
        calls.append(list(files))
        return real(files, out_dir, **kw)

    monkeypatch.setattr(pdfs, "convert", counting)
    out = tmp_path / "out"
    gop = out / "tat-ca.docx"
    options = BatchOptions(form=FORM, roster=CSV, out_dir=out, gop=gop, pdf=True, jobs=2)
    report = run_batch(options)
    assert report.exit_code == 0, report.problems
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 25  # 24 notices and the --gop file
    assert len(calls) == 2 and sorted(p for c in calls for p in c) == docs
    for doc in docs:
        pdf = doc.with_suffix(".pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
    assert report.pdfs == 25
    assert not [p for p in out.iterdir() if p.name.startswith(".")]

    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "013-Kleng.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Trưởng làng Kleng" in text and "142/298" in text
        merged = subprocess.run(["pdftotext", str(gop.with_suffix(".pdf")), "-"],
                                capture_output=True, text=True, check=True).stdout
        assert merged.count("\f") >= 24  # each notice on its own page(s)
        assert re.search(r"Trưởng thôn Tân Sang.*Trưởng làng Plei Sar", merged, re.DOTALL)

    # A rerun finds every PDF up to date: no LibreOffice at all.
    calls.clear()
    again = run_batch(options)
    assert again.exit_code == 0 and again.pdfs == 0 and calls == []
