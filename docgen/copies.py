"""Bản sao (Phụ lục I Phần II, Mẫu 3.1): a document copied with the copy block under it.

The copied document is kept as it is: every part of the .docx is copied byte for byte, and in
``word/document.xml`` the copy block is inserted as new XML right before the last section's
properties, so the original text, tables and drawings stay byte-exact (a trích sao removes the
paragraphs that are not copied, and nothing else). The copy block follows the decree:

* a rule over the whole text width (R-55);
* left: the copying agency (upper case, the name bold) over a short rule, then
  ``Số: 01/SY-UBND`` — the copy's own number and code (SY, TrS, SL; R-56);
* right: ``SAO Y`` / ``TRÍCH SAO`` / ``SAO LỤC`` bold upper case (R-56), the place and date;
* then Nơi nhận (left) and the signer (right), as in the closing of any document.

The API::

    from docgen.copies import BanSao, copy_bytes
    ban_sao = BanSao.model_validate({"hinh_thuc": "sao-y", "co_quan": {...}, "dia_danh": "Sa Thầy",
                                     "nguoi_ky": {...}, "noi_nhan": ["Trưởng các thôn"]})
    data = copy_bytes(original_docx_bytes, ban_sao)
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .archive import Archive, CopyRequest, Entry
from .check import read_document
from .check.reader import read_package
from .errors import DocgenError, Problem
from .extract import para_lines, read_back, read_docx_file
from .fileio import atomic_write
from .i18n import _
from .kinds import COPY_ABBREVIATIONS
from .layout import LAYOUT, Layout, cm_to_twips
from .lines import luu_line, place_date_line, so_line
from .models import (
    CoQuan,
    DateField,
    Lines,
    NguoiKy,
    Text,
    did_you_mean,
    validation_problems,
)
from .ooxml import W as W_NS
from .render.document import element_text_twips, font, rule_paragraph, signature_block
from .render.wml import Font, Para, borderless_table, content_width_twips, paragraph, text_paragraph
from .yamlsrc import load_yaml_file

__all__ = ["BanSao", "HinhThucSao", "build_ban_sao", "copied_title", "copy_block_xml", "copy_bytes",
           "copy_file", "issue_copy", "load_copy_form", "load_profile"]

_W = f"{{{W_NS}}}"


class HinhThucSao(StrEnum):
    """The three copy forms (Phụ lục I Phần II, 1.a)."""

    SAO_Y = "sao-y"
    TRICH_SAO = "trich-sao"
    SAO_LUC = "sao-luc"

    @property
    def label(self) -> str:
        """As printed: ``SAO Y``, ``TRÍCH SAO``, ``SAO LỤC`` (R-56)."""
        return {"sao-y": "SAO Y", "trich-sao": "TRÍCH SAO", "sao-luc": "SAO LỤC"}[self.value]

    @property
    def code(self) -> str:
        """The code of the copy's ký hiệu (Phụ lục III): ``SY``, ``TrS``, ``SL``."""
        return COPY_ABBREVIATIONS[self.label]


class BanSao(BaseModel):
    """What the copy block says: who copies, the copy's number and date, who signs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hinh_thuc: HinhThucSao
    co_quan: CoQuan
    """The copying agency (its ``viet_tat`` ends the ký hiệu: ``SY-UBND``)."""
    dia_danh: Text
    ngay: DateField | None = None
    """The copy's date; None leaves it blank to fill by hand."""
    nam: int | None = Field(default=None, ge=1900, le=2200)
    """The year printed when ``ngay`` is blank (default: this year)."""
    so: int | None = Field(default=None, gt=0)
    """The copy's number in its own series; None leaves it blank for the văn thư."""
    nguoi_ky: NguoiKy
    noi_nhan: Lines = []
    luu: Lines = ["VT"]

    @property
    def ky_hieu(self) -> str:
        """``SY-UBND``."""
        return f"{self.hinh_thuc.code}-{self.co_quan.viet_tat}"

    @property
    def so_ky_hieu(self) -> str:
        """``Số: 01/SY-UBND``, or blank spaces before the ``/`` (R-56)."""
        return so_line(self.so, self.ky_hieu)

    @property
    def dia_danh_ngay(self) -> str:
        """``Sa Thầy, ngày 15 tháng 12 năm 2025``; blanks when undated."""
        return place_date_line(self.dia_danh, self.ngay, self.nam or date.today().year)

    @property
    def noi_nhan_lines(self) -> list[str]:
        """``- X;`` for each recipient, then ``- Lưu: VT.``."""
        return [f"- {item};" for item in self.noi_nhan] + [luu_line(self.luu)]


