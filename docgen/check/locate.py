"""Finding each element of a văn bản by what it says and where it sits.

Anchors come first because their text is fixed by the decree: the Quốc hiệu, the Tiêu ngữ, the
``Số:`` line, the place-date line, ``V/v``, ``Kính gửi``, ``Nơi nhận`` and the authority prefixes
(``TM.``, ``KT.``…). The rest is found relative to them: the agency is the left-block text above
the ``Số:`` line (and above the rule under it); the body runs from after Kính gửi (or the title
and legal bases) to the closing; the signer's title and name are the right-block lines of the
closing. Side (left block, centre, right block) comes from :mod:`docgen.check.flow`, so the same
code reads a header made as a table, in text boxes or with tab stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ..kinds import COPY_ABBREVIATIONS, KIND_BY_TITLE, KINDS, Kind
from ..layout import QUOC_HIEU
from ..lines import (
    FILL_IN,
    PLACE_DATE_AS_TYPED,
    PLACE_DATE_BLANKS,
    SO_LABEL,
    is_place_date_line,
    is_so_line,
    read_heading_line,
    starts_vv_line,
)
from ..models import PL3_ABBREVIATIONS, DoKhan
from .flow import SINGLE_LINE_EM, Flow, FlowPara, RuleLine, Segment

URGENCY = {k.label: k for k in DoKhan}

_VARIANTS = {"HOÀ": "HÒA", "THOẢ": "THỎA", "HOẢ": "HỎA", "UỶ": "ỦY"}

_QH = re.compile(r"^c[oộ]ng h[oòà]a x[aã] h[oộ]i ch[uủ] ngh[iĩ]a vi[eệ]t nam$", re.IGNORECASE)
_QH_LIKE = re.compile(r"^c[oộ]ng\s+h[oòà]a\b.{0,40}\bvi[eệ]t\s+nam$", re.IGNORECASE)
_TN_LIKE = re.compile(r"^độc\s*lập\b.{0,30}\bhạnh\s*phúc\.?$", re.IGNORECASE)
TN_PATTERN = re.compile(r"^độc\s*lập\s*([-–—‒−]+)\s*tự\s*do\s*([-–—‒−]+)\s*hạnh\s*phúc$",
                        re.IGNORECASE)
# The decree's lines are read by docgen.lines (one reader per line); the names stay for the
# modules that import them from here.
SO_PATTERN = SO_LABEL
DATE_PATTERN = PLACE_DATE_AS_TYPED
DATE_BLANKS = PLACE_DATE_BLANKS
DECISION_PATTERN = re.compile(r"^(QUYẾT\s+ĐỊNH|QUYẾT\s+NGHỊ|CHỈ\s+THỊ|THÔNG\s+BÁO|BAN\s+HÀNH)\s*:$")
"""The line that opens the articles of a quyết định or nghị quyết (R-25)."""
ARTICLE_PATTERN = re.compile(r"^Điều\s+\d+\s*\.")
"""An article's label, ``Điều 1.`` (R-34)."""
CLOSING_PAIR = ("THƯ KÝ", "CHỦ TỌA")
"""The two signature blocks of a biên bản, left and right (R-46)."""
GIAY_MOI_LINE = re.compile(r"(kính\s+mời|tới\s+dự|^dự\b|^chủ\s+trì|^thời\s+gian|^địa\s+điểm)",
                           re.IGNORECASE)
"""The lines of a giấy mời (Mẫu 1.7): who is invited, to what, chaired by whom, when, where."""
DIEN_PATTERN = re.compile(r"\bđiện\s*:$", re.IGNORECASE)
"""``CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ … điện:`` of a công điện (R-27)."""
CIRCULATION_PATTERN = re.compile(r"\b(LƯU\s+HÀNH|XEM\s+XONG|TRẢ\s+LẠI|PHỔ\s+BIẾN)\b")
"""A circulation note, ``LƯU HÀNH NỘI BỘ`` / ``XEM XONG TRẢ LẠI`` (R-26), in upper case."""
NOTES_PATTERN = re.compile(r"^ghi\s*chú\s*:?$", re.IGNORECASE)
PLACEHOLDER = FILL_IN
"""Dots left for a value to be filled in by hand: the text is a blank form, not a value."""
_BLANK_CHARS = re.compile(r"[…._\-/\d\s;:,()]+")


