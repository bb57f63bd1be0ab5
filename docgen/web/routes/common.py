"""Small things several route modules use."""

from typing import Annotated

from fastapi import File, UploadFile

from .. import formdata

Upload = Annotated[UploadFile, File()]


def text_body(data: bytes) -> tuple[str, bool]:
    """A form sent as a file or a YAML body: its text (UTF-8, BOM allowed)."""
    return formdata.request_text(data, "application/yaml")
