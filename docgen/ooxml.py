"""The Office Open XML vocabulary docgen speaks, each fact defined once.

Namespaces (ECMA-376 Part 1 Transitional, plus the Microsoft extensions Word writes), their
usual prefixes in :data:`NS`, :func:`qn` for Clark names (``qn("w:jc")`` →
``{http://…/wordprocessingml/2006/main}jc``) and :func:`declarations` for ``xmlns:`` attributes
of XML written as text; the content types and relationship types of the parts docgen writes
and reads; and the units WordprocessingML counts in:

===================  ==========================================================  =============
unit                 where                                                       per point
===================  ==========================================================  =============
twip (1/20 pt)       page size, margins, indents, spacing, table widths          20
half-point           font sizes (``w:sz``, ``w:szCs``)                           2
eighth of a point    border widths (``w:pBdr/w:bottom/@w:sz``, table borders)     8
EMU                  DrawingML positions and extents (``wp:extent/@cx``)         12700
===================  ==========================================================  =============

Render writes with these names, check and extract read with them, the tests build their
fixtures with them; no other module spells a namespace URI (tests/test_ooxml.py).
"""

from __future__ import annotations

from functools import cache

__all__ = [
    "CP",
    "CT",
    "CT_CORE_PROPERTIES",
    "CT_DOCUMENT_MAIN",
    "CT_EXTENDED_PROPERTIES",
    "CT_FONT_TABLE",
    "CT_FOOTER",
    "CT_HEADER",
    "CT_RELATIONSHIPS",
    "CT_SETTINGS",
    "CT_STYLES",
    "CT_XML",
    "DC",
    "DCTERMS",
    "DGM",
    "DOCX_MEDIA_TYPE",
    "EIGHTHS_PER_PT",
    "EMU_PER_INCH",
    "EMU_PER_PT",
    "EMU_PER_TWIP",
    "EP",
    "HALF_POINTS_PER_PT",
    "MC",
    "MM_PER_INCH",
    "NS",
    "PIC",
    "PKG_REL",
    "PT_PER_INCH",
    "RT_COMMENTS",
    "RT_CORE_PROPERTIES",
    "RT_ENDNOTES",
    "RT_EXTENDED_PROPERTIES",
    "RT_FONT_TABLE",
    "RT_FOOTER",
    "RT_FOOTNOTES",
    "RT_HEADER",
    "RT_IMAGE",
    "RT_NUMBERING",
    "RT_OFFICE_DOCUMENT",
    "RT_SETTINGS",
    "RT_STYLES",
    "RT_THEME",
    "SML",
    "STRICT_W",
    "TWIPS_PER_CM",
    "TWIPS_PER_EMU",
    "TWIPS_PER_HALF_POINT",
    "TWIPS_PER_INCH",
    "TWIPS_PER_MM",
    "TWIPS_PER_PICA",
    "TWIPS_PER_PT",
    "TWIPS_PER_PX",
    "UNIVERSAL_MEASURE_TWIPS",
    "W14",
    "WORD_COMPAT_URI",
    "WP",
    "WPS",
    "XLSX_MEDIA_TYPE",
    "XML",
    "XSI",
    "A",
    "C",
    "M",
    "R",
    "V",
    "W",
    "cm_to_twips",
    "declarations",
    "half_points",
    "mm_to_twips",
    "pt_to_twips",
    "qn",
    "twips_to_pt",
]

# -- namespaces ----------------------------------------------------------------------------

_OPENXML = "http://schemas.openxmlformats.org"
_DRAWINGML = f"{_OPENXML}/drawingml/2006"
_OFFICE_DOCUMENT = f"{_OPENXML}/officeDocument/2006"
_PACKAGE = f"{_OPENXML}/package/2006"