def is_blank(text: str) -> bool:
    """A field left blank in a form (``……5……``, ``…../.``): dots, note numbers, no words."""
    return not _BLANK_CHARS.sub("", text)


KG_PATTERN = re.compile(r"^kính\s+gửi\b", re.IGNORECASE)
CAN_CU_PATTERN = re.compile(r"^căn\s+cứ\b", re.IGNORECASE)
"""A legal basis of the preamble, ``Căn cứ …`` (R-32)."""
THEO_DE_NGHI_PATTERN = re.compile(r"^(theo|xét)\s+(đề\s+nghị|tờ\s+trình)\b", re.IGNORECASE)
"""``Theo đề nghị của …`` / ``Xét tờ trình …`` after the legal bases (R-32)."""
NN_PATTERN = re.compile(r"^nơi\s+nhận\b", re.IGNORECASE)
AUTHORITY_PATTERN = re.compile(r"^(TM|KT|TL|TUQ)\s*\.\s*\S", re.IGNORECASE)
"""Authority lines (R-42); an acting head's "Q." stands on the title line itself (R-43)."""
DASH = ("-", "–", "—", "+", "•", "‒", "−")


def canonical(text: str) -> str:
    """Upper case with the old tone placement (HOÀ, UỶ) mapped to the decree's (HÒA, ỦY)."""
    out = text.upper()
    for old, new in _VARIANTS.items():
        out = out.replace(old, new)
    return out


def starts_with_dash(text: str) -> bool:
    """A list item: starts with a dash or bullet."""
    return text.startswith(DASH)


@dataclass
class Located:
    """The elements of one document, as segments and paragraphs of its :class:`Flow`."""

    flow: Flow
    quoc_hieu: Segment | None = None
    quoc_hieu_split: list[Segment] = field(default_factory=list)
    """The two lines of a Quốc hiệu typed on two lines (R-60); empty when on one."""
    tieu_ngu: Segment | None = None
    chu_quan: list[Segment] = field(default_factory=list)
    co_quan: list[Segment] = field(default_factory=list)
    agency_split_known: bool = True
    """False when no agency line is bold, so the governing body cannot be told apart."""
    left_header: list[Segment] = field(default_factory=list)
    so: Segment | None = None
    date: Segment | None = None
    vv: list[Segment] = field(default_factory=list)
    urgency: Segment | None = None
    luu_hanh: Segment | None = None
    """The circulation note in the header, ``LƯU HÀNH NỘI BỘ`` (R-26)."""
    title: Segment | None = None
    trich_yeu: list[Segment] = field(default_factory=list)
    can_cu: list[Segment] = field(default_factory=list)
    kinh_gui: Segment | None = None
    kinh_gui_items: list[Segment] = field(default_factory=list)
    body: list[FlowPara] = field(default_factory=list)
    noi_nhan: Segment | None = None
    noi_nhan_items: list[Segment] = field(default_factory=list)
    authority: list[Segment] = field(default_factory=list)
    chuc_vu: Segment | None = None
    ho_ten: Segment | None = None
    signature_gap_pt: float | None = None
    closing_start: int | None = None
    """Sequence number where the closing (Nơi nhận, signature) begins."""
    rule_tieu_ngu: RuleLine | None = None
    rule_co_quan: RuleLine | None = None
    rule_vv: RuleLine | None = None
    rule_trich_yeu: RuleLine | None = None
    tham_quyen: list[Segment] = field(default_factory=list)
    """The authority line under the trích yếu rule of a quyết định or nghị quyết (R-24)."""
    theo_de_nghi: list[Segment] = field(default_factory=list)
    """``Theo đề nghị của …`` after the legal bases (R-32)."""
    dien: list[Segment] = field(default_factory=list)
    """The công điện line ``… điện:`` and its recipients (R-27)."""
    decision: Segment | None = None
    """``QUYẾT ĐỊNH:`` / ``QUYẾT NGHỊ:`` (R-25)."""
    articles: list[FlowPara] = field(default_factory=list)
    """Body paragraphs that open an article, ``Điều 1. …`` (R-34)."""
    headings: list[FlowPara] = field(default_factory=list)
    """``Chương I`` / ``Mục 1`` lines among the articles and the title line under each (R-34);
    not body paragraphs."""
    signers_two: list[Segment] = field(default_factory=list)
    """``THƯ KÝ`` and ``CHỦ TỌA`` of a biên bản, as found (R-46)."""
    giay_moi: list[FlowPara] = field(default_factory=list)
    """The lines of a giấy mời (R-36), laid out as Mẫu 1.7 rather than as body paragraphs."""
    tables: dict[int, list[FlowPara]] = field(default_factory=dict)
    """Paragraphs of each table inside the body, by table number (R-35)."""
    end_seq: int | None = None
    """Where the document itself ends (notes or appendices follow), if it does before the end."""
    appendix: list[Segment] = field(default_factory=list)
    """Segments after :attr:`end_seq`."""
    copy_form: Segment | None = None
    """``SAO Y`` / ``TRÍCH SAO`` / ``SAO LỤC`` of a copy block (R-56)."""
    copy_block: list[Segment] = field(default_factory=list)
    """The copy block under the copied document, from its first line (R-55, R-56)."""

    @property
    def is_cong_van(self) -> bool:
        """No kind title: a công văn."""
        return self.title is None

    def opening(self) -> list[Segment]:
        """The lines before the body: Số, date, V/v, title, preamble, Kính gửi (as found)."""
        return [s for s in (self.kinh_gui, *self.kinh_gui_items, *self.can_cu, *self.trich_yeu,
                            self.title, *self.vv, self.date, self.so, self.urgency,
                            self.luu_hanh,
                            *self.tham_quyen, *self.theo_de_nghi, self.decision, *self.dien)
                if s is not None]

    @property
    def kind(self) -> Kind:
        """The kind of Phụ lục III the title names (a công văn without a title)."""
        if self.title is None:
            return KINDS["cong-van"]
        return KIND_BY_TITLE.get(canonical(self.title.clean), KINDS["thong-bao"])


