"""The decree's forms as data: every kind of Phụ lục III described once.

A kind differs from another in a few blocks (title and trích yếu, authority line, căn cứ, the
``QUYẾT ĐỊNH:`` line, articles, the giấy mời lines, one or two signature blocks) and in its
defaults. :data:`KINDS` holds one :class:`Kind` per ``loai`` value; the models validate against
it, the renderer draws ``kind.blocks`` in order, and ``check``, ``extract`` and ``docgen new`` read
the same description. Adding a kind means one entry here, one starter form and its tests.

Block names (what the renderer draws, with the rule ids each block follows):

``header``        agency, Quốc hiệu/Tiêu ngữ, Số, place-date, urgency and circulation boxes
``vv``            the ``V/v …`` line under Số (công văn)
``title``         kind title and trích yếu with the rule under it
``title_only``    kind title with the rule under it, no trích yếu (giấy giới thiệu, nghỉ phép)
``tham_quyen``    the authority line (nghị quyết, quyết định)
``can_cu``        legal bases and ``Theo đề nghị của …``
``decision``      ``QUYẾT ĐỊNH:`` / ``QUYẾT NGHỊ:``
``dien``          ``<AUTHORITY> điện:`` and its recipients (công điện)
``kinh_gui``      ``Kính gửi:`` and its recipients
``giay_moi``      the giấy mời lines
``gioi_thieu``    the giấy giới thiệu lines
``nghi_phep``     the giấy nghỉ phép lines
``bien_ban``      the biên bản opening lines
``articles``      ``Điều 1.`` …
``body``          ``noi_dung``
``bien_ban_end``  ``Cuộc họp kết thúc vào …``
``closing``       Nơi nhận and one signature block
``closing_two``   THƯ KÝ and CHỦ TỌA side by side, Nơi nhận under them
``xac_nhan``      room for the confirmation of the place of leave (giấy nghỉ phép, if asked)
``appendices``    each phụ lục in its own section

Form keys of the kinds with blocks of their own (the common keys are those of a công văn; the
starter form of each kind, ``docgen new <loai>``, shows them with comments):

* nghị quyết, quyết định: ``tham_quyen`` (authority, printed in capitals), ``can_cu`` (list),
  ``theo_de_nghi``, ``dieu`` (list of text or ``{tieu_de, noi_dung}``); ``noi_dung`` optional.
* công điện: ``tham_quyen`` (``<THẨM QUYỀN> điện:``) and ``kinh_gui`` (who receives the điện).
* giấy mời: ``kinh_moi`` (text or list), ``toi_du``, ``chu_tri`` (optional), ``thoi_gian``
  (``08:00 05/12/2025`` or free text), ``dia_diem``, ``noi_dung`` (optional notes);
  ``tham_quyen`` overrides the inviter (default: the agency's name in running text).
* biên bản: ``bien_ban: {bat_dau, dia_diem, thanh_phan, chu_tri, thu_ky, ket_thuc, cuoc_hop}``,
  ``noi_dung``, ``thu_ky_ky: {ho_ten}``, ``nguoi_ky: {ho_ten}`` (``chuc_vu`` optional).
* giấy giới thiệu: ``gioi_thieu: {ong_ba, ho_ten, chuc_vu, duoc_cu_den, ve_viec, gia_tri_den}``;
  no ``trich_yeu`` is printed.
* giấy nghỉ phép: ``nghi_phep: {ngay_don, ong_ba, ho_ten, chuc_vu, tu_ngay, den_ngay, so_ngay,
  noi_nghi, tinh_vao, xac_nhan}``; no ``trich_yeu`` is printed; ``xac_nhan: true`` leaves room
  for the confirmation of the place of leave.
* hợp đồng: ``ben_b_ky`` (the other party's signer, keys of ``nguoi_ky``): the closing shows
  ``ĐẠI DIỆN BÊN A`` (``nguoi_ky``) and ``ĐẠI DIỆN BÊN B`` side by side, Nơi nhận under them.
* every kind but the two giấy: ``phu_luc: [{tieu_de, noi_dung, ngang}]``; every kind:
  ``luu_hanh`` (circulation note box) and ``dia_chi`` (address line at the foot of page 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_, _

BLOCK_RULES: dict[str, tuple[str, ...]] = {
    "header": ("R-10", "R-11", "R-12", "R-13", "R-14", "R-15", "R-16", "R-17", "R-18", "R-19",
               "R-23", "R-26", "R-47", "R-60"),
    "vv": ("R-20",),
    "title": ("R-21", "R-22"),
    "title_only": ("R-21",),
    "tham_quyen": ("R-24",),
    "can_cu": ("R-32",),
    "decision": ("R-25",),
    "dien": ("R-27",),
    "kinh_gui": ("R-30",),
    "giay_moi": ("R-36",),
    "gioi_thieu": ("R-37",),
    "nghi_phep": ("R-37",),
    "bien_ban": ("R-31",),
    "articles": ("R-34", "R-35"),
    "body": ("R-31", "R-33", "R-35"),
    "bien_ban_end": ("R-33",),
    "closing": ("R-40", "R-41", "R-42", "R-43", "R-44", "R-45", "R-61"),
    "closing_two": ("R-40", "R-41", "R-44", "R-46"),
    "xac_nhan": ("R-37",),
    "appendices": ("R-50", "R-51", "R-35"),
}
"""The rule ids each block follows (ids of nd30.md and docs/quy-tac.md)."""

# Fields every kind accepts; a kind adds its own in ``extra``.
COMMON_FIELDS = frozenset({
    "loai", "co_quan", "don_vi_soan_thao", "ky_hieu", "so", "dia_danh", "ngay", "nam", "thang",
    "do_khan",
    "trich_yeu", "noi_dung", "noi_nhan", "luu", "nguoi_soan", "so_ban", "nguoi_ky", "bo_cuc",
    "danh_so_rieng",
    "luu_hanh", "dia_chi", "phu_luc", "kinh_gui",
})


@dataclass(frozen=True)
class Kind:
    """One kind of Phụ lục III.

    ``extra`` names the fields this kind accepts beyond :data:`COMMON_FIELDS`; ``required`` the
    fields it cannot do without (``dieu|noi_dung`` = at least one of them).
    """

    slug: str
    """The ``loai`` value: ``quyet-dinh``."""
    title: str | None
    """Printed title (R-21): ``QUYẾT ĐỊNH``; None for a công văn."""
    abbreviation: str | None
    """PL3 type code opening the ký hiệu (R-17): ``QĐ``; None for a công văn."""
    name: str
    """The kind in running text: ``Quyết định`` (``Kèm theo Quyết định số …``). Document text,
    always Vietnamese; marked for the catalog so that messages can name the kind (:attr:`label`)."""
    mau: str
    """The decree's template: ``1.2`` (Phụ lục III)."""
    blocks: tuple[str, ...]
    extra: frozenset[str] = frozenset()
    required: tuple[str, ...] = ("trich_yeu", "noi_dung")
    decision_line: str | None = None
    """``QUYẾT ĐỊNH:`` before Điều 1 (R-25)."""
    nhu_tren: bool = False
    """Nơi nhận starts with ``Như trên`` (it refers to the recipients above)."""
    nhu_tren_with_kinh_gui: bool = False
    """Nơi nhận starts with ``Như trên`` when the document has a Kính gửi (a tờ trình or báo cáo
    sent up to a superior body, Phụ lục I II.9.b)."""
    luu_default: tuple[str, ...] = ()
    """Lưu holders when the form gives none (besides VT and the drafting unit)."""
    place_date: bool = True
    """Whether the header carries the place-date line (a biên bản does not, Mẫu 1.9)."""
    signer_title_required: bool = True
    """Whether ``nguoi_ky.chuc_vu`` is required (a biên bản's CHỦ TỌA needs only the name)."""
    needs_kinh_gui: bool = False

    @property
    def label(self) -> str:
        """The kind's name for messages, in the clerk's language (``Quyết định`` in
        Vietnamese, ``Decision`` in English); :attr:`name` is what documents print."""
        return _(self.name)

    @property
    def fields(self) -> frozenset[str]:
        """Every form key this kind accepts."""
        dropped = set()
        if not self.has("body"):
            dropped.add("noi_dung")
        if not self.has("appendices"):
            dropped.add("phu_luc")
        if not (self.has("kinh_gui") or self.has("dien")):
            dropped.add("kinh_gui")
        return (COMMON_FIELDS | self.extra) - dropped

    @property
    def optional(self) -> frozenset[str]:
        """Keys this kind accepts but does not require on their own (each key of a ``a|b``
        choice is optional: one of them is needed)."""
        required = {entry for entry in self.required if "|" not in entry}
        return self.fields - required - {"loai"}

    @property
    def rules(self) -> tuple[str, ...]:
        """Rule ids of every block, in block order, without repeats."""
        out: list[str] = []
        for block in self.blocks:
            out += [r for r in BLOCK_RULES[block] if r not in out]
        return tuple(out)

    def has(self, block: str) -> bool:
        """Whether the kind draws ``block``."""
        return block in self.blocks


