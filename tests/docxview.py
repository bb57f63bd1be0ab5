"""Reading a produced .docx back the way a reader sees it, for assertions in tests.

Paragraphs come in reading order (table cells row by row); each carries the formatting that
applies to it, resolved from direct formatting and the document defaults docgen writes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from docgen.layout import layout_for
from docgen.ooxml import NS, W


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class RunView:
    text: str
    size: float | None
    bold: bool
    italic: bool


@dataclass
class ParaView:
    text: str
    runs: list[RunView]
    align: str
    first_line: int
    left: int
    right: int
    hanging: int
    before: int
    line: int | None
    rule: bool
    box: bool
    mark_size: float | None
    in_table: int | None = None
    """Index of the body table holding the paragraph (None = body)."""
    cell: tuple[int, int] | None = None
    element: etree._Element | None = field(default=None, repr=False)

    @property
    def size(self) -> float | None:
        sizes = {r.size for r in self.runs if r.text.strip()}
        return sizes.pop() if len(sizes) == 1 else (self.mark_size if not sizes else None)

    @property
    def bold(self) -> bool:
        return all(r.bold for r in self.runs if r.text.strip()) and bool(self.text.strip())

    @property
    def italic(self) -> bool:
        return all(r.italic for r in self.runs if r.text.strip()) and bool(self.text.strip())


def _flag(rpr: etree._Element | None, name: str) -> bool:
    if rpr is None:
        return False
    el = rpr.find(_w(name))
    return el is not None and el.get(_w("val"), "true") not in ("0", "false")


def _size(rpr: etree._Element | None) -> float | None:
    if rpr is None:
        return None
    el = rpr.find(_w("sz"))
    return int(el.get(_w("val"))) / 2 if el is not None else None


def _para(p: etree._Element, default_size: float) -> ParaView:
    ppr = p.find(_w("pPr"))
    runs = []
    for r in p.iter(_w("r")):
        rpr = r.find(_w("rPr"))
        text = "".join(
            t.text or "" if t.tag == _w("t") else "\t"
            for t in r if t.tag in (_w("t"), _w("tab"))
        )
        runs.append(RunView(text, _size(rpr) or default_size, _flag(rpr, "b"), _flag(rpr, "i")))
    jc = ppr.find(_w("jc")) if ppr is not None else None
    ind = ppr.find(_w("ind")) if ppr is not None else None
    spacing = ppr.find(_w("spacing")) if ppr is not None else None
    pbdr = ppr.find(_w("pBdr")) if ppr is not None else None

    def attr(el: etree._Element | None, name: str) -> int:
        return int(el.get(_w(name), 0)) if el is not None else 0

    line = spacing.get(_w("line")) if spacing is not None else None
    return ParaView(
        text="".join(r.text for r in runs),
        runs=runs,
        align=jc.get(_w("val")) if jc is not None else "left",
        first_line=attr(ind, "firstLine"),
        left=attr(ind, "left"),
        right=attr(ind, "right"),
        hanging=attr(ind, "hanging"),
        before=attr(spacing, "before"),
        line=int(line) if line else None,
        rule=pbdr is not None and pbdr.find(_w("left")) is None and (
            pbdr.find(_w("top")) is not None or pbdr.find(_w("bottom")) is not None),
        box=pbdr is not None and pbdr.find(_w("left")) is not None,
        mark_size=_size(ppr.find(_w("rPr")) if ppr is not None else None),
        element=p,
    )


class DocxView:
    """A produced .docx opened for assertions."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.parts = {name: self.zip.read(name) for name in self.zip.namelist()}
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.xml = {name: etree.fromstring(body, parser) for name, body in self.parts.items()
                    if name.endswith((".xml", ".rels"))}
        self.document = self.xml["word/document.xml"]
        self.styles = self.xml["word/styles.xml"]
        sz = self.styles.find(".//w:docDefaults//w:sz", NS)
        self.default_size = int(sz.get(_w("val"))) / 2
        self.paragraphs: list[ParaView] = []
        body = self.document.find(_w("body"))
        table_index = 0
        for child in body:
            if child.tag == _w("p"):
                self.paragraphs.append(_para(child, self.default_size))
            elif child.tag == _w("tbl"):
                for r, row in enumerate(child.findall(_w("tr"))):
                    for c, tc in enumerate(row.findall(_w("tc"))):
                        for p in tc.findall(_w("p")):
                            view = _para(p, self.default_size)
                            view.in_table, view.cell = table_index, (r, c)
                            self.paragraphs.append(view)
                table_index += 1
        self.tables = body.findall(_w("tbl"))

    def texts(self) -> list[str]:
        """Non-empty paragraph texts, white space folded."""
        return [" ".join(p.text.split()) for p in self.paragraphs if p.text.strip()]

    def find(self, prefix: str) -> ParaView:
        """The first paragraph whose text starts with ``prefix``."""
        for p in self.paragraphs:
            if p.text.startswith(prefix):
                return p
        raise AssertionError(f"no paragraph starts with {prefix!r}")

    def index(self, para: ParaView) -> int:
        return next(i for i, p in enumerate(self.paragraphs) if p is para)

    def after(self, para: ParaView) -> ParaView:
        return self.paragraphs[self.index(para) + 1]

    def section(self) -> etree._Element:
        return self.document.find(".//w:body/w:sectPr", NS)

    def sections(self) -> list[etree._Element]:
        """Every ``w:sectPr`` in order: those ending a section inside the body, then the last."""
        inner = self.document.findall(".//w:body/w:p/w:pPr/w:sectPr", NS)
        return [*inner, self.section()]

    def section_index(self, para: ParaView) -> int:
        """The section (0 = the main one) that holds ``para``."""
        count = 0
        for p in self.paragraphs[: self.index(para)]:
            if p.element is not None and p.element.find("w:pPr/w:sectPr", NS) is not None:
                count += 1
        return count

    def table_of(self, para: ParaView) -> etree._Element:
        """The ``w:tbl`` element that holds ``para``."""
        assert para.in_table is not None, para.text
        return self.tables[para.in_table]


def assert_element(para: ParaView, document: object, key: str) -> None:
    """``para`` is set as the layout table says for element ``key`` of ``document``'s layout:
    the house size (inside the decree's range), bold, italic, capitals and alignment."""
    element = layout_for(document)[key]
    assert para.size == element.size_pt, (key, para.text, para.size)
    lo, hi = element.size_range
    assert lo <= para.size <= hi, f"{element.rule} {key}: {para.size} outside the decree"
    if element.bold is not None:
        assert para.bold == element.bold, (key, para.text)
    if element.italic is not None:
        assert para.italic == element.italic, (key, para.text)
    if element.upper:
        assert para.text == para.text.upper(), (key, para.text)
    if element.align is not None:
        assert para.align == element.align, (key, para.align)