def _first(segments: list[Segment], test, after: int = 0) -> Segment | None:
    return next((s for s in segments if s.seq > after and test(s.clean)), None)


def _rule_owner(flow: Flow, rule: RuleLine) -> Segment | None:
    """The text a rule is drawn under: the last text before it in the same cell or block."""
    para = rule.para
    if rule.above:
        # Drawn over the top of its paragraph: it underlines the text before the paragraph.
        before = [s for s in flow.segments if s.seq < rule.seq and s.para is not para]
        if para.cell is not None:
            table, row, column = para.cell
            before = [s for s in before if s.para.cell is not None and s.para.cell[0] == table
                      and s.para.cell[2] == column and s.para.cell[1] <= row]
        else:
            before = [s for s in before if s.side == rule.side]
        return before[-1] if before else None
    own = [s for s in para.segments if s.runs and s.text.strip() and s.seq < rule.seq]
    if own and rule.kind == "border":
        return own[-1]
    best = None
    above = None  # the last text in the same column of the rows above (a rule in a row of its own)
    for segment in flow.segments:
        if segment.seq >= rule.seq:
            break
        if para.cell is not None:
            if segment.para.cell == para.cell:
                best = segment
            elif segment.para.cell is not None and segment.para.cell[0] == para.cell[0] \
                    and segment.para.cell[2] == para.cell[2] \
                    and segment.para.cell[1] < para.cell[1]:
                above = segment
        elif segment.side == rule.side and (segment.para.cell is None or rule.kind != "border"):
            best = segment
    return best if best is not None else above


def _is_quoc_hieu(text: str) -> bool:
    return bool(_QH.match(canonical(text).lower())) or canonical(text) == QUOC_HIEU


def _split_quoc_hieu(found: Located, segs: list[Segment]) -> None:
    """A Quốc hiệu broken over two lines (a break or two paragraphs of one cell) (R-60)."""
    for first, second in pairwise(segs):
        same_block = first.para is second.para or (
            first.para.cell is not None and first.para.cell == second.para.cell)
        if same_block and _is_quoc_hieu(f"{first.clean} {second.clean}"):
            found.quoc_hieu = first
            found.quoc_hieu_split = [first, second]
            return


