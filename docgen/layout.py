"""The decree as data: every number of the layout, in one table.

The renderer draws with these values and ``docgen check`` compares a document against them, so a
house value changes here and nowhere else. Each element carries the rule id of
``shared/nd30.md`` (R-nn), the house value docgen writes, and the range the decree allows, which
is what the checker accepts in documents made by other tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from .i18n import N_, _

# The units are docgen.ooxml's, named here too for the modules that take them with the layout.
from .ooxml import TWIPS_PER_MM as TWIPS_PER_MM
from .ooxml import TWIPS_PER_PT as TWIPS_PER_PT
from .ooxml import cm_to_twips as cm_to_twips
from .ooxml import mm_to_twips as mm_to_twips

Align = Literal["left", "center", "right", "both"]

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
"""R-10: the national title, exactly."""
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
"""R-11: the motto, hyphen-minus with spaces."""


@dataclass(frozen=True)
class Margin:
    """One page margin: the house value and the decree's range, in millimetres."""

    mm: float
    min_mm: float
    max_mm: float


@dataclass(frozen=True)
class PageRule:
    """R-01, R-02: paper and margins."""

    rule_width: str = "R-01"
    width_mm: float = 210
    height_mm: float = 297
    rule_margins: str = "R-02"
    top: Margin = Margin(20, 20, 25)
    bottom: Margin = Margin(20, 20, 25)
    left: Margin = Margin(30, 30, 35)
    right: Margin = Margin(15, 15, 20)
    header_distance_mm: float = 10


@dataclass(frozen=True)
class Element:
    """How one element of the document is set.

    ``size_pt`` is the house value written by the renderer; ``size_range`` the decree's bounds,
    accepted by the checker. ``bold``/``italic``/``upper`` are requirements (None = free).
    """

    rule: str
    name: str
    """The element's name (Vietnamese, the catalog's msgid): show :attr:`label` to a clerk."""
    size_pt: float
    size_range: tuple[float, float]
    bold: bool | None = False
    italic: bool | None = False
    upper: bool = False
    align: Align | None = "center"

    @property
    def label(self) -> str:
        """The element's name in the clerk's language (``Quốc hiệu`` / ``National title``)."""
        return _(self.name)


@dataclass(frozen=True)
class BodyRule:
    """R-31: the body paragraphs."""

    rule: str = "R-31"
    first_line_indent_cm: float = 1.27
    first_line_indent_choices_cm: tuple[float, ...] = (1.0, 1.27)
    space_before_pt: float = 6
    min_paragraph_gap_pt: float = 6
    line_spacing: float = 1.15
    line_spacing_range: tuple[float, float] = (1.0, 1.5)


@dataclass(frozen=True)
class TableColumns:
    """Widths of a borderless two-column block, in centimetres (left, right).

    The right column of the header must hold the Quốc hiệu on one line: bold 13 pt Times New
    Roman is 95.7 mm and a cell loses about 3.8 mm to its margins, hence at least 10 cm.
    """

    left_cm: float
    right_cm: float


@dataclass(frozen=True)
class TableRule:
    """R-35: tables in the body: single borders, header row bold and repeated, inside the text
    width, 13 pt (12 pt when the table has many columns), numbers right-aligned."""

    rule: str = "R-35"
    size_pt: float = 13
    wide_size_pt: float = 12
    size_range: tuple[float, float] = (12, 13)
    wide_columns: int = 6
    """From this many columns the table is set at ``wide_size_pt``."""
    min_column_cm: float = 1.0
    column_slack_pt: float = 1
    """Added to a column's widest text so that rounding never wraps it."""
    border_eighths: int = 4
    cell_space_pt: float = 2
    """Space above and below the text of a cell."""
    space_before_pt: float = 6


@dataclass(frozen=True)
class AppendixRule:
    """R-50, R-51: an appendix starts a new section; wide tables may take a landscape one."""

    rule: str = "R-50"
    rule_landscape: str = "R-51"
    label_space_before_pt: float = 0
    kem_theo_space_after_pt: float = 3
    rule_width_cm: float = 4.0
    """The short rule under the ``(Kèm theo …)`` line."""
    content_space_before_pt: float = 12


