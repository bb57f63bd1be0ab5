"""Rendering documents to .docx (see :mod:`docgen.render.document` for the layout)."""

from __future__ import annotations

from pathlib import Path

from ..fileio import atomic_write
from ..models import VanBan
from .document import document_xml, footer_xml
from .package import build_package, core_xml

__all__ = ["render_docx", "write_docx"]


def render_docx(van_ban: VanBan) -> bytes:
    """The .docx bytes of ``van_ban``; the same document always gives the same bytes."""
    core = core_xml(van_ban.trich_yeu_line, van_ban.co_quan.ten_day_du, van_ban.ngay)
    return build_package(document_xml(van_ban), core, footer_xml(van_ban))


def write_docx(van_ban: VanBan, path: Path | str, *, overwrite: bool = False) -> Path:
    """Render ``van_ban`` and write it atomically to ``path``; returns the path."""
    path = Path(path)
    atomic_write(path, render_docx(van_ban), overwrite=overwrite)
    return path