def _main_part(found: Located) -> list[Segment]:
    """The segments of the document itself: notes to a template ("Ghi chú:" after the closing)
    and appendices in later sections are kept apart, so they are never read as the body or the
    signer's name."""
    segs = found.flow.segments
    heading = _first(segs, lambda t: bool(NN_PATTERN.match(t)))
    if heading is None:
        return segs
    end = None
    for s in segs:
        if s.seq <= heading.seq:
            continue
        if s.para.section > heading.para.section or (
                s.para.cell is None and NOTES_PATTERN.match(s.clean)):
            end = s.seq
            break
    if end is None:
        return segs
    found.end_seq = end
    found.appendix = [s for s in segs if s.seq >= end]
    return [s for s in segs if s.seq < end]


def locate(flow: Flow) -> Located:
    """Find every element of the document in ``flow``."""
    found = Located(flow)
    segs = _main_part(found)
    _anchors(found, segs)
    found.kinh_gui = _first(segs, lambda t: bool(KG_PATTERN.match(t)))
    limit = found.kinh_gui.seq if found.kinh_gui else None
    _header_marks(found, segs, limit)
    _assign_rules(found)
    _agency(found)
    _kinh_gui(found, segs)
    if found.title is not None and found.kind.has("title"):
        _trich_yeu(found, segs, limit)
    _closing(found, segs)
    _body(found)
    _copy_block(found)
    return found


def _anchors(found: Located, segs: list[Segment]) -> None:
    """The lines whose text the decree fixes: Quốc hiệu, Tiêu ngữ, Số, place and date."""
    found.quoc_hieu = _first(segs, _is_quoc_hieu)
    if found.quoc_hieu is None:
        _split_quoc_hieu(found, segs)
    if found.quoc_hieu is None:
        # Mistyped ("CỘNG HOÀ XHCN VIỆT NAM"): still the Quốc hiệu, still judged.
        found.quoc_hieu = _first(segs[:40], lambda t: bool(_QH_LIKE.match(t)))
    found.tieu_ngu = _first(segs, lambda t: bool(TN_PATTERN.match(t)))
    if found.tieu_ngu is None:
        found.tieu_ngu = _first(segs[:40], lambda t: bool(_TN_LIKE.match(t)))
    found.so = _first(segs, is_so_line)
    found.date = _first(segs, is_place_date_line)


def _header_marks(found: Located, segs: list[Segment], limit: int | None) -> None:
    """What follows the anchors in the header, before Kính gửi (at ``limit``): the V/v, the
    urgency and circulation marks, and the kind title."""
    anchors = [s for s in (found.quoc_hieu, found.tieu_ngu, found.so, found.date) if s]
    header_end = max((s.seq for s in anchors), default=0)
    taken: set[int] = {id(s) for s in anchors}
    vv_start = _first(segs, starts_vv_line, after=(found.so.seq if found.so else 0))
    if vv_start is not None and (limit is None or vv_start.seq < limit):
        found.vv = [vv_start]
        header_end = max(header_end, vv_start.seq)
    found.urgency = _urgency(segs, header_end, limit)
    if found.urgency is not None:
        header_end = max(header_end, found.urgency.seq)
        taken.add(id(found.urgency))
    found.luu_hanh = _circulation(found, segs, header_end, limit)
    if found.luu_hanh is not None:
        header_end = max(header_end, found.luu_hanh.seq)
        taken.add(id(found.luu_hanh))
    found.title = _kind_title(segs, header_end, taken, limit)
    if found.vv:
        _vv_continuation(found, segs, limit)


def _urgency(segs: list[Segment], header_end: int, limit: int | None) -> Segment | None:
    """``KHẨN``, ``HỎA TỐC``…: a line of its own near the header (R-23)."""
    for s in segs:
        if s.seq > header_end + 40 or (limit is not None and s.seq > limit):
            break
        if canonical(s.clean) in URGENCY:
            return s
    return None


def _kind_title(segs: list[Segment], header_end: int, taken: set[int],
                limit: int | None) -> Segment | None:
    """The kind title: the first text after the header that is a PL3 title (or a blank form's
    ``TÊN LOẠI VĂN BẢN``), unless centred text that is not one comes first."""
    for s in segs:
        if s.seq <= header_end or id(s) in taken:
            continue
        if limit is not None and s.seq >= limit:
            break
        if canonical(s.clean) in PL3_ABBREVIATIONS or canonical(s.clean).startswith(
                "TÊN LOẠI VĂN BẢN"):
            return s
        if s.side == "C":
            break
    return None


