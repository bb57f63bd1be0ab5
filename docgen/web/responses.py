"""Answers every part of the web desk builds the same way: JSON errors and downloads."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi.responses import JSONResponse, Response

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def errors(status: int, problems: list[dict[str, Any]]) -> JSONResponse:
    """``{"errors": [...]}`` with ``status``: how every route answers a failure."""
    return JSONResponse({"errors": problems}, status_code=status)


def one(message: str, hint: str | None = None, field: str | None = None) -> dict[str, Any]:
    """One error of :func:`errors` (already in the request's language)."""
    return {"field": field, "line": None, "message": message, "hint": hint}


def download(data: bytes, name: str, media_type: str) -> Response:
    """``data`` as an attachment named ``name``."""
    # The plain name keeps letters, digits, '.', '-', '_' only: no quote or line break can end
    # the header early; the exact name travels percent-encoded in filename*.
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(name)}"})
