"""The body between the preamble and the closing: the authority line, căn cứ, theo đề nghị,
the articles, the lines of Mẫu 1.6–1.10, body tables as pipe rows, and the appendices."""

from __future__ import annotations

import re
from typing import Any

from ..body import strip_end_mark
from ..check.flow import (
    Flow,
    FlowPara,
    Segment,
)
from ..check.locate import Located, canonical
from ..i18n import _
from ..kinds import KINDS
from ..models import LoaiVanBan
from .omissions import _Reading
from .text import _DASH, _DASH_ONLY, _escape, _item, _seg_lines, marked_lines, para_lines

_ATTACHED = re.compile(r"^\(\s*kèm\s+theo\b", re.IGNORECASE)


_DIEU = re.compile(r"^Điều\s*(?:(\d+[a-zđ]?)\s*[.:]|(?=[.…]{2,}))\s*", re.IGNORECASE)


_CAN_CU = re.compile(r"^căn\s+cứ\b", re.IGNORECASE)


_THEO_DE_NGHI = re.compile(r"^theo\s+đề\s+nghị\b(\s+của\b)?\s*", re.IGNORECASE)


_DECIDES = re.compile(r"^[A-ZĐÀ-Ỹ ]{4,}:$")


_TELEGRAM = re.compile(r"^(.+?)\s+điện\s*:?$")


def _lines_of(*rules: tuple[str, bool]) -> list[tuple[re.Pattern[str], bool]]:
    return [(re.compile(pattern, re.IGNORECASE), is_list) for pattern, is_list in rules]


# The lines of Mẫu 1.6–1.10 that docgen writes from fields: a pattern whose named groups are the
# form keys (``__`` for a nested key). ``True`` marks a line whose value may instead be the dash
# list under it (``kính mời:`` then ``- A;`` ``- B.``). A pattern without groups is a sentence
# docgen prints itself. Each line is taken once; the rest of the body stays the body.
_LABELLED: dict[str, list[tuple[re.Pattern[str], bool]]] = {
    "giay-moi": _lines_of(
        (r"^(?P<tham_quyen>.+?)\s+trân\s+trọng\s+kính\s+mời\s*:?\s*(?P<kinh_moi>.*?)\.?$", True),
        (r"^kính\s+mời\s*:?\s*(?P<kinh_moi>.*?)\.?$", True),
        (r"^tới\s+dự\s*:?\s*(?P<toi_du>.+?)\.?$", False),
        (r"^chủ\s+trì\s*:\s*(?P<chu_tri>.+?)\.?$", False),
        (r"^thời\s+gian\s*:\s*(?P<thoi_gian>.+?)\.?$", False),
        (r"^địa\s+điểm\s*:\s*(?P<dia_diem>.+?)\.?$", False)),
    "bien-ban": _lines_of(
        (r"^thời\s+gian\s+bắt\s+đầu\s*:?\s*(?P<bien_ban__bat_dau>.+?)\.?$", False),
        (r"^địa\s+điểm\s*:\s*(?P<bien_ban__dia_diem>.+?)\.?$", False),
        (r"^thành\s+phần(?:\s+tham\s+dự)?\s*:\s*(?P<bien_ban__thanh_phan>.*?)\.?$", True),
        (r"^chủ\s+trì(?:\s*\(chủ\s+t[ọo]a\))?\s*:\s*(?P<bien_ban__chu_tri>.+?)\.?$", False),
        (r"^thư\s+ký(?:\s*\([^)]*\))?\s*:\s*(?P<bien_ban__thu_ky>.+?)\.?$", False),
        (r"^nội\s+dung(?:\s*\([^)]*\))?\s*:\s*(?P<body>.*)$", False),
        (r"^(?P<bien_ban__cuoc_hop>.+?)\s+kết\s+thúc\s+vào\s+(?P<bien_ban__ket_thuc>.+?)\.?$",
         False)),
    "giay-gioi-thieu": _lines_of(
        (r"^(?P<tham_quyen>.+?)\s+trân\s+trọng\s+giới\s+thiệu\s*:?$", False),
        (r"^(?P<gioi_thieu__ong_ba>Ông\s*\(bà\)|Ông|Bà)\s*:?\s+(?P<gioi_thieu__ho_ten>.+)$",
         False),
        (r"^chức\s+vụ\s*:\s*(?P<gioi_thieu__chuc_vu>.+?)\.?$", False),
        (r"^được\s+cử\s+đến\s*:?\s*(?P<gioi_thieu__duoc_cu_den>.+?)\.?$", False),
        (r"^về\s+việc\s*:\s*(?P<gioi_thieu__ve_viec>.+?)\.?$", False),
        (r"^đề\s+nghị\s+quý\s+cơ\s+quan\s+tạo\s+điều\s+kiện\s+để\s+ông\s*\(bà\)\s+có\s+tên"
         r"\s+ở\s+trên\s+hoàn\s+thành\s+nhiệm\s+vụ\.?$", False),
        (r"^giấy\s+này\s+có\s+giá\s+trị\s+đến\s+hết\s+ngày\s*(?P<gioi_thieu__gia_tri_den>.+?)"
         r"\.?$", False)),
    "giay-nghi-phep": _lines_of(
        (r"^xét\s+đơn\s+đề\s+nghị\s+nghỉ\s+phép\s+ngày\s+(?P<nghi_phep__ngay_don>\S+)\s+của\s+"
         r"(?:ông\s*\(bà\)|ông|bà)\s+(?P<ho_ten_don>.+?)\s*,?$", False),
        (r"^(?P<tham_quyen>.+?)\s+cấp\s+cho\s*:$", False),
        (r"^(?P<nghi_phep__ong_ba>Ông\s*\(bà\)|Ông|Bà)\s*:\s*(?P<nghi_phep__ho_ten>.+)$", False),
        (r"^chức\s+vụ\s*:\s*(?P<nghi_phep__chuc_vu>.+?)\.?$", False),
        (r"^được\s+nghỉ\s+phép\s+trong\s+thời\s+gian\s+(?P<nghi_phep__so_ngay>\d+)\s+ngày\s*,?\s*"
         r"kể\s+từ\s+ngày\s+(?P<nghi_phep__tu_ngay>\S+)\s+đến\s+hết\s+ngày\s+"
         r"(?P<nghi_phep__den_ngay>\S+?)\s+tại\s+(?P<nghi_phep__noi_nghi>.+?)\.?$", False),
        (r"^số\s+ngày\s+nghỉ\s+phép\s+nêu\s+trên\s+được\s+tính\s+vào\s+(?:thời\s+gian\s+)?"
         r"(?P<nghi_phep__tinh_vao>.+?)\.?$", False)),
}