def build_ban_sao(values: dict[str, Any], source: str | None = None) -> BanSao:
    """A validated :class:`BanSao`; a :class:`DocgenError` naming each wrong field (located in
    ``source``, the form file, when given)."""
    source = source or _("bản sao")
    try:
        return BanSao.model_validate(values)
    except ValidationError as exc:
        raise DocgenError(*[Problem(message, file=source, field=field or None, hint=hint)
                            for field, message, hint in validation_problems(exc)]) from None


_PROFILE_KEYS = ("co_quan", "dia_danh", "nguoi_ky")


def load_profile(path: Path | str) -> dict[str, Any]:
    """The copying agency, place and signer from a ``dung_chung`` profile file.

    Only ``co_quan``, ``dia_danh`` and ``nguoi_ky`` are read; the profile's other keys (luu,
    the agency's address…) belong to documents it issues, not to the copy block.
    """
    source = load_yaml_file(Path(path))
    if not isinstance(source.data, dict):
        raise DocgenError(Problem(_("tệp dùng chung phải là các dòng 'tên_trường: giá trị'"),
                                  file=path, line=1))
    missing = [k for k in _PROFILE_KEYS if k not in source.data]
    if missing:
        raise DocgenError(Problem(
            _("tệp dùng chung thiếu {fields} — cần cho khối bản sao").format(
                fields=", ".join(missing)), file=path,
            hint=_("Tệp dùng chung của cơ quan sao ghi co_quan, dia_danh và nguoi_ky, như "
                   "data/forms/co-quan-sa-thay.yaml.")))
    return {k: source.data[k] for k in _PROFILE_KEYS}


def load_copy_form(path: Path | str) -> dict[str, Any]:
    """The values of a bản sao form file (the keys of :class:`BanSao`), not yet validated.

    A copy form holds what the copy block says, e.g. ``data/forms/ban-sao/ban-sao-y.yaml``;
    a key that is not one of them is refused with the nearest spelling.
    """
    source = load_yaml_file(Path(path))
    if not isinstance(source.data, dict):
        raise DocgenError(Problem(_("biểu mẫu bản sao phải là các dòng 'tên_trường: giá "
                                    "trị'"), file=path, line=1))
    allowed = list(BanSao.model_fields)
    for key in source.data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            raise DocgenError(Problem(
                _("trường '{field}' không có trong biểu mẫu bản sao").format(field=key),
                file=path, line=source.line_of((key,)), field=str(key),
                hint=did_you_mean(close[0]) if close else
                _("Các trường được dùng: {fields}.").format(fields=", ".join(allowed))))
    return dict(source.data)


# ---------------------------------------------------------------------------------------------
# The copy block


def copy_block_xml(ban_sao: BanSao, text_width: int, lay: Layout = LAYOUT) -> str:
    """The copy block as body XML (paragraphs and a table), for a text area ``text_width``
    twips wide."""
    # The rule keeps with the block: the copy block never starts a page under a lone rule.
    full_rule = paragraph("", Para(align="center", before=6, after=6, keep_next=True,
                                   line_exact_pt=lay.rule_paragraph_pt, rule=True), Font(1))
    cols = lay.closing_columns
    scale = text_width / cm_to_twips(cols.left_cm + cols.right_cm)
    left_cm, right_cm = cols.left_cm * scale, cols.right_cm * scale
    centre = Para(align="center")
    above_rule = Para(align="center", after=lay.above_rule_pt)
    left: list[str] = []
    chu_quan, co_quan = lay["chu_quan"], lay["co_quan"]
    left += [text_paragraph(line, font(chu_quan), centre)
             for line in ban_sao.co_quan.lines_chu_quan]
    names = ban_sao.co_quan.lines_ten
    left += [text_paragraph(line, font(co_quan), above_rule if i == len(names) - 1 else centre)
             for i, line in enumerate(names)]
    longest = min(max(element_text_twips(line, co_quan) for line in names),
                  content_width_twips(left_cm))
    left.append(rule_paragraph(round(longest * lay.agency_rule_ratio),
                               content_width_twips(left_cm), lay))
    left.append(text_paragraph(ban_sao.so_ky_hieu, font(lay["so_ky_hieu"]),
                               Para(align="center", before=lay.so_space_before_pt)))
    right = [text_paragraph(ban_sao.hinh_thuc.label, font(lay["ten_loai"]), centre),
             text_paragraph(ban_sao.dia_danh_ngay, font(lay["dia_danh_ngay"]),
                            Para(align="center", before=lay.date_space_before_pt))]
    heading, items = lay["noi_nhan_tieu_de"], lay["noi_nhan"]
    recipients = [text_paragraph("Nơi nhận:", font(heading),
                                 Para(align="left", before=lay.closing_space_before_pt))]
    recipients += [text_paragraph(line, font(items), Para(align="left"))
                   for line in ban_sao.noi_nhan_lines]
    signer = ban_sao.nguoi_ky
    lines = [(line, lay["quyen_han"]) for line in signer.authority_lines]
    lines.append((signer.title_line, lay["chuc_vu"]))
    signature = signature_block(lines, signer.ho_ten, lay)
    table = borderless_table([["".join(left), "".join(right)],
                              ["".join(recipients), "".join(signature)]], (left_cm, right_cm))
    return full_rule + table