def _copy_block(found: Located) -> None:
    """A copy (bản sao, PL1 Phần II) adds, after the copied document's closing, a block whose
    right column says ``SAO Y``; the block starts with the copying agency's first line — the
    first line of its table, or the first line after the copied document's signer."""
    segs = found.flow.segments
    after = found.closing_start or 0
    label = next((s for s in segs if s.seq > after and canonical(s.clean) in COPY_ABBREVIATIONS),
                 None)
    if label is None:
        return
    if label.para.cell is not None:
        table = label.para.cell[0]
        start = next(s for s in segs if s.para.cell is not None and s.para.cell[0] == table)
    else:
        signer = found.ho_ten.seq if found.ho_ten is not None and \
            found.ho_ten.seq < label.seq else after
        start = next(s for s in segs if s.seq > signer)
    found.copy_form = label
    found.copy_block = [s for s in segs if s.seq >= start.seq]


def _circulation(found: Located, segs: list[Segment], header_end: int,
                 limit: int | None) -> Segment | None:
    """The circulation note: a short line of the header's left block that says who may read
    the document (``LƯU HÀNH NỘI BỘ``), found by its words whatever its case or frame."""
    for s in segs:
        if s.seq > header_end + 40 or (limit is not None and s.seq >= limit):
            break
        if s.side == "R" or len(s.clean) > 40:
            continue
        # A label, not a sentence that mentions circulation: no closing punctuation.
        if CIRCULATION_PATTERN.search(canonical(s.clean)) and s.clean[-1:].isalpha() and (
                s.para.cell is not None or s.para in found.flow.boxes
                or s.clean == s.clean.upper()):
            return s
    return None


def _vv_continuation(found: Located, segs: list[Segment], limit: int | None) -> None:
    first = found.vv[0]
    for s in segs:
        if s.seq <= first.seq:
            continue
        if limit is not None and s.seq >= limit:
            break
        if first.para.cell is not None:
            if s.para.cell != first.para.cell:
                if s.para.cell is not None and s.para.cell[:2] == first.para.cell[:2]:
                    continue  # the date in the next cell of the same row
                break
        elif s.side == "R":
            continue
        elif s.side != first.side:
            break
        text = s.clean
        if (SO_LABEL.match(text) or KG_PATTERN.match(text) or canonical(text) in URGENCY
                or s is found.luu_hanh
                or canonical(text) in PL3_ABBREVIATIONS or s is found.date):
            break
        found.vv.append(s)


def _assign_rules(found: Located) -> None:
    flow = found.flow
    for rule in flow.rules:
        owner = _rule_owner(flow, rule)
        if owner is None:
            continue
        if owner is found.tieu_ngu and found.rule_tieu_ngu is None:
            found.rule_tieu_ngu = rule
        elif owner in found.vv and found.rule_vv is None:
            found.rule_vv = rule
        elif found.so is not None and owner.seq < found.so.seq and owner.side != "R" \
                and owner is not found.quoc_hieu and owner is not found.tieu_ngu \
                and rule.side != "R" and found.rule_co_quan is None:
            found.rule_co_quan = rule


def _agency(found: Located) -> None:
    stop = found.so.seq if found.so else (found.date.seq if found.date else 0)
    if found.rule_co_quan is not None:
        stop = min(stop, found.rule_co_quan.seq) if stop else found.rule_co_quan.seq
    skip = {id(s) for s in (found.quoc_hieu, found.tieu_ngu, found.date, found.urgency) if s}
    lines = [s for s in found.flow.segments
             if s.seq < stop and id(s) not in skip and s.side != "R"
             and not (found.quoc_hieu and s.para is found.quoc_hieu.para and s.side == "C")]
    anchor = found.rule_co_quan.para if found.rule_co_quan is not None else \
        found.so.para if found.so is not None else None
    if anchor is not None and anchor.cell is not None:
        # The header is a table: the agency is in the column of its rule (or of the Số line),
        # at or above it — not a caption over the table.
        table, row, column = anchor.cell
        lines = [s for s in lines if s.para.cell is not None and s.para.cell[0] == table
                 and s.para.cell[2] == column and s.para.cell[1] <= row]
    found.left_header = lines
    bold = [i for i, s in enumerate(lines) if _mostly(s, "bold")]
    if bold:
        found.chu_quan, found.co_quan = lines[:bold[0]], lines[bold[0]:]
    else:
        found.co_quan = lines
        found.agency_split_known = len(lines) <= 1