_ONG_BA = {"ông": "Ông", "bà": "Bà"}


def _table_rows(paras: list[FlowPara]) -> list[str]:
    """Markdown pipe rows of one table's paragraphs (row 0 is the header row)."""
    cells: dict[tuple[int, int], list[str]] = {}
    width = 0
    for para in paras:
        assert para.cell is not None
        _table, row, col = para.cell
        width = max(width, col + 1)
        cells.setdefault((row, col), []).extend(para_lines(para))
    rows = sorted({r for r, _ in cells})
    out: list[str] = []
    for n, row in enumerate(rows):
        # Several paragraphs of a cell: one line each in the cell (<br>), as the contract has it.
        texts = ["<br>".join(cells.get((row, c), [])) for c in range(width)]
        out.append("| " + " | ".join(texts) + " |")
        if n == 0:
            out.append("|" + "---|" * width)
    return out


def _stream(paras: list[FlowPara], rd: _Reading) -> list[tuple[FlowPara | None, str, str]]:
    """(paragraph, markup, plain text) of each line of a run of body paragraphs; a table comes
    as pipe rows (paragraph None)."""
    out: list[tuple[FlowPara | None, str, str]] = []
    i = 0
    while i < len(paras):
        para = paras[i]
        if para.cell is not None:
            table = para.cell[0]
            j = i
            while j < len(paras) and paras[j].cell is not None and paras[j].cell[0] == table:
                rd.take_para(paras[j])
                j += 1
            out.extend((None, row, row) for row in _table_rows(paras[i:j]))
            i = j
            continue
        lines = marked_lines(para)
        if lines and not all(_DASH_ONLY.match(plain) for _, plain in lines):
            out.extend((para, marked, plain) for marked, plain in lines)
        rd.take_para(para)
        i += 1
    return out


