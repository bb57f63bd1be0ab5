"""Reading the kind-specific blocks of a produced .docx back, for the kind tests.

Built on :mod:`docxview`: sections in order with their page setup, body tables with their
formatting, and the paragraphs outside tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from docxview import NS, DocxView, ParaView, _w
from lxml import etree


@dataclass
class Section:
    """One section of the document: its page setup and the body elements it holds."""

    props: etree._Element
    elements: list[etree._Element]

    @property
    def landscape(self) -> bool:
        size = self.props.find("w:pgSz", NS)
        return size.get(_w("orient")) == "landscape" and \
            int(size.get(_w("w"))) > int(size.get(_w("h")))

    @property
    def text_width(self) -> int:
        """Width between the margins, in twips."""
        size = self.props.find("w:pgSz", NS)
        margin = self.props.find("w:pgMar", NS)
        return int(size.get(_w("w"))) - int(margin.get(_w("left"))) - int(margin.get(_w("right")))

    def texts(self) -> list[str]:
        """Non-empty paragraph texts of the section (tables included), in order."""
        out = []
        for element in self.elements:
            for p in element.iter(_w("p")):
                text = "".join(t.text or "" for t in p.iter(_w("t")))
                if text.strip():
                    out.append(" ".join(text.split()))
        return out


def sections(doc: DocxView) -> list[Section]:
    """The sections in order: each ends at a paragraph carrying ``w:sectPr``, the last at the
    body's own ``w:sectPr``."""
    body = doc.document.find(_w("body"))
    out: list[Section] = []
    current: list[etree._Element] = []
    for child in body:
        if child.tag == _w("sectPr"):
            out.append(Section(child, current))
            break
        current.append(child)
        props = child.find("w:pPr/w:sectPr", NS) if child.tag == _w("p") else None
        if props is not None:
            out.append(Section(props, current))
            current = []
    return out


def outside_tables(doc: DocxView) -> list[ParaView]:
    """Non-empty paragraphs that are not in a table."""
    return [p for p in doc.paragraphs if p.in_table is None and p.text.strip()]


def table_rows(doc: DocxView, index: int) -> list[list[str]]:
    """The cell texts of body table ``index``, row by row."""
    rows: dict[int, dict[int, list[str]]] = {}
    for p in doc.paragraphs:
        if p.in_table == index and p.cell is not None:
            rows.setdefault(p.cell[0], {}).setdefault(p.cell[1], []).append(p.text)
    return [[" ".join(cells[c]).strip() for c in sorted(cells)]
            for _, cells in sorted(rows.items())]


def body_tables(doc: DocxView) -> list[int]:
    """Indices of the tables written from Markdown rows: the ones with a repeated header row
    (the header and signature tables have none)."""
    return [i for i, t in enumerate(doc.tables)
            if t.find("w:tr/w:trPr/w:tblHeader", NS) is not None]


def table_holding(doc: DocxView, text: str) -> int:
    """Index of the first table with a cell paragraph equal to ``text``."""
    for p in doc.paragraphs:
        if p.in_table is not None and p.text.strip() == text:
            return p.in_table
    raise AssertionError(f"no table cell reads {text!r}")


def assert_body_table(doc: DocxView, index: int, width: int) -> list[list[str]]:
    """R-35: header row bold and repeated on every page, single borders, within ``width``
    twips, 13 pt (12 allowed), numbers right-aligned. Returns the rows."""
    table = doc.tables[index]
    rows = table.findall(_w("tr"))
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None, "header row not repeated"
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert borders is not None
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = borders.find(f"w:{side}", NS)
        assert edge is not None and edge.get(_w("val")) == "single", side
    grid = sum(int(c.get(_w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS))
    assert 0 < grid <= width, (grid, width)
    cells = [p for p in doc.paragraphs if p.in_table == index and p.text.strip()]
    assert {p.size for p in cells} <= {12.0, 13.0}, {p.size for p in cells}
    for p in cells:
        if p.cell[0] == 0:
            assert p.bold, p.text
        elif p.text.rstrip("%").replace(".", "").replace(",", "").isdigit():
            assert p.align == "right", p.text
    return table_rows(doc, index)