def _mostly(segment: Segment, style: str) -> bool:
    """Whether most of the segment's letters are set ``style`` (``bold``, ``italic``)."""
    runs = segment.visible_runs()
    return bool(runs) and sum(len(r.text) for r in runs if getattr(r, style)) * 2 > \
        sum(len(r.text) for r in runs)


def _trich_yeu(found: Located, segs: list[Segment], limit: int | None) -> None:
    """The trích yếu under the kind title and its rule, then what stands between them and the
    body: the preamble, a công điện's addressees or the ``QUYẾT ĐỊNH:`` line."""
    title = found.title
    assert title is not None
    rule_after = next((r for r in found.flow.rules if r.seq > title.seq), None)
    lines = _title_lines(segs, title, rule_after, limit)
    found.trich_yeu = lines
    if lines and rule_after is not None and _rule_owner(found.flow, rule_after) in lines:
        found.rule_trich_yeu = rule_after
    after = (found.rule_trich_yeu.seq if found.rule_trich_yeu else
             lines[-1].seq if lines else title.seq)
    _preamble(found, segs, after, limit)
    if _dien(found, segs, after):
        return
    preamble = [*found.tham_quyen, *found.can_cu, *found.theo_de_nghi]
    after = preamble[-1].seq if preamble else after
    decision = next((s for s in segs if s.seq > after), None)
    if decision is not None and DECISION_PATTERN.match(decision.clean) \
            and (limit is None or decision.seq < limit):
        found.decision = decision  # "QUYẾT ĐỊNH:" before Điều 1


def _title_lines(segs: list[Segment], title: Segment, rule_after: RuleLine | None,
                 limit: int | None) -> list[Segment]:
    """Up to four centred lines under the kind title, down to its rule (the trích yếu)."""
    lines: list[Segment] = []
    for s in segs:
        if s.seq <= title.seq:
            continue
        if (limit is not None and s.seq >= limit) or CAN_CU_PATTERN.match(s.clean):
            break
        if rule_after is not None and s.seq > rule_after.seq:
            break
        if s.align != "center" and lines:
            break
        lines.append(s)
        if len(lines) >= 4:
            break
    return lines


def _preamble(found: Located, segs: list[Segment], after: int, limit: int | None) -> None:
    """The authority line, legal bases and ``Theo đề nghị`` after the trích yếu (``after``).

    Kính gửi may stand between the trích yếu and the legal bases (a tờ trình sent upward):
    the italic "Căn cứ …" lines after it are still the preamble, not the body.
    """
    addressee = {id(s) for s in (found.kinh_gui, *found.kinh_gui_items) if s is not None}
    past_addressee = False
    for s in segs:
        if s.seq <= after:
            continue
        if id(s) in addressee:
            past_addressee = True
            continue
        if limit is not None and s.seq >= limit and not past_addressee:
            break
        part = _preamble_part(found, s, past_addressee)
        if part is None:
            break
        part.append(s)


def _preamble_part(found: Located, s: Segment, past_addressee: bool) -> list[Segment] | None:
    """The list of ``found`` that line ``s`` of the preamble goes to; None where it ends."""
    text = s.clean
    if past_addressee and not _mostly(s, "italic"):
        return None
    if not past_addressee and not found.can_cu and not found.theo_de_nghi \
            and s.align == "center" \
            and text == text.upper() and any(c.isalpha() for c in text) \
            and not DECISION_PATTERN.match(text):
        return found.tham_quyen  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"
    if (CAN_CU_PATTERN.match(text) or (found.can_cu and is_blank(text))) \
            and not found.theo_de_nghi:
        return found.can_cu
    if THEO_DE_NGHI_PATTERN.match(text) and (found.can_cu or found.tham_quyen):
        return found.theo_de_nghi
    return None


