"""``docgen sua``: a real document made conformant keeps every word and passes ``check``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from checkcorpus import base_cong_van, word_docx
from click.testing import CliRunner
from examples import example_forms
from realdocs import REAL_DOCS
from test_check_docgen import paragraph_texts
from wordcompare import lost_words

from docgen import load_form, render_docx
from docgen.check import check_bytes
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.fix import fix_bytes, fix_file

REAL = REAL_DOCS
NEEDS_REAL = pytest.mark.skipif(not REAL.is_dir(), reason="real documents not available")
VBAI = sorted(REAL.glob("vbai_*.docx"))


def _named(fixed) -> str:
    return "\n".join(f"{o.what} {o.text}" for o in fixed.extraction.omissions)


@pytest.mark.skipif(not VBAI, reason="real documents not available")
@pytest.mark.parametrize("path", VBAI, ids=lambda p: p.stem)
def test_sua_on_real_document_keeps_every_word_and_passes_check(path: Path) -> None:
    data = path.read_bytes()
    fixed = fix_bytes(data, path.name)
    assert lost_words(data, fixed.data, _named(fixed)) == {}
    report = check_bytes(fixed.data)
    assert report.findings == [], [f.message() for f in report.findings]


def test_sua_reports_what_it_changed() -> None:
    # A Word-made công văn with the decree's deviations docgen knows how to spot.
    vb = base_cong_van()
    fixed = fix_bytes(word_docx(vb), "cu.docx")
    assert check_bytes(fixed.data).findings == []
    original = check_bytes(word_docx(vb)).findings
    assert len(fixed.deviations) == len(original)
    assert all(line.startswith("Đã sửa") for line in fixed.report_lines()[:len(original)])


@NEEDS_REAL
def test_sua_on_real_document_names_punctuation_it_set_right() -> None:
    fixed = fix_bytes((REAL / "vbai_ttr_bds.docx").read_bytes(), "ttr.docx")
    assert ("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng",
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng.") in fixed.rewritten
    assert any("R-16" in d and "cỡ chữ 14" in d for d in fixed.deviations)
    # Within the decree or not, what docgen set differently is said too.
    assert "Cỡ chữ Số, ký hiệu: 14 → 13" in fixed.layout
    assert "Lề phải: 20 mm → 15 mm" in fixed.layout


def test_original_never_touched_and_output_never_clobbered(tmp_path: Path) -> None:
    source = tmp_path / "cu.docx"
    source.write_bytes(render_docx(base_cong_van()))
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    with pytest.raises(DocgenError, match="trùng với tệp gốc"):
        fix_file(source, source, overwrite=True)
    out = tmp_path / "moi.docx"
    out.write_bytes(b"do not lose me")
    with pytest.raises(DocgenError, match="không ghi đè"):
        fix_file(source, out)
    assert out.read_bytes() == b"do not lose me"
    fix_file(source, out, overwrite=True)
    assert check_bytes(out.read_bytes()).findings == []
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.tmp*"))  # the atomic write left no temp file


@NEEDS_REAL
def test_cli_sua(tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(word_docx(base_cong_van()))  # made in Word's way, nothing to lose
    runner = CliRunner()
    result = runner.invoke(main, ["sua", str(source)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "bao-cao-da-sua.docx"  # the default name, beside the original
    assert out.is_file() and "giữ nguyên" in result.output
    assert check_bytes(out.read_bytes()).findings == []
    result = runner.invoke(main, ["sua", str(source)])
    assert result.exit_code == 2 and "không ghi đè" in result.stderr
    # Content the form cannot carry: written anyway, every loss said, exit 1.
    source = tmp_path / "cong-van.docx"
    source.write_bytes((REAL / "vbai_cv_quanvot.docx").read_bytes())
    result = runner.invoke(main, ["sua", str(source), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 1
    assert "không mang sang được ký hiệu người soạn thảo «Châu»" in result.output
    assert (tmp_path / "b.docx").is_file()


@pytest.mark.parametrize("form", example_forms(), ids=lambda p: p.stem)
def test_sua_on_docgen_document_changes_nothing(form: Path) -> None:
    data = render_docx(load_form(form))
    fixed = fix_bytes(data, form.name)
    assert (fixed.deviations, fixed.rewritten, fixed.layout) == ([], [], [])
    assert paragraph_texts(fixed.data) == paragraph_texts(data)
