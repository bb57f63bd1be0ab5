"""docgen: Vietnamese administrative documents that conform to Nghị định 30/2020/NĐ-CP.

The Python API the ``docgen`` command is built on::

    from docgen import load_form, render_docx, write_docx
    van_ban = load_form("data/forms/gia-han-ky-nang-so.yaml")
    write_docx(van_ban, "gia-han.docx")

Errors are :class:`DocgenError` (a bad form: :class:`FormError`), whose problems say what is wrong,
where and how to fix it, in Vietnamese by default; ``with language("en"):`` (or
``set_language("en")``, ``DOCGEN_LANG=en``) gives them in English.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import DocgenError, FormError, Problem
from .forms import FormSpec, dump_form, load_form, read_form
from .i18n import language, set_language
from .layout import LAYOUT
from .models import VanBan
from .render import render_docx, write_docx

__all__ = [
    "LAYOUT",
    "DocgenError",
    "FormError",
    "FormSpec",
    "Problem",
    "VanBan",
    "__version__",
    "dump_form",
    "language",
    "load_form",
    "read_form",
    "render_docx",
    "set_language",
    "write_docx",
]
