"""Effective formatting: what Word shows for a run or paragraph, not what its XML says.

Properties are layered, lowest first: document defaults, the table style (inside tables), the
paragraph style with its ``basedOn`` chain, the numbering level (indents), the character style
with its chain, then direct formatting. Within a chain the nearest style wins. Bold, italic and
caps are toggle properties: a character style that turns bold on inside a bold paragraph style
turns it off (ECMA-376 §17.7.3), while direct formatting always sets the value outright.

Fonts are resolved slot by slot (ascii, hAnsi, eastAsia, cs); a theme reference
(``asciiTheme="minorHAnsi"``) is looked up in the theme part, as Word does, and wins over a plain
name given at the same level. A slot nobody sets stays ``None``: the application's default then
applies and the file says nothing about it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..ooxml import TWIPS_PER_HALF_POINT as HALF_POINT
from ..ooxml import UNIVERSAL_MEASURE_TWIPS as _UNIT_TWIPS
from ..ooxml import A, W

_W = f"{{{W}}}"

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTR = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme",
               "cs": "cstheme"}
_TOGGLES = ("b", "i", "caps")
_SCRIPTS = {"ja": "Jpan", "ko": "Hang", "zh-cn": "Hans", "zh-sg": "Hans", "zh-tw": "Hant",
            "zh-hk": "Hant", "zh": "Hans", "ar": "Arab", "he": "Hebr", "th": "Thai"}


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return _W + name


def on(el: etree._Element | None) -> bool | None:
    """The value of an on/off element (``<w:b/>``, ``<w:b w:val="0"/>``); None when absent."""
    if el is None:
        return None
    val = el.get(_W + "val")
    return val is None or val.lower() not in ("0", "false", "off", "none")


# Word keeps lengths in 32-bit integers: anything larger is no value Word wrote, and refusing it
# keeps sums of lengths finite further on.
_LIMIT = 2.0 ** 31


def _parse(value: str | None) -> tuple[float, str] | None:
    """(number, unit) of an attribute value; unit ``""`` for a bare number."""
    if value is None:
        return None
    unit = ""
    try:
        number = float(value)  # the common case, kept fast: one call per run and paragraph
    except ValueError:
        text = value.strip()
        unit = text[-2:].lower()
        if unit not in _UNIT_TWIPS:
            return None
        try:
            number = float(text[:-2])
        except ValueError:
            return None
    if not -_LIMIT <= number <= _LIMIT:  # also false for nan
        return None
    return number, unit


def twips(value: str | None, unit: float = 1.0) -> float | None:
    """A length attribute in twips; None when it is absent, unreadable or not finite.

    A bare number counts in ``unit`` twips (1 for twips, :data:`HALF_POINT` for ``w:sz``,
    1/635 (an EMU) for DrawingML); a universal measure (``2cm``, ``12pt``, ``1in``, ``-0.5mm``,
    allowed by ST_TwipsMeasure, ST_SignedTwipsMeasure and ST_HpsMeasure) carries its own unit.
    """
    parsed = _parse(value)
    if parsed is None:
        return None
    number, measure = parsed
    return number * (_UNIT_TWIPS[measure] if measure else unit)


def whole(value: str | None) -> int | None:
    """A count or index attribute (``w:gridSpan``, ``w:ilvl``); None unless a plain number."""
    parsed = _parse(value)
    if parsed is None or parsed[1]:
        return None
    return round(parsed[0])


def _round_twips(value: str | None) -> int | None:
    """A length in twips, rounded (what the properties store)."""
    value_twips = twips(value)
    return None if value_twips is None else round(value_twips)


PropReader = Callable[[str, etree._Element, dict[str, Any]], None]
"""Reads one child of a ``w:rPr`` or ``w:pPr`` (its local name, the element) into the dict."""


def _read_props(parent: etree._Element | None, readers: dict[str, PropReader]) -> dict[str, Any]:
    """The properties set by the WordprocessingML children of ``parent``, each read by the
    reader of its local name; a child no reader knows (or of another namespace) is skipped."""
    out: dict[str, Any] = {}
    if parent is None:
        return out
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(_W):
            continue  # comments, processing instructions, other vocabularies
        name = tag[len(_W):]
        reader = readers.get(name)
        if reader is not None:
            reader(name, child, out)
    return out


def _read_on(name: str, el: etree._Element, out: dict[str, Any]) -> None:
    out[name] = on(el)


def _read_val(name: str, el: etree._Element, out: dict[str, Any]) -> None:
    out[name] = el.get(_W + "val")


def _read_fonts(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    for slot in FONT_SLOTS:
        theme = el.get(_W + _THEME_ATTR[slot])
        if theme is not None:
            out["font." + slot] = ("theme", theme)
        else:
            plain = el.get(_W + slot)
            if plain is not None:
                out["font." + slot] = plain


def _read_size(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    size = twips(el.get(_W + "val"), HALF_POINT)
    if size is not None:
        out["sz"] = round(size / 10) / 2  # whole half-points, as Word keeps them


def _read_color(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    theme = el.get(_W + "themeColor")
    out["color"] = ("theme", theme) if theme else el.get(_W + "val")


_RPR_READERS: dict[str, PropReader] = {
    "rFonts": _read_fonts, "sz": _read_size, "color": _read_color,
    "rStyle": _read_val, "vertAlign": _read_val,
    **dict.fromkeys((*_TOGGLES, "vanish", "webHidden", "strike", "dstrike", "smallCaps"),
                    _read_on),
}


def read_rpr(rpr: etree._Element | None) -> dict[str, Any]:
    """The run properties set by one ``w:rPr``, as a flat dict."""
    return _read_props(rpr, _RPR_READERS)


def _read_ind(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    for attr, key in (("left", "ind.left"), ("start", "ind.left"),
                      ("right", "ind.right"), ("end", "ind.right")):
        value = _round_twips(el.get(_W + attr))
        if value is not None:
            out[key] = value
    hanging = _round_twips(el.get(_W + "hanging"))
    first = _round_twips(el.get(_W + "firstLine"))
    if hanging is not None:
        out["ind.first"] = -hanging
    elif first is not None:
        out["ind.first"] = first


def _read_spacing(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    for attr in ("before", "after", "line"):
        value = _round_twips(el.get(_W + attr))
        if value is not None:
            out["sp." + attr] = value
    rule = el.get(_W + "lineRule")
    if rule is not None:
        out["sp.lineRule"] = rule
    for attr in ("beforeAutospacing", "afterAutospacing"):
        value = el.get(_W + attr)
        if value is not None:
            out["sp." + attr] = value.lower() in ("1", "true", "on")


def _read_borders(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    for edge in el:
        if isinstance(edge.tag, str):
            val = edge.get(_W + "val", "nil")
            out["bdr." + etree.QName(edge).localname] = (
                None if val in ("nil", "none") else
                (val, _round_twips(edge.get(_W + "sz")) or 0))


def _read_tabs(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    out["tabs"] = [(tab.get(_W + "val"), _round_twips(tab.get(_W + "pos")) or 0)
                   for tab in el if isinstance(tab.tag, str)]


def _read_numpr(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    ilvl = el.find(w("ilvl"))
    num = el.find(w("numId"))
    out["numPr"] = (num.get(_W + "val") if num is not None else None,
                    whole(ilvl.get(_W + "val")) if ilvl is not None else 0)


def _read_frame(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    out["framePr"] = {etree.QName(k).localname: v for k, v in el.attrib.items()}


def _read_mark_rpr(_name: str, el: etree._Element, out: dict[str, Any]) -> None:
    out["markRPr"] = read_rpr(el)  # the paragraph mark's run properties


_PPR_READERS: dict[str, PropReader] = {
    "jc": _read_val, "pStyle": _read_val, "ind": _read_ind, "spacing": _read_spacing,
    "pBdr": _read_borders, "tabs": _read_tabs, "numPr": _read_numpr,
    "contextualSpacing": _read_on, "framePr": _read_frame, "rPr": _read_mark_rpr,
}


def read_ppr(ppr: etree._Element | None) -> dict[str, Any]:
    """The paragraph properties set by one ``w:pPr``, as a flat dict (lengths in twips)."""
    return _read_props(ppr, _PPR_READERS)


def merge_ppr(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """``top`` over ``base``; tab stops accumulate (a ``clear`` stop removes one below)."""
    out = dict(base)
    for key, value in top.items():
        if key == "tabs":
            stops = {pos: val for val, pos in out.get("tabs", [])}
            for val, pos in value:
                if val == "clear":
                    stops.pop(pos, None)
                else:
                    stops[pos] = val
            out["tabs"] = [(val, pos) for pos, val in sorted(stops.items())]
        else:
            out[key] = value
    return out


@dataclass
class Style:
    """One ``w:style`` as written."""

    id: str
    type: str
    based_on: str | None
    rpr: dict[str, Any]
    ppr: dict[str, Any]
    default: bool = False


@dataclass
class StyleSheet:
    """styles.xml, theme and numbering, with cached resolution of style chains."""

    styles: dict[str, Style] = field(default_factory=dict)
    default_rpr: dict[str, Any] = field(default_factory=dict)
    default_ppr: dict[str, Any] = field(default_factory=dict)
    default_para: str | None = None
    default_char: str | None = None
    default_table: str | None = None
    theme_fonts: dict[str, str] = field(default_factory=dict)
    numbering: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._chain_cache: dict[tuple[str, str | None], tuple[dict, dict]] = {}
        self._rpr_cache: dict[tuple[str | None, str | None, str | None], dict[str, Any]] = {}

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_parts(cls, styles: etree._Element | None, theme: etree._Element | None = None,
                   numbering: etree._Element | None = None,
                   settings: etree._Element | None = None) -> StyleSheet:
        """Read styles.xml, the theme, numbering.xml and the theme languages of settings.xml."""
        sheet = cls()
        if styles is not None:
            defaults = styles.find(w("docDefaults"))
            if defaults is not None:
                sheet.default_rpr = read_rpr(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
                sheet.default_ppr = read_ppr(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
            for el in styles.iter(w("style")):
                sid = el.get(w("styleId"))
                if sid is None:
                    continue
                based = el.find(w("basedOn"))
                style = Style(
                    id=sid, type=el.get(w("type"), "paragraph"),
                    based_on=based.get(w("val")) if based is not None else None,
                    rpr=read_rpr(el.find(w("rPr"))), ppr=read_ppr(el.find(w("pPr"))),
                    default=el.get(w("default")) in ("1", "true", "on"),
                )
                sheet.styles[sid] = style
                if style.default:
                    if style.type == "paragraph":
                        sheet.default_para = sid
                    elif style.type == "character":
                        sheet.default_char = sid
                    elif style.type == "table":
                        sheet.default_table = sid
        sheet.theme_fonts = _theme_fonts(theme, settings)
        if numbering is not None:
            sheet.numbering = _numbering(numbering)
        return sheet

    # -- style chains ---------------------------------------------------------------------------

    def chain(self, style_id: str | None, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """(rPr, pPr) of a style merged along its ``basedOn`` chain, nearest last."""
        key = (kind, style_id)
        cached = self._chain_cache.get(key)
        if cached is not None:
            return cached
        styles: list[Style] = []
        seen: set[str] = set()
        sid = style_id
        while sid is not None and sid not in seen and sid in self.styles:
            seen.add(sid)  # a basedOn loop is a broken file; stop rather than spin
            style = self.styles[sid]
            if style.type != kind:
                break
            styles.append(style)
            sid = style.based_on
        rpr: dict[str, Any] = {}
        ppr: dict[str, Any] = {}
        for style in reversed(styles):
            rpr.update(style.rpr)
            ppr = merge_ppr(ppr, style.ppr)
        result = (rpr, ppr)
        self._chain_cache[key] = result
        return result

    def paragraph_style(self, style_id: str | None) -> str | None:
        """The style a paragraph uses: its own or the default paragraph style."""
        if style_id and style_id in self.styles:
            return style_id
        return self.default_para

    def paragraph_properties(self, direct: dict[str, Any], table_style: str | None = None,
                             ) -> dict[str, Any]:
        """Effective paragraph properties for a paragraph with direct properties ``direct``."""
        ppr = dict(self.default_ppr)
        if table_style is not None:
            ppr = merge_ppr(ppr, self.chain(table_style, "table")[1])
        style = self.paragraph_style(direct.get("pStyle"))
        style_ppr = self.chain(style, "paragraph")[1]
        ppr = merge_ppr(ppr, style_ppr)
        num = direct.get("numPr") or style_ppr.get("numPr")
        if num is not None:
            level = self.numbering_level(num)
            if level is not None:
                ppr = merge_ppr(ppr, level["ppr"])
        ppr = merge_ppr(ppr, direct)
        ppr["pStyle"] = style
        return ppr

    def run_properties(self, direct: dict[str, Any], para_style: str | None,
                       table_style: str | None = None) -> dict[str, Any]:
        """Effective run properties (fonts resolved through the theme)."""
        return dict(self._style_rpr(direct.get("rStyle"), para_style, table_style)) | \
            _direct(direct, self)

    def _style_rpr(self, char_style: str | None, para_style: str | None,
                   table_style: str | None) -> dict[str, Any]:
        key = (char_style, para_style, table_style)
        cached = self._rpr_cache.get(key)
        if cached is not None:
            return cached
        rpr = dict(self.default_rpr)
        if table_style is not None:
            rpr.update(self.chain(table_style, "table")[0])
        para_rpr = self.chain(para_style, "paragraph")[0]
        rpr.update(para_rpr)
        char = char_style if char_style in self.styles else self.default_char
        char_rpr = self.chain(char, "character")[0] if char else {}
        for key, value in char_rpr.items():
            if key in _TOGGLES and value and para_rpr.get(key):
                rpr[key] = False  # toggled off: on in both the paragraph and character style
            else:
                rpr[key] = value
        for slot in FONT_SLOTS:
            rpr["font." + slot] = self.font_name(rpr.get("font." + slot))
        self._rpr_cache[key] = rpr
        return rpr

    def font_name(self, value: Any) -> str | None:
        """A font slot's value as a family name, theme references looked up."""
        if isinstance(value, tuple):
            return self.theme_fonts.get(value[1]) or None
        return value

    def numbering_levels(self, num_id: str | None) -> dict[int, dict[str, Any]]:
        """Every level of list ``num_id`` (empty when it has none)."""
        return self.numbering.get(num_id or "", {})

    def numbering_level(self, num: tuple[str | None, int | None]) -> dict[str, Any] | None:
        """The level definition (ppr, numFmt, lvlText) of a ``numPr``."""
        num_id, ilvl = num
        if num_id is None or num_id == "0":
            return None
        levels = self.numbering.get(num_id)
        if not levels:
            return None
        return levels.get(ilvl or 0)


