"""Effective formatting and positions, on small hand-written parts."""

from __future__ import annotations

from lxml import etree

from docgen.check.flow import read_flow, side_of
from docgen.check.reader import Package
from docgen.check.styles import StyleSheet
from docgen.ooxml import A, W

STYLES = f"""<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"
 w:eastAsiaTheme="minorEastAsia" w:cs="Times New Roman"/><w:sz w:val="22"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="200"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="26"/></w:rPr>
</w:style>
<w:style w:type="paragraph" w:styleId="Base"><w:basedOn w:val="Normal"/>
 <w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/><w:tabs><w:tab w:val="center" w:pos="2000"/>
 </w:tabs></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="Base"/>
 <w:pPr><w:ind w:hanging="200"/><w:tabs><w:tab w:val="clear" w:pos="2000"/>
 <w:tab w:val="right" w:pos="5000"/></w:tabs></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
</w:styles>"""

THEME = f"""<a:theme xmlns:a="{A}"><a:themeElements><a:fontScheme>
<a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>
<a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/>
<a:font script="Jpan" typeface="MS Mincho"/></a:minorFont></a:fontScheme></a:themeElements>
</a:theme>"""

SETTINGS = f'<w:settings xmlns:w="{W}"><w:themeFontLang w:val="vi-VN" w:eastAsia="ja-JP"/>' \
    "</w:settings>"


def sheet() -> StyleSheet:
    return StyleSheet.from_parts(etree.fromstring(STYLES), etree.fromstring(THEME), None,
                                 etree.fromstring(SETTINGS))


def test_based_on_chain_and_tabs_merge() -> None:
    props = sheet().paragraph_properties({"pStyle": "Child"})
    assert props["jc"] == "both"  # from Base
    assert props["ind.first"] == -200  # Child's hanging replaces Base's first line
    assert props["sp.after"] == 200  # docDefaults
    assert props["tabs"] == [("right", 5000)]  # Base's stop cleared by Child


def test_run_properties_through_styles_and_theme() -> None:
    s = sheet()
    rpr = s.run_properties({}, "Child")
    assert rpr["sz"] == 14 and rpr["b"] is True
    assert rpr["font.ascii"] == "Times New Roman"  # minorHAnsi in the theme
    assert rpr["font.eastAsia"] == "MS Mincho"  # theme ea empty: the Japanese script font
    assert rpr["font.cs"] == "Times New Roman"


def test_character_style_toggles_bold_off_in_bold_paragraph_style() -> None:
    s = sheet()
    rpr = s.run_properties({"rStyle": "Strong"}, "Base")
    assert rpr["b"] is False and rpr["i"] is True
    direct = s.run_properties({"rStyle": "Strong", "b": True}, "Base")
    assert direct["b"] is True  # direct formatting is absolute


def test_based_on_loop_does_not_hang() -> None:
    assert sheet().chain("Loop1", "paragraph") == ({}, {})


def test_tab_stops_place_segments_left_and_right() -> None:
    document = etree.fromstring(f"""<w:document xmlns:w="{W}"><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="1800"/><w:tab w:val="center" w:pos="6500"/>
</w:tabs></w:pPr><w:r><w:tab/><w:t>ỦY BAN NHÂN DÂN</w:t><w:tab/>
<w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134"
 w:left="1701"/></w:sectPr></w:body></w:document>""".encode())
    flow = read_flow(Package("t", document, etree.fromstring(STYLES)))
    left, right = flow.segments
    assert (left.side, left.align, right.side, right.align) == ("L", "center", "R", "center")
    assert abs(left.x_center - 1800) < 1 and abs(right.x_center - 6500) < 1


def test_side_of() -> None:
    assert [side_of(x, 100) for x in (10, 50, 90)] == ["L", "C", "R"]


NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>
 </w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>
 </w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def _item(num: int, level: int, text: str) -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
            f'</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>')


def test_list_numbers_are_read_as_word_shows_them() -> None:
    items = [(2, 0, "MỤC ĐÍCH"), (1, 0, "Một"), (1, 1, "điểm"), (1, 1, "điểm"), (1, 0, "Hai"),
             (1, 1, "điểm"), (2, 0, "YÊU CẦU")]
    body = "".join(_item(*i) for i in items)
    document = etree.fromstring(f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    flow = read_flow(Package("x", document, numbering=etree.fromstring(NUMBERING)))
    assert [p.numbering_text for p in flow.paras] == ["I.", "1.", "a)", "b)", "2.", "a)", "II."]
    assert flow.paras[2].segments[0].text == "a) điểm"
