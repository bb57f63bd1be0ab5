"""``docgen extract``: a .docx back into a form that renders the same text."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkcorpus import base_cong_van, base_thong_bao, textbox_header, word_docx
from click.testing import CliRunner
from examples import example_forms
from test_check_docgen import paragraph_texts

from docgen import load_form, render_docx
from docgen.check import check_bytes
from docgen.cli import main
from docgen.extract import extract_bytes, form_text


@pytest.mark.parametrize("form", example_forms(), ids=lambda p: p.stem)
def test_round_trip_of_every_example_form(form: Path, tmp_path: Path) -> None:
    data = render_docx(load_form(form))
    extracted = tmp_path / "trich.yaml"
    extracted.write_text(form_text(extract_bytes(data), "x.docx"), "utf-8")
    again = render_docx(load_form(extracted))  # through the YAML a clerk would edit
    assert paragraph_texts(again) == paragraph_texts(data)


@pytest.mark.parametrize("base", [base_cong_van, base_thong_bao], ids=lambda b: b.__name__)
@pytest.mark.parametrize("make", [word_docx, lambda vb: textbox_header(render_docx(vb))],
                         ids=["word", "textbox"])
def test_word_made_document_gives_a_form_that_renders_and_passes(base, make) -> None:
    vb = base()
    extracted = extract_bytes(make(vb))
    data = render_docx(extracted)
    assert check_bytes(data).findings == []
    # The same text as the original, once docgen's punctuation is put back (the sizes may
    # select the compact profile, which leaves fewer blank lines to sign: compare the text).
    def lines(d: bytes) -> list[str]:
        return [t for t in paragraph_texts(d) if t.strip()]

    assert lines(data) == lines(render_docx(vb))


def test_body_looking_like_jinja_stays_literal(tmp_path: Path) -> None:
    # dump_form wraps such text in {% raw %}; form_text re-dumps that form and must keep it.
    body = ("Điền {{ x }} và {% if y %}z{% endif %} vào {% raw %}ô{% endraw %}.\n"
            "Các đơn vị thực hiện.")
    vb = base_cong_van().model_copy(update={"noi_dung": body})
    extracted = extract_bytes(word_docx(vb))
    assert extracted.noi_dung == body
    form = tmp_path / "trich.yaml"
    form.write_text(form_text(extracted, "cu.docx"), "utf-8")
    assert "!chu" in form.read_text("utf-8")  # tagged as text, not wrapped in {% raw %}
    again = load_form(form)
    assert again.noi_dung == body
    # Sizes read from the Word file may select the compact profile: compare the text lines.
    assert [t for t in paragraph_texts(render_docx(again)) if t.strip()] == \
        [t for t in paragraph_texts(render_docx(vb)) if t.strip()]


@pytest.mark.parametrize(("last", "kept"), [("thực hiện.", "thực hiện."),
                                             ("các việc sau;", "các việc sau."),
                                             ("các việc sau;.", "các việc sau;.")])
def test_end_mark_comes_off_as_body_strip_end_mark_takes_it(last: str, kept: str) -> None:
    vb = base_cong_van().model_copy(update={"noi_dung": f"Đoạn đầu.\nCác đơn vị {last}"})
    extracted = extract_bytes(render_docx(vb))
    assert extracted.noi_dung.splitlines()[-1] == f"Các đơn vị {kept}"
    assert paragraph_texts(render_docx(extracted)) == paragraph_texts(render_docx(vb))


def test_undated_document_keeps_its_year() -> None:
    vb = base_cong_van().model_copy(update={"ngay": None, "nam": 2031})
    extracted = extract_bytes(render_docx(vb))
    assert (extracted.ngay, extracted.nam_van_ban) == (None, 2031)
    assert "nam: 2031" in form_text(extracted)


def test_extracted_fields() -> None:
    vb = base_thong_bao()
    got = extract_bytes(word_docx(vb))
    assert got.loai.value == "thong-bao"
    assert got.co_quan.lines_ten == ["PHÒNG NỘI VỤ"]
    assert got.co_quan.lines_chu_quan == ["UBND HUYỆN SA THẦY"]
    assert (got.so, got.ngay, got.do_khan) == (12, vb.ngay, vb.do_khan)
    assert got.can_cu == vb.can_cu
    assert (got.luu, got.nguoi_soan, got.so_ban) == (["VT"], "H", 20)
    assert got.nguoi_ky.ho_ten == "Nguyễn Văn An"
    cv = extract_bytes(render_docx(base_cong_van()))
    assert cv.kinh_gui == ["Văn phòng Đảng ủy xã", "Trưởng các thôn, làng"]
    assert cv.noi_dung.splitlines()[0] == \
        "Ủy ban nhân dân xã tổ chức **tập huấn** kỹ năng số cho cán bộ."
    assert "*đúng thành phần*" in cv.noi_dung
    assert (cv.nguoi_ky.thay_mat, cv.nguoi_ky.ky_thay) == ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_every_decree_title_is_read_as_its_kind() -> None:
    from checkcorpus import Docx

    doc = Docx(render_docx(base_thong_bao()))
    doc.replace_text("THÔNG BÁO", "HƯỚNG DẪN")
    doc.replace_text("TB-PNV", "HD-PNV")
    extracted = extract_bytes(doc.save())
    assert extracted.loai.value == "huong-dan" and extracted.ky_hieu_day_du == "HD-PNV"


def test_cli_extract(tmp_path: Path) -> None:
    source = tmp_path / "cu.docx"
    source.write_bytes(render_docx(base_cong_van()))
    out = tmp_path / "moi.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_form(out).so_ky_hieu == "Số: 05/UBND-VHXH"
    result = runner.invoke(main, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 2  # never overwrites without --overwrite
    result = runner.invoke(main, ["extract", str(source)])
    assert result.exit_code == 0 and "trich_yeu: tổ chức tập huấn kỹ năng số" in result.stdout
    assert result.stderr == ""  # nothing left out, nothing said
    # A paragraph the form has no place for is written nowhere: named, and the exit says so.
    from checkcorpus import Docx, w
    from lxml import etree

    doc = Docx(source.read_bytes())
    stray = etree.Element(w("p"))
    etree.SubElement(etree.SubElement(stray, w("r")), w("t")).text = "Mẫu số 07 ban hành kèm"
    doc.body.insert(0, stray)
    source.write_bytes(doc.save())
    result = runner.invoke(main, ["extract", str(source), "-o", str(tmp_path / "b.yaml")])
    assert result.exit_code == 1
    assert "không mang sang được đoạn văn" in result.stderr and "Mẫu số 07" in result.stderr
    assert "# Lưu ý: không mang sang được đoạn văn" in (tmp_path / "b.yaml").read_text("utf-8")
    assert load_form(tmp_path / "b.yaml").trich_yeu == "tổ chức tập huấn kỹ năng số"
    (tmp_path / "cu.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = runner.invoke(main, ["extract", str(tmp_path / "cu.doc")])
    assert result.exit_code == 2 and "--convert" in result.stderr


def test_a_paragraph_citing_an_article_is_not_an_article() -> None:
    from docgen.models import VanBan

    form = Path(__file__).resolve().parents[1] / "data" / "forms" / "quyet-dinh-to-cong-tac.yaml"
    data = load_form(form).model_dump(mode="json", exclude_none=True)
    data["dieu"][0] = {"noi_dung": "Giao Công an xã thực hiện.\nĐiều 21 Luật Khiếu nại năm 2011 "
                                   "quy định thẩm quyền của Chủ tịch Ủy ban nhân dân cấp tỉnh."}
    vb = VanBan.model_validate(data)
    again = extract_bytes(render_docx(vb))
    assert len(again.dieu) == len(vb.dieu)
    assert paragraph_texts(render_docx(again)) == paragraph_texts(render_docx(vb))


def test_markup_characters_and_multi_line_cells_survive() -> None:
    from docgen.body import escape_markup

    text = "Tỷ lệ 5 * 3 = 15 | đạt <b> theo mẫu a\\b và *không* in nghiêng"
    body = (escape_markup(text) + "\n| STT | Nội dung |\n|---|---|\n"
            "| 1 | Dòng một<br>Dòng hai có \\| gạch đứng |\nCác đơn vị thực hiện.")
    vb = base_thong_bao().model_copy(update={"noi_dung": body})
    data = render_docx(vb)
    again = extract_bytes(data)
    assert paragraph_texts(render_docx(again)) == paragraph_texts(data)
    assert text in paragraph_texts(render_docx(again))


def test_unit_code_in_brackets_and_kind_from_title() -> None:
    from checkcorpus import Docx

    doc = Docx(render_docx(base_thong_bao()))
    doc.replace_text("THÔNG BÁO", "TỜ TRÌNH")
    doc.replace_text("TB-PNV", "TTr-CAT(PC04)")
    extracted = extract_bytes(doc.save())
    assert extracted.loai.value == "to-trinh"
    assert extracted.so_ky_hieu == "Số: 12/TTr-CAT(PC04)"


def test_kind_from_the_code_when_the_title_line_is_missing() -> None:
    from checkcorpus import Docx
    from wordcompare import lost_words

    from docgen.extract import read_back

    doc = Docx(render_docx(base_thong_bao()))
    title = doc.para_with("THÔNG BÁO", start=True)
    title.getparent().remove(title)
    data = doc.save()
    extraction = read_back(data)
    assert extraction.form["loai"] == "thong-bao"  # from "TB-PNV"
    named = "\n".join(f"{o.what} {o.text}" for o in extraction.omissions)
    again = render_docx(extraction.van_ban)
    assert lost_words(data, again, named) == {}