@dataclass(frozen=True)
class Layout:
    """The whole layout table (house values of shared/nd30.md)."""

    page: PageRule = PageRule()
    font: str = "Times New Roman"
    lang: str = "vi-VN"
    rule_font: str = "R-03"
    page_number: Element = Element("R-04", N_("Số trang"), 14, (13, 14), align="center")
    header_columns: TableColumns = TableColumns(6.3, 10.2)
    closing_columns: TableColumns = TableColumns(6.3, 10.2)
    # A rule drawn as a paragraph border: its thickness in eighths of a point, the height of
    # the paragraph that carries it, and the gap between a line of text and the rule under it.
    rule_line_eighths: int = 6
    rule_paragraph_pt: float = 2
    above_rule_pt: float = 3
    # An empty paragraph that closes the body or a section (Word wants one after a table).
    filler_paragraph_pt: float = 1
    # The font of an empty paragraph that only carries a rule, a spacer or a section break:
    # small, so it never adds the height of a line of text.
    spacer_font_pt: float = 1
    # the agency's rule is this fraction of its longest line (decree: 1/3 to 1/2).
    agency_rule_ratio: float = 0.5
    agency_rule_ratio_range: tuple[float, float] = (1 / 3, 1 / 2)
    # rule under a titled kind's trích yếu, as a fraction of the line.
    title_rule_ratio: float = 0.4
    title_rule_ratio_range: tuple[float, float] = (1 / 3, 1 / 2)
    # empty lines left for the signature and seal (decree practice: 3 to 5).
    signature_blank_lines: int = 4
    signature_blank_range: tuple[int, int] = (3, 5)
    # Space before the V/v line and before the closing block.
    trich_yeu_space_before_pt: float = 6
    kinh_gui_space_before_pt: float = 12
    closing_space_before_pt: float = 6
    # Space above the Số line and the place-date line (same row of the header, R-16, R-19).
    so_space_before_pt: float = 6
    date_space_before_pt: float = 6
    # the urgency and circulation boxes: space above, padding inside the frame.
    box_space_before_pt: float = 6
    box_padding_mm: float = 1.5
    # space above the kind title.
    title_space_before_pt: float = 18
    # several recipients: "Kính gửi:" in a left column, the list in a right one.
    kinh_gui_columns: TableColumns = TableColumns(4.5, 12.0)
    kinh_gui_hanging_mm: float = 3
    # space around the "QUYẾT ĐỊNH:" line.
    decision_space_before_pt: float = 12
    decision_space_after_pt: float = 6
    # space above a "Chương I" / "Mục 1" heading among the articles.
    chapter_space_before_pt: float = 12
    # space above the "<…> điện:" line.
    dien_space_before_pt: float = 12
    # the biên bản's two signature blocks side by side.
    two_signers_columns: TableColumns = TableColumns(8.2, 8.3)
    # R-37 (Mẫu 1.10): the confirmation of the place of leave, left under the closing, as wide
    # as Nơi nhận and half the signature column.
    confirmation_columns: TableColumns = TableColumns(6.3 + 10.2 / 2, 10.2 / 2)
    # the address line at the foot of page 1 (rule over the full text width).
    address_space_before_pt: float = 2
    body: BodyRule = BodyRule()
    table: TableRule = TableRule()
    appendix: AppendixRule = AppendixRule()
    elements: dict[str, Element] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Element:
        return self.elements[key]


