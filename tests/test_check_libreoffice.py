"""Documents that went through LibreOffice (.docx → .odt → .docx): formatting moved into styles,
tables and borders rewritten; the checker must find no deviation that is not really there."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkcorpus import MUTATIONS, base_cong_van, base_thong_bao, docgen_docx, word_docx

from docgen.check import check_file
from docgen.extract import extract_file
from docgen.pdf import convert, find_soffice

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")]

BROKEN = next(m for m in MUTATIONS if m.name == "date_month_3_padded")


@pytest.fixture(scope="module")
def round_tripped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("lo")
    sources = {
        "cong_van": docgen_docx(base_cong_van()),
        "thong_bao": docgen_docx(base_thong_bao()),
        "word": word_docx(base_cong_van()),
        "broken": BROKEN(docgen_docx(base_cong_van())),
    }
    paths = []
    for name, data in sources.items():
        path = tmp / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    odt = convert(paths, tmp / "odt", target="odt")
    back = convert(odt, tmp / "back", target="docx")
    return dict(zip(sources, back, strict=True))


@pytest.mark.parametrize("name", ["cong_van", "thong_bao", "word"])
def test_libreoffice_round_trip_conforms(round_tripped: dict[str, Path], name: str) -> None:
    report = check_file(round_tripped[name])
    assert report.findings == [], [f.message() for f in report.findings]


def test_libreoffice_round_trip_keeps_real_deviation(round_tripped: dict[str, Path]) -> None:
    assert check_file(round_tripped["broken"]).rules == {BROKEN.rule}


def test_libreoffice_round_trip_extracts(round_tripped: dict[str, Path]) -> None:
    assert extract_file(round_tripped["cong_van"]).so_ky_hieu == "Số: 05/UBND-VHXH"


def test_old_doc_is_checked_with_convert(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from docgen.cli import main

    source = tmp_path / "cu.docx"
    source.write_bytes(docgen_docx(base_cong_van()))
    (doc,) = convert([source], tmp_path / "doc", target="doc")
    runner = CliRunner()
    refused = runner.invoke(main, ["check", str(doc)])
    assert refused.exit_code == 2 and "--convert" in refused.stderr
    result = runner.invoke(main, ["check", "--convert", str(doc)])
    assert result.exit_code == 0, result.output
