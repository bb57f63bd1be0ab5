"""The document as a reader sees it: paragraphs cut at tabs into segments, with positions.

Word and LibreOffice lay the two header blocks side by side in several ways: a borderless table,
text boxes, frames, or one paragraph per line with tab stops. To judge a document whichever way it
was made, every piece of text (a *segment*: a paragraph, or the part of one between two tabs)
gets its effective formatting, its alignment (the paragraph's, or the kind of tab stop that
places it) and an estimate of its horizontal centre on the page, which sorts it into the left
block, the right block or the centre. Horizontal rules are collected the same way, whether they are
paragraph borders, drawn lines (DrawingML or VML) or a run of underscores, each with its length.

Reading order is document order, with text boxes read just before the paragraph that anchors
them; deleted revisions, hidden text, field instructions and the fallback copy of
``mc:AlternateContent`` are skipped, as a reader never sees them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree

from ..metrics import text_width_pt
from ..ooxml import EMU_PER_TWIP, MC, WP, WPS, A, V, qn
from ..ooxml import TWIPS_PER_EMU as EMU
from .reader import Package
from .styles import FONT_SLOTS, StyleSheet, read_ppr, read_rpr, twips, w, whole

A4_WIDTH, A4_HEIGHT = 11906, 16838
DEFAULT_CELL_MARGIN = 108
DEFAULT_INSET = 144  # a text box's inner margin when bodyPr gives none (0.1 in)
DEFAULT_TAB = 720
# Word's "single" line for Times New Roman: ascender + descender + line gap = 1.15 em.
SINGLE_LINE_EM = 1.15
# Left block / centre / right block, as fractions of the text width.
LEFT_LIMIT, RIGHT_LIMIT = 0.42, 0.58

_T, _TAB, _PTAB, _BR, _CR = w("t"), w("tab"), w("ptab"), w("br"), w("cr")
_INSTR, _FLD_CHAR, _NB_HYPHEN = w("instrText"), w("fldChar"), w("noBreakHyphen")
_LINE_ENDS = {_BR, _CR}
_PIECE_ENDS = {_TAB, _PTAB, *_LINE_ENDS}
_DRAWINGS = {w("drawing"), w("pict")}
# Containers whose runs a reader sees; w:del and w:moveFrom (deleted text) are not listed.
_TRANSPARENT = {w("hyperlink"), w("smartTag"), w("customXml"), w("ins"), w("moveTo"),
                w("fldSimple"), w("dir"), w("bdo"), w("sdtContent")}
# A rule typed as a row of underscores, hyphens or dashes (a "-----------" line under a title).
_UNDERSCORES = re.compile(r"^(_{3,}|-{5,}|[‒–—―]{3,})$")
_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.IGNORECASE)
# Four spaces or more inside a line, or two at its start: text placed with the space bar.
_SPACED = re.compile(r"\S {4,}\S|^ {2,}\S")
_GAP = re.compile(r" {4,}")
_BLANK_BEFORE = re.compile(r"(s[ốô]\s*:|ngày|tháng|năm)\s*$", re.IGNORECASE)
_BLANK_AFTER = re.compile(r"\s*(/|tháng\b|năm\b)", re.IGNORECASE)


@dataclass
class FlowRun:
    """A stretch of text with its effective formatting."""

    text: str
    size: float | None
    bold: bool
    italic: bool
    caps: bool
    fonts: dict[str, str | None]
    color: Any
    vert: str | None = None
    """``superscript``/``subscript`` for raised or lowered text (a drafter's initials)."""

    @property
    def shown(self) -> str:
        """The text as displayed (``caps`` shows lower case as capitals)."""
        return self.text.upper() if self.caps else self.text

    def width_twips(self, default_size: float) -> float:
        """Advance width in Times New Roman metrics."""
        return text_width_pt(self.shown, self.size or default_size, bold=self.bold,
                             italic=self.italic) * 20


@dataclass
class Box:
    """The horizontal extent text is laid in, in twips from the left edge of the text area."""

    left: float
    width: float


@dataclass
class FlowPara:
    """One paragraph with its effective paragraph properties."""

    index: int
    props: dict[str, Any]
    box: Box
    container: str
    """``page``, ``cell``, ``textbox`` or ``frame``."""
    cell: tuple[int, int, int] | None = None
    """(table number, row, column) for a paragraph in a table."""
    segments: list[Segment] = field(default_factory=list)
    mark_size: float | None = None
    has_page_field: bool = False
    element: etree._Element | None = field(default=None, repr=False)
    numbering_text: str = ""
    lines: int = 1
    """Lines the paragraph holds because of soft breaks (wrapping is not counted)."""
    section: int = 0
    """The section (0 = first) the paragraph is in: appendices often start a new one."""

    @property
    def text(self) -> str:
        """The paragraph's text, segments joined by tabs."""
        return "\t".join(s.text for s in self.segments)

    @property
    def align(self) -> str:
        """The paragraph alignment, normalised to left/center/right/both."""
        return normal_align(self.props.get("jc"))

    def twips(self, key: str) -> int:
        """A length property in twips, 0 when unset."""
        return int(self.props.get(key) or 0)

    def spacing_pt(self, which: str) -> float:
        """Space before/after in points (auto spacing counts as 14 pt, as in Word)."""
        if self.props.get(f"sp.{which}Autospacing"):
            return 14.0
        return self.twips(f"sp.{which}") / 20

    @property
    def size(self) -> float:
        """The largest font size on the paragraph (the mark's when it is empty)."""
        sizes = [r.size for s in self.segments for r in s.runs if r.size and r.text.strip()]
        return max(sizes) if sizes else (self.mark_size or 11.0)

    def line_multiple(self) -> float:
        """Line spacing as a multiple of single spacing for the paragraph's font size."""
        line = self.props.get("sp.line")
        rule = self.props.get("sp.lineRule") or "auto"
        if line is None:
            return 1.0
        if rule == "auto":
            return line / 240
        points = line / 20
        single = self.size * SINGLE_LINE_EM
        multiple = points / single
        return max(1.0, multiple) if rule == "atLeast" else multiple

    def height_pt(self) -> float:
        """Height of a one-line paragraph, spacing included."""
        return (self.size * SINGLE_LINE_EM * self.line_multiple() + self.spacing_pt("before")
                + self.spacing_pt("after"))


@dataclass
class Segment:
    """The text of a paragraph between two tabs (or all of it)."""

    para: FlowPara
    index: int
    runs: list[FlowRun]
    align: str = "left"
    x_center: float = 0
    side: str = "C"
    seq: int = 0
    line: int = 0
    """Which line of its paragraph (0 = first) the segment is on, counting soft breaks."""

    @property
    def text(self) -> str:
        """Raw text of the segment."""
        return "".join(r.text for r in self.runs)

    @property
    def shown(self) -> str:
        """Displayed text (caps applied)."""
        return "".join(r.shown for r in self.runs)

    @functools.cached_property
    def clean(self) -> str:
        """NFC, spaces folded, ends trimmed: what locating and extraction compare."""
        return clean_text(self.shown)

    def visible_runs(self) -> list[FlowRun]:
        """Runs with printable text (formatting of spaces does not show)."""
        return [r for r in self.runs if r.text.strip()]


@dataclass
class RuleLine:
    """A horizontal line: a paragraph border, a drawn line or a row of underscores."""

    kind: str
    length: float
    """Length in twips."""
    x_center: float
    side: str
    seq: int
    para: FlowPara
    above: bool = False
    """Drawn at the top edge of its paragraph, before its text: it underlines what is above."""


@dataclass
class Section:
    """Page setup of one section."""

    props: etree._Element
    width: int
    height: int
    margins: dict[str, int]
    title_page: bool
    headers: dict[str, str]
    footers: dict[str, str]
    number_format: str | None


@dataclass
class Flow:
    """Everything the locator and the rules need from one document."""

    paras: list[FlowPara]
    segments: list[Segment]
    rules: list[RuleLine]
    sections: list[Section]
    text_width: float
    sheet: StyleSheet
    package: Package
    header_paras: dict[str, list[FlowPara]] = field(default_factory=dict)
    footer_paras: dict[str, list[FlowPara]] = field(default_factory=dict)
    boxes: list[FlowPara] = field(default_factory=list)
    """Paragraphs framed on all four sides (an urgency box), or inside a text box."""
    footer_rules: dict[str, list[RuleLine]] = field(default_factory=dict)
    """Lines drawn in each footer part (the rule over the agency's address, R-47)."""


def clean_text(text: str) -> str:
    """NFC with runs of white space folded to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def normal_align(jc: str | None) -> str:
    """``start``/``end``/``distribute``… as left/center/right/both."""
    if jc in (None, "left", "start"):
        return "left"
    if jc in ("right", "end"):
        return "right"
    if jc == "center":
        return "center"
    return "both"


def side_of(x: float, width: float) -> str:
    """Left block, centre or right block, from a horizontal centre."""
    if width <= 0:
        return "C"
    ratio = x / width
    return "L" if ratio < LEFT_LIMIT else "R" if ratio > RIGHT_LIMIT else "C"


# ------------------------------------------------------------------------------------------------


def _length(value: str | None) -> float | None:
    """A VML/CSS length in twips (``12pt``, ``1in``, ``2cm``; bare numbers are pixels)."""
    if not value:
        return None
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z%]*)\s*", value)
    if not m:
        return None
    unit = m.group(2) or "px"
    factor = {"pt": 20, "in": 1440, "cm": 1440 / 2.54, "mm": 144 / 2.54, "px": 15,
              "pc": 240, "emu": 1 / EMU_PER_TWIP}.get(unit)
    # The number alone goes through twips(), which refuses "1.2.3" and absurd sizes.
    number = twips(m.group(1))
    return number * factor if factor and number is not None else None


def _css(style: str | None) -> dict[str, str]:
    out = {}
    for part in (style or "").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            out[key.strip().lower()] = value.strip()
    return out


class _Walker:
    def __init__(self, package: Package, sheet: StyleSheet) -> None:
        self.package = package
        self.sheet = sheet
        self.paras: list[FlowPara] = []
        self.segments: list[Segment] = []
        self.rules: list[RuleLine] = []
        self.boxes: list[FlowPara] = []
        self.seq = 0
        self.counters: dict[str, dict[int, int]] = {}
        self.tables = 0
        self.sections: list[Section] = []
        settings = package.settings
        tab = settings.find(w("defaultTabStop")) if settings is not None else None
        self.default_tab = (twips(tab.get(w("val"))) if tab is not None else None) or DEFAULT_TAB
        self.text_width = 0.0
        self.left_margin = 0.0
        self.page_width = 0.0

    def list_label(self, num: tuple[str | None, int | None], level: dict[str, Any]) -> str:
        """The label Word prints before a list paragraph: ``-``, ``a)``, ``2.``, ``1.3.``.

        Counters run per list in document order; a level restarts after a higher one.
        """
        num_id, ilvl = num[0] or "", num[1] or 0
        levels = self.sheet.numbering_levels(num_id)
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels.get(ilvl, {}).get("start", 1) - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if level.get("numFmt") in ("bullet", "none"):
            return _bullet(level)

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            info = levels.get(k, level)
            n = counts.get(k, info.get("start", 1))
            return _list_number(n, info.get("numFmt") or "decimal")

        return re.sub(r"%(\d)", value, level.get("lvlText") or "").strip()

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, parent: etree._Element, box: Box, container: str,
               table_style: str | None = None, cell: tuple[int, int, int] | None = None,
               into: list[FlowPara] | None = None) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("p"):
                self.paragraph(child, box, container, table_style, cell, into)
            elif tag == w("tbl"):
                self.table(child, box, into)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.blocks(content, box, container, table_style, cell, into)
            elif tag in (w("customXml"), w("ins"), w("moveTo")):
                self.blocks(child, box, container, table_style, cell, into)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.blocks(choice, box, container, table_style, cell, into)

    def table(self, tbl: etree._Element, box: Box, into: list[FlowPara] | None) -> None:
        self.tables += 1
        number = self.tables
        tbl_pr = tbl.find(w("tblPr"))
        style_el = tbl_pr.find(w("tblStyle")) if tbl_pr is not None else None
        style = style_el.get(w("val")) if style_el is not None else self.sheet.default_table
        grid = [max(0.0, twips(g.get(w("w"))) or 0.0)
                for g in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        margins: dict[str, float] = {"left": DEFAULT_CELL_MARGIN, "right": DEFAULT_CELL_MARGIN}
        offset = 0.0
        if tbl_pr is not None:
            for side in ("left", "right", "start", "end"):
                el = tbl_pr.find(f"{w('tblCellMar')}/{w(side)}")
                if el is not None:
                    key = {"start": "left", "end": "right"}.get(side, side)
                    margins[key] = twips(el.get(w("w"))) or 0.0
            ind = tbl_pr.find(w("tblInd"))
            if ind is not None:
                offset = twips(ind.get(w("w"))) or 0.0
            jc = tbl_pr.find(w("jc"))
            total = sum(grid)
            if jc is not None and jc.get(w("val")) == "center" and total:
                offset = (box.width - total) / 2
            elif jc is not None and jc.get(w("val")) in ("right", "end") and total:
                offset = box.width - total
        for r, tr in enumerate(tbl.iterfind(w("tr"))):
            # A row may start a few grid columns in (w:gridBefore): its cells sit further right.
            before = tr.find(f"{w('trPr')}/{w('gridBefore')}")
            col = max(0, whole(before.get(w("val"))) or 0) if before is not None else 0
            for tc in tr.iterfind(w("tc")):
                tc_pr = tc.find(w("tcPr"))
                span = 1
                width = None
                cell_margins = dict(margins)
                if tc_pr is not None:
                    gs = tc_pr.find(w("gridSpan"))
                    if gs is not None:
                        span = max(1, whole(gs.get(w("val"))) or 1)
                    tcw = tc_pr.find(w("tcW"))
                    if tcw is not None and tcw.get(w("type"), "dxa") == "dxa":
                        width = twips(tcw.get(w("w"))) or None
                    for side in ("left", "right", "start", "end"):
                        el = tc_pr.find(f"{w('tcMar')}/{w(side)}")
                        if el is not None:
                            key = {"start": "left", "end": "right"}.get(side, side)
                            cell_margins[key] = twips(el.get(w("w"))) or 0.0
                left = sum(grid[:col]) if grid else 0
                grid_width = sum(grid[col:col + span]) if grid else 0
                width = grid_width or width or box.width
                inner = Box(box.left + offset + left + cell_margins["left"],
                            max(0.0, width - cell_margins["left"] - cell_margins["right"]))
                self.blocks(tc, inner, "cell", style, (number, r, col), into)
                col += span

    # -- paragraphs -----------------------------------------------------------------------------

    def paragraph(self, p: etree._Element, box: Box, container: str,
                  table_style: str | None, cell: tuple[int, int, int] | None,
                  into: list[FlowPara] | None) -> None:
        ppr_el = p.find(w("pPr"))
        direct = read_ppr(ppr_el)
        props = self.sheet.paragraph_properties(direct, table_style)
        section = len(self.sections)
        if ppr_el is not None and ppr_el.find(w("sectPr")) is not None:
            self.section(ppr_el.find(w("sectPr")))
        frame = props.get("framePr")
        frame_width = twips(frame.get("w")) if frame else None
        if frame and frame_width:
            x = twips(frame.get("x")) or 0.0
            left = x - self.left_margin if frame.get("hAnchor") == "page" else x
            box = Box(left, frame_width)
            container = "frame"
        para = FlowPara(index=-1, props=props, box=box, container=container, cell=cell, element=p,
                        section=section)
        mark = self.sheet.run_properties(props.get("markRPr", {}), props.get("pStyle"),
                                         table_style)
        para.mark_size = mark.get("sz")
        pieces: list[list[FlowRun]] = [[]]
        drawings: list[tuple[int, etree._Element]] = []
        state: dict[str, Any] = {"field": [], "page": False, "breaks": set()}
        self.inline(p, props.get("pStyle"), table_style, pieces, drawings, state)
        para.has_page_field = state["page"]
        num = props.get("numPr")
        if num is not None:
            level = self.sheet.numbering_level(num)
            if level is not None:
                para.numbering_text = self.list_label(num, level)
                if para.numbering_text and pieces[0] is not None:
                    base = pieces[0][0] if pieces[0] else None
                    pieces[0].insert(0, FlowRun(para.numbering_text + " ",
                                                base.size if base else para.mark_size,
                                                False, False, False, {}, None))
        # Text boxes first: a header drawn in boxes is usually anchored on the paragraph below.
        anchored = [d for d in drawings if _textbox_content(d[1]) is not None]
        anchored.sort(key=lambda d: _anchor_y(d[1]))
        for _, drawing in anchored:
            self.textbox(drawing, box, into, box if cell is not None else None)
        target = self.paras if into is None else into
        para.index = len(target)
        target.append(para)
        borders = {k[4:]: v for k, v in props.items() if k.startswith("bdr.") and v}
        is_box = bool(borders.get("left") and borders.get("right") and borders.get("top")
                      and borders.get("bottom"))
        area = Box(box.left + para.twips("ind.left"),
                   box.width - para.twips("ind.left") - para.twips("ind.right"))
        if is_box:
            self.boxes.append(para)
        elif borders.get("top") and not self._same_border(p, "top"):
            self.add_rule("border", area.width, area.left + area.width / 2, para)
        para.lines = len(state["breaks"]) + 1
        self.layout_segments(para, pieces, area, state["breaks"])
        for index, drawing in drawings:
            if _textbox_content(drawing) is None:
                self.line_shape(drawing, para, index, area)
        if borders.get("bottom") and not is_box and not self._same_border(p, "bottom"):
            self.add_rule("border", area.width, area.left + area.width / 2, para)

    def _same_border(self, p: etree._Element, edge: str) -> bool:
        """Whether a neighbour shares the border group, so the edge is drawn there instead."""
        neighbour = p.getprevious() if edge == "top" else p.getnext()
        if neighbour is None or neighbour.tag != w("p"):
            return False
        mine = etree.tostring(p.find(f"{w('pPr')}/{w('pBdr')}")) \
            if p.find(f"{w('pPr')}/{w('pBdr')}") is not None else None
        theirs = neighbour.find(f"{w('pPr')}/{w('pBdr')}")
        return mine is not None and theirs is not None and etree.tostring(theirs) == mine \
            and neighbour.find(f"{w('pPr')}/{w('ind')}") is None \
            and p.find(f"{w('pPr')}/{w('ind')}") is None

    def add_rule(self, kind: str, length: float, x_center: float, para: FlowPara) -> None:
        self.rules.append(RuleLine(kind, length, x_center, side_of(x_center, self.text_width),
                                   self.next_seq(), para))

    def inline(self, parent: etree._Element, para_style: str | None, table_style: str | None,
               pieces: list[list[FlowRun]], drawings: list[tuple[int, etree._Element]],
               state: dict[str, Any]) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self.run(child, para_style, table_style, pieces, drawings, state)
            elif tag in _TRANSPARENT:
                if tag == w("fldSimple") and _PAGE_FIELD.match(child.get(w("instr"), "")):
                    state["page"] = True
                self.inline(child, para_style, table_style, pieces, drawings, state)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.inline(content, para_style, table_style, pieces, drawings, state)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.inline(choice, para_style, table_style, pieces, drawings, state)

    def run(self, r: etree._Element, para_style: str | None, table_style: str | None,
            pieces: list[list[FlowRun]], drawings: list[tuple[int, etree._Element]],
            state: dict[str, Any]) -> None:
        """Add the text of run ``r`` to the last piece; a tab starts a piece, a break a line.

        Field instructions are skipped (their result is what shows); a PAGE field is noted.
        """
        props = self.sheet.run_properties(read_rpr(r.find(w("rPr"))), para_style, table_style)
        hidden = bool(props.get("vanish"))
        fields: list[str] = state["field"]
        text: list[str] = []

        def flush() -> None:
            if text and not hidden:
                pieces[-1].append(_flow_run("".join(text), props))
            text.clear()

        for child in r:
            tag = child.tag
            in_instr = bool(fields) and fields[-1] == "instr"
            if tag == _T:
                if not in_instr:
                    text.append(child.text or "")
            elif tag == _INSTR:
                state["page"] = state["page"] or bool(_PAGE_FIELD.match(child.text or ""))
            elif tag == _FLD_CHAR:
                _track_field(child.get(w("fldCharType")), fields)
            elif in_instr:
                continue
            elif tag in _PIECE_ENDS:
                # A soft break (Shift+Enter), or a page/column break, ends the line: what
                # follows is laid out from the paragraph's left edge, as its own line.
                flush()
                pieces.append([])
                if tag in _LINE_ENDS:
                    state["breaks"].add(len(pieces) - 1)
            elif tag == _NB_HYPHEN:
                text.append("-")
            else:
                for drawing in _drawings_in(child):
                    flush()
                    drawings.append((len(pieces) - 1, drawing))
        flush()

    # -- positions ------------------------------------------------------------------------------

    def layout_segments(self, para: FlowPara, pieces: list[list[FlowRun]], area: Box,
                        breaks: set[int] | frozenset[int] = frozenset()) -> None:
        """Place each piece: lines split at soft breaks, pieces within a line at tabs."""
        starts = [0, *sorted(b for b in breaks if 0 < b < len(pieces))]
        for line, begin in enumerate(starts):
            end = starts[line + 1] if line + 1 < len(starts) else len(pieces)
            self._layout_line(para, pieces, begin, end, area, line)

    def _layout_line(self, para: FlowPara, pieces: list[list[FlowRun]], begin: int, end: int,
                     area: Box, line: int) -> None:
        default_size = para.mark_size or 11.0
        first = para.twips("ind.first") if line == 0 else 0
        pos = float(para.twips("ind.left") + first)  # from the container's left edge
        base = para.box.left
        stops = [(val, p) for val, p in para.props.get("tabs", []) if val not in ("bar",)]
        align = para.align
        for i in range(begin, end):
            runs = pieces[i]
            width = sum(r.width_twips(default_size) for r in runs)
            if i == begin:
                if end - begin == 1:
                    start = area.left + (first if first > 0 else 0)
                    avail = max(1.0, area.width - max(first, 0))
                    shown = min(width, avail)
                    if align == "center" or (align == "both" and width >= avail * 0.9):
                        x = area.left + area.width / 2
                    elif align == "right":
                        x = area.left + area.width - shown / 2
                    else:
                        x = start + shown / 2
                else:
                    if align == "center":
                        x = area.left + area.width / 2
                    elif align == "right":
                        x = area.left + area.width - width / 2
                    else:
                        x = base + pos + width / 2
                    pos += width
                seg_align = align
            else:
                stop = next(((val, p) for val, p in stops if p > pos + 1), None)
                if stop is None:
                    tab = max(1, self.default_tab)
                    stop = ("left", (int(pos // tab) + 1) * tab)
                val, stop_pos = stop
                if val == "center":
                    x, seg_align, pos = base + stop_pos, "center", stop_pos + width / 2
                elif val in ("right", "end", "decimal"):
                    x, seg_align, pos = base + stop_pos - width / 2, "right", stop_pos
                else:
                    x, seg_align, pos = base + stop_pos + width / 2, "left", stop_pos + width
            text = "".join(r.text for r in runs)
            if seg_align in ("left", "both") and _SPACED.search(text):
                self._spaced_pieces(para, runs, i, x - min(width, area.width) / 2,
                                    default_size, line)
                continue
            if _UNDERSCORES.match(text.strip()):
                length = sum(FlowRun(r.text.strip(), r.size, r.bold, r.italic, False, {}, None)
                             .width_twips(default_size) for r in runs)
                self.add_rule("underscore", length, x, para)
                para.segments.append(Segment(para, i, [], seg_align, x,
                                             side_of(x, self.text_width), self.seq, line))
                continue
            segment = Segment(para, i, runs, seg_align, x, side_of(x, self.text_width),
                              self.next_seq(), line)
            para.segments.append(segment)
            if segment.text.strip():
                self.segments.append(segment)

    def _spaced_pieces(self, para: FlowPara, runs: list[FlowRun], index: int, left: float,
                       default_size: float, line: int) -> None:
        """Text laid out with runs of spaces (two blocks typed on one line): one segment per
        stretch of text, placed where the spaces put it."""
        text = "".join(r.text for r in runs)
        cuts = [0]
        for gap in _GAP.finditer(text):
            before, after = text[:gap.start()], text[gap.end():]
            if _BLANK_BEFORE.search(before) or _BLANK_AFTER.match(after):
                continue  # a blank left in a field (Số:      /UBND, ngày      tháng)
            cuts += [gap.start(), gap.end()]
        cuts.append(len(text))
        for a, b in zip(cuts[::2], cuts[1::2], strict=True):
            piece = _slice_runs(runs, a, b)
            stripped = "".join(r.text for r in piece)
            lead = len(stripped) - len(stripped.lstrip())
            trail = len(stripped.rstrip())
            if not stripped.strip():
                continue
            before = sum(r.width_twips(default_size) for r in _slice_runs(runs, 0, a + lead))
            shown = _slice_runs(runs, a + lead, a + trail)
            width = sum(r.width_twips(default_size) for r in shown)
            x = left + before + width / 2
            segment = Segment(para, index, shown, "placed", x, side_of(x, self.text_width),
                              self.next_seq(), line)
            para.segments.append(segment)
            self.segments.append(segment)

    # -- drawings -------------------------------------------------------------------------------

    def _anchor_box(self, drawing: etree._Element, area: Box,
                    cell: Box | None = None) -> tuple[float, float] | None:
        """(left, width) in twips of a DrawingML or VML object.

        ``cell`` is the box of the table cell the anchoring paragraph sits in: a shape laid out
        in its cell (``layoutInCell``, Word's default) measures "column" and "margin" offsets
        from the cell, not from the page's text column.
        """
        holder = drawing.find(f"{{{WP}}}anchor")
        inline = drawing.find(f"{{{WP}}}inline")
        node = holder if holder is not None else inline
        if node is not None:
            extent = node.find(f"{{{WP}}}extent")
            width = (twips(extent.get("cx"), EMU) or 0.0) if extent is not None else 0.0
            if holder is None:
                return None if not width else (area.left, width)
            pos = holder.find(f"{{{WP}}}positionH")
            left = area.left
            in_cell = cell is not None and holder.get("layoutInCell", "1") not in ("0", "false")
            if pos is not None:
                relative = pos.get("relativeFrom", "column")
                offset = pos.find(f"{{{WP}}}posOffset")
                align = pos.find(f"{{{WP}}}align")
                origin = {"page": -self.left_margin, "leftMargin": -self.left_margin,
                          "rightMargin": self.text_width, "character": area.left,
                          }.get(relative, 0.0)
                span = self.page_width if relative == "page" else self.text_width
                if in_cell and cell is not None and relative in ("column", "margin",
                                                                 "paragraph", "character"):
                    origin = cell.left if relative != "character" else area.left
                    span = cell.width
                shift = twips(offset.text, EMU) if offset is not None else None
                if shift is not None:
                    left = origin + shift
                elif align is not None:
                    where = align.text or "left"
                    left = origin + (span - width) / 2 if where == "center" else \
                        origin + span - width if where == "right" else origin
            return left, width
        shape = next((el for el in drawing.iter() if isinstance(el.tag, str)
                      and el.tag.startswith(f"{{{V}}}")
                      and el.tag.rsplit("}", 1)[1] in ("shape", "rect", "line", "roundrect")),
                     None)
        if shape is None:
            return None
        css = _css(shape.get("style"))
        if shape.tag == f"{{{V}}}line":
            a = [_length(v) or 0 for v in (shape.get("from") or "0,0").split(",")]
            b = [_length(v) or 0 for v in (shape.get("to") or "0,0").split(",")]
            left = min(a[0], b[0]) + (_length(css.get("margin-left")) or 0)
            width = abs(b[0] - a[0])
        else:
            left = _length(css.get("margin-left")) or 0
            width = _length(css.get("width")) or 0
        relative = css.get("mso-position-horizontal-relative")
        if relative == "page":
            left -= self.left_margin
        elif cell is not None and relative in (None, "text", "margin", "char"):
            left += cell.left
        return left, width

    def line_shape(self, drawing: etree._Element, para: FlowPara, piece: int, area: Box) -> None:
        if not is_line(drawing):
            return
        placed = self._anchor_box(drawing, area, para.box if para.cell is not None else None)
        if placed is None:
            return
        left, width = placed
        if drawing.find(f"{{{WP}}}inline") is not None:
            segment = next((s for s in para.segments if s.index == piece), None)
            left = (segment.x_center if segment else area.left) - width / 2
        self.add_rule("shape", width, left + width / 2, para)
        self.rules[-1].above = _drawn_above_text(drawing, para)

    def textbox(self, drawing: etree._Element, area: Box, into: list[FlowPara] | None,
                cell: Box | None = None) -> None:
        content = _textbox_content(drawing)
        placed = self._anchor_box(drawing, area, cell)
        if content is None or placed is None:
            return
        left, width = placed
        body = drawing.find(f".//{{{WPS}}}bodyPr")
        inset_l = twips(body.get("lIns"), EMU) if body is not None else None
        inset_r = twips(body.get("rIns"), EMU) if body is not None else None
        inset_l = DEFAULT_INSET if inset_l is None else inset_l
        inset_r = DEFAULT_INSET if inset_r is None else inset_r
        inner = Box(left + inset_l, max(0.0, width - inset_l - inset_r))
        first = len(self.paras if into is None else into)
        self.blocks(content, inner, "textbox", into=into)
        if _has_outline(drawing):
            self.boxes += (self.paras if into is None else into)[first:]

    # -- sections -------------------------------------------------------------------------------

    def section(self, sect: etree._Element) -> None:
        size = sect.find(w("pgSz"))
        mar = sect.find(w("pgMar"))
        width = _page_length(size, "w", A4_WIDTH)
        height = _page_length(size, "h", A4_HEIGHT)
        if size is not None and size.get(w("orient")) == "landscape" and height > width:
            width, height = height, width
        margins = {}
        for key in ("top", "bottom", "left", "right", "gutter", "header", "footer"):
            value = mar.get(w(key)) if mar is not None else None
            margins[key] = abs(round(twips(value) or 0))
        refs: dict[str, dict[str, str]] = {"header": {}, "footer": {}}
        for kind in ("header", "footer"):
            for ref in sect.iterfind(w(f"{kind}Reference")):
                rid = ref.get(qn("r:id"), "")
                refs[kind][ref.get(w("type"), "default")] = rid
        fmt = sect.find(w("pgNumType"))
        title = sect.find(w("titlePg"))
        self.sections.append(Section(
            sect, width, height, margins, bool(title is not None and (
                title.get(w("val")) is None or title.get(w("val")) not in ("0", "false"))),
            refs["header"], refs["footer"], fmt.get(w("fmt")) if fmt is not None else None))

    def geometry(self, body: etree._Element) -> None:
        """Page width and margins of the first section, which holds the header."""
        first = next(body.iter(w("sectPr")), None)
        size = first.find(w("pgSz")) if first is not None else None
        mar = first.find(w("pgMar")) if first is not None else None
        self.page_width = float(_page_length(size, "w", A4_WIDTH))
        left = _page_length(mar, "left", 1701)
        right = _page_length(mar, "right", 850)
        gutter = _page_length(mar, "gutter", 0)
        self.left_margin = left + gutter
        self.text_width = max(1.0, self.page_width - left - right - gutter)


def _flow_run(text: str, props: dict[str, Any]) -> FlowRun:
    """A :class:`FlowRun` of ``text`` with the effective run properties ``props``."""
    return FlowRun(text, props.get("sz"), bool(props.get("b")), bool(props.get("i")),
                   bool(props.get("caps")), {s: props.get("font." + s) for s in FONT_SLOTS},
                   props.get("color"), props.get("vertAlign"))


def _track_field(kind: str | None, fields: list[str]) -> None:
    """Follow a complex field: ``begin`` opens its instruction, ``separate`` its result."""
    if kind == "begin":
        fields.append("instr")
    elif kind == "separate" and fields:
        fields[-1] = "result"
    elif kind == "end" and fields:
        fields.pop()


def _drawings_in(child: etree._Element) -> list[etree._Element]:
    """The drawings a run's child holds: itself, or the chosen branch of
    ``mc:AlternateContent`` (the fallback copy is never shown)."""
    if child.tag in _DRAWINGS:
        return [child]
    if child.tag == f"{{{MC}}}AlternateContent":
        choice = child.find(f"{{{MC}}}Choice")
        if choice is not None:
            return [sub for sub in choice if sub.tag in _DRAWINGS]
    return []


def _page_length(el: etree._Element | None, attr: str, default: int) -> int:
    """A page size or margin in twips; ``default`` when the attribute is absent or unreadable.

    An empty value counts as 0, as Word reads it.
    """
    value = el.get(w(attr)) if el is not None else None
    if value is None:
        return default
    if not value.strip():
        return 0
    length = twips(value)
    return default if length is None else round(length)


def _slice_runs(runs: list[FlowRun], start: int, end: int) -> list[FlowRun]:
    """The runs covering characters ``start``..``end`` of their joined text, cut to it."""
    out = []
    pos = 0
    for run in runs:
        a, b = max(start - pos, 0), min(end - pos, len(run.text))
        if a < b:
            out.append(run if (a, b) == (0, len(run.text)) else replace(run, text=run.text[a:b]))
        pos += len(run.text)
    return out


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _list_number(n: int, fmt: str) -> str:
    """``n`` written as a list format of Word shows it (decimal, letters, Roman numerals)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        text = letters[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out, rest = "", n
        for value, glyphs in _ROMAN:
            while rest >= value:
                out, rest = out + glyphs, rest - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _bullet(level: dict[str, Any]) -> str:
    """The text a list level prints before the paragraph (dashes only; numbers as ``1.``)."""
    text = level.get("lvlText") or ""
    if level.get("numFmt") == "bullet":
        return "-" if text.strip() in ("-", "–", "—", "−", "") else text.strip()
    if level.get("numFmt") == "none":
        return text.strip()
    return re.sub(r"%\d", "1", text).strip()


ABOVE_TEXT_TWIPS = 120  # a line drawn within 6 pt of its paragraph's top, before the text


def _drawn_above_text(drawing: etree._Element, para: FlowPara) -> bool:
    """Whether a floating line anchored on ``para`` shows above the paragraph's text.

    Word users often anchor the rule under the agency or the Tiêu ngữ on the next row's
    paragraph (the Số line), at its very top: it then underlines the text above, not the Số.
    """
    offset = drawing.find(f".//{{{WP}}}anchor/{{{WP}}}positionV")
    if offset is None or offset.get("relativeFrom") not in ("paragraph", "line"):
        return False
    shift = offset.find(f"{{{WP}}}posOffset")
    value = twips(shift.text, EMU) if shift is not None else None
    if value is None or value > ABOVE_TEXT_TWIPS or para.element is None:
        return False
    for el in para.element.iter(w("t"), w("drawing")):
        if el is drawing or drawing in el.iterancestors():
            return True
        if el.tag == w("t") and (el.text or "").strip():
            return False
    return True


def _textbox_content(drawing: etree._Element) -> etree._Element | None:
    return next(drawing.iter(w("txbxContent")), None)


def _anchor_y(drawing: etree._Element) -> float:
    """How far down a drawing is anchored, in twips (boxes are read top to bottom)."""
    offset = drawing.find(f".//{{{WP}}}positionV/{{{WP}}}posOffset")
    shift = twips(offset.text, EMU) if offset is not None else None
    if shift is not None:
        return shift
    shape = next((el for el in drawing.iter() if isinstance(el.tag, str)
                  and el.tag.startswith(f"{{{V}}}")), None)
    if shape is not None:
        return _length(_css(shape.get("style")).get("margin-top")) or 0.0
    return 0.0


def _has_outline(drawing: etree._Element) -> bool:
    """Whether a text box draws its border (a box around an urgency mark)."""
    sp_pr = drawing.find(f".//{{{WPS}}}spPr")
    if sp_pr is not None:
        line = sp_pr.find(f"{{{A}}}ln")
        if line is not None:
            return line.find(f"{{{A}}}noFill") is None
        style = drawing.find(f".//{{{WPS}}}style/{{{A}}}lnRef")
        return style is not None and style.get("idx", "0") != "0"
    for el in drawing.iter():
        if isinstance(el.tag, str) and el.tag.startswith(f"{{{V}}}") and \
                el.get("stroked") is not None:
            return el.get("stroked", "t").lower() not in ("f", "false")
    return any(isinstance(el.tag, str) and el.tag.startswith(f"{{{V}}}") for el in
               drawing.iter())


def is_line(drawing: etree._Element) -> bool:
    """A straight horizontal line, whatever made it."""
    for geom in drawing.iter(f"{{{A}}}prstGeom"):
        if geom.get("prst", "").startswith(("line", "straightConnector")):
            return True
    extent = drawing.find(f".//{{{WP}}}extent")
    if drawing.find(f".//{{{WPS}}}wsp") is not None and extent is not None:
        cx, cy = twips(extent.get("cx")) or 0.0, twips(extent.get("cy")) or 0.0
        if cx > 0 and cy <= cx / 50:
            return True
    for el in drawing.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{V}}}"):
            continue
        name = el.tag.rsplit("}", 1)[1]
        if name == "line":
            return True
        if name in ("shape", "rect"):
            css = _css(el.get("style"))
            width, height = _length(css.get("width")) or 0, _length(css.get("height")) or 0
            if width > 0 and height <= width / 50:
                return True
    return False


def read_flow(package: Package) -> Flow:
    """Walk the main document (and headers/footers) into a :class:`Flow`."""
    sheet = StyleSheet.from_parts(package.styles, package.theme, package.numbering,
                                  package.settings)
    walker = _Walker(package, sheet)
    body = package.document.find(w("body"))
    if body is None:
        body = etree.Element(w("body"))
    walker.geometry(body)
    page_box = Box(0.0, walker.text_width)
    walker.blocks(body, page_box, "page")
    last = body.find(w("sectPr"))
    if last is not None:
        walker.section(last)
    flow = Flow(walker.paras, walker.segments, walker.rules, walker.sections,
                walker.text_width, sheet, package, boxes=walker.boxes)
    for store, parts in ((flow.header_paras, package.headers),
                         (flow.footer_paras, package.footers)):
        for rid, root in parts.items():
            paras: list[FlowPara] = []
            sub = _Walker(package, sheet)
            sub.text_width, sub.page_width = walker.text_width, walker.page_width
            sub.blocks(root, page_box, "page", into=paras)
            store[rid] = paras
            if store is flow.footer_paras:
                flow.footer_rules[rid] = sub.rules
    return flow