def _telegram(found: Located, kind: LoaiVanBan, paras: list[FlowPara], data: dict[str, Any],
              rd: _Reading) -> list[FlowPara]:
    """A công điện's ``<THẨM QUYỀN> điện:`` and its recipients (R-27) → tham_quyen, kinh_gui;
    the body paragraphs without them."""
    telegram = getattr(found, "dien", [])
    if not telegram:
        return _telegram_recipients(paras, data, rd) if kind.value == "cong-dien" else paras
    # As the locator found them.
    rd.take(*telegram)
    m = _TELEGRAM.match(telegram[0].clean)
    if m:
        data["tham_quyen"] = m.group(1).strip()
    items = [_item(x) for s in telegram[1:] for x in _seg_lines(s) if _item(x)]
    if items:
        data["kinh_gui"] = items
    return paras


def _located_preamble(found: Located, data: dict[str, Any], rd: _Reading) -> list[str]:
    """The preamble as the locator found it (R-24, R-25, R-32), when it did: tham_quyen,
    theo_de_nghi and the decision line taken; the căn cứ lines returned."""
    can_cu = [_item(s.clean) for s in found.can_cu]
    rd.take(*found.can_cu)
    authority = getattr(found, "tham_quyen", [])
    if authority:
        rd.take(*authority)
        data["tham_quyen"] = " ".join(line for s in authority for line in _seg_lines(s))
    proposal = getattr(found, "theo_de_nghi", [])
    if proposal:
        rd.take(*proposal)
        text = " ".join(line for s in proposal for line in _seg_lines(s))
        data["theo_de_nghi"] = _THEO_DE_NGHI.sub("", text).rstrip(" .;")
        rd.sources["theo_de_nghi"] = text
    decision = getattr(found, "decision", None)
    if decision is not None:
        rd.take(decision)
    return can_cu


class _BodyLines:
    """The body's lines read in order into the form: preamble lines the locator missed,
    articles, the labelled lines of Mẫu 1.6–1.10 and the body text."""

    def __init__(self, kind: LoaiVanBan, data: dict[str, Any], rd: _Reading,
                 can_cu: list[str]) -> None:
        self.kind, self.data, self.rd, self.can_cu = kind, data, rd, can_cu
        self.has_articles = KINDS[kind.value].has("articles")
        self.body: list[str] = []
        self.articles: list[list[tuple[str, str]]] = []  # (markup, plain) lines of each
        self.labelled = _LABELLED.get(kind.value, [])
        self.used: set[int] = set()  # the labelled lines already read
        self.listing: str | None = None  # the key whose dash list is being read
        self.preamble = True

    def read(self, para: FlowPara | None, line: str, plain: str) -> None:
        """One line: (paragraph or None for a table row, markup, plain text)."""
        if self.listing is not None:
            # The dash list under "kính mời:", "Thành phần tham dự:", "… điện:".
            if plain.startswith(_DASH) and _item(plain):
                _put(self.data, self.listing, _item(plain), append=True)
                return
            self.listing = None
        if para is None:
            self.preamble = False
            self._text(line, plain)
            return
        if self.preamble and not self.articles and not self.body and self._preamble(para, plain):
            return
        if self.has_articles and _DECIDES.match(plain) and para.align == "center":
            self.preamble = False
            return  # "QUYẾT ĐỊNH:", printed again by docgen before Điều 1
        if self.has_articles and _DIEU.match(plain):
            self.preamble = False
            rest = _DIEU.sub("", plain, count=1).strip()
            self.articles.append([(_escape(rest), rest)] if rest else [])
            return
        self.preamble = False
        if self.articles or not self._labelled(plain):
            self._text(line, plain)

    def _text(self, line: str, plain: str) -> None:
        if self.articles:
            self.articles[-1].append((line, plain))
        else:
            self.body.append(line)

    def _preamble(self, para: FlowPara, plain: str) -> bool:
        """A preamble line the locator did not place: the authority line, a căn cứ, a theo
        đề nghị; whether ``plain`` was one."""
        if KINDS[self.kind.value].has("tham_quyen") and "tham_quyen" not in self.data \
                and not self.can_cu and para.align == "center" and plain == plain.upper() \
                and not plain.endswith(":"):
            self.data["tham_quyen"] = plain
            return True
        if self.kind is LoaiVanBan.CONG_VAN:
            return False
        if _CAN_CU.match(plain):
            self.can_cu.append(_item(plain))
            return True
        if _THEO_DE_NGHI.match(plain):
            self.data["theo_de_nghi"] = _THEO_DE_NGHI.sub("", plain).rstrip(" .;")
            self.rd.sources["theo_de_nghi"] = plain
            return True
        return False

    def _labelled(self, plain: str) -> bool:
        """A line of Mẫu 1.6–1.10 docgen writes from fields; whether ``plain`` was one."""
        closed = strip_end_mark(plain)  # "… ngày 31/12/2026./." as "… ngày 31/12/2026."
        hit = next(((i, m, is_list) for i, (pattern, is_list) in enumerate(self.labelled)
                    if i not in self.used and (m := pattern.match(closed))), None)
        if hit is None:
            return False
        i, m, is_list = hit
        self.used.add(i)
        groups = m.groupdict()
        if groups.get("body"):
            self.body.append(_escape(groups["body"]))  # text on the label's own line
        self.listing = _labelled_values(m, is_list, self.data)
        sources = self.rd.sources
        for key in (k for k, v in groups.items() if v and k != "body"):
            sources[key.replace("__", ".")] = closed
            if "__" in key:  # the whole block, should the form refuse it
                block = key.split("__")[0]
                if closed not in sources.get(block, ""):
                    sources[block] = f"{sources.get(block, '')} {closed}".strip()
        return True

    def finish(self, decision: Segment | None) -> None:
        """Store what was read: can_cu, dieu, noi_dung."""
        data = self.data
        if self.can_cu:
            data["can_cu"] = [c for c in self.can_cu if c]
        if decision is not None and not self.articles:
            # No "Điều 1." follows: docgen prints the line only before articles.
            self.rd.omit(_("dòng mở đầu phần quyết định (không có Điều nào theo sau)"),
                         decision.clean)
        if self.articles:
            data["dieu"] = _articles(self.articles)
        if self.body:
            self.body[-1] = strip_end_mark(self.body[-1])
            data["noi_dung"] = "\n".join(self.body)


