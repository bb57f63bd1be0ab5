"""The .docx package: a lean set of parts, zipped the same way every time.

Only the parts a document uses are shipped (styles for Times New Roman in all four font slots and
no theme, settings, the page-number headers); they never change, so they are built once per
process. The zip has fixed timestamps and order, so the same document gives the same bytes
whichever process renders it.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..layout import LAYOUT
from ..ooxml import (
    CT,
    CT_CORE_PROPERTIES,
    CT_DOCUMENT_MAIN,
    CT_EXTENDED_PROPERTIES,
    CT_FONT_TABLE,
    CT_HEADER,
    CT_RELATIONSHIPS,
    CT_SETTINGS,
    CT_STYLES,
    CT_XML,
    EP,
    RT_CORE_PROPERTIES,
    RT_EXTENDED_PROPERTIES,
    RT_OFFICE_DOCUMENT,
    WORD_COMPAT_URI,
    declarations,
)
from ..ooxml import CT_FOOTER as _FOOTER_TYPE
from ..ooxml import PKG_REL as _PKG_R
from ..ooxml import R as _R
from ..ooxml import W as _W
from .wml import Font, Para, escape, half_points, paragraph

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every zip member docgen writes, so equal input gives equal bytes."""

CONTENT_TYPES = _XML + (
    f'<Types xmlns="{CT}">'
    f'<Default Extension="rels" ContentType="{CT_RELATIONSHIPS}"/>'
    f'<Default Extension="xml" ContentType="{CT_XML}"/>'
    f'<Override PartName="/word/document.xml" ContentType="{CT_DOCUMENT_MAIN}"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{CT_STYLES}"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{CT_SETTINGS}"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{CT_FONT_TABLE}"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{CT_HEADER}"/>'
    f'<Override PartName="/word/header2.xml" ContentType="{CT_HEADER}"/>'
    f'<Override PartName="/docProps/core.xml" ContentType="{CT_CORE_PROPERTIES}"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{CT_EXTENDED_PROPERTIES}"/>'
    "</Types>"
)
CONTENT_TYPES_WITH_FOOTERS = CONTENT_TYPES.replace("</Types>", "".join(
    f'<Override PartName="/word/{name}" ContentType="{_FOOTER_TYPE}"/>'
    for name in ("footer1.xml", "footer2.xml")) + "</Types>")
"""Content types when the page-1 footer carries the agency's address (R-47)."""

ROOT_RELS = _XML + (
    f'<Relationships xmlns="{_PKG_R}">'
    f'<Relationship Id="rId1" Type="{RT_OFFICE_DOCUMENT}" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{RT_CORE_PROPERTIES}" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{RT_EXTENDED_PROPERTIES}" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = _XML + (
    f'<Relationships xmlns="{_PKG_R}">'
    f'<Relationship Id="rIdStyles" Type="{_R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_R}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{_R}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdHeaderDefault" Type="{_R}/header" Target="header1.xml"/>'
    f'<Relationship Id="rIdHeaderFirst" Type="{_R}/header" Target="header2.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS_WITH_FOOTERS = DOCUMENT_RELS.replace("</Relationships>", (
    f'<Relationship Id="rIdFooterFirst" Type="{_R}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterEmpty" Type="{_R}/footer" Target="footer2.xml"/>'
    "</Relationships>"))


def _fonts_xml() -> str:
    name = LAYOUT.font
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}" w:eastAsia="{name}"/>'


def styles_xml() -> str:
    """Styles with Times New Roman in all four slots, no theme fonts, Vietnamese language."""
    size = half_points(LAYOUT["noi_dung"].size_pt)
    lang = LAYOUT.lang
    return _XML + (
        f'<w:styles xmlns:w="{_W}">'
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{_fonts_xml()}<w:color w:val="000000"/><w:sz w:val="{size}"/>'
        f'<w:szCs w:val="{size}"/><w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/><w:rPr>{_fonts_xml()}<w:lang w:val=\"{lang}\"/></w:rPr></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        "</w:styles>"
    )


