"""What a form cannot carry, named: the :class:`Omission` lines of an :class:`Extraction`.

Images, drawings, charts, formulas, embedded objects, footnotes, comments and header text are
found in the XML; every paragraph no part of the form took is found by the final sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..check.flow import (
    Flow,
    FlowPara,
    Segment,
    clean_text,
    is_line,
)
from ..check.reader import Package
from ..errors import DocgenError, Problem
from ..i18n import _
from ..models import VanBan
from ..ooxml import qn
from .text import _DASH_ONLY, _near, _seg_lines, _short, para_lines


@dataclass(frozen=True)
class Omission:
    """Something of the document the form does not carry as it was."""

    what: str
    """What it is, in the clerk's language: ``hình ảnh`` (``an image``), ``chú thích cuối
    trang 1`` (``footnote 1``)."""
    text: str = ""
    """The words left out (empty for an image)."""
    where: str = ""
    """Where it was, in words a clerk sees: ``gần đoạn «Điều 2. Chức năng…»``."""
    lost: bool = True
    """False when the form holds it in another shape (docgen writes it again on rendering)."""
    fill_in: bool = False
    """A value the document lacks, written as a visible placeholder for the clerk to replace."""

    def message(self) -> str:
        """One line for the clerk, in the current language."""
        quoted = f" «{_short(self.text, 120)}»" if self.text else ""
        place = f" ({self.where})" if self.where else ""
        if self.lost:
            return _("không mang sang được {what}{text}{where}").format(
                what=self.what, text=quoted, where=place)
        return f"{self.what}{quoted}{place}"


@dataclass
class Extraction:
    """A document read back: the form's values and what could not be carried."""

    van_ban: VanBan | None
    """None when the document lacks values the form needs (see ``problems``)."""
    form: dict[str, Any] = field(default_factory=dict)
    """The form's values as read, before validation."""
    omissions: list[Omission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Values the clerk must fill in before the form renders (a blank template)."""

    def document(self) -> VanBan:
        """The validated document; a :class:`DocgenError` naming what is missing otherwise."""
        if self.van_ban is None:
            hint = _("Chạy docgen extract với văn bản này để có tệp biểu mẫu, điền giá trị đó "
                     "vào tệp rồi chạy docgen render.")
            raise DocgenError(*[replace(p, hint=hint) for p in self.problems])
        return self.van_ban

    @property
    def lost(self) -> list[Omission]:
        """The omissions that lose content (not only reshape it)."""
        return [o for o in self.omissions if o.lost]

    def warnings(self) -> list[str]:
        """One line per omission in the clerk's language, in document order."""
        return [o.message() for o in self.omissions]

    def report_lines(self) -> list[str]:
        """What the CLI prints after extracting: each omission, then each value to fill in."""
        lines = [_("Lưu ý: {warning}").format(warning=line) for line in self.warnings()]
        lines += [_("Cần điền trước khi in: {problem}").format(problem=p.message)
                  for p in self.problems]
        lines += [f"→ {hint}" for hint in dict.fromkeys(p.hint for p in self.problems if p.hint)]
        return lines

    @property
    def complete(self) -> bool:
        """Nothing lost and nothing to fill in: the form holds the whole document."""
        return self.van_ban is not None and not any(o.lost or o.fill_in
                                                    for o in self.omissions)


@dataclass
class _Reading:
    """State while one document is read: what has been taken, what was left out."""

    flow: Flow
    taken: set[int] = field(default_factory=set)
    """ids of segments carried into the form."""
    omissions: list[Omission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """What keeps the form from rendering until the clerk fills it in."""
    sources: dict[str, str] = field(default_factory=dict)
    """The document's whole line behind a field read from part of it (``Theo đề nghị của X``
    for ``theo_de_nghi: X``): what is lost if the form cannot take the field."""

    def take(self, *segments: Segment | None) -> None:
        for s in segments:
            if s is not None:
                self.taken.add(id(s))

    def take_para(self, para: FlowPara) -> None:
        for s in para.segments:
            self.taken.add(id(s))

    def omit(self, what: str, text: str = "", where: str = "", lost: bool = True,
             fill_in: bool = False) -> None:
        self.omissions.append(Omission(what, text, where, lost, fill_in))


def _note_text(root: Any, tag: str, note_id: str | None) -> str:
    for note in root.iter(qn(f"w:{tag}")):
        if note.get(qn("w:id")) == note_id:
            return clean_text(" ".join(t.text or "" for t in note.iter(qn("w:t"))))
    return ""


def _drawing_kind(drawing: Any) -> str | None:
    """What a ``w:drawing`` / ``w:pict`` shows that a form cannot hold; None for a text box
    (its text is read) or a line (a rule docgen draws itself)."""
    if next(drawing.iter(qn("w:txbxContent")), None) is not None or is_line(drawing):
        return None
    tags = {el.tag for el in drawing.iter() if isinstance(el.tag, str)}
    if qn("pic:pic") in tags or qn("v:imagedata") in tags:
        return _("hình ảnh")
    if qn("c:chart") in tags:
        return _("biểu đồ")
    if qn("dgm:relIds") in tags:
        return _("sơ đồ (SmartArt)")
    return _("hình vẽ")


def _body_object(el: Any, notes: dict[str, Any], counters: dict[str, int]
                 ) -> tuple[str, str] | None:
    """(what, text) of an element of the body a form cannot hold; None for any other element.
    ``counters`` numbers the footnotes and endnotes as Word shows them."""
    tag = el.tag
    if tag in (qn("w:drawing"), qn("w:pict")):
        kind = _drawing_kind(el)
        return (kind, "") if kind is not None else None
    if tag == qn("m:oMathPara") or (tag == qn("m:oMath")
                                    and el.getparent().tag != qn("m:oMathPara")):
        return _("công thức"), clean_text("".join(el.itertext()))
    if tag == qn("w:object"):
        return _("đối tượng nhúng (OLE)"), ""
    if tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
        kind = "footnote" if tag == qn("w:footnoteReference") else "endnote"
        counters[kind] += 1
        label = _("chú thích cuối trang {n}") if kind == "footnote" else \
            _("chú thích cuối văn bản {n}")
        text = _note_text(notes[kind + "s"], kind, el.get(qn("w:id"))) \
            if kind + "s" in notes else ""
        return label.format(n=counters[kind]), text
    if tag == qn("w:commentReference"):
        text = _note_text(notes["comments"], "comment", el.get(qn("w:id"))) \
            if "comments" in notes else ""
        return _("nhận xét (comment)"), text
    return None


# Elements read once, with everything inside them (a drawing's picture is not one more).
_WHOLE = (qn("mc:Fallback"), qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("m:oMathPara"))


def _body_objects(package: Package, flow: Flow, notes: dict[str, Any], rd: _Reading) -> None:
    """Images, drawings, formulas, embedded objects, footnotes and comments of the body, each
    named with the paragraph it sits in; the fallback copy of ``mc:AlternateContent`` is not
    read at all."""
    body = package.document.find(qn("w:body"))
    if body is None:
        return
    text_of = {id(p.element): " ".join(para_lines(p, markup=False)) for p in flow.paras
               if p.element is not None}
    counters = {"footnote": 0, "endnote": 0}
    # Elements, not ids: an lxml proxy kept in the set keeps its identity.
    skip: set[Any] = set()
    for el in body.iter():
        if not isinstance(el.tag, str) or el in skip:
            continue
        if el.tag in _WHOLE:
            skip.update(el.iter())  # read once, here, or not at all
        if el.tag == qn("mc:Fallback"):
            continue
        found = _body_object(el, notes, counters)
        if found is not None:
            para = next(el.iterancestors(qn("w:p")), None)
            where = _near(text_of.get(id(para), "")) if para is not None else ""
            rd.omit(found[0], found[1], where)


def _page_furniture(package: Package, flow: Flow, rd: _Reading) -> None:
    """Text of headers and footers (not the page number docgen writes itself), and the
    images there, each named once (the same logo on every page's header)."""
    for store, label in ((flow.header_paras, _("chữ ở đầu trang")),
                         (flow.footer_paras, _("chữ ở chân trang"))):
        seen: set[str] = set()
        for paras in store.values():
            for para in paras:
                text = " ".join(para_lines(para, markup=False))
                if not text or para.has_page_field or text.isdigit() or text in seen:
                    continue
                seen.add(text)
                rd.omit(label, text, _("docgen tự đánh số trang"))
    for parts, label in ((package.headers, _("{thing} ở đầu trang")),
                         (package.footers, _("{thing} ở chân trang"))):
        shown: set[str] = set()
        for root in parts.values():
            for drawing in root.iter(qn("w:drawing"), qn("w:pict")):
                kind = _drawing_kind(drawing)
                if kind is not None and next(drawing.iterancestors(qn("mc:Fallback")),
                                             None) is None and kind not in shown:
                    shown.add(kind)
                    rd.omit(label.format(thing=kind))


def _objects(package: Package, flow: Flow, notes: dict[str, Any], rd: _Reading) -> None:
    """Images, drawings, charts, formulas, embedded objects, footnotes, comments and header
    or footer text: what a form cannot hold, named."""
    _body_objects(package, flow, notes, rd)
    _page_furniture(package, flow, rd)


def _sweep(flow: Flow, rd: _Reading) -> None:
    """Every text the form did not take, paragraph by paragraph, named."""
    for para in flow.paras:
        left = [s for s in para.segments if s.runs and s.text.strip() and id(s) not in rd.taken]
        if not left:
            continue
        text = " ".join(line for s in left for line in _seg_lines(s))
        if _DASH_ONLY.match(text):
            continue  # a rule typed as dashes or dots
        where = _("khung chữ (text box)") if para.container == "textbox" else ""
        rd.omit(_("đoạn văn không thuộc phần nào của thể thức"), text, where)