W = f"{_OPENXML}/wordprocessingml/2006/main"
"""WordprocessingML: ``w:document``, ``w:p``, ``w:r``… (the main namespace of a .docx)."""
R = f"{_OFFICE_DOCUMENT}/relationships"
"""Relationship references inside a part: ``r:id``, ``r:embed``."""
WP = f"{_DRAWINGML}/wordprocessingDrawing"
"""A drawing's anchoring in the text: ``wp:inline``, ``wp:anchor``, ``wp:extent``."""
A = f"{_DRAWINGML}/main"
"""DrawingML proper: ``a:graphic``, ``a:xfrm``, ``a:ln``."""
PIC = f"{_DRAWINGML}/picture"
"""A picture inside a drawing: ``pic:pic``."""
C = f"{_DRAWINGML}/chart"
"""A chart inside a drawing: ``c:chart``."""
DGM = f"{_DRAWINGML}/diagram"
"""SmartArt inside a drawing: ``dgm:relIds``."""
M = f"{_OFFICE_DOCUMENT}/math"
"""Office Math: ``m:oMath``, ``m:oMathPara``."""
MC = f"{_OPENXML}/markup-compatibility/2006"
"""Markup compatibility: ``mc:AlternateContent``, ``mc:Choice``, ``mc:Fallback``."""
V = "urn:schemas-microsoft-com:vml"
"""VML, the drawings of Word 2003 and the fallback of newer ones: ``v:line``, ``v:imagedata``."""
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
"""Word 2010 shapes (text boxes, lines): ``wps:wsp``, ``wps:txbx``."""
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
"""Word 2010 additions to WordprocessingML: ``w14:paraId``, ``w14:checkbox``."""
PKG_REL = f"{_PACKAGE}/relationships"
"""A ``.rels`` part: ``Relationships``, ``Relationship``."""
CT = f"{_PACKAGE}/content-types"
"""``[Content_Types].xml``: ``Types``, ``Default``, ``Override``."""
CP = f"{_PACKAGE}/metadata/core-properties"
"""``docProps/core.xml``: ``cp:coreProperties``."""
DC = "http://purl.org/dc/elements/1.1/"
"""Dublin Core elements in the core properties: ``dc:title``, ``dc:creator``."""
DCTERMS = "http://purl.org/dc/terms/"
"""Dublin Core terms in the core properties: ``dcterms:created``."""
XSI = "http://www.w3.org/2001/XMLSchema-instance"
"""``xsi:type`` of a core property's date."""
EP = f"{_OFFICE_DOCUMENT}/extended-properties"
"""``docProps/app.xml``: ``Properties``, ``Application``."""
SML = f"{_OPENXML}/spreadsheetml/2006/main"
"""SpreadsheetML (the register exported as .xlsx): ``worksheet``, ``row``, ``c``."""
XML = "http://www.w3.org/XML/1998/namespace"
"""The ``xml:`` prefix every XML document has (``xml:space``)."""
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
"""WordprocessingML of "Strict Open XML" documents, which docgen recognises and refuses."""

WORD_COMPAT_URI = "http://schemas.microsoft.com/office/word"
"""The ``w:uri`` of Word's own compatibility settings (``compatibilityMode``)."""

NS: dict[str, str] = {
    "w": W, "r": R, "wp": WP, "a": A, "pic": PIC, "c": C, "dgm": DGM, "m": M, "mc": MC,
    "v": V, "wps": WPS, "w14": W14, "cp": CP, "dc": DC, "dcterms": DCTERMS, "xsi": XSI,
    "ep": EP, "ct": CT, "rel": PKG_REL, "s": SML,
}
"""The prefixes docgen uses, as Word writes them (``ep``, ``ct``, ``rel`` and ``s`` are the
default namespaces of their parts, named here for XPath); a ``namespaces=`` map for lxml."""


@cache
def qn(name: str) -> str:
    """The Clark name of a prefixed name: ``qn("w:jc")`` → ``{…/wordprocessingml/2006/main}jc``.

    ``xml:space`` works too; an unknown prefix or a name without one is a programming error
    (``KeyError``, ``ValueError``)."""
    prefix, colon, local = name.partition(":")
    if not colon or not local:
        raise ValueError(f"not a prefixed name: {name!r}")
    uri = XML if prefix == "xml" else NS[prefix]
    return f"{{{uri}}}{local}"


def declarations(*prefixes: str) -> str:
    """``xmlns:`` attributes for XML written as text: ``declarations("w", "r")`` →
    ``xmlns:w="…" xmlns:r="…"``."""
    return " ".join(f'xmlns:{prefix}="{NS[prefix]}"' for prefix in prefixes)


# -- content types of parts ----------------------------------------------------------------