def _dien(found: Located, segs: list[Segment], after: int) -> bool:
    """``CHỦ TỊCH … điện:`` right after the trích yếu of a công điện and the recipients after
    it (R-27); whether there is one."""
    dien = next((s for s in segs if s.seq > after), None)
    if dien is None or not DIEN_PATTERN.search(dien.clean) or found.can_cu:
        return False
    found.dien = [dien]
    for s in segs:
        if s.seq <= dien.seq:
            continue
        if not (starts_with_dash(s.clean) or (s.para.cell is not None and
                                              s.para.cell[0] == _cell_table(dien, s))):
            break
        found.dien.append(s)
    return True


def _cell_table(first: Segment, other: Segment) -> int | None:
    """The table number ``other`` is in when that table follows or holds ``first``."""
    if other.para.cell is None:
        return None
    if first.para.cell is not None:
        return first.para.cell[0]
    return other.para.cell[0]


def _kinh_gui(found: Located, segs: list[Segment]) -> None:
    label = found.kinh_gui
    if label is None:
        return
    rest = re.sub(r"^kính\s+gửi\s*:?\s*", "", label.clean, flags=re.IGNORECASE)
    if rest and not starts_with_dash(rest):
        return  # one recipient on the Kính gửi line itself
    items: list[Segment] = []
    for s in segs:
        if s.seq <= label.seq:
            continue
        text = s.clean
        if not starts_with_dash(text) and not s.para.numbering_text:
            if not items and not rest and s.para.align != "both":
                items.append(s)  # a lone recipient on the line below, without a dash
            break
        items.append(s)
        if text.endswith("."):
            break
    found.kinh_gui_items = items


def _closing(found: Located, segs: list[Segment]) -> None:
    start = max([s.seq for s in found.opening()], default=0)
    found.noi_nhan = _first(segs, lambda t: bool(NN_PATTERN.match(t)), after=start)
    authority = [s for s in segs if s.seq > start and AUTHORITY_PATTERN.match(s.clean)
                 and s.clean == s.clean.upper()]
    pair = [s for s in segs if s.seq > start and canonical(s.clean) in CLOSING_PAIR]
    found.signers_two = pair
    begin = min([s.seq for s in ([found.noi_nhan] if found.noi_nhan else []) + authority[:1]
                 + pair[:1]], default=None)
    if begin is None:
        # No Nơi nhận and no authority line: the closing starts after the ./. paragraph.
        end_mark = next((s for s in reversed(segs) if s.seq > start and
                         s.clean.endswith("./.")), None)
        if end_mark is None:
            return
        later = [s for s in segs if s.seq > end_mark.seq]
        begin = later[0].seq if later else None
        if begin is None:
            return
    closing = [s for s in segs if s.seq >= begin]
    # Keep the closing table whole even when Nơi nhận sits after its first paragraphs.
    first = closing[0]
    if first.para.cell is not None:
        table = first.para.cell[0]
        before = [s for s in segs if s.seq < begin and s.seq > start and s.para.cell is not None
                  and s.para.cell[0] == table]
        closing = before + closing
    found.closing_start = closing[0].seq if closing else None
    nn = found.noi_nhan
    if nn is not None:
        for s in closing:
            if s.seq <= nn.seq:
                continue
            if nn.para.cell is not None:
                # The list may go on in the rows below, in the same column of the table.
                same = s.para.cell is not None and s.para.cell[0] == nn.para.cell[0] and \
                    s.para.cell[2] == nn.para.cell[2] and s.para.cell[1] >= nn.para.cell[1]
            else:
                same = s.side == nn.side
            if not same:
                continue
            if starts_with_dash(s.clean) or s.para.numbering_text:
                found.noi_nhan_items.append(s)
            else:
                break
    skip = {id(s) for s in found.noi_nhan_items} | ({id(nn)} if nn else set())
    left_cell = nn.para.cell if nn is not None and nn.para.cell is not None else None
    right = [s for s in closing if id(s) not in skip and s.side != "L"
             and (left_cell is None or s.para.cell is None or s.para.cell[0] != left_cell[0]
                  or s.para.cell[2] != left_cell[2])]
    found.authority = [s for s in right if AUTHORITY_PATTERN.match(s.clean)
                       and s.clean == s.clean.upper()]
    after = found.authority[-1].seq if found.authority else 0
    rest = [s for s in right if s.seq > after]
    if rest:
        found.chuc_vu = rest[0]
        if len(rest) > 1:
            found.ho_ten = rest[-1]
            if found.ho_ten.para.cell is not None:
                same_cell = [s for s in rest if s.para.cell == found.chuc_vu.para.cell]
                found.ho_ten = same_cell[-1] if len(same_cell) > 1 else found.ho_ten
    if found.chuc_vu is not None and found.ho_ten is not None:
        found.signature_gap_pt = _gap(found.flow, found.chuc_vu, found.ho_ten)