_ELEMENTS = [
    ("quoc_hieu", Element("R-10", N_("Quốc hiệu"), size_pt=13, size_range=(12, 13),
                          bold=True, italic=False, upper=True)),
    ("tieu_ngu", Element("R-11", N_("Tiêu ngữ"), size_pt=14, size_range=(13, 14), bold=True,
                         italic=False)),
    ("chu_quan", Element("R-13", N_("Cơ quan chủ quản"), size_pt=13,
                         size_range=(12, 13), bold=False, italic=False, upper=True)),
    ("co_quan", Element("R-14", N_("Tên cơ quan ban hành"), size_pt=13,
                        size_range=(12, 13), bold=True, italic=False, upper=True)),
    ("so_ky_hieu", Element("R-16", N_("Số, ký hiệu"), size_pt=13,
                           size_range=(13, 13), bold=False, italic=False)),
    ("dia_danh_ngay", Element("R-19", N_("Địa danh, ngày tháng"), size_pt=14,
                              size_range=(13, 14), bold=False, italic=True)),
    ("trich_yeu_cv", Element("R-20", N_("Trích yếu công văn (V/v)"), size_pt=12,
                             size_range=(12, 13), bold=False, italic=False)),
    ("ten_loai", Element("R-21", N_("Tên loại văn bản"), size_pt=14,
                         size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("trich_yeu", Element("R-22", N_("Trích yếu"), size_pt=14, size_range=(13, 14),
                          bold=True, italic=False)),
    ("do_khan", Element("R-23", N_("Mức độ khẩn"), size_pt=13, size_range=(13, 14),
                        bold=True, italic=False, upper=True)),
    ("kinh_gui", Element("R-30", N_("Kính gửi"), size_pt=14, size_range=(13, 14),
                         bold=False, italic=False, align=None)),
    ("noi_dung", Element("R-31", N_("Nội dung"), size_pt=14, size_range=(13, 14), bold=False,
                         italic=False, align="both")),
    ("noi_nhan_tieu_de", Element("R-40", N_("Nơi nhận"), size_pt=12,
                                 size_range=(12, 12), bold=True, italic=True, align="left")),
    ("noi_nhan", Element("R-41", N_("Danh sách nơi nhận"), size_pt=11,
                         size_range=(11, 11), bold=False, italic=False, align="left")),
    ("quyen_han", Element("R-42", N_("Quyền hạn người ký"), size_pt=14,
                          size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("chuc_vu", Element("R-43", N_("Chức vụ người ký"), size_pt=14,
                        size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("ho_ten", Element("R-44", N_("Họ tên người ký"), size_pt=14, size_range=(13, 14),
                       bold=True, italic=False)),
    ("tham_quyen", Element("R-24", N_("Thẩm quyền ban hành"), size_pt=14,
                           size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("quyet_dinh", Element("R-25", N_("Dòng “QUYẾT ĐỊNH:” / “QUYẾT NGHỊ:”"), size_pt=14,
                           size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("luu_hanh", Element("R-26", N_("Chỉ dẫn phạm vi lưu hành"), size_pt=13,
                         size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("dien", Element("R-27", N_("Dòng “… điện”"), size_pt=14,
                     size_range=(13, 14), bold=True, italic=False)),
    ("can_cu", Element("R-32", N_("Căn cứ ban hành"), size_pt=14, size_range=(13, 14),
                       bold=False, italic=True, align="both")),
    ("dieu", Element("R-34", N_("Điều"), size_pt=14, size_range=(13, 14), bold=True,
                     italic=False, align="both")),
    ("chuong", Element("R-34", N_("Chương, Mục"), size_pt=14,
                       size_range=(13, 14), bold=True, italic=False, align="center")),
    ("giay_moi", Element("R-36", N_("Nội dung giấy mời"), size_pt=14,
                         size_range=(13, 14), bold=False, italic=False, align="both")),
    ("giay_to", Element("R-37", N_("Nội dung giấy giới thiệu, nghỉ phép"), size_pt=14,
                        size_range=(13, 14), bold=False, italic=False, align="both")),
    ("xac_nhan", Element("R-37", N_("Xác nhận nơi nghỉ phép"), size_pt=13,
                         size_range=(13, 14), bold=True, italic=False)),
    ("thu_ky", Element("R-46", N_("THƯ KÝ, CHỦ TỌA"), size_pt=14,
                       size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("dia_chi", Element("R-47", N_("Địa chỉ cơ quan"), size_pt=11,
                        size_range=(11, 12), bold=False, italic=False, align="center")),
    ("phu_luc_so", Element("R-50", N_("Phụ lục (số)"), size_pt=14,
                           size_range=(14, 14), bold=True, italic=False)),
    ("phu_luc_tieu_de", Element("R-50", N_("Tên phụ lục"), size_pt=14,
                                size_range=(13, 14), bold=True, italic=False, upper=True)),
    ("phu_luc_kem_theo", Element("R-50", N_("Kèm theo văn bản"), size_pt=14,
                                 size_range=(13, 14), bold=False, italic=True)),
]

LAYOUT = Layout(elements=dict(_ELEMENTS))
"""The house layout (``bo_cuc: chuan``), the one docgen draws with unless a form asks otherwise."""


def _compact() -> Layout:
    """``bo_cuc: gon``: the smallest sizes the decree allows, to keep a long notice on one page.

    Sizes still step as the decree asks (Quốc hiệu one point under the Tiêu ngữ, the place-date
    line the size of the Tiêu ngữ); every value stays inside its decree range.
    """
    sizes = {"quoc_hieu": 12, "co_quan": 12, "chu_quan": 12, "tieu_ngu": 13, "dia_danh_ngay": 13,
             "kinh_gui": 13, "noi_dung": 13, "quyen_han": 13, "chuc_vu": 13, "ho_ten": 13,
             "ten_loai": 13, "trich_yeu": 13, "tham_quyen": 13, "quyet_dinh": 13, "dien": 13,
             "can_cu": 13, "dieu": 13, "giay_moi": 13, "giay_to": 13, "thu_ky": 13,
             "phu_luc_tieu_de": 13, "phu_luc_kem_theo": 13}
    elements = {key: replace(element, size_pt=sizes.get(key, element.size_pt))
                for key, element in LAYOUT.elements.items()}
    return replace(LAYOUT, elements=elements, body=replace(LAYOUT.body, line_spacing=1.0),
                   signature_blank_lines=3, header_columns=TableColumns(7.1, 9.4),
                   kinh_gui_space_before_pt=6)


LAYOUTS: dict[str, Layout] = {"chuan": LAYOUT, "gon": _compact()}
"""Layout profiles by the name a form gives in ``bo_cuc``."""


def layout_for(document: object) -> Layout:
    """The layout profile a document asks for (``bo_cuc``), the house one by default."""
    return LAYOUTS[getattr(document, "bo_cuc", "chuan") or "chuan"]
