"""The rules of ``shared/nd30.md``, one function per group, each citing its R-ids.

Every number comes from :data:`docgen.layout.LAYOUT`, and only its *decree* values: the size
ranges of each element, the margin bounds, the body's indent choices and line-spacing range, the
rule-length ratios and the signature space. House values (what docgen itself writes) are never
used to judge, so a document from another tool that picked other legal values passes.

The tolerances below are not the decree's: they absorb what measuring a file cannot know
exactly (rounding to twips, a rule drawn with underscores that cannot be any length, a line
placed by hand).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from ..kinds import COPY_ABBREVIATIONS
from ..layout import LAYOUT, QUOC_HIEU, TIEU_NGU, TWIPS_PER_MM, Element
from ..lines import is_nhu_tren, read_luu_parts, read_so_parts, starts_luu_line
from ..metrics import text_width_pt
from ..models import (
    DEGREE_PREFIX,
    KY_HIEU_GROUP,
    MIXED_CASE_CODES,
    PL3_ABBREVIATIONS,
    is_all_capitals,
)
from ..vnformat import ngay_thang_nam
from .flow import SINGLE_LINE_EM, Flow, FlowPara, FlowRun, Segment, clean_text
from .locate import (
    CLOSING_PAIR,
    DATE_PATTERN,
    PLACEHOLDER,
    SO_PATTERN,
    TN_PATTERN,
    Located,
    canonical,
    is_blank,
    starts_with_dash,
)
from .report import GOI_Y, Finding
from .styles import twips, w

MARGIN_TOLERANCE_MM = 0.3
PAPER_TOLERANCE_MM = 1.0
RULE_LENGTH_TOLERANCE = 0.12  # R-12: fraction of the Tiêu ngữ's width
RULE_LENGTH_TOLERANCE_MM = 1.5
RATIO_TOLERANCE = 0.04  # on the fraction of the line
SHORT_RULE_SLACK_MM = 3.0  # under a short trích yếu
CENTRE_TOLERANCE_MM = 4.0
INDENT_TOLERANCE_CM = 0.05
LINE_TOLERANCE = 0.03
GAP_TOLERANCE_PT = 0.5
WHERE_CHARS = 40
_PUNCTUATION = re.compile(r"[.,;:()\-–…/ ]+")

Check = Callable[[Located], list[Finding]]


def _where(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= WHERE_CHARS else text[: WHERE_CHARS - 1] + "…"


def _text(segments: Iterable[Segment]) -> str:
    return " ".join(s.clean for s in segments)


def _expected_format(element: Element) -> dict:
    out: dict = {"size": list(element.size_range)}
    if element.bold is not None and element.italic is not None and element.bold \
            and element.italic:
        out["bold_italic"] = True
        return out
    if element.bold is not None:
        out["bold"] = element.bold
    if element.italic is not None:
        out["italic"] = element.italic
    return out


def check_format(key: str, segments: list[Segment], *, check_align: bool = True,
                 upper: bool | None = None) -> list[Finding]:
    """Size, bold, italic, case and alignment of one element against its layout entry."""
    element = LAYOUT[key]
    runs = [r for s in segments for r in s.visible_runs()]
    # A colon or full stop set in another style does not show: judge the letters.
    runs = [r for r in runs if not _PUNCTUATION.fullmatch(r.text.strip())] or runs
    if not runs:
        return []
    found: dict = {}
    expected = _expected_format(element)
    lo, hi = element.size_range
    # A full stop set a size smaller, or a drafter's initials lowered, do not show as a size.
    bad_sizes = [r.size for r in runs
                 if r.size is not None and not lo - 0.01 <= r.size <= hi + 0.01
                 and r.vert is None and not _PUNCTUATION.fullmatch(r.text.strip())]
    if bad_sizes:
        found["size"] = bad_sizes[0]
    bold_ok = element.bold is None or all(r.bold == element.bold for r in runs)
    italic_ok = element.italic is None or all(r.italic == element.italic for r in runs)
    if "bold_italic" in expected:
        if not (bold_ok and italic_ok):
            found["bold"] = all(r.bold for r in runs)
            found["italic"] = all(r.italic for r in runs)
    else:
        if not bold_ok:
            found["bold"] = not element.bold
        if not italic_ok:
            found["italic"] = not element.italic
    if upper if upper is not None else element.upper:
        shown = "".join(r.shown for r in runs)
        if shown != shown.upper():
            found["upper"] = False
            expected["upper"] = True
    if check_align and element.align is not None:
        bad = [s.align for s in segments if not _aligned(s, element.align)]
        if bad:
            found["align"] = bad[0]
            expected["align"] = element.align
    if not found:
        return []
    return [Finding(element.rule, key, found, _only_wrong(expected, found),
                    _where(_text(segments)))]


def _only_wrong(expected: dict, found: dict) -> dict:
    """What the decree wants, for the properties that are wrong only ("không in đậm — cần in
    đậm", not a list of everything that was right)."""
    return {k: v for k, v in expected.items()
            if k in found or (k == "bold_italic" and ("bold" in found or "italic" in found))}


def _aligned(segment: Segment, align: str) -> bool:
    """Whether a line shows with the alignment ``align``, however the file achieves it.

    A justified line that does not fill its width shows flush left; a line pushed to the
    middle of its block with spaces or an indent shows centred.
    """
    if segment.align == align or (align == "left" and segment.align == "both"):
        return True
    if segment.align == "placed":
        return True  # put in place with spaces: where it shows cannot be judged to the mm
    if align != "center" or segment.align not in ("left", "both"):
        return False
    para = segment.para
    middle = para.box.left + para.box.width / 2
    size = para.mark_size or 13.0
    total = sum(r.width_twips(size) for r in segment.runs)
    text = segment.shown
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    lead_w = text_width_pt(lead, size) * 20 if lead else 0.0
    trail_w = text_width_pt(trail, size) * 20 if trail else 0.0
    shown_centre = segment.x_center - total / 2 + lead_w + (total - lead_w - trail_w) / 2
    return abs(shown_centre - middle) <= CENTRE_TOLERANCE_MM * TWIPS_PER_MM


def _missing(key: str, rule: str | None = None) -> Finding:
    element = LAYOUT.elements.get(key)
    return Finding(rule or (element.rule if element else "?"), key, {"present": False}, {})


# -- page -----------------------------------------------------------------------------------------


def check_page(found: Located) -> list[Finding]:
    """R-01 paper A4; R-51 portrait unless the section holds a table; R-02 margins within
    the decree's bounds."""
    page = LAYOUT.page
    out: list[Finding] = []
    with_tables = _sections_with_tables(found)
    for index, section in enumerate(found.flow.sections):
        width_mm = section.width / TWIPS_PER_MM
        height_mm = section.height / TWIPS_PER_MM
        short, long_ = sorted((width_mm, height_mm))
        if abs(short - page.width_mm) > PAPER_TOLERANCE_MM or \
                abs(long_ - page.height_mm) > PAPER_TOLERANCE_MM:
            out.append(Finding(page.rule_width, "page",
                               {"paper": f"{_mm(short)}×{_mm(long_)} mm"},
                               {"paper": f"A4 {_mm(page.width_mm)}×{_mm(page.height_mm)} mm"}))
        if width_mm > height_mm and index not in with_tables and not (
                len(found.flow.sections) == 1 and _has_wide_table(found.flow)):
            # PL1 I.2: portrait, unless the text holds tables (an appendix with a wide table
            # in a landscape section of its own, R-51).
            first = next((p.text for p in found.flow.paras
                          if p.section == index and p.text.strip()), "")
            out.append(Finding(LAYOUT.appendix.rule_landscape, "page",
                               {"orientation": "landscape"}, {"orientation": "portrait"},
                               _where(first), note="landscape"))
        margins = section.margins
        bad: dict = {}
        want: dict = {}
        values = {"top": margins["top"], "bottom": margins["bottom"],
                  "left": margins["left"] + margins["gutter"], "right": margins["right"]}
        for side, length in values.items():
            rule = getattr(page, side)
            mm = length / TWIPS_PER_MM
            if not rule.min_mm - MARGIN_TOLERANCE_MM <= mm <= rule.max_mm + MARGIN_TOLERANCE_MM:
                bad[f"margin_{side}"] = round(mm, 1)
                want[f"margin_{side}"] = [rule.min_mm, rule.max_mm]
        if bad:
            out.append(Finding(page.rule_margins, "margins", bad, want))
    return _dedupe(out)


def _mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _sections_with_tables(found: Located) -> set[int]:
    """The sections that hold a table of the text or of an appendix (not the header's or the
    closing's layout tables)."""
    body = {p.section for paras in found.tables.values() for p in paras}
    return body | {s.para.section for s in found.appendix if s.para.cell is not None}


def _has_wide_table(flow: Flow) -> bool:
    portrait = (LAYOUT.page.width_mm - LAYOUT.page.left.min_mm - LAYOUT.page.right.min_mm)
    for table in flow.package.document.iter(w("tblGrid")):
        total = sum(twips(c.get(w("w"))) or 0.0 for c in table)
        if total / TWIPS_PER_MM > portrait + 1:
            return True
    return False


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set = set()
    out = []
    for f in findings:
        key = (f.rule, f.element, repr(f.found))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# -- fonts ----------------------------------------------------------------------------------------


def _all_runs(found: Located) -> Iterable[tuple[FlowRun, Segment]]:
    for segment in found.flow.segments:
        for run in segment.runs:
            if run.text.strip():
                yield run, segment


@functools.lru_cache(maxsize=4096)
def slots_used(text: str) -> frozenset[str]:
    """The font slots Word draws ``text`` with: ASCII letters take the ascii slot, other Latin
    letters (every Vietnamese letter with a diacritic) the hAnsi slot, CJK text the eastAsia slot
    and right-to-left or complex scripts the cs slot."""
    out: set[str] = set()
    for ch in text:
        code = ord(ch)
        if ch.isspace():
            continue
        if code < 0x80:
            out.add("ascii")
        elif 0x0590 <= code <= 0x08FF or 0x0E00 <= code <= 0x0E7F:
            out.add("cs")
        elif 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF \
                or 0xFF00 <= code <= 0xFFEF:
            out.add("eastAsia")
        else:
            out.add("hAnsi")
    return frozenset(out)


_FONT_VARIANT = re.compile(r"^(?P<family>.+?)\s+(bold|italic|bold italic|regular)$", re.IGNORECASE)


def check_fonts(found: Located) -> list[Finding]:
    """R-03: Times New Roman for every character (in the font slot it uses), black, NFC."""
    rule = LAYOUT.rule_font
    want = LAYOUT.font.lower()
    fonts: dict[str, list[Segment]] = {}
    variants: dict[str, list[Segment]] = {}
    colors: dict[tuple[str, str], list[Segment]] = {}
    not_nfc: list[Segment] = []
    runs = list(_all_runs(found))
    for para in _page_number_paras(found.flow):
        for segment in para.segments:
            runs += [(r, segment) for r in segment.runs if r.text.strip()]
    for run, segment in runs:
        names = {run.fonts.get(slot) for slot in slots_used(run.shown)}
        for name in sorted(n for n in names if n is not None):
            plain = name.strip().lower()
            if plain == want:
                continue
            variant = _FONT_VARIANT.match(name.strip())
            if variant and variant.group("family").lower() == want:
                variants.setdefault(name, []).append(segment)
            else:
                fonts.setdefault(name, []).append(segment)
        color = _color(run.color)
        if color is not None:
            colors.setdefault(color, []).append(segment)
        if not unicodedata.is_normalized("NFC", run.text):
            not_nfc.append(segment)
    out = []
    for name, where in fonts.items():
        out.append(Finding(rule, "font", {"font": name}, {"font": LAYOUT.font},
                           _where(where[0].clean), len(where)))
    for name, where in variants.items():
        # "Times New Roman Bold" names a face of the right family: Word prints Times New Roman.
        out.append(Finding(rule, "font", {"font": name}, {"font": LAYOUT.font},
                           _where(where[0].clean), len(where), note="font_face",
                           severity=GOI_Y))
    for (color, grade), where in colors.items():
        out.append(Finding(rule, "font", {"color": color}, {"color": "000000"},
                           _where(where[0].clean), len(where),
                           severity=GOI_Y if grade == "dark" else "nghi-dinh",
                           note="near_black" if grade == "dark" else None))
    if not_nfc:
        out.append(Finding(rule, "font", {"nfc": False}, {"nfc": True},
                           _where(not_nfc[0].clean), len(not_nfc)))
    return out


_BLACKISH = {"000000", "auto", "windowtext"}
_BLACK_THEMES = {"text1", "dark1", "tx1"}


def _color(value: object) -> tuple[str, str] | None:
    """(colour, grade) when the colour is not black: grade ``dark`` for a grey that prints
    almost black (a house matter), ``colour`` otherwise; None for black or unset."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return None if value[1] in _BLACK_THEMES else (f"theme {value[1]}", "colour")
    text = str(value).lower()
    if text in _BLACKISH:
        return None
    if re.fullmatch(r"[0-9a-f]{6}", text):
        r, g, b = int(text[:2], 16), int(text[2:4], 16), int(text[4:], 16)
        if max(r, g, b) <= 0x20:
            return None  # near-black (1F1F1F) reads as black on paper
        if max(r, g, b) <= 0x40 and max(r, g, b) - min(r, g, b) <= 0x10:
            return str(value), "dark"
    return str(value), "colour"


# -- page numbers ---------------------------------------------------------------------------------


def _page_number_paras(flow: Flow) -> list[FlowPara]:
    out = []
    for paras in (*flow.header_paras.values(), *flow.footer_paras.values()):
        out += [p for p in paras if p.has_page_field]
    return out


def page_positions(flow: Flow) -> tuple[dict[int, int], float]:
    """(page number of each paragraph by ``id``, pages in all), estimated from the file.

    Each paragraph is as tall as its lines (wrapped at its box width) times its line height,
    a table row as its tallest cell; a page break or a new section starts a new page. Word's
    own page breaks cannot be known from the file, so this is an estimate, good to a few lines.
    """
    cached = getattr(flow, "_pages", None)
    if cached is not None:
        return cached
    section = flow.sections[0] if flow.sections else None
    height = max(1.0, (section.height - section.margins["top"] - section.margins["bottom"]) / 20
                 if section else 247 * 72 / 25.4)
    used = 0.0
    pages: dict[int, int] = {}
    row: tuple[int, int] | None = None
    cells: dict[int, float] = {}
    last_section = 0

    def new_page() -> None:
        nonlocal used
        used = (int(used // height) + 1) * height

    for para in flow.paras:
        if para.cell is None or para.cell[:2] != row:
            used += max(cells.values(), default=0.0)
            cells, row = {}, (para.cell[:2] if para.cell is not None else None)
        if para.section != last_section:
            last_section = para.section
            new_page()
        pages[id(para)] = int(used // height) + 1
        width = sum(r.width_twips(para.size) for seg in para.segments for r in seg.runs)
        lines = max(para.lines, -(-width // max(para.box.width, 1.0)))
        tall = para.height_pt() + (lines - 1) * para.size * SINGLE_LINE_EM * para.line_multiple()
        if para.cell is None:
            used += tall
        else:
            cells[para.cell[2]] = cells.get(para.cell[2], 0.0) + tall
        if para.element is not None and para.element.find(
                f".//{w('br')}[@{w('type')}='page']") is not None:
            new_page()
    used += max(cells.values(), default=0.0)
    result = (pages, used / height)
    flow._pages = result  # type: ignore[attr-defined]
    return result


def estimated_pages(flow: Flow) -> float:
    """How many pages the document fills, roughly (see :func:`page_positions`)."""
    return page_positions(flow)[1]


def _parts_shown(flow: Flow) -> tuple[set[str], set[str]]:
    """The header and footer parts Word prints: the default ones, the first-page ones only
    when the section asks for a different first page (``w:titlePg``), the even-page ones only
    when settings.xml turns on different odd and even pages (``w:evenAndOddHeaders``)."""
    settings = flow.package.settings
    even = settings is not None and settings.find(w("evenAndOddHeaders")) is not None and \
        settings.find(w("evenAndOddHeaders")).get(w("val"), "1") not in ("0", "false", "off")
    headers: set[str] = set()
    footers: set[str] = set()
    for section in flow.sections:
        kinds = {"default"} | ({"first"} if section.title_page else set()) | \
            ({"even"} if even else set())
        headers |= {rid for kind, rid in section.headers.items() if kind in kinds}
        footers |= {rid for kind, rid in section.footers.items() if kind in kinds}
    return headers, footers


def check_page_numbers(found: Located) -> list[Finding]:
    """R-04: Arabic numerals, 13–14 pt upright, centred in the header, none on page 1."""
    flow = found.flow
    element = LAYOUT.page_number
    out: list[Finding] = []
    if not flow.sections:
        return out
    first = flow.sections[0]
    headers, footers = _parts_shown(flow)
    numbered: set[str] = {rid for rid, paras in flow.header_paras.items()
                          if rid in headers and any(p.has_page_field for p in paras)}
    numbered_footers = {rid for rid, paras in flow.footer_paras.items()
                        if rid in footers and any(p.has_page_field for p in paras)}
    if not numbered and not numbered_footers:
        return out  # a one-page document needs no number; the file cannot tell its length
    # One page with a different first page: the number is never printed, wherever it sits.
    if numbered_footers and not (first.title_page and len(flow.sections) == 1
                                 and estimated_pages(flow) < 1.0):
        out.append(Finding(element.rule, "page_number", {"place": "footer"},
                           {"place": "header"}))
    # Page 1 shows the first-page header when titlePg is on, else the default one.
    page_one_header = first.headers.get("first") if first.title_page else \
        first.headers.get("default")
    page_one_footer = first.footers.get("first") if first.title_page else \
        first.footers.get("default")
    if page_one_header in numbered or page_one_footer in numbered_footers:
        out.append(Finding(element.rule, "page_number", {"page_one": True}, {"page_one": False}))
    fmt = first.number_format
    if fmt not in (None, "decimal"):
        out.append(Finding(element.rule, "page_number", {"number_format": fmt},
                           {"number_format": "decimal"}))
    for rid in sorted(numbered):
        for para in flow.header_paras[rid]:
            if not para.has_page_field:
                continue
            runs = [r for s in para.segments for r in s.runs if r.text.strip()]
            segments = [s for s in para.segments if s.runs]
            bad: dict = {}
            lo, hi = element.size_range
            sizes = [r.size for r in runs if r.size is not None and not lo <= r.size <= hi]
            if sizes:
                bad["size"] = sizes[0]
            if any(r.italic for r in runs):
                bad["italic"] = True
            if any(r.bold for r in runs) and element.bold is False:
                bad["bold"] = True
            aligns = [s.align for s in segments] or [para.align]
            if element.align and aligns[-1] != element.align:
                bad["align"] = aligns[-1]
            if bad:
                want = _expected_format(element)
                if "align" in bad:
                    want["align"] = element.align
                out.append(Finding(element.rule, "page_number", bad, _only_wrong(want, bad)))
            break
    return _dedupe(out)


_ADDRESS = re.compile(r"(địa\s*chỉ|điện\s*thoại|\bĐT\b|\bFax\b|e-?mail|website|\bweb\b|@|www\.)",
                      re.IGNORECASE)
FULL_WIDTH_TOLERANCE = 0.95  # a rule "hết chiều ngang" spans the text width


def _page_one_footer(flow: Flow) -> str | None:
    if not flow.sections:
        return None
    first = flow.sections[0]
    return first.footers.get("first") if first.title_page else first.footers.get("default")


def check_address(found: Located) -> list[Finding]:
    """R-47: the agency's address, phone, e-mail… at the foot of page 1 (PL1 III.4): 11–12 pt,
    upright, under a solid rule as wide as the text area.

    Only a footer that reads as an address is judged (other footers hold file names, notes)."""
    flow = found.flow
    rid = _page_one_footer(flow)
    paras = flow.footer_paras.get(rid, []) if rid else []
    lines = [s for p in paras if not p.has_page_field for s in p.segments
             if s.runs and s.text.strip()]
    if not any(_ADDRESS.search(s.clean) for s in lines):
        return []
    element = LAYOUT["dia_chi"]
    out = check_format("dia_chi", lines, check_align=False)
    first = lines[0]
    wide = [r for r in flow.footer_rules.get(rid, []) if r.seq < first.seq
            or (r.above and r.para is first.para)]
    if not any(r.length >= flow.text_width * FULL_WIDTH_TOLERANCE for r in wide):
        out.append(Finding(element.rule, "dia_chi", {"rule_above": False},
                           {"rule_above": True}, _where(first.clean), note="rule_above"))
    return out


# -- header ---------------------------------------------------------------------------------------


def check_header(found: Located) -> list[Finding]:
    """R-10 – R-15: Quốc hiệu, Tiêu ngữ and its rule, governing body, agency and its rule."""
    out: list[Finding] = []
    if found.quoc_hieu is None:
        out.append(_missing("quoc_hieu"))
    else:
        out += check_format("quoc_hieu", found.quoc_hieu_split or [found.quoc_hieu])
        out += _quoc_hieu_one_line(found)
        text = _text(found.quoc_hieu_split or [found.quoc_hieu])
        if canonical(text) != QUOC_HIEU:
            out.append(Finding(LAYOUT["quoc_hieu"].rule, "quoc_hieu", {"text": text},
                               {"text": QUOC_HIEU}))
    tn = found.tieu_ngu
    if tn is None:
        out.append(_missing("tieu_ngu"))
    else:
        out += check_format("tieu_ngu", [tn])
        out += _tieu_ngu_text(tn)
        out += _tieu_ngu_rule(found)
    if found.chu_quan:
        out += check_format("chu_quan", found.chu_quan)
    if not found.co_quan:
        out.append(_missing("co_quan"))
    else:
        out += check_format("co_quan", found.co_quan)
        out += _agency_rule(found)
    return out


def _quoc_hieu_one_line(found: Located) -> list[Finding]:
    """R-60: the Quốc hiệu on one line (PL1 II.1.c: the Quốc hiệu and the Tiêu ngữ are two
    lines): not typed on two, and not so wide for its cell that Word wraps it."""
    qh = found.quoc_hieu
    assert qh is not None
    if found.quoc_hieu_split:
        return [Finding("R-60", "quoc_hieu_dong", {"lines": 2}, {"lines": 1},
                        _where(_text(found.quoc_hieu_split)))]
    total = sum(text_width_pt(unicodedata.normalize("NFC", r.shown), r.size or 13,
                              bold=r.bold, italic=r.italic) * 20 for r in qh.visible_runs())
    para = qh.para
    room = para.box.width - para.twips("ind.left") - para.twips("ind.right")
    if room > 0 and total > room + 20:  # a point of slack for rounding
        return [Finding("R-60", "quoc_hieu_dong", {"lines": 2}, {"lines": 1}, _where(qh.clean),
                        note="wraps")]
    return []


def _tieu_ngu_text(tn: Segment) -> list[Finding]:
    text = tn.clean
    m = TN_PATTERN.match(text)
    rule = LAYOUT["tieu_ngu"].rule
    if m and any(d != "-" for d in m.groups()):
        return [Finding(rule, "tieu_ngu", {"text": text}, {"text": TIEU_NGU}, note="en_dash")]
    if text != TIEU_NGU:
        note = "capitals" if text.lower() == TIEU_NGU.lower() else None
        return [Finding(rule, "tieu_ngu", {"text": text}, {"text": TIEU_NGU}, note=note)]
    return []


def _segment_width(segments: list[Segment]) -> float:
    """Width in twips of the longest line of text as set (its runs' sizes and weights).

    A line wider than its paragraph's box wraps, and then shows as wide as the box: a rule is
    drawn under what shows (the renderer caps the agency's rule at its cell the same way).
    """
    widths = []
    for s in segments:
        total = 0.0
        for r in s.runs:
            total += text_width_pt(unicodedata.normalize("NFC", r.shown),
                                   r.size or 13, bold=r.bold, italic=r.italic) * 20
        para = s.para
        room = para.box.width - para.twips("ind.left") - para.twips("ind.right")
        widths.append(min(total, room) if room > 0 else total)
    return max(widths, default=0.0)


def _tieu_ngu_rule(found: Located) -> list[Finding]:
    tn = found.tieu_ngu
    assert tn is not None
    rule_id = "R-12"
    rule = found.rule_tieu_ngu
    width = _segment_width([tn])
    width_mm = width / TWIPS_PER_MM
    if rule is None:
        return [Finding(rule_id, "rule_tieu_ngu", {"present": False},
                        {"width_mm": round(width_mm, 1)})]
    length_mm = rule.length / TWIPS_PER_MM
    tolerance = max(RULE_LENGTH_TOLERANCE * width_mm, RULE_LENGTH_TOLERANCE_MM)
    out = []
    if abs(length_mm - width_mm) > tolerance:
        out.append(Finding(rule_id, "rule_tieu_ngu", {"width_mm": round(length_mm, 1)},
                           {"width_mm": round(width_mm, 1)}))
    offset = abs(rule.x_center - tn.x_center) / TWIPS_PER_MM
    if offset > CENTRE_TOLERANCE_MM:
        out.append(Finding(rule_id, "rule_tieu_ngu", {"offset_mm": round(offset, 1)},
                           {"offset_mm": 0}, note="centred"))
    return out


def _agency_rule(found: Located) -> list[Finding]:
    rule_id = "R-15"
    rule = found.rule_co_quan
    lo, hi = LAYOUT.agency_rule_ratio_range
    if rule is None:
        return [Finding(rule_id, "rule_co_quan", {"present": False}, {"ratio": [lo, hi]})]
    # Without a bold line the governing body cannot be told from the agency: accept the rule if
    # it fits any split of the left block (see locate._agency).
    candidates = [found.co_quan[i:] for i in range(len(found.co_quan))] \
        if not found.agency_split_known else [found.co_quan]
    ratios = []
    for lines in candidates:
        width = _segment_width(lines)
        if width:
            ratios.append(rule.length / width)
    if not ratios:
        return []
    if any(lo - RATIO_TOLERANCE <= r <= hi + RATIO_TOLERANCE for r in ratios):
        out = []
    else:
        out = [Finding(rule_id, "rule_co_quan", {"ratio": round(ratios[0], 2)},
                       {"ratio": [lo, hi]})]
    centre = sum(s.x_center for s in found.co_quan) / len(found.co_quan)
    offset = abs(rule.x_center - centre) / TWIPS_PER_MM
    if offset > CENTRE_TOLERANCE_MM:
        out.append(Finding(rule_id, "rule_co_quan", {"offset_mm": round(offset, 1)},
                           {"offset_mm": 0}, note="centred"))
    return out


# -- number, date, subject, urgency ---------------------------------------------------------------

def check_number(found: Located) -> list[Finding]:
    """R-16 the Số line (format, zero padding, ký hiệu), R-17 ký hiệu composition."""
    so = found.so
    if so is None:
        return [_missing("so_ky_hieu")]
    out = check_format("so_ky_hieu", [so])
    rule = LAYOUT["so_ky_hieu"].rule
    text = so.clean
    if PLACEHOLDER.search(text):
        return out  # a blank form's "Số: …/QĐ-…": the number and code are still to be written
    typed = read_so_parts(text)
    if typed is None or typed.label != "Số:":  # "So:", "Số :", "SỐ:": not the decree's spelling
        return [*out, Finding(rule, "so_ky_hieu", {"text": text},
                              {"text": "Số: 05/UBND-VHXH"})]
    num, code = typed.number, typed.ky_hieu
    if num:
        # Compared as text, not int(): a number of thousands of digits must not raise.
        digits = num.lstrip("0") or "0"
        if len(digits) == 1 and len(num) != 2:
            out.append(Finding(rule, "so_ky_hieu", {"text": text},
                               {"text": f"Số: {digits:0>2}/{code}"}, note="number_padding"))
        elif len(digits) > 1 and num.startswith("0"):
            out.append(Finding(rule, "so_ky_hieu", {"text": text},
                               {"text": f"Số: {digits}/{code}"}, note="number_leading_zero"))
    groups = code.split("-")
    if (typed.space_before_slash and num) or typed.space_after_slash or " " in code or \
            not code or not all(
            g in MIXED_CASE_CODES or KY_HIEU_GROUP.match(g) for g in groups):
        fixed = "-".join(g if g in MIXED_CASE_CODES else g.upper()
                         for g in code.replace(" ", "").split("-"))
        # A code that runs into other words (a header typed on one line) has no right spelling
        # to offer: say what is wrong without inventing one.
        plausible = fixed != code and len(fixed) <= 24 and "," not in fixed
        out.append(Finding(rule, "ky_hieu", {"text": code},
                           {"text": fixed} if plausible else {}, note="code_format"))
        return out
    abbreviations = set(PL3_ABBREVIATIONS.values())
    if found.title is None:
        if groups[0] in abbreviations or groups[0] == "CV":
            out.append(Finding("R-17", "ky_hieu", {"text": code},
                               {"text": "-".join(groups[1:]) or code}, note="code_cong_van"))
    else:
        want = PL3_ABBREVIATIONS.get(found.title.clean.upper())
        if want and groups[0] != want:
            out.append(Finding("R-17", "ky_hieu", {"text": code},
                               {"starts_with": f"{want}-"}, note="code_kind"))
    return out


_DIGITS = re.compile(r"[0-9]+")


def check_date(found: Located) -> list[Finding]:
    """R-19: place and date, padding of day and month, italic, size."""
    segment = found.date
    if segment is None:
        return [_missing("dia_danh_ngay")] if found.kind.place_date else []
    out = check_format("dia_danh_ngay", [segment])
    rule = LAYOUT["dia_danh_ngay"].rule
    m = DATE_PATTERN.match(segment.clean)
    if m is None:
        return out  # a blank form's "…, ngày ... tháng ... năm …": nothing to judge yet
    day, month = m.group("day").strip(), m.group("month").strip()
    year = m.group("year")
    place = m.group("place").strip()
    if not place:
        out.append(Finding(rule, "dia_danh_ngay", {"text": segment.clean},
                           {"text": "<Địa danh>, ngày … tháng … năm …"}))
    if not day or not month:
        return out  # left blank for a draft to be dated at signing
    shown = f"ngày {day} tháng {month} năm {year}"
    if not (_DIGITS.fullmatch(day) and _DIGITS.fullmatch(month) and _DIGITS.fullmatch(year)):
        # "ngày 1 2 tháng …": digits split by a space, or digits of another script.
        return [*out, Finding(rule, "dia_danh_ngay", {"text": shown},
                              {"text": "ngày dd tháng mm năm yyyy"}, note="date_format")]
    try:
        right_day, right_month, _ = ngay_thang_nam(date(int(year), int(month), int(day)))
    except ValueError:
        return [*out, Finding(rule, "dia_danh_ngay", {"text": shown}, {}, note="date_invalid")]
    note = None
    if day != right_day:
        note = "day_padding"
    elif month != right_month:
        note = "month_padding_12" if int(month) < 3 else "month_no_padding"
    if note:
        right = f"ngày {right_day} tháng {right_month} năm {year}"
        out.append(Finding(rule, "dia_danh_ngay", {"text": shown}, {"text": right}, note=note))
    return out


def check_subject(found: Located) -> list[Finding]:
    """R-20 V/v of a công văn; R-21 kind title; R-22 trích yếu and its rule; R-32 căn cứ."""
    out: list[Finding] = []
    if found.title is None:
        if not found.vv:
            return [_missing("trich_yeu_cv")]
        out += check_format("trich_yeu_cv", found.vv)
        first = found.vv[0].clean
        if not first.startswith("V/v "):
            out.append(Finding(LAYOUT["trich_yeu_cv"].rule, "trich_yeu_cv",
                               {"starts_with": first[:4]}, {"starts_with": "V/v "}))
        if found.rule_vv is not None:
            out.append(Finding(LAYOUT["trich_yeu_cv"].rule, "trich_yeu_cv",
                               {"rule_under": True}, {"rule_under": False}, severity=GOI_Y))
        return out
    out += check_format("ten_loai", [found.title])
    if not found.trich_yeu:
        return [*out, _missing("trich_yeu")] if found.kind.has("title") else out
    if not is_blank(_text(found.trich_yeu)):  # a blank form's "……5……" is not judged
        out += _trich_yeu_rule(found)
    if found.can_cu or found.theo_de_nghi:
        out += _can_cu([*found.can_cu, *found.theo_de_nghi])
    return out


def _trich_yeu_rule(found: Located) -> list[Finding]:
    """R-22: the trích yếu's format and the rule under it, 1/3 to 1/2 of the line."""
    out = check_format("trich_yeu", found.trich_yeu)
    rule_id = LAYOUT["trich_yeu"].rule
    lo, hi = LAYOUT.title_rule_ratio_range
    rule = found.rule_trich_yeu
    if rule is None:
        out.append(Finding(rule_id, "rule_trich_yeu", {"present": False}, {"ratio": [lo, hi]}))
    elif not PLACEHOLDER.search(_text(found.trich_yeu)):  # dots: the length is not known yet
        width = min(_segment_width(found.trich_yeu), found.flow.text_width)
        ratio = rule.length / width if width else 0
        # A short line's rule cannot be cut finer than a few underscores: 3 mm either way.
        slack = max(RATIO_TOLERANCE * width, SHORT_RULE_SLACK_MM * TWIPS_PER_MM)
        if not lo * width - slack <= rule.length <= hi * width + slack:
            out.append(Finding(rule_id, "rule_trich_yeu", {"ratio": round(ratio, 2)},
                               {"ratio": [lo, hi]}))
    return out


def _can_cu(lines: list[Segment]) -> list[Finding]:
    out = []
    runs = [r for s in lines for r in s.visible_runs()]
    lo, hi = LAYOUT["can_cu"].size_range
    sizes = [r.size for r in runs if r.size is not None and r.vert is None
             and not lo <= r.size <= hi]
    if sizes:
        out.append(Finding("R-32", "can_cu", {"size": sizes[0]}, {"size": [lo, hi]},
                           _where(lines[0].clean)))
    if not all(r.italic for r in runs):
        out.append(Finding("R-32", "can_cu", {"italic": False}, {"italic": True},
                           _where(lines[0].clean)))
    for i, segment in enumerate(lines):
        end = "." if i == len(lines) - 1 else ";"
        if PLACEHOLDER.search(segment.clean[-3:]):
            continue  # a blank form's "Căn cứ ………": the line is still to be written
        if not segment.clean.endswith(end):
            out.append(Finding("R-32", "can_cu", {"ends_with": segment.clean[-1:]},
                               {"ends_with": end}, _where(segment.clean)))
    return out


def _boxed_mark(key: str, segment: Segment | None, found: Located) -> list[Finding]:
    """A mark set in a box: its format as the layout entry ``key`` says, and the box."""
    if segment is None:
        return []
    out = check_format(key, [segment], check_align=False)
    if segment.para not in found.flow.boxes:
        out.append(Finding(LAYOUT[key].rule, key, {"box": False}, {"box": True},
                           _where(segment.clean)))
    return out


def check_urgency(found: Located) -> list[Finding]:
    """R-23: the urgency mark, upper case bold, in a box."""
    return _boxed_mark("do_khan", found.urgency, found)


def check_circulation(found: Located) -> list[Finding]:
    """R-26: the circulation note, upper case bold 13–14, in a single-line box (PL1 III.2.c)."""
    return _boxed_mark("luu_hanh", found.luu_hanh, found)


# -- Kính gửi and body ----------------------------------------------------------------------------


def check_kinh_gui(found: Located) -> list[Finding]:
    """R-30: Kính gửi, its size and punctuation (one recipient or a dash list)."""
    label = found.kinh_gui
    rule = LAYOUT["kinh_gui"].rule
    if label is None:
        return [_missing("kinh_gui")] if found.is_cong_van else []
    out = check_format("kinh_gui", [label, *found.kinh_gui_items])
    text = label.clean
    if not text.startswith("Kính gửi:"):
        out.append(Finding(rule, "kinh_gui", {"starts_with": text[:9]},
                           {"starts_with": "Kính gửi:"}))
    rest = text.split(":", 1)[1].strip() if ":" in text else ""
    items = [s.clean for s in found.kinh_gui_items]
    if rest and not starts_with_dash(rest):
        if not rest.endswith("."):
            # The decree's own example ("Kính gửi: Bộ Nội vụ") has no full stop: house style.
            out.append(Finding(rule, "kinh_gui", {"ends_with": rest[-1:]}, {"ends_with": "."},
                               _where(text), note="single_stop", severity=GOI_Y))
        return out
    if rest:
        items.insert(0, rest)
    if not items:
        return [*out, Finding(rule, "kinh_gui", {"present": False},
                              {"describe": "recipient_after_kinh_gui"})]
    if len(items) == 1 and not starts_with_dash(items[0]):
        if not items[0].endswith("."):
            out.append(Finding(rule, "kinh_gui", {"ends_with": items[0][-1:]},
                               {"ends_with": "."}, _where(items[0]), note="single_stop",
                               severity=GOI_Y))
        return out
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        if not starts_with_dash(item) or not item.startswith("- "):
            out.append(Finding(rule, "kinh_gui", {"starts_with": item[:2]},
                               {"starts_with": "- "}, _where(item)))
        if not item.endswith(end):
            out.append(Finding(rule, "kinh_gui", {"ends_with": item[-1:]}, {"ends_with": end},
                               _where(item)))
    return out


def check_body(found: Located) -> list[Finding]:
    """R-31: size, upright, justified, first-line indent, paragraph gap, line spacing; R-33."""
    paras = found.body
    # Giấy giới thiệu and giấy nghỉ phép are lines of a form (Mẫu 1.8, 1.10), not paragraphs:
    # their size is judged under R-37, and neither alignment nor indent applies.
    form_lines = found.kind.has("gioi_thieu") or found.kind.has("nghi_phep")
    key = "giay_to" if form_lines else "noi_dung"
    if not paras:
        return [_missing(key)]
    element = LAYOUT[key]
    problems: dict[str, list[tuple[FlowPara, object]]] = {}
    for i, para in enumerate(paras):
        found_here = _para_size(para, element)
        if not form_lines:
            found_here += _para_layout(para, paras[i - 1] if i > 0 else None, element)
        for name, value in found_here:
            problems.setdefault(name, []).append((para, value))
    return [*_body_findings(problems, key, element), *_body_emphasis(paras, element),
            *_body_end(paras)]


def _para_size(para: FlowPara, element: Element) -> list[tuple[str, object]]:
    """``("size", 12)`` when a run of the paragraph is outside the element's size range."""
    lo, hi = element.size_range
    sizes = [r.size for s in para.segments for r in s.runs
             if r.text.strip() and r.size is not None and not lo <= r.size <= hi]
    return [("size", sizes[0])] if sizes else []


def _para_layout(para: FlowPara, prev: FlowPara | None, element: Element,
                 ) -> list[tuple[str, object]]:
    """The body paragraph's alignment, first-line indent, line spacing and the gap after the
    paragraph before it, each as ``(problem, value found)`` when outside the decree's range."""
    body = LAYOUT.body
    out: list[tuple[str, object]] = []
    if para.align != element.align and not (para.align == "left" and is_blank(para.text)):
        out.append(("align", para.align))
    indent_cm = (para.twips("ind.left") + para.twips("ind.first")) / TWIPS_PER_MM / 10
    if not any(abs(indent_cm - c) <= INDENT_TOLERANCE_CM
               for c in body.first_line_indent_choices_cm):
        out.append(("indent", round(indent_cm, 2)))
    multiple = para.line_multiple()
    lo_line, hi_line = body.line_spacing_range
    if not lo_line - LINE_TOLERANCE <= multiple <= hi_line + LINE_TOLERANCE:
        out.append(("line", round(multiple, 2)))
    if prev is not None:
        same_style = prev.props.get("pStyle") == para.props.get("pStyle")
        if para.props.get("contextualSpacing") and same_style:
            gap = 0.0
        else:
            gap = prev.spacing_pt("after") + para.spacing_pt("before")
        if gap + GAP_TOLERANCE_PT < body.min_paragraph_gap_pt:
            out.append(("gap", round(gap, 1)))
    return out


def _body_findings(problems: dict[str, list[tuple[FlowPara, object]]], key: str,
                   element: Element) -> list[Finding]:
    """One finding per kind of problem, at its first paragraph, counting the paragraphs."""
    body = LAYOUT.body
    # problem → (element reported, property found, what the decree wants), in report order.
    wording = {
        "size": (key, "size", {"size": list(element.size_range)}),
        "align": ("noi_dung", "align", {"align": element.align}),
        "indent": ("noi_dung", "indent_cm",
                   {"indent_cm": list(body.first_line_indent_choices_cm)}),
        "line": ("noi_dung", "line", {"line": list(body.line_spacing_range)}),
        "gap": ("noi_dung", "gap_pt", {"min_gap_pt": body.min_paragraph_gap_pt}),
    }
    out = []
    for name, (reported, prop, expected) in wording.items():
        hits = problems.get(name)
        if hits:
            out.append(Finding(element.rule, reported, {prop: hits[0][1]}, expected,
                               _where(hits[0][0].text), len(hits)))
    return out


def _body_emphasis(paras: list[FlowPara], element: Element) -> list[Finding]:
    """Emphasis inside the body is free; a body mostly in italic (or bold) is not upright
    text."""
    total = bold = italic = 0
    for para in paras:
        if is_blank(para.text):
            continue
        for r in (r for s in para.segments for r in s.runs if r.text.strip()):
            n = len(r.text.strip())
            total += n
            bold += n if r.bold else 0
            italic += n if r.italic else 0
    out = []
    if element.italic is False and italic * 2 > total:
        out.append(Finding(element.rule, "noi_dung", {"italic": True}, {"italic": False},
                           note="body_dominant"))
    if element.bold is False and bold * 2 > total:
        out.append(Finding(element.rule, "noi_dung", {"bold": True}, {"bold": False},
                           note="body_dominant"))
    return out


def _body_end(paras: list[FlowPara]) -> list[Finding]:
    """R-33: the body ends with ``./.``; a note in brackets may follow the closing mark:
    "(Về hồ sơ có liên quan, …)"."""
    tail = list(paras)
    while len(tail) > 1 and _is_note(tail[-1]):
        tail.pop()
    last = " ".join(tail[-1].text.split())
    if not last.endswith("./.") and not PLACEHOLDER.search(last[-8:]):
        return [Finding("R-33", "ket_thuc", {"ends_with": last[-3:]}, {"ends_with": "./."},
                        _where(last[-WHERE_CHARS:]))]
    return []


def _is_note(para: FlowPara) -> bool:
    text = " ".join(para.text.split())
    return text.startswith("(") and text.rstrip(".").endswith(")")


# -- closing --------------------------------------------------------------------------------------

_DRAFTER = re.compile(r"^(?P<codes>.*\.)\s*(?P<drafter>[A-ZĐ][\w.()]*)$")


def _is_luu_item(text: str) -> bool:
    """A Nơi nhận item that begins as the Lưu line, even when mistyped (no colon): it is judged.

    Only ``- Lưu`` as the decree prints it counts: an item typed ``Lưu:`` with no dash (or
    ``lưu``) is judged as an ordinary item, which then reports the missing ``- ``."""
    return starts_luu_line(text) == ("-", "Lưu")


def _main_text(segment: Segment) -> str:
    """The segment's text without raised or lowered runs (note marks, a drafter's initials)."""
    return clean_text("".join(r.shown for r in segment.runs if r.vert is None))


def _luu_line(text: str, unit_required: bool = True) -> list[Finding]:
    """R-41: the Lưu line ends with a full stop; R-61: it names VT and the drafting unit."""
    typed = read_luu_parts(text)
    codes = typed.codes if typed else ""
    if PLACEHOLDER.search(codes):
        return []  # a blank form: the drafting unit is still to be written
    drafter = _DRAFTER.match(codes)
    if drafter and not drafter.group("codes").rstrip(".").endswith(("VT", ",")):
        codes = drafter.group("codes")  # "NC.Châu": unit, full stop, then the drafter
    out = []
    if not codes.endswith("."):
        out.append(Finding("R-41", "luu", {"ends_with": codes[-1:] or ":"}, {"ends_with": "."},
                           _where(text)))
    parts = [p.strip(" .\u00a0") for p in re.split(r"[,;]", codes)]
    parts = [p for p in parts if p]
    has_vt = any(p.upper() == "VT" for p in parts)
    units = [p for p in parts if p.upper() != "VT" and p[:1].isupper()]
    if not has_vt or not units:
        # Mẫu 1.8 (giấy giới thiệu) itself prints "- Lưu: VT.": there the unit is house style.
        soft = has_vt and not unit_required
        out.append(Finding("R-61", "luu", {"text": text},
                           {"text": "- Lưu: VT, <đơn vị soạn thảo>."},
                           note="luu_vt" if not has_vt else
                           "luu_unit" if unit_required else "luu_unit_mau_1_8",
                           severity=GOI_Y if soft else "nghi-dinh"))
    return out


def check_closing(found: Located) -> list[Finding]:
    """R-40 Nơi nhận, R-41 its list and the Lưu line, R-42 – R-44 the signer block."""
    out: list[Finding] = []
    heading = found.noi_nhan
    if heading is None:
        out.append(_missing("noi_nhan_tieu_de"))
    else:
        out += check_format("noi_nhan_tieu_de", [heading])
        if not heading.clean.startswith("Nơi nhận:"):
            out.append(Finding(LAYOUT["noi_nhan_tieu_de"].rule, "noi_nhan_tieu_de",
                               {"text": heading.clean}, {"text": "Nơi nhận:"}))
        out += _level(found)
        out += _noi_nhan_items(found)
    if found.authority:
        out += check_format("quyen_han", found.authority)
    if found.chuc_vu is None:
        out.append(_missing("chuc_vu"))
    else:
        out += check_format("chuc_vu", [found.chuc_vu])
    if found.ho_ten is None:
        out.append(_missing("ho_ten"))
    elif is_blank(found.ho_ten.clean):
        pass  # a blank form's dotted line for the name
    else:
        out += check_format("ho_ten", [found.ho_ten])
        name = found.ho_ten.clean
        rule = LAYOUT["ho_ten"].rule
        if DEGREE_PREFIX.match(name):
            out.append(Finding(rule, "ho_ten", {"text": name}, {}, note="degree"))
        elif is_all_capitals(name):
            out.append(Finding(rule, "ho_ten", {"upper": True}, {}, _where(name),
                               note="normal_case"))
        if found.signature_gap_pt is not None and found.ho_ten.runs:
            size = max((r.size or 13) for r in found.ho_ten.visible_runs()) \
                if found.ho_ten.visible_runs() else 13
            lines = found.signature_gap_pt / (size * SINGLE_LINE_EM)
            lo, hi = LAYOUT.signature_blank_range
            if not lo - 0.5 <= lines <= hi + 0.5:
                # The decree leaves room for signature and seal without counting lines.
                out.append(Finding(rule, "khoang_ky", {"blank_lines": round(lines, 1)},
                                   {"blank_lines": [lo, hi]}, severity=GOI_Y))
    return out


def _level(found: Located) -> list[Finding]:
    heading = found.noi_nhan
    first = (found.authority or ([found.chuc_vu] if found.chuc_vu else []))[:1]
    if heading is None or not first:
        return []
    other = first[0]
    if other.para is heading.para:
        return []
    a, b = heading.para.cell, other.para.cell
    if a is None or b is None or a[:2] != b[:2]:
        return []  # not side by side in a table row: the file cannot say how high each sits
    top_a = heading.para.spacing_pt("before")
    top_b = other.para.spacing_pt("before")
    if abs(top_a - top_b) > 1 or heading.para.index != _first_para_index(found.flow, a) \
            or other.para.index != _first_para_index(found.flow, b):
        # Heights are estimated from the file, not measured on the page: a suggestion.
        return [Finding(LAYOUT["noi_nhan_tieu_de"].rule, "noi_nhan_tieu_de", {"level": False},
                        {"level": True}, note="level", severity=GOI_Y)]
    return []


def _first_para_index(flow: Flow, cell: tuple[int, int, int]) -> int:
    for para in flow.paras:
        if para.cell == cell and para.text.strip():
            return para.index
    return -1


def _noi_nhan_items(found: Located) -> list[Finding]:
    rule = LAYOUT["noi_nhan"].rule
    items = found.noi_nhan_items
    out = check_format("noi_nhan", items) if items else []
    texts = [_main_text(s) for s in items]
    luu = [t for t in texts if _is_luu_item(t)]
    if not luu:
        out.append(Finding(rule, "luu", {"present": False},
                           {"text": "- Lưu: VT, <đơn vị soạn thảo>."}))
    else:
        out += _luu_line(luu[-1], unit_required=found.kind.slug != "giay-gioi-thieu")
        if texts[-1] is not luu[-1] and texts[-1] != luu[-1]:
            out.append(Finding(rule, "luu", {"text": texts[-1]},
                               {"describe": "luu_last"}))
    others = [t for t in texts if not _is_luu_item(t)]
    for text in others:
        if not text.startswith("- ") or not text.endswith(";"):
            want = {"starts_with": "- "} if not text.startswith("- ") else {"ends_with": ";"}
            got = {"starts_with": text[:2]} if not text.startswith("- ") else \
                {"ends_with": text[-1:]}
            out.append(Finding(rule, "noi_nhan", got, want, _where(text)))
    # PL1 II.9.b: công văn (and tờ trình, báo cáo sent upward) open Nơi nhận with "Như trên";
    # a titled kind with Kính gửi may be sent sideways, so only the công văn is judged.
    if found.kinh_gui is not None and found.is_cong_van and not (
            others and is_nhu_tren(others[0])):
        first = others[0].rstrip(";.").strip("- ").strip().lower() if others else ""
        # "Như kính gửi" says the same thing in other words: only the wording differs.
        variant = first.startswith("như ") and "gửi" in first
        out.append(Finding(rule, "noi_nhan", {"text": others[0] if others else ""},
                           {"text": "- Như trên;"}, note="nhu_tren",
                           severity=GOI_Y if variant else "nghi-dinh"))
    return out


_GIAY_MOI_NEEDS = ("Thời gian", "Địa điểm")
"""Lines every giấy mời gives (Mẫu 1.7): when and where."""


def _giay_moi(paras: list[FlowPara]) -> list[Finding]:
    """R-36: the lines of a giấy mời in the content size (13–14), and the time and the place
    given on lines of their own (Mẫu 1.7)."""
    # Judged line by line so that the finding names the line that is wrong; one is enough.
    out = next((found for found in (
        check_format("giay_moi", [s for s in p.segments if s.text.strip()], check_align=False)
        for p in paras) if found), [])
    starts = [canonical(p.text.strip()) for p in paras]
    for label in _GIAY_MOI_NEEDS:
        if not any(text.startswith(canonical(label)) for text in starts):
            out.append(Finding("R-36", "giay_moi", {"present": False}, {"text": f"{label}: …"}))
    return out


def check_kind_blocks(found: Located) -> list[Finding]:
    """R-24 authority line, R-25 ``QUYẾT ĐỊNH:``, R-27 the công điện's ``… điện:`` line,
    R-34 article labels and chapter/section headings, R-46 biên bản signers."""
    out: list[Finding] = []
    if found.tham_quyen:
        out += check_format("tham_quyen", found.tham_quyen)
    if found.decision is not None:
        out += check_format("quyet_dinh", [found.decision])
    if found.dien:
        out += _dien(found.dien)
    if found.kind.has("giay_moi"):
        out += _giay_moi(found.giay_moi)
    out += _article_labels(found.articles)
    if found.headings:
        # "Chương I", "Mục 1" and their titles: bold, 13–14, centred (PL1 I.V table, row 6.a).
        out += check_format("chuong", [s for p in found.headings for s in p.segments
                                       if s.text.strip()])
    if found.title is not None and canonical(found.title.clean) == "BIÊN BẢN":
        out += _bien_ban_signers(found)
    return out


def _label_is_bold(para: FlowPara, label: str) -> bool:
    """Whether the letters of ``label`` at the start of ``para`` are bold (punctuation set in
    another weight does not show)."""
    chars = 0
    for run in (r for seg in para.segments for r in seg.runs):
        take = run.text[: max(0, len(label) - chars)]
        chars += len(run.text)
        if take.strip() and not _PUNCTUATION.fullmatch(take.strip()) and not run.bold:
            return False
        if chars >= len(label):
            break
    return True


def _article_labels(articles: list[FlowPara]) -> list[Finding]:
    """R-34: each article's label ``Điều 1.`` in bold."""
    unbold = []
    for para in articles:
        label = _ARTICLE_LABEL.match(para.text.strip())
        if label is not None and not _label_is_bold(para, label.group(0)):
            unbold.append(para)
    if not unbold:
        return []
    return [Finding("R-34", "dieu", {"bold": False}, {"bold": True}, _where(unbold[0].text),
                    len(unbold))]


def _bien_ban_signers(found: Located) -> list[Finding]:
    """R-46: a biên bản is signed by the secretary (left) and the chair (right)."""
    out = []
    names = {canonical(s.clean): s for s in found.signers_two}
    for label in CLOSING_PAIR:
        if label not in names:
            out.append(Finding("R-46", "ky_bien_ban", {"present": False}, {"text": label}))
    if len(names) == 2 and names["THƯ KÝ"].x_center >= names["CHỦ TỌA"].x_center:
        out.append(Finding("R-46", "ky_bien_ban", {"order": "CHỦ TỌA – THƯ KÝ"},
                           {"order": "THƯ KÝ – CHỦ TỌA"}))
    return out


def check_copy(found: Located) -> list[Finding]:
    """R-55: the copy block right under the copied document, below a solid rule across the
    text width; R-56: ``SAO Y`` / ``TRÍCH SAO`` / ``SAO LỤC`` upper case bold 13–14, and the
    copy's own number ``Số: 01/SY-UBND`` with the code of its form (PL1 Phần II; PL3)."""
    label = found.copy_form
    if label is None or not found.copy_block:
        return []
    out: list[Finding] = []
    start = found.copy_block[0]
    before = [s for s in found.flow.segments if s.seq < start.seq]
    since = before[-1].seq if before else -1
    rules = [r for r in found.flow.rules if since < r.seq < start.seq]
    if not any(r.length >= found.flow.text_width * FULL_WIDTH_TOLERANCE for r in rules):
        out.append(Finding("R-55", "ban_sao", {"rule_above": False}, {"rule_above": True},
                           _where(start.clean), note="rule_above"))
    out += [replace(f, rule="R-56", element="hinh_thuc_sao")
            for f in check_format("ten_loai", [label], check_align=False, upper=True)]
    code = COPY_ABBREVIATIONS.get(canonical(label.clean), "")
    so = next((s for s in found.copy_block if SO_PATTERN.match(s.clean)), None)
    if so is None:
        out.append(Finding("R-56", "so_ban_sao", {"present": False},
                           {"text": f"Số: 01/{code}-…"}))
        return out
    typed = read_so_parts(so.clean)
    ky_hieu = typed.ky_hieu if typed is not None else ""
    if typed is None or ky_hieu.split("-")[0] != code:
        out.append(Finding("R-56", "so_ban_sao", {"text": so.clean},
                           {"starts_with": f"{code}-"} if ky_hieu else
                           {"text": f"Số: 01/{code}-…"}, _where(so.clean), note="copy_code"))
        return out
    # The digits as text, as in check_number: below 10 is one significant digit, typed "0d".
    digits = typed.number.lstrip("0") or "0"
    if typed.number and len(digits) == 1 and not re.fullmatch(r"0\d", typed.number):
        out.append(Finding("R-56", "so_ban_sao", {"text": so.clean},
                           {"text": f"Số: {digits:0>2}/{ky_hieu}"},
                           _where(so.clean), note="number_padding"))
    return out


def _dien(lines: list[Segment]) -> list[Finding]:
    """R-27: the công điện's ``<THẨM QUYỀN> điện:`` line and its recipients (Mẫu 1.6).

    Phụ lục I gives the line no style of its own: its size is the content's (13–14, PL1 II.6.e),
    its bold only the template's drawing, so a wrong size breaks the decree and the rest is a
    suggestion. The recipients are the template's own text: ``- X;`` one a line, the last with
    a full stop."""
    out: list[Finding] = []
    for f in check_format("dien", lines[:1], check_align=False):
        if "size" in f.found:
            out.append(replace(f, found={"size": f.found["size"]},
                               expected={"size": f.expected["size"]}))
        style = {k: v for k, v in f.found.items() if k != "size"}
        if style:
            out.append(replace(f, found=style, severity=GOI_Y,
                               expected={k: v for k, v in f.expected.items() if k != "size"}))
    items = [s.clean for s in lines[1:]]
    for i, text in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        if PLACEHOLDER.search(text):
            continue  # a blank form's "- ………7………;": the recipient is still to be written
        if not starts_with_dash(text):
            out.append(Finding("R-27", "dien", {"starts_with": text[:2]}, {"starts_with": "- "},
                               _where(text)))
        elif not text.endswith(end):
            out.append(Finding("R-27", "dien", {"ends_with": text[-1:]}, {"ends_with": end},
                               _where(text)))
    return out


_APPENDIX_LABEL = re.compile(r"^phụ\s+lục(\s+[IVXLC\d]+)?\s*$", re.IGNORECASE)
_KEM_THEO = re.compile(r"^\(\s*kèm\s+theo\b", re.IGNORECASE)


def check_appendices(found: Located) -> list[Finding]:
    """R-50: each appendix after the document: "Phụ lục" (+ number) bold and centred, its title
    upper case bold, the "(Kèm theo … số … ngày … của …)" line italic, all centred."""
    out: list[Finding] = []
    segs = found.appendix
    for i, label in enumerate(segs):
        if not _APPENDIX_LABEL.match(label.clean) or label.para.cell is not None:
            continue
        out += check_format("phu_luc_so", [label])
        rest = [s for s in segs[i + 1:i + 6] if s.para.cell is None]
        kem = next((s for s in rest if _KEM_THEO.match(s.clean)), None)
        title = [s for s in rest if kem is None or s.seq < kem.seq]
        if title:
            out += check_format("phu_luc_tieu_de", title)
        if kem is not None:
            lines = [s for s in rest if s.seq >= kem.seq]
            end = next((j for j, s in enumerate(lines) if s.clean.endswith(")")), 0)
            out += check_format("phu_luc_kem_theo", lines[:end + 1])
    return _dedupe(out)


_NUMBER = re.compile(r"^[\d.,%\s]+$")


def check_tables(found: Located) -> list[Finding]:
    """R-35: body tables — header row bold and repeated, 12–13 pt, numbers right-aligned.

    The decree's text says nothing of tables in the body: every finding here is a suggestion.
    """
    out: list[Finding] = []
    for paras in found.tables.values():
        first = paras[0]
        tbl = next((a for a in first.element.iterancestors(w("tbl"))), None) \
            if first.element is not None else None
        where = _where(" ".join(p.text for p in paras if p.cell and p.cell[1] == 0))
        head = [p for p in paras if p.cell and p.cell[1] == 0]
        runs = [r for p in head for seg in p.segments for r in seg.visible_runs()]
        if runs and not all(r.bold for r in runs):
            out.append(Finding("R-35", "bang", {"bold": False}, {"bold": True}, where,
                               severity=GOI_Y))
        if tbl is not None:
            row = tbl.find(w("tr"))
            repeat = row is not None and row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
            if len(tbl.findall(w("tr"))) > 2 and not repeat:
                out.append(Finding("R-35", "bang", {"describe": "header_not_repeated"},
                                   {}, where, severity=GOI_Y))
        sizes = [r.size for p in paras for seg in p.segments for r in seg.visible_runs()
                 if r.size is not None and not 12 <= r.size <= 13]
        if sizes:
            out.append(Finding("R-35", "bang", {"size": sizes[0]}, {"size": [12, 13]}, where,
                               severity=GOI_Y))
        numbers = [p for p in paras if p.cell and p.cell[1] > 0 and _NUMBER.match(p.text.strip()
                   or "x") and len(p.text.strip()) > 1 and p.align not in ("right", "center")]
        if numbers:
            out.append(Finding("R-35", "bang", {"align": numbers[0].align}, {"align": "right"},
                               _where(numbers[0].text), len(numbers), severity=GOI_Y))
    return out


_ARTICLE_LABEL = re.compile(r"^Điều\s+\d+\s*\.")


CHECKS: tuple[Check, ...] = (check_page, check_fonts, check_page_numbers, check_header,
                             check_address, check_number, check_date, check_subject,
                             check_urgency, check_circulation, check_kind_blocks,
                             check_kinh_gui, check_body, check_tables, check_closing,
                             check_appendices, check_copy)
"""Every rule group, in the order findings are reported (the order of nd30.md)."""


def run_checks(found: Located) -> list[Finding]:
    """All findings for one located document."""
    out: list[Finding] = []
    for check in CHECKS:
        out += check(found)
    # A suggestion that repeats what the document already says helps nobody.
    out = [f for f in out if not (f.found and f.found == f.expected)]
    return _with_pages(found, out)


def _with_pages(found: Located, findings: list[Finding]) -> list[Finding]:
    """Name the page of each finding that points at text, when the document has several."""
    if not any(f.where for f in findings):
        return findings
    pages, total = page_positions(found.flow)
    if total <= 1.0:
        return findings
    out = []
    for finding in findings:
        where = finding.where.rstrip("…")
        para = next((s.para for s in found.flow.segments
                     if s.clean.startswith(where) or where in s.para.text), None) \
            if where else None
        page = pages.get(id(para)) if para is not None else None
        out.append(replace(finding, page=page) if page and page > 1 else finding)
    return out
