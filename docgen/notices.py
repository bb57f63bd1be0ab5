"""What docgen changed in what the clerk typed (:attr:`VanBan.notices`), as located warnings.

A notice never stops a document: the CLI prints each as ``Cảnh báo: …`` on standard error and
keeps its exit status; the archive adds them to :attr:`Archive.warnings`, a batch to each row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .forms import FormSpec
    from .models import VanBan

_FIELD = re.compile(r"(?P<field>[a-z_]+(?:\.[a-z_0-9]+)*): (?P<message>.+)", re.DOTALL)
"""A notice that names its field (``nguoi_ky.ho_ten: đã ghi tên …``)."""


def notice_problems(van_ban: VanBan, spec: FormSpec | None = None, *,
                    row: int | None = None) -> list[Problem]:
    """The notices of ``van_ban``, each at the file and line of its field in ``spec``'s form
    (the form itself, its dung_chung profile or template) when known."""
    out = []
    for notice in van_ban.notices:
        match = _FIELD.fullmatch(notice)
        field, message = (match["field"], match["message"]) if match else (None, notice)
        file, line = (spec.path if spec is not None else None), None
        if spec is not None and field is not None:
            key, *rest = field.split(".")
            if key in spec.origins:
                source, prefix = spec.origins[key]
                file = source.file
                line = source.line_of((*prefix, key, *(int(p) if p.isdigit() else p
                                                        for p in rest)))
        out.append(Problem(message, file=file, line=line, field=field, row=row))
    return out
