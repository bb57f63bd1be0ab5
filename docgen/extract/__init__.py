"""``docgen extract``: a .docx back into a form file, to start a new document from an old one.

The elements are found by :mod:`docgen.check.locate` (so any layout the checker reads works
here too) and turned into form fields, with the punctuation the renderer adds taken off again:
the dashes and ``;``/``.`` of list items, ``V/v``, the ``TM.``/``KT.`` prefixes, the closing
``./.``. Bold and italic runs of the body come back as ``**…**`` and ``*…*``; body tables as
Markdown pipe rows; ``Điều 1.``… as ``dieu``; appendices (``Phụ lục``) as ``phu_luc``.

Nothing is dropped silently. Every piece of text of the document is either carried into a
field or listed as an :class:`Omission` (one line each), and so is every image,
footnote, comment, embedded object or header text, which a form cannot hold. A value the form
cannot take as it stands (a ký hiệu written ``...3…`` in a blank template) is left out and
listed the same way; a required value the document lacks is written as a visible placeholder
and listed. The result is validated as a :class:`~docgen.models.VanBan`, so what ``extract``
writes renders.
"""


from __future__ import annotations

from pathlib import Path
from typing import Any

from ..check.flow import read_flow
from ..check.locate import locate
from ..check.reader import MAX_FILE_BYTES, bad_values, read_note_parts, read_package
from ..errors import Problem
from ..fileio import read_limited
from ..i18n import _
from ..kinds import KINDS
from ..models import LoaiVanBan, VanBan
from .content import _appendices, _body
from .form import _PLACEHOLDERS, _validate, form_text
from .omissions import Extraction, Omission, _objects, _Reading, _sweep
from .parts import (
    _appendix_starts,
    _body_paras,
    _closing,
    _copy_block,
    _header,
    _kind_of,
    _kinh_gui,
    _profile,
    _restricted,
    _sections_of,
    _two_signatures,
)
from .text import para_lines

__all__ = ["Extraction", "Omission", "extract_bytes", "extract_file", "form_text", "para_lines",
           "read_back", "read_back_file", "read_docx_file"]


def read_back(data: bytes, name: str | None = None) -> Extraction:
    """The document in the .docx ``data`` as form values, and what could not be carried.

    ``name`` (the file's name) locates the messages; "văn bản" in the clerk's language
    without one."""
    name = name or _("văn bản")
    package = read_package(data, name)
    notes = read_note_parts(data, name)
    with bad_values(name):
        flow = read_flow(package)
        starts = _appendix_starts(flow)
        sections = _sections_of(flow)
        copy_block = _copy_block(flow)
        end = min([*starts[:1], *copy_block[:1], len(flow.paras)])
        found = locate(_restricted(flow, end))
        rd = _Reading(flow)
        if copy_block:
            # A bản sao: the form holds the copied document; docgen sao makes the block again.
            paras = flow.paras[copy_block[0]:copy_block[1]]
            for para in paras:
                rd.take_para(para)
            rd.omit(_("khối bản sao (docgen sao làm lại khối này)"),
                    " ".join(x for p in paras for x in para_lines(p, markup=False)))
        kind, unknown_title = _kind_of(found)
        values: dict[str, Any] = {"loai": kind.value}
        profile = _profile(found)
        if profile and profile != "chuan":
            values["bo_cuc"] = profile
        _header(found, kind, values, rd)
        _kinh_gui(found, values, rd)
        in_body = _body_paras(found)
        body = [p for p in found.flow.paras if id(p) in in_body]
        if kind.value == "bien-ban":
            body = _two_signatures(found, body, values, rd)
        signers = {k: values[k] for k in ("nguoi_ky",) if k in values}
        closing = _closing(found, values, rd)
        values.update(signers)  # a biên bản's CHỦ TỌA block wins over the closing's reading
        closing_paras = {id(s.para) for s in closing}
        body = [p for p in body if id(p) not in closing_paras]
        _body(found, kind, body, values, rd)
        if starts:
            values["phu_luc"] = _appendices(flow, starts, sections, rd, values)
        _objects(package, flow, notes, rd)
        _sweep(flow, rd)
    values = {k: v for k, v in values.items() if v is not None}
    if not KINDS[kind.value].place_date and "dia_danh" not in values:
        # A biên bản prints no place-date line, but every form names its place.
        values["dia_danh"] = _PLACEHOLDERS["dia_danh"]
        rd.omit(_("{kind} không có dòng địa danh; đã ghi '{placeholder}' vào dia_danh (không "
                  "in ra)").format(kind=kind.title.lower() if kind.title else _("văn bản"),
                                   placeholder=values["dia_danh"]), lost=False)
    van_ban = _validate(values, rd, name)
    if unknown_title is not None:
        # Read as a titled document; which kind it is, only the clerk can say.
        van_ban = None
        values["loai"] = "…"
        rd.problems.insert(0, Problem(
            _("loại văn bản: tên loại '{title}' không có trong Phụ lục III").format(
                title=unknown_title), file=name, field="loai",
            hint=_("Ghi vào dòng loai một trong: {kinds}.").format(
                kinds=", ".join(k.value for k in LoaiVanBan))))
    return Extraction(van_ban, values, rd.omissions, rd.problems)


def read_docx_file(path: Path | str) -> bytes:
    """The bytes of the .docx at ``path``: a folder, a device or an absurdly large file is
    refused with a clerk's message before anything is read."""
    return read_limited(Path(path), MAX_FILE_BYTES, what=_("văn bản .docx"))


def read_back_file(path: Path | str) -> Extraction:
    """:func:`read_back` of the .docx at ``path``."""
    return read_back(read_docx_file(path), str(path))


def extract_bytes(data: bytes, name: str | None = None) -> VanBan:
    """The document in the .docx ``data`` as a :class:`VanBan` (see :func:`read_back`)."""
    return read_back(data, name).document()


def extract_file(path: Path | str) -> VanBan:
    """The document in the .docx at ``path`` as a :class:`VanBan`."""
    return read_back_file(path).document()