_WML_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
CT_DOCUMENT_MAIN = f"{_WML_TYPE}.document.main+xml"
CT_STYLES = f"{_WML_TYPE}.styles+xml"
CT_SETTINGS = f"{_WML_TYPE}.settings+xml"
CT_FONT_TABLE = f"{_WML_TYPE}.fontTable+xml"
CT_HEADER = f"{_WML_TYPE}.header+xml"
CT_FOOTER = f"{_WML_TYPE}.footer+xml"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_EXTENDED_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

DOCX_MEDIA_TYPE = f"{_WML_TYPE}.document"
"""The media type of a whole .docx file (a download, an upload)."""
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The media type of a whole .xlsx file."""

# -- relationship types --------------------------------------------------------------------

RT_OFFICE_DOCUMENT = f"{R}/officeDocument"
RT_CORE_PROPERTIES = f"{PKG_REL}/metadata/core-properties"
RT_EXTENDED_PROPERTIES = f"{R}/extended-properties"
RT_STYLES = f"{R}/styles"
RT_SETTINGS = f"{R}/settings"
RT_FONT_TABLE = f"{R}/fontTable"
RT_HEADER = f"{R}/header"
RT_FOOTER = f"{R}/footer"
RT_THEME = f"{R}/theme"
RT_NUMBERING = f"{R}/numbering"
RT_IMAGE = f"{R}/image"
RT_FOOTNOTES = f"{R}/footnotes"
RT_ENDNOTES = f"{R}/endnotes"
RT_COMMENTS = f"{R}/comments"

# -- units ---------------------------------------------------------------------------------

PT_PER_INCH = 72
MM_PER_INCH = 25.4
TWIPS_PER_PT = 20
"""A twip is a twentieth of a point: the unit of lengths in WordprocessingML."""
TWIPS_PER_INCH = TWIPS_PER_PT * PT_PER_INCH  # 1440
TWIPS_PER_MM = TWIPS_PER_INCH / MM_PER_INCH
TWIPS_PER_CM = TWIPS_PER_MM * 10
TWIPS_PER_PICA = TWIPS_PER_PT * 12  # 240
TWIPS_PER_PX = TWIPS_PER_INCH / 96  # 15: a CSS pixel, VML's unit for a bare number
HALF_POINTS_PER_PT = 2
"""Font sizes (``w:sz``) count half-points."""
TWIPS_PER_HALF_POINT = TWIPS_PER_PT / HALF_POINTS_PER_PT  # 10
EIGHTHS_PER_PT = 8
"""Border widths (``w:sz`` of a border) count eighths of a point."""
EMU_PER_TWIP = 635
"""DrawingML counts English Metric Units: 914400 to the inch, 635 to the twip."""
EMU_PER_PT = EMU_PER_TWIP * TWIPS_PER_PT  # 12700
EMU_PER_INCH = EMU_PER_TWIP * TWIPS_PER_INCH  # 914400
EMU_PER_CM = 360000  # EMU_PER_INCH / 2.54, a whole number by design of the unit
TWIPS_PER_EMU = 1 / EMU_PER_TWIP

UNIVERSAL_MEASURE_TWIPS: dict[str, float] = {
    "mm": TWIPS_PER_MM, "cm": TWIPS_PER_CM, "in": float(TWIPS_PER_INCH),
    "pt": float(TWIPS_PER_PT), "pc": float(TWIPS_PER_PICA), "pi": float(TWIPS_PER_PICA)}
"""Twips per unit of ST_UniversalMeasure (ECMA-376 §22.9.2.15): ``2cm``, ``12pt``, ``1in``."""


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips (twentieths of a point), rounded as Word stores them."""
    return round(mm * TWIPS_PER_MM)


def cm_to_twips(cm: float) -> int:
    """Centimetres to twips."""
    return mm_to_twips(cm * 10)


def pt_to_twips(pt: float) -> int:
    """Points to twips (spacing, line heights)."""
    return round(pt * TWIPS_PER_PT)


def twips_to_pt(twips: float) -> float:
    """Twips to points."""
    return twips / TWIPS_PER_PT


def half_points(pt: float) -> int:
    """A font size in points as ``w:sz`` writes it, in half-points."""
    return round(pt * HALF_POINTS_PER_PT)