def _line_height(para: FlowPara) -> float:
    return para.size * SINGLE_LINE_EM * para.line_multiple()


def _blank_lines(para: FlowPara, after: int, before: int) -> int:
    """Lines of ``para`` strictly between line ``after`` and line ``before`` with no text."""
    written = {s.line for s in para.segments if s.runs and s.text.strip() and s.side != "L"}
    return sum(1 for n in range(after + 1, before) if n not in written)


def _gap(flow: Flow, top: Segment, bottom: Segment) -> float:
    """Vertical white space between two lines of the signature block, in points.

    Empty paragraphs count by their height, and so do the empty lines that soft breaks
    (Shift+Enter) leave inside a paragraph.
    """
    first, last = top.para, bottom.para
    if first is last:
        return _blank_lines(first, top.line, bottom.line) * _line_height(first)
    container = [p for p in flow.paras if p.cell == first.cell] if first.cell else flow.paras
    try:
        i, j = container.index(first), container.index(last)
    except ValueError:
        return 0.0
    gap = first.spacing_pt("after") + last.spacing_pt("before")
    gap += _blank_lines(first, top.line, first.lines) * _line_height(first)
    gap += _blank_lines(last, -1, bottom.line) * _line_height(last)
    for para in container[i + 1:j]:
        if any(s.side != "L" and s.runs and s.text.strip() for s in para.segments):
            continue
        gap += para.height_pt() + (para.lines - 1) * _line_height(para)
    return gap


def _body(found: Located) -> None:
    flow = found.flow
    start_seq = max([s.seq for s in (*found.opening(), found.tieu_ngu, found.quoc_hieu,
                                     *found.co_quan) if s is not None], default=0)
    for rule in (found.rule_trich_yeu,):
        if rule is not None:
            start_seq = max(start_seq, rule.seq)
    end_seq = found.closing_start
    taken = {id(s.para) for s in found.opening()}
    after_label = False
    for para in flow.paras:
        texts = [s for s in para.segments if s.runs and s.text.strip()]
        if not texts or id(para) in taken:
            continue
        seq = texts[0].seq
        if seq <= start_seq or (end_seq is not None and seq >= end_seq) or (
                found.end_seq is not None and seq >= found.end_seq):
            continue
        if found.kind.has("giay_moi") and (GIAY_MOI_LINE.search(texts[0].clean) or (
                found.giay_moi and found.giay_moi[-1].text.rstrip().endswith((":", ";"))
                and starts_with_dash(texts[0].clean))):
            found.giay_moi.append(para)  # "Trân trọng kính mời: …", "- X;", "Thời gian: …"
            continue
        label = para.cell is None and read_heading_line(texts[0].clean) is not None
        if label or (after_label and para.cell is None and _upper_title(para.text)):
            found.headings.append(para)  # "Chương I" and "NHỮNG QUY ĐỊNH CHUNG" under it
            after_label = label
            continue
        after_label = False
        if para.cell is not None:
            # A table inside the body (a member list, a task table): judged as a table.
            found.tables.setdefault(para.cell[0], []).append(para)
            continue
        found.body.append(para)
        if ARTICLE_PATTERN.match(texts[0].clean):
            found.articles.append(para)


def _upper_title(text: str) -> bool:
    """A chapter or section title: letters, all in capitals (``NHỮNG QUY ĐỊNH CHUNG``)."""
    text = text.strip()
    return any(c.isalpha() for c in text) and text == text.upper()