def _articles(articles: list[list[tuple[str, str]]]) -> list[Any]:
    """The ``dieu`` list: an article whose first line ends without punctuation and has more
    lines is a titled one; the closing mark of the last article taken off."""
    dieu: list[Any] = []
    for article in articles:
        if len(article) > 1 and not re.search(r"[.:;,]$", article[0][1]):
            dieu.append({"tieu_de": article[0][1],
                         "noi_dung": "\n".join(marked for marked, _ in article[1:])})
        else:
            dieu.append("\n".join(marked for marked, _ in article) or "…")
    last = dieu[-1]
    if isinstance(last, dict):
        last["noi_dung"] = strip_end_mark(last["noi_dung"])
    else:
        dieu[-1] = strip_end_mark(last)
    return dieu


def _body(found: Located, kind: LoaiVanBan, paras: list[FlowPara], data: dict[str, Any],
          rd: _Reading) -> None:
    """Authority line, legal bases, articles, giấy mời/biên bản lines and the body text."""
    paras = _telegram(found, kind, paras, data, rd)
    lines = _stream(paras, rd)
    reader = _BodyLines(kind, data, rd, _located_preamble(found, data, rd))
    for para, line, plain in lines:
        reader.read(para, line, plain)
    reader.finish(getattr(found, "decision", None))


def _telegram_recipients(paras: list[FlowPara], data: dict[str, Any], rd: _Reading
                         ) -> list[FlowPara]:
    """A công điện's ``<…> điện:`` line and the recipients under it (Mẫu 1.6), often laid in a
    table's right column: taken out of the body into tham_quyen and kinh_gui."""
    for i, para in enumerate(paras):
        lines = para_lines(para, markup=False)
        m = _TELEGRAM.match(lines[0]) if len(lines) == 1 else None
        if m is None:
            continue
        data["tham_quyen"] = m.group(1).strip()
        rd.take_para(para)
        j = i + 1
        items: list[str] = []
        table = paras[j].cell[0] if j < len(paras) and paras[j].cell is not None else None
        while j < len(paras):
            lines = para_lines(paras[j], markup=False)
            in_table = table is not None and paras[j].cell is not None \
                and paras[j].cell[0] == table
            if not in_table and not (lines and all(x.startswith(_DASH) for x in lines)):
                break
            items += [_item(x) for x in lines if _item(x)]
            rd.take_para(paras[j])
            j += 1
        if items:
            data["kinh_gui"] = items
        return paras[:i] + paras[j:]
    return paras