def _direct(direct: dict[str, Any], sheet: StyleSheet) -> dict[str, Any]:
    out = {k: v for k, v in direct.items() if k != "rStyle"}
    for slot in FONT_SLOTS:
        key = "font." + slot
        if key in out:
            out[key] = sheet.font_name(out[key])
    return out


def _theme_fonts(theme: etree._Element | None, settings: etree._Element | None,
                 ) -> dict[str, str]:
    """``minorHAnsi`` → family name, for every theme font reference."""
    if theme is None:
        return {}
    langs = {"eastAsia": "", "bidi": ""}
    if settings is not None:
        el = settings.find(w("themeFontLang"))
        if el is not None:
            langs = {k: (el.get(w(k)) or "").lower() for k in langs}
    out: dict[str, str] = {}
    for which in ("major", "minor"):
        font = theme.find(f".//{{{A}}}{which}Font")
        if font is None:
            continue
        scripts = {el.get("script"): el.get("typeface", "") for el in font.findall(f"{{{A}}}font")}

        def face(tag: str, lang: str, scripts: dict = scripts, font: Any = font) -> str:
            el = font.find(f"{{{A}}}{tag}")
            name = el.get("typeface", "") if el is not None else ""
            if not name and lang:
                script = _SCRIPTS.get(lang) or _SCRIPTS.get(lang.split("-")[0])
                name = scripts.get(script, "") if script else ""
            return name

        latin = face("latin", "")
        out[f"{which}Ascii"] = out[f"{which}HAnsi"] = latin
        out[f"{which}EastAsia"] = face("ea", langs["eastAsia"])
        out[f"{which}Bidi"] = face("cs", langs["bidi"])
    return out


def _numbering(root: etree._Element) -> dict[str, dict[int, dict[str, Any]]]:
    abstract: dict[str, dict[int, dict[str, Any]]] = {}
    for el in root.findall(w("abstractNum")):
        levels: dict[int, dict[str, Any]] = {}
        for lvl in el.findall(w("lvl")):
            fmt = lvl.find(w("numFmt"))
            text = lvl.find(w("lvlText"))
            start = lvl.find(w("start"))
            levels[whole(lvl.get(w("ilvl"))) or 0] = {
                "numFmt": fmt.get(w("val")) if fmt is not None else "decimal",
                "lvlText": text.get(w("val"), "") if text is not None else "",
                "start": (whole(start.get(w("val"))) if start is not None else None) or 1,
                "ppr": read_ppr(lvl.find(w("pPr"))),
            }
        abstract[el.get(w("abstractNumId"), "")] = levels
    out = {}
    for el in root.findall(w("num")):
        ref = el.find(w("abstractNumId"))
        if ref is not None:
            out[el.get(w("numId"), "")] = abstract.get(ref.get(w("val"), ""), {})
    return out