# ---------------------------------------------------------------------------------------------
# Copying a document


def _text_width(document: etree._Element) -> int:
    """The text width of the document's last section, in twips (A4 portrait by default)."""
    body = document.find(f"{_W}body")
    sect = body.find(f"{_W}sectPr") if body is not None else None
    size = sect.find(f"{_W}pgSz") if sect is not None else None
    margins = sect.find(f"{_W}pgMar") if sect is not None else None

    def length(el: etree._Element | None, attr: str, default: int) -> int:
        value = el.get(f"{_W}{attr}") if el is not None else None
        return int(value) if value and re.fullmatch(r"\d{1,6}", value) else default

    width = length(size, "w", 11906)
    left, right = length(margins, "left", 1701), length(margins, "right", 1134)
    return max(cm_to_twips(8), width - left - right)


def _namespaced(xml: str) -> str:
    """Copy-block XML made well-formed on its own: each top element declares ``w:``."""
    return re.sub(r"<(w:(?:p|tbl))>", rf'<\1 xmlns:w="{W_NS}">', xml)


def _excerpt(document: etree._Element, data: bytes, name: str, tu: str, den: str | None
             ) -> None:
    """A trích sao: of the body text, keep only the paragraphs from the one starting with ``tu``
    to the one starting with ``den``; the header, title and closing stay as they are."""
    found = read_document(read_package(data, name))
    in_body = {id(p) for p in found.body} | {
        id(p) for paras in getattr(found, "tables", {}).values() for p in paras}
    body = document.find(f"{_W}body")
    assert body is not None
    # The same document parsed twice: body children pair up by position.
    source_body = found.flow.package.document.find(f"{_W}body")
    assert source_body is not None
    source_children = list(source_body)  # held, so each proxy keeps its identity
    position = {id(child): i for i, child in enumerate(source_children)}
    tops: list[int] = []
    texts: list[str] = []
    for para in found.flow.paras:
        if id(para) not in in_body or para.element is None:
            continue
        el = para.element
        while el.getparent() is not None and el.getparent() is not source_body:
            el = el.getparent()
        index = position.get(id(el))
        if index is None:
            continue
        text = " ".join(para_lines(para, markup=False))
        if tops and tops[-1] == index:
            texts[-1] += " " + text
        else:
            tops.append(index)
            texts.append(text)
    start = next((i for i, t in enumerate(texts) if t.strip().startswith(tu)), None)
    if start is None:
        raise DocgenError(Problem(_("không tìm thấy đoạn nội dung bắt đầu bằng «{words}»")
                                  .format(words=tu), file=name,
                                  hint=_("Ghi đúng những chữ đầu của đoạn cần trích sao, ví dụ "
                                         "--tu \"Điều 2\".")))
    if den is None:
        # One paragraph, or one whole article: up to the next "Điều …".
        article = re.compile(r"^Điều\s+\d+")
        end = start
        if article.match(texts[start].strip()):
            while end + 1 < len(texts) and not article.match(texts[end + 1].strip()):
                end += 1
    else:
        end = next((i for i in range(start, len(texts)) if texts[i].strip().startswith(den)),
                   None)
    if end is None:
        raise DocgenError(Problem(_("không tìm thấy đoạn bắt đầu bằng «{last}» sau «{first}»")
                                  .format(last=den, first=tu), file=name))
    children = list(body)
    for i, index in enumerate(tops):
        if (i < start or i > end) and index < len(children):
            body.remove(children[index])


