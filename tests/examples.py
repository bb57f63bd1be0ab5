"""The example forms of ``data/forms/``, as the tests use them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "data" / "forms"
_ROW = re.compile(r"\bdong\b")

ALL_KINDS = (
    "nghi-quyet", "quyet-dinh", "chi-thi", "quy-che", "quy-dinh", "thong-cao", "thong-bao",
    "huong-dan", "chuong-trinh", "ke-hoach", "phuong-an", "de-an", "du-an", "bao-cao",
    "bien-ban", "to-trinh", "hop-dong", "cong-dien", "ban-ghi-nho", "ban-thoa-thuan",
    "giay-uy-quyen", "giay-moi", "giay-gioi-thieu", "giay-nghi-phep", "phieu-gui",
    "phieu-chuyen", "phieu-bao", "cong-van",
)
"""Every kind issue 8 names (Phụ lục III), written out so a kind lost from kinds.py shows."""
TEMPLATE_NAMES = ("quyet-dinh-thanh-lap", "quyet-dinh-gia-han", "giay-moi-hop",
                  "thong-bao-ket-luan", "ke-hoach-trien-khai", "bao-cao-theo-thon",
                  "to-trinh-de-nghi", "bien-ban-hop", "don-doc", "gia-han")
"""The content templates of issue 8 and the two older ones."""


def example_forms() -> list[Path]:
    """Every form of data/forms/ that renders on its own.

    Left out: profiles (``co-quan-*.yaml``, read through ``dung_chung``) and batch forms, whose
    fields use ``dong`` (a roster row). Any other form that fails makes the tests fail, rather
    than quietly dropping out of them.
    """
    forms = []
    for path in sorted(FORMS_DIR.glob("*.yaml")):
        if path.name.startswith("co-quan-") or _ROW.search(path.read_text("utf-8")):
            continue
        forms.append(path)
    assert len(forms) >= 4, forms
    return forms


def batch_forms() -> list[Path]:
    """The forms of data/forms/ that need a roster row."""
    return [p for p in sorted(FORMS_DIR.glob("*.yaml"))
            if not p.name.startswith("co-quan-") and _ROW.search(p.read_text("utf-8"))]
