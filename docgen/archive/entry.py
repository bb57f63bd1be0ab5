"""One row of the outgoing register (sổ đăng ký văn bản đi) and how it is printed.

An :class:`Entry` holds what the archive knows about an issued number: the facts the decree's
ten columns need (Phụ lục IV) plus what makes the archived file traceable (file names, SHA-256,
template, docgen version, time of issue). Entries imported from a hand-kept register have no
file and keep their columns as the clerk typed them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models import LoaiVanBan, VanBan

SOURCE_ISSUED = "cap-so"
"""Numbered and rendered by docgen: the archive holds the file."""
SOURCE_IMPORTED = "nhap-tay"
"""Numbered by hand before the switch to docgen: only the register row exists."""

_NHU_TREN = "như trên"


def kind_name(loai: str | None) -> str | None:
    """``Công văn``, ``Thông báo``…: the kind as the register's column 3 names it."""
    if loai is None:
        return None
    title = LoaiVanBan(loai).title
    return "Công văn" if title is None else title.capitalize()


@dataclass(frozen=True)
class Entry:
    """A register row. ``(co_quan, nam, so)`` identifies it; it never changes once written."""

    co_quan: str
    """The issuing agency's abbreviation (``co_quan.viet_tat``): one number series each."""
    nam: int
    so: int
    ky_hieu: str
    ngay: date
    trich_yeu: str
    """As printed under the number: ``V/v …`` for a công văn; free text when imported."""
    loai: str | None = None
    """:class:`~docgen.models.LoaiVanBan` value; None when imported."""
    ten_co_quan: str | None = None
    nguoi_ky: str | None = None
    kinh_gui: tuple[str, ...] = ()
    noi_nhan: tuple[str, ...] = ()
    """Recipients of copies besides Kính gửi (``Như trên`` left out: it means Kính gửi)."""
    luu: tuple[str, ...] = ()
    so_ban: int | None = None
    do_khan: str | None = None
    tep: str | None = None
    """The .docx, relative to the archive folder (``2026/05-UBND-VHXH.docx``)."""
    sha256: str | None = None
    tep_bieu_mau: str | None = None
    """The exact resolved form (.yaml) beside the .docx."""
    sha256_bieu_mau: str | None = None
    mau: str | None = None
    """Template name and version (``gia-han@1``) when the form used one."""
    phien_ban: str | None = None
    """docgen version that rendered the file."""
    thoi_diem: str = ""
    """Time of issue (ISO 8601 with offset)."""
    nguon: str = SOURCE_ISSUED
    ngay_chuyen: str | None = None
    ky_nhan: str | None = None
    ghi_chu: str | None = None
    id: int | None = field(default=None, compare=False)

    @property
    def so_text(self) -> str:
        """The number as printed: ``05``."""
        return f"{self.so:02d}"

    @property
    def so_ky_hieu(self) -> str:
        """``05/UBND-VHXH``: register column 1."""
        return f"{self.so_text}/{self.ky_hieu}" if self.ky_hieu else self.so_text

    @property
    def ten_loai_trich_yeu(self) -> str:
        """Register column 3: the kind, then the trích yếu on the next line."""
        name = kind_name(self.loai)
        return f"{name}\n{self.trich_yeu}" if name else self.trich_yeu

    @property
    def nguoi_nhan(self) -> list[str]:
        """Everyone the document goes to: Kính gửi then Nơi nhận."""
        return [*self.kinh_gui, *self.noi_nhan]

    @property
    def nguoi_nhan_text(self) -> str:
        """Register column 5: one recipient as is, several as ``- X`` lines."""
        items = self.nguoi_nhan
        if len(items) == 1:
            return items[0]
        return "\n".join(f"- {item}" for item in items)

    @property
    def luu_text(self) -> str:
        """Register column 6: holders of the archive copy, ``VT, VHXH``."""
        return ", ".join(self.luu)

    def search_text(self) -> str:
        """What ``list --tim`` searches: the trích yếu and every recipient."""
        return "\n".join([self.trich_yeu, *self.nguoi_nhan])


def entry_for(van_ban: VanBan, *, tep: str, sha256: str, tep_bieu_mau: str,
              sha256_bieu_mau: str, mau: str | None, phien_ban: str, thoi_diem: str) -> Entry:
    """The register row of ``van_ban``, which must already carry its number and date."""
    if van_ban.so is None or van_ban.ngay is None:
        raise ValueError("van_ban must be numbered and dated before it is registered")
    noi_nhan = tuple(i for i in van_ban.noi_nhan_items if i.lower() != _NHU_TREN)
    return Entry(
        co_quan=van_ban.co_quan.viet_tat,
        nam=van_ban.nam_van_ban,
        so=van_ban.so,
        ky_hieu=van_ban.ky_hieu_day_du,
        ngay=van_ban.ngay,
        trich_yeu=van_ban.trich_yeu_line,
        loai=van_ban.loai.value,
        ten_co_quan=van_ban.co_quan.ten_day_du,
        nguoi_ky=van_ban.nguoi_ky.ho_ten,
        kinh_gui=tuple(van_ban.kinh_gui),
        noi_nhan=noi_nhan,
        luu=tuple(van_ban.luu_items),
        so_ban=van_ban.so_ban,
        do_khan=van_ban.do_khan.value if van_ban.do_khan else None,
        tep=tep,
        sha256=sha256,
        tep_bieu_mau=tep_bieu_mau,
        sha256_bieu_mau=sha256_bieu_mau,
        mau=mau,
        phien_ban=phien_ban,
        thoi_diem=thoi_diem,
        nguon=SOURCE_ISSUED,
        ghi_chu=van_ban.do_khan.label.capitalize() if van_ban.do_khan else None,
    )