def settings_xml() -> str:
    """Settings: Word 2013+ layout (no compatibility mode), Vietnamese proofing."""
    return _XML + (
        f'<w:settings xmlns:w="{_W}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat>"
        f'<w:compatSetting w:name="compatibilityMode" w:uri="{WORD_COMPAT_URI}" w:val="15"/>'
        "</w:compat>"
        f'<w:themeFontLang w:val="{LAYOUT.lang}"/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    """The one font the document uses."""
    return _XML + (
        f'<w:fonts xmlns:w="{_W}"><w:font w:name="{LAYOUT.font}">'
        '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def header_xml(with_page_number: bool) -> str:
    """A header part: the centred PAGE field (R-04), or empty for the first page."""
    element = LAYOUT.page_number
    f = Font(element.size_pt, bool(element.bold), bool(element.italic))
    fmt = Para(align="center")
    if with_page_number:
        rpr = f.rpr()
        runs = (
            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r>{rpr}<w:t>2</w:t></w:r>"
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        )
    else:
        runs = ""
    return _XML + f'<w:hdr xmlns:w="{_W}">{paragraph(runs, fmt, f)}</w:hdr>'


def core_xml(title: str, author: str, created: date | None) -> str:
    """Document properties: title = trích yếu, author = agency, language vi-VN."""
    when = (f'<dcterms:created xsi:type="dcterms:W3CDTF">{created.isoformat()}T00:00:00Z'
            "</dcterms:created>") if created else ""
    return _XML + (
        f'<cp:coreProperties {declarations("cp", "dc", "dcterms", "xsi")}>'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<dc:language>{LAYOUT.lang}</dc:language>{when}"
        "</cp:coreProperties>"
    )


APP_XML = _XML + (
    f'<Properties xmlns="{EP}"><Application>docgen</Application></Properties>'
)


@dataclass(frozen=True)
class _Member:
    """A zip member, already deflated."""

    name: bytes
    crc: int
    size: int
    deflated: bytes


def _member(name: str, data: bytes) -> _Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as zip stores it
    return _Member(name.encode(), zlib.crc32(data), len(data),
                   packer.compress(data) + packer.flush())


def footer_part(body: str) -> str:
    """A footer part holding ``body`` (paragraphs)."""
    return _XML + f'<w:ftr xmlns:w="{_W}">{body}</w:ftr>'


@cache
def _footer_static() -> tuple[_Member, ...]:
    empty = paragraph("", Para(), Font(LAYOUT["dia_chi"].size_pt))
    return (_member("word/_rels/document.xml.rels", DOCUMENT_RELS_WITH_FOOTERS.encode()),
            _member("word/footer2.xml", footer_part(empty).encode()),
            _member("[Content_Types].xml", CONTENT_TYPES_WITH_FOOTERS.encode()))


@cache
def static_parts() -> tuple[_Member, ...]:
    """The parts every document shares, deflated once per process."""
    return tuple(_member(name, text.encode()) for name, text in (
        ("_rels/.rels", ROOT_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/header1.xml", header_xml(True)),
        ("word/header2.xml", header_xml(False)),
        ("docProps/app.xml", APP_XML),
    ))


@cache
def _content_types() -> _Member:
    return _member("[Content_Types].xml", CONTENT_TYPES.encode())


# ZIP_TIME in MS-DOS form.
_DOS_TIME = (ZIP_TIME[3] << 11) | (ZIP_TIME[4] << 5) | (ZIP_TIME[5] // 2)
_DOS_DATE = ((ZIP_TIME[0] - 1980) << 9) | (ZIP_TIME[1] << 5) | ZIP_TIME[2]
_VERSION = 20  # deflate needs zip 2.0; "made by" MS-DOS, as zipfile writes with create_system 0


def _zip(members: list[_Member]) -> bytes:
    """A zip archive of ``members``, in order.

    zipfile cannot take data that is already deflated, and deflating the shared parts again for
    every document of a batch costs more than the document itself; the format is small enough
    to write here (local headers, central directory, end record; no zip64 for a few kB).
    """
    out = bytearray()
    central = bytearray()
    for m in members:
        offset = len(out)
        fields = (_VERSION, 0, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, m.crc,
                  len(m.deflated), m.size, len(m.name))
        out += struct.pack("<4s5H3LHH", b"PK\x03\x04", *fields, 0) + m.name + m.deflated
        central += struct.pack("<4sH5H3L5HLL", b"PK\x01\x02", _VERSION, *fields, 0, 0, 0, 0, 0,
                               offset) + m.name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(central), len(out), 0)
    return bytes(out + central + end)


def build_package(document_xml: str, core: str, footer: str | None = None) -> bytes:
    """The .docx bytes: content types first, then the document, core and shared parts.

    ``footer`` (paragraphs) is the first page's footer: the agency's address line (R-47).
    """
    if footer is None:
        return _zip([_content_types(), _member("word/document.xml", document_xml.encode()),
                     _member("docProps/core.xml", core.encode()), *static_parts()])
    rels, empty, types = _footer_static()
    shared = [m for m in static_parts() if m.name != rels.name]
    return _zip([types, _member("word/document.xml", document_xml.encode()),
                 _member("docProps/core.xml", core.encode()),
                 _member("word/footer1.xml", footer_part(footer).encode()), empty, rels,
                 *shared])
