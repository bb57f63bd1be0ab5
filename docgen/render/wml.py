"""WordprocessingML fragments as strings: runs, paragraphs, cells, tables.

The renderer writes ``word/document.xml`` as text because building it through python-docx costs
tens of milliseconds a document and grows memory across a batch; these helpers keep that text
schema-valid (child elements in the order the schema demands, so Word opens the file without a
repair prompt) and escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..layout import LAYOUT, cm_to_twips
from ..ooxml import half_points as half_points
from ..ooxml import pt_to_twips as twips_from_pt

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Text escaped for element content."""
    return text.translate(_ESCAPES)


@dataclass(frozen=True)
class Font:
    """Run formatting: size in points, bold, italic."""

    size: float
    bold: bool = False
    italic: bool = False

    @cache  # noqa: B019  (a handful of distinct fonts; frozen and hashable)
    def rpr(self) -> str:
        """The ``w:rPr`` element, children in schema order."""
        sz = half_points(self.size)
        return (
            "<w:rPr>"
            + ("<w:b/><w:bCs/>" if self.bold else "")
            + ("<w:i/><w:iCs/>" if self.italic else "")
            + f'<w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr>'
        )


def run(text: str, font: Font) -> str:
    """A ``w:r`` with ``text``; tabs become ``w:tab`` elements."""
    if not text:
        return ""
    parts = text.split("\t")
    inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' if p else ""
                            for p in parts)
    return f"<w:r>{font.rpr()}{inner}</w:r>"


@dataclass(frozen=True)
class Para:
    """Paragraph formatting. Lengths in twips, spacing in points."""

    align: str = "left"
    before: float = 0
    after: float = 0
    line: float | None = None
    """Line spacing as a multiple of single (1.15); None = single."""
    line_exact_pt: float | None = None
    left: int = 0
    right: int = 0
    first_line: int = 0
    hanging: int = 0
    rule: bool = False
    """Draw a horizontal rule along the bottom of this (empty, short) paragraph."""
    box: bool = False
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False

    @cache  # noqa: B019  (a few dozen distinct formats; frozen and hashable)
    def ppr(self, mark: Font | None = None) -> str:
        """The ``w:pPr`` element, children in schema order."""
        out = ["<w:pPr>"]
        if self.keep_next:
            out.append("<w:keepNext/>")
        if self.keep_lines:
            out.append("<w:keepLines/>")
        if self.page_break_before:
            out.append("<w:pageBreakBefore/>")
        size = LAYOUT.rule_line_eighths
        if self.box:
            edge = f'w:val="single" w:sz="{size}" w:space="1" w:color="000000"'
            out.append(f"<w:pBdr><w:top {edge}/><w:left {edge}/><w:bottom {edge}/>"
                       f"<w:right {edge}/></w:pBdr>")
        elif self.rule:
            out.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{size}" w:space="0" '
                       'w:color="000000"/></w:pBdr>')
        spacing = f'<w:spacing w:before="{twips_from_pt(self.before)}" ' \
                  f'w:after="{twips_from_pt(self.after)}"'
        if self.line_exact_pt is not None:
            spacing += f' w:line="{twips_from_pt(self.line_exact_pt)}" w:lineRule="exact"'
        else:
            spacing += f' w:line="{round(240 * (self.line or 1))}" w:lineRule="auto"'
        out.append(spacing + "/>")
        if self.left or self.right or self.first_line or self.hanging:
            ind = f'<w:ind w:left="{self.left}" w:right="{self.right}"'
            if self.hanging:
                ind += f' w:hanging="{self.hanging}"'
            elif self.first_line:
                ind += f' w:firstLine="{self.first_line}"'
            out.append(ind + "/>")
        out.append(f'<w:jc w:val="{self.align}"/>')
        if mark is not None:
            out.append(mark.rpr())
        out.append("</w:pPr>")
        return "".join(out)


def paragraph(runs: str | Iterable[str], fmt: Para, mark: Font | None = None) -> str:
    """A ``w:p`` of already-built runs; ``mark`` sets the size of an empty paragraph."""
    body = runs if isinstance(runs, str) else "".join(runs)
    return f"<w:p>{fmt.ppr(mark)}{body}</w:p>"


def text_paragraph(text: str, font: Font, fmt: Para) -> str:
    """A paragraph of one run."""
    return paragraph(run(text, font), fmt, font)


def cell(content: str, width_twips: int, v_align: str = "top") -> str:
    """A ``w:tc`` of fixed width; ``content`` must hold at least one paragraph."""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/>'
            f'<w:vAlign w:val="{v_align}"/></w:tcPr>{content}</w:tc>')


CELL_MARGIN_TWIPS = 108
"""Word's default left and right cell margin (1.9 mm), written explicitly."""


_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _table(rows: list[list[str]], widths: list[int], edge: str | None, header: bool) -> str:
    """A fixed-layout table: widths in the grid (read by LibreOffice) and on every cell (read
    by Word); ``edge`` the attributes of every border (None = no borders); with ``header`` the
    first row repeats at the top of each page."""
    attributes = edge or 'w:val="nil"'
    borders = "".join(f"<w:{name} {attributes}/>" for name in _EDGES)
    first = "1" if header else "0"
    out = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>',
        f'<w:tblLook w:val="{"0020" if header else "0000"}" w:firstRow="{first}" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for i, row in enumerate(rows):
        repeat = "<w:tblHeader/>" if header and i == 0 else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
        out.extend(cell(content, w) for content, w in zip(row, widths, strict=True))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def borderless_table(rows: list[list[str]], widths_cm: tuple[float, ...]) -> str:
    """A fixed-layout table without borders; ``rows`` hold each cell's paragraphs."""
    return _table(rows, [cm_to_twips(w) for w in widths_cm], None, header=False)


def content_width_twips(cell_cm: float) -> int:
    """The width text gets inside a cell of ``cell_cm``."""
    return cm_to_twips(cell_cm) - 2 * CELL_MARGIN_TWIPS


def grid_table(rows: list[list[str]], widths: list[int], *, border_eighths: int) -> str:
    """A fixed-layout table with single borders on every edge (R-35); ``rows[0]`` is the
    header row, repeated at the top of every page. ``widths`` in twips."""
    edge = f'w:val="single" w:sz="{border_eighths}" w:space="0" w:color="000000"'
    return _table(rows, widths, edge, header=True)