_PREAMBLE = frozenset({"can_cu", "theo_de_nghi"})
_ARTICLES = frozenset({"dieu"}) | _PREAMBLE
_TITLED_BLOCKS = ("header", "title", "can_cu", "kinh_gui", "body", "closing", "appendices")
_UPWARD_BLOCKS = ("header", "title", "kinh_gui", "can_cu", "body", "closing", "appendices")
"""A tờ trình or báo cáo sent to a higher body (PL1 II.9.b): Kính gửi right under the trích yếu,
then the legal bases and the body (as Mẫu 1.5 puts Kính gửi under the header)."""


def _titled(slug: str, title: str, abbreviation: str, name: str,
            blocks: tuple[str, ...] = _TITLED_BLOCKS, **kw: object) -> Kind:
    """A kind laid out as Mẫu 1.4 (văn bản có tên loại)."""
    return Kind(slug, title, abbreviation, name, "1.4", blocks,
                extra=_PREAMBLE, **kw)  # type: ignore[arg-type]


_ARTICLE_BLOCKS = ("header", "title", "can_cu", "kinh_gui", "articles", "body", "closing",
                   "appendices")

_KIND_LIST: tuple[Kind, ...] = (
    Kind("nghi-quyet", "NGHỊ QUYẾT", "NQ", N_("Nghị quyết"), "1.1",
         ("header", "title", "tham_quyen", "can_cu", "decision", "articles", "body", "closing",
          "appendices"),
         extra=_ARTICLES | {"tham_quyen"}, required=("trich_yeu", "tham_quyen", "dieu|noi_dung"),
         decision_line="QUYẾT NGHỊ:"),
    Kind("quyet-dinh", "QUYẾT ĐỊNH", "QĐ", N_("Quyết định"), "1.2",
         ("header", "title", "tham_quyen", "can_cu", "decision", "articles", "body", "closing",
          "appendices"),
         extra=_ARTICLES | {"tham_quyen"}, required=("trich_yeu", "tham_quyen", "dieu|noi_dung"),
         decision_line="QUYẾT ĐỊNH:"),
    _titled("chi-thi", "CHỈ THỊ", "CT", N_("Chỉ thị")),
    Kind("quy-che", "QUY CHẾ", "QC", N_("Quy chế"), "1.4", _ARTICLE_BLOCKS, extra=_ARTICLES,
         required=("trich_yeu", "dieu|noi_dung")),
    Kind("quy-dinh", "QUY ĐỊNH", "QyĐ", N_("Quy định"), "1.4", _ARTICLE_BLOCKS, extra=_ARTICLES,
         required=("trich_yeu", "dieu|noi_dung")),
    _titled("thong-cao", "THÔNG CÁO", "TC", N_("Thông cáo")),
    _titled("thong-bao", "THÔNG BÁO", "TB", N_("Thông báo")),
    _titled("huong-dan", "HƯỚNG DẪN", "HD", N_("Hướng dẫn")),
    _titled("chuong-trinh", "CHƯƠNG TRÌNH", "CTr", N_("Chương trình")),
    _titled("ke-hoach", "KẾ HOẠCH", "KH", N_("Kế hoạch")),
    _titled("phuong-an", "PHƯƠNG ÁN", "PA", N_("Phương án")),
    _titled("de-an", "ĐỀ ÁN", "ĐA", N_("Đề án")),
    _titled("du-an", "DỰ ÁN", "DA", N_("Dự án")),
    _titled("bao-cao", "BÁO CÁO", "BC", N_("Báo cáo"), _UPWARD_BLOCKS, nhu_tren_with_kinh_gui=True),
    Kind("bien-ban", "BIÊN BẢN", "BB", N_("Biên bản"), "1.9",
         ("header", "title", "bien_ban", "body", "bien_ban_end", "closing_two", "appendices"),
         extra=frozenset({"bien_ban", "thu_ky_ky"}),
         required=("trich_yeu", "bien_ban", "thu_ky_ky", "noi_dung"),
         luu_default=("Hồ sơ",), place_date=False, signer_title_required=False),
    _titled("to-trinh", "TỜ TRÌNH", "TTr", N_("Tờ trình"), _UPWARD_BLOCKS,
            nhu_tren_with_kinh_gui=True),
    Kind("hop-dong", "HỢP ĐỒNG", "HĐ", N_("Hợp đồng"), "1.4", _ARTICLE_BLOCKS,
         extra=_ARTICLES | {"ben_b_ky"}, required=("trich_yeu", "dieu|noi_dung")),
    Kind("cong-dien", "CÔNG ĐIỆN", "CĐ", N_("Công điện"), "1.6",
         ("header", "title", "dien", "body", "closing", "appendices"),
         extra=frozenset({"tham_quyen"}), required=("trich_yeu", "tham_quyen", "noi_dung"),
         needs_kinh_gui=True),
    _titled("ban-ghi-nho", "BẢN GHI NHỚ", "BGN", N_("Bản ghi nhớ")),
    _titled("ban-thoa-thuan", "BẢN THỎA THUẬN", "BTT", N_("Bản thỏa thuận")),
    _titled("giay-uy-quyen", "GIẤY ỦY QUYỀN", "GUQ", N_("Giấy ủy quyền")),
    Kind("giay-moi", "GIẤY MỜI", "GM", N_("Giấy mời"), "1.7",
         ("header", "title", "giay_moi", "body", "closing", "appendices"),
         extra=frozenset({"tham_quyen", "kinh_moi", "toi_du", "chu_tri", "thoi_gian",
                          "dia_diem"}),
         required=("trich_yeu", "kinh_moi", "toi_du", "thoi_gian", "dia_diem")),
    Kind("giay-gioi-thieu", "GIẤY GIỚI THIỆU", "GGT", N_("Giấy giới thiệu"), "1.8",
         ("header", "title_only", "gioi_thieu", "closing"),
         extra=frozenset({"tham_quyen", "gioi_thieu"}), required=("gioi_thieu",), nhu_tren=True),
    Kind("giay-nghi-phep", "GIẤY NGHỈ PHÉP", "GNP", N_("Giấy nghỉ phép"), "1.10",
         ("header", "title_only", "nghi_phep", "closing", "xac_nhan"),
         extra=frozenset({"tham_quyen", "nghi_phep"}), required=("nghi_phep",)),
    _titled("phieu-gui", "PHIẾU GỬI", "PG", N_("Phiếu gửi")),
    _titled("phieu-chuyen", "PHIẾU CHUYỂN", "PC", N_("Phiếu chuyển")),
    _titled("phieu-bao", "PHIẾU BÁO", "PB", N_("Phiếu báo")),
    Kind("cong-van", None, None, N_("Công văn"), "1.5",
         ("header", "vv", "kinh_gui", "body", "closing", "appendices"),
         nhu_tren=True, needs_kinh_gui=True),
)

