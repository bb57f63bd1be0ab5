"""Bản sao (Phụ lục I Phần II, Mẫu 3.1): the copied document kept byte-exact, the copy block
under a full-width rule, numbered in its own series.

The example is ``data/forms/ban-sao/ban-sao-y.yaml``; the commands a clerk runs::

    docgen sao quyet-dinh.docx --mau data/forms/ban-sao/ban-sao-y.yaml -o quyet-dinh-sao-y.docx
    docgen sao quyet-dinh.docx --hinh-thuc sao-y --dung-chung data/forms/co-quan-sa-thay.yaml \\
        --noi-nhan "Trưởng các thôn, làng" --archive luu-tru -o quyet-dinh-sao-y.docx
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from checkcorpus import base_thong_bao
from click.testing import CliRunner
from lxml import etree
from realdocs import REAL_DOCS

from docgen import load_form, render_docx
from docgen.archive import Archive
from docgen.check import check_bytes
from docgen.cli import main
from docgen.copies import BanSao, build_ban_sao, copy_bytes, load_copy_form, load_profile
from docgen.errors import DocgenError
from docgen.ooxml import W as W_URI

W = f"{{{W_URI}}}"
FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
PROFILE = FORMS / "co-quan-sa-thay.yaml"
EXAMPLE = FORMS / "ban-sao" / "ban-sao-y.yaml"
REAL = REAL_DOCS
NEEDS_REAL = pytest.mark.skipif(not REAL.is_dir(), reason="real documents not available")


def ban_sao(hinh_thuc: str = "sao-y", **extra) -> BanSao:
    return BanSao.model_validate({**load_profile(PROFILE), "hinh_thuc": hinh_thuc,
                                  "noi_nhan": ["Trưởng các thôn, làng"], **extra})


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def texts(data: bytes, root: etree._Element | None = None) -> list[tuple[str, etree._Element]]:
    """(text, paragraph) of every paragraph, text stripped."""
    if root is None:
        root = etree.fromstring(parts(data)["word/document.xml"])
    return [("".join(t.text or "" for t in p.iter(f"{W}t")).strip(), p)
            for p in root.iter(f"{W}p")]


def test_copied_document_stays_byte_exact() -> None:
    original = render_docx(base_thong_bao())
    copy = copy_bytes(original, ban_sao(so=1, ngay="15/12/2025"))
    before, after = parts(original), parts(copy)
    assert before.keys() == after.keys()
    assert all(before[k] == after[k] for k in before if k != "word/document.xml")
    old, new = before["word/document.xml"].decode(), after["word/document.xml"].decode()
    at = old.rfind("<w:sectPr")
    assert new.startswith(old[:at]) and new.endswith(old[at:])  # only inserted, nothing changed
    assert len(new) > len(old)


def test_copy_block_as_the_decree_lays_it_out() -> None:
    copy = copy_bytes(render_docx(base_thong_bao()), ban_sao(so=1, ngay="15/12/2025"))
    root = etree.fromstring(parts(copy)["word/document.xml"])
    lines = texts(copy, root)
    plain = [t for t, _ in lines]
    start = plain.index("SAO Y")
    block = [t for t in plain[start - 4:] if t]
    assert block == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY", "Số: 01/SY-UBND",  # own series
                     "SAO Y", "Sa Thầy, ngày 15 tháng 12 năm 2025",
                     "Nơi nhận:", "- Trưởng các thôn, làng;", "- Lưu: VT.",
                     "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Thị Kim Dung"]
    label = lines[start][1]
    rpr = label.find(f"{W}r/{W}rPr")
    assert rpr.find(f"{W}b") is not None  # SAO Y bold, upper case
    assert int(rpr.find(f"{W}sz").get(f"{W}val")) // 2 in (13, 14)
    # a full-width rule between the copied document and the block: a bottom border on
    # an empty paragraph with no indents, after the copied document's last paragraph.
    rules = [p for t, p in lines if not t and p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
             and p.find(f"{W}pPr/{W}ind") is None]
    assert rules, "no full-width rule"
    body = root.find(f"{W}body")
    children = list(body)
    rule_at = children.index(rules[-1])
    assert children[rule_at + 1].tag == f"{W}tbl"  # the block follows the rule
    assert "Tổ Công nghệ số" not in "".join(children[rule_at + 1].itertext())


@pytest.mark.parametrize(("form", "code", "label"), [("sao-y", "SY", "SAO Y"),
                                                     ("trich-sao", "TrS", "TRÍCH SAO"),
                                                     ("sao-luc", "SL", "SAO LỤC")])
def test_codes_and_labels(form: str, code: str, label: str) -> None:
    copy = ban_sao(form)
    assert (copy.hinh_thuc.code, copy.hinh_thuc.label) == (code, label)
    assert copy.so_ky_hieu == f"Số:      /{code}-UBND"  # blank for the văn thư


@NEEDS_REAL
def test_trich_sao_keeps_only_the_chosen_paragraphs() -> None:
    data = (REAL / "vbai_qd_bongro.docx").read_bytes()
    with pytest.raises(DocgenError, match="chỉ rõ phần được sao"):
        copy_bytes(data, ban_sao("trich-sao"))
    copy = copy_bytes(data, ban_sao("trich-sao"), excerpt=("Điều 2", None))
    plain = [t for t, _ in texts(copy)]
    assert any(t.startswith("Điều 2") for t in plain)
    assert not any(t.startswith("Điều 1") for t in plain)
    # The whole article: its unlabelled last paragraph comes along.
    assert any(t.startswith("Chánh Văn phòng Ủy ban") for t in plain)
    assert "QUYẾT ĐỊNH" in plain and "TRÍCH SAO" in plain  # header and block stay
    assert "Đinh Văn Tuấn" in plain  # the original signer too
    assert any(t.startswith("Căn cứ Luật Tổ chức") for t in plain)  # the preamble is kept
    only = copy_bytes(data, ban_sao("trich-sao"), excerpt=("Điều 1", "Điều 1"))
    kept = [t for t, _ in texts(only)]
    assert any(t.startswith("Điều 1") for t in kept)
    assert not any(t.startswith(("Điều 2", "Chánh Văn phòng Ủy ban")) for t in kept)
    with pytest.raises(DocgenError, match="Điều 9"):
        copy_bytes(data, ban_sao("trich-sao"), excerpt=("Điều 9", None))


def test_profile_without_signer_is_a_clear_error(tmp_path: Path) -> None:
    profile = tmp_path / "cq.yaml"
    profile.write_text("co_quan:\n  ten: [ỦY BAN NHÂN DÂN XÃ A]\n  viet_tat: UBND\n", "utf-8")
    with pytest.raises(DocgenError, match="dia_danh, nguoi_ky"):
        load_profile(profile)


def test_cli_sao_numbers_copies_in_their_own_series(tmp_path: Path) -> None:
    source = tmp_path / "thong-bao.docx"
    source.write_bytes(render_docx(base_thong_bao()))
    store = tmp_path / "luu-tru"
    runner = CliRunner()
    args = ["sao", str(source), "--hinh-thuc", "sao-y", "--dung-chung", str(PROFILE),
            "--archive", str(store), "--ngay", "15/12/2025"]
    first = runner.invoke(main, [*args, "-o", str(tmp_path / "a.docx")])
    assert first.exit_code == 0, first.output
    assert "01/SY-UBND" in first.output
    second = runner.invoke(main, [*args, "-o", str(tmp_path / "b.docx"), "--hinh-thuc",
                                  "sao-luc"])
    assert second.exit_code == 0 and "01/SL-UBND" in second.output  # a series per form
    third = runner.invoke(main, [*args, "-o", str(tmp_path / "c.docx")])
    assert third.exit_code == 0 and "02/SY-UBND" in third.output
    assert "Số: 02/SY-UBND" in [t for t, _ in texts((tmp_path / "c.docx").read_bytes())]
    with Archive(str(store)) as archive:
        entries = archive.entries(nam=2025)
        assert sorted(e.so_ky_hieu for e in entries) == ["01/SL-UBND", "01/SY-UBND",
                                                          "02/SY-UBND"]
        assert {e.trich_yeu for e in entries} == {
            "Sao y Thông báo số 12/TB-PNV: Lịch tiếp công dân tháng 1",
            "Sao lục Thông báo số 12/TB-PNV: Lịch tiếp công dân tháng 1"}
        kept = archive.read_file(entries[0].tep)
        assert kept in {(tmp_path / n).read_bytes() for n in ("a.docx", "b.docx", "c.docx")}
    # Never clobbers, never takes a number it cannot use.
    again = runner.invoke(main, [*args, "-o", str(tmp_path / "a.docx")])
    assert again.exit_code == 2 and "không ghi đè" in again.stderr
    with Archive(str(store)) as archive:
        assert len(archive.entries(nam=2025)) == 3
    both = runner.invoke(main, [*args, "--so", "7", "-o", str(tmp_path / "d.docx")])
    assert both.exit_code == 2 and "--so" in both.stderr
    plain = runner.invoke(main, ["sao", str(source), "--hinh-thuc", "sao-y", "--dung-chung",
                                 str(PROFILE), "--so", "3"])
    assert plain.exit_code == 0, plain.output
    assert (tmp_path / "thong-bao-sao-y.docx").is_file()  # default name beside the original


def test_extract_of_a_copy_gives_the_copied_document() -> None:
    from docgen.extract import read_back

    original = base_thong_bao()
    extraction = read_back(copy_bytes(render_docx(original), ban_sao(so=1, ngay="15/12/2025")))
    assert extraction.van_ban is not None
    assert extraction.van_ban.nguoi_ky.ho_ten == original.nguoi_ky.ho_ten  # not the copy's
    assert extraction.van_ban.noi_nhan == original.noi_nhan
    (omission,) = extraction.omissions  # the copy block, named once
    assert "khối bản sao" in omission.what and "Số: 01/SY-UBND" in omission.text


def test_example_copy_of_the_example_quyet_dinh(tmp_path: Path) -> None:
    original = render_docx(load_form(FORMS / "quyet-dinh-to-cong-tac.yaml"))
    copy = copy_bytes(original, build_ban_sao(load_copy_form(EXAMPLE)))
    assert check_bytes(copy).findings == []  # the copied document still passes
    plain = [t for t, _ in texts(copy) if t]
    at = plain.index("SAO Y")
    assert plain[at - 3:at + 2] == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY", "Số: 03/SY-UBND", "SAO Y",
                                    "Sa Thầy, ngày 15 tháng 12 năm 2026"]
    source = tmp_path / "qd.docx"
    source.write_bytes(original)
    result = CliRunner().invoke(main, ["sao", str(source), "--mau", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qd-sao-y.docx").read_bytes() == copy
    bad = tmp_path / "sai.yaml"
    bad.write_text("hinh_thuc: sao-y\nnoi_nhann: [A]\n", "utf-8")
    result = CliRunner().invoke(main, ["sao", str(source), "--mau", str(bad)])
    assert result.exit_code == 2 and "noi_nhan" in result.stderr and "dòng 2" in result.stderr