def _put(data: dict[str, Any], key: str, value: Any, append: bool = False) -> None:
    """Set ``a__b`` as ``data[a][b]``; with ``append`` add ``value`` to the list there."""
    *parents, last = key.split("__")
    target = data
    for parent in parents:
        target = target.setdefault(parent, {})
    if append:
        current = target.get(last)
        target[last] = ([] if current in (None, "") else
                        current if isinstance(current, list) else [current]) + [value]
    else:
        target[last] = value


def _labelled_values(m: re.Match[str], is_list: bool, data: dict[str, Any]) -> str | None:
    """Store a labelled line's values; the key whose dash list follows, if it does."""
    listing = None
    for key, value in m.groupdict().items():
        if key in ("ho_ten_don", "body"):
            continue  # the name again in "Xét Đơn … của ông (bà) X": printed from ho_ten
        value = strip_end_mark((value or "").strip()).strip()
        if key.endswith("ong_ba"):
            value = _ONG_BA.get(value.lower(), "Ông (bà)")
        if key.endswith("cuoc_hop") and value.lower() == "cuộc họp":
            continue  # the default noun
        if is_list and not value:
            listing = key
            continue
        if value:
            _put(data, key, value)
    return listing


def _authority_case(attached: str, data: dict[str, Any]) -> None:
    """``(Kèm theo … của Chủ tịch Ủy ban nhân dân xã X)``: the authority as the clerk typed it,
    which the authority line above only shows in capitals."""
    authority = data.get("tham_quyen")
    m = re.search(r"\bcủa\s+(.+?)\)?\s*$", attached)
    if authority and m and canonical(m.group(1)) == canonical(authority):
        data["tham_quyen"] = m.group(1).strip()


def _appendices(flow: Flow, starts: list[int], sections: dict[int, int], rd: _Reading,
                data: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    bounds = [*starts, len(flow.paras)]
    for n, begin in enumerate(starts):
        paras = flow.paras[begin:bounds[n + 1]]
        rd.take_para(paras[0])
        heading = para_lines(paras[0], markup=False)
        title: list[str] = list(heading[1:])
        i = 1
        attached = False
        while i < len(paras):
            lines = para_lines(paras[i], markup=False)
            if not lines:
                i += 1
                continue
            if paras[i].cell is not None or paras[i].align != "center":
                break
            text = " ".join(lines)
            if _DASH_ONLY.match(text):
                rd.take_para(paras[i])
                i += 1
                break
            if attached or _ATTACHED.match(text):
                _authority_case(text, data)
                # "(Kèm theo Kế hoạch số …)": docgen writes it from the document's number/date.
                rd.take_para(paras[i])
                rd.omit(_("dòng ghi chú của phụ lục {n} (docgen ghi lại từ số, ngày của văn "
                          "bản)").format(n=n + 1), text, lost=False)
                attached = not text.rstrip().endswith(")")
                i += 1
                if not attached:
                    nxt = para_lines(paras[i], markup=False) if i < len(paras) else []
                    if nxt and _DASH_ONLY.match(" ".join(nxt)):
                        rd.take_para(paras[i])
                        i += 1
                    break
                continue
            title.extend(lines)
            rd.take_para(paras[i])
            i += 1
        body = [line for _, line, _ in _stream(paras[i:], rd)]
        section = flow.sections[min(sections.get(id(paras[0]), 0), len(flow.sections) - 1)] \
            if flow.sections else None
        item: dict[str, Any] = {"tieu_de": " ".join(title) or f"Phụ lục {n + 1}",
                                "noi_dung": "\n".join(body) or "…"}
        if section is not None and section.width > section.height:
            item["ngang"] = True
        out.append(item)
    return out