def copy_bytes(data: bytes, ban_sao: BanSao, name: str | None = None,
               excerpt: tuple[str, str | None] | None = None) -> bytes:
    """The bản sao of the .docx ``data``: the document, then the copy block.

    Every part but ``word/document.xml`` is copied byte for byte; in it, the copy block is
    inserted before the last section's properties. ``excerpt`` = (first words of the first
    paragraph, first words of the last) for a trích sao.
    """
    name = name or _("văn bản")
    package = read_package(data, name)  # refuses what is not a sound .docx, with its reason
    if ban_sao.hinh_thuc is HinhThucSao.TRICH_SAO and excerpt is None:
        raise DocgenError(Problem(_("trích sao cần chỉ rõ phần được sao"), file=name,
                                  hint=_("Thêm --tu \"<những chữ đầu của đoạn đầu>\" và "
                                         "--den \"<những chữ đầu của đoạn cuối>\".")))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        main = next((i.filename for i in infos if i.filename == "word/document.xml"), None)
        if main is None:
            raise DocgenError(Problem(_("văn bản không có phần word/document.xml, docgen chưa "
                                        "sao được"), file=name))
        xml = zf.read(main).decode("utf-8")
        parts = {i.filename: zf.read(i) for i in infos}
    block = _namespaced(copy_block_xml(ban_sao, _text_width(package.document)))
    if excerpt is not None:
        document = etree.fromstring(xml.encode("utf-8"))
        _excerpt(document, data, name, *excerpt)
        xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                             standalone=True).decode("utf-8")
    body_end = xml.rfind("</w:body>")
    if body_end < 0:
        raise DocgenError(Problem(_("văn bản không dùng tiền tố w: quen thuộc của Word, "
                                    "docgen chưa sao được"), file=name,
                                  hint=_("Mở bằng Word, lưu lại rồi sao lại.")))
    last_sect = xml.rfind("<w:sectPr", 0, body_end)
    last_para_end = max(xml.rfind("</w:p>", 0, body_end), xml.rfind("</w:tbl>", 0, body_end))
    at = last_sect if last_sect > last_para_end else body_end
    new_xml = xml[:at] + block + xml[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in infos:
            payload = new_xml.encode("utf-8") if info.filename == main else parts[info.filename]
            zf.writestr(info, payload, compress_type=zipfile.ZIP_DEFLATED
                        if info.filename == main else info.compress_type)
    return out.getvalue()


def copy_file(source: Path | str, output: Path | str, ban_sao: BanSao, *,
              overwrite: bool = False, excerpt: tuple[str, str | None] | None = None) -> Path:
    """Write the bản sao of ``source`` to ``output`` atomically; ``source`` is only read."""
    source, output = Path(source), Path(output)
    if output.resolve() == source.resolve():
        raise DocgenError(Problem(_("tệp ghi ra trùng với tệp gốc; docgen không ghi đè văn "
                                    "bản gốc"), file=str(output),
                                  hint=_("Chọn tên khác, ví dụ -o {name}").format(
                                      name=f"{source.stem}-ban-sao.docx")))
    data = read_docx_file(source)
    atomic_write(output, copy_bytes(data, ban_sao, str(source), excerpt), overwrite=overwrite)
    return output


def copied_title(data: bytes, name: str = "văn bản") -> str:
    """What is copied, for the register: ``Quyết định số 12/QĐ-UBND: Về việc …`` (the file's
    name when the document cannot be read back)."""
    try:
        van_ban = read_back(data, name).van_ban
    except DocgenError:
        van_ban = None
    if van_ban is None:
        return Path(name).name
    subject = f": {van_ban.trich_yeu_line}" if van_ban.trich_yeu else ""
    return f"{van_ban.kind.name} {van_ban.so_ky_hieu.replace('Số:', 'số').strip()}{subject}"


def issue_copy(archive_location: str | Path | None, data: bytes, ban_sao: BanSao,
               name: str = "văn bản", excerpt: tuple[str, str | None] | None = None
               ) -> tuple[Entry, bytes]:
    """Number the copy in its own series of the register (SY, TrS, SL per agency and year),
    archive it and return the register entry and the copy's bytes.

    The number and date go into the copy block inside the register's transaction: a copy that
    cannot be made gives its number back.
    """
    made: dict[str, bytes] = {}

    def render(number: int, day: date) -> bytes:
        made["data"] = copy_bytes(data, ban_sao.model_copy(update={"so": number, "ngay": day}),
                                  name, excerpt)
        return made["data"]

    request = CopyRequest(
        co_quan=ban_sao.co_quan.viet_tat, hinh_thuc=ban_sao.hinh_thuc.code,
        trich_yeu=f"{ban_sao.hinh_thuc.label.capitalize()} {copied_title(data, name)}",
        ten_co_quan=ban_sao.co_quan.ten_day_du, nguoi_ky=ban_sao.nguoi_ky.ho_ten,
        noi_nhan=tuple(ban_sao.noi_nhan), ngay=ban_sao.ngay)
    with Archive(archive_location) as archive:
        entry = archive.issue_copy(request, render)
    return entry, made["data"]