KINDS: dict[str, Kind] = {kind.slug: kind for kind in _KIND_LIST}
"""Every kind by its ``loai`` value, in the order of Phụ lục III."""

PL3_ABBREVIATIONS: dict[str, str] = {k.title: k.abbreviation for k in _KIND_LIST
                                     if k.title and k.abbreviation}
"""Phụ lục III: every kind title and its type code (công văn has none)."""

COPY_ABBREVIATIONS: dict[str, str] = {"SAO Y": "SY", "TRÍCH SAO": "TrS", "SAO LỤC": "SL"}
"""Phụ lục III: the copy forms and their codes (R-56)."""

MIXED_CASE_CODES = frozenset(
    code for code in (*PL3_ABBREVIATIONS.values(), *COPY_ABBREVIATIONS.values())
    if code != code.upper())
"""PL3 codes that keep lower-case letters (TTr, CTr, QyĐ, TrS)."""

KIND_BY_TITLE: dict[str, Kind] = {k.title: k for k in _KIND_LIST if k.title}
"""The kind a printed title names: ``QUYẾT ĐỊNH`` → quyết định."""


def kind(slug: str) -> Kind:
    """The kind of ``loai`` value ``slug``; KeyError when the decree has no such kind."""
    return KINDS[slug]


def plain_kinds() -> list[Kind]:
    """Kinds that need no field beyond the common ones (for tests sampling any simple form)."""
    return [k for k in _KIND_LIST if (set(k.required) <= {"trich_yeu", "noi_dung"}
            and not k.needs_kinh_gui) or k.slug == "cong-van"]
