"""``--gop``: every notice of a batch in one .docx for printing.

Each notice keeps its own section: it starts on a new page, its page numbers restart at 1
(``w:pgNumType w:start="1"``) and its first page has no number (R-04), exactly as the separate
file would print. The document is streamed into the zip as rows arrive, so a 10,000-row batch
never holds more than one notice in memory.

The shared parts (styles, settings, headers, content types, properties) are copied from the
first rendered notice and each notice's ``word/document.xml`` is taken from its own .docx, so
the merged file always matches what the renderer produces, with no second layout pass.
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import os
import re
import zipfile
from pathlib import Path
from typing import IO

__all__ = ["MergedDocument", "document_part", "split_document"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
_PG_NUM = re.compile(rb"<w:pgNumType\b[^>]*/>")
_RESTART = b'<w:pgNumType w:start="1"/>'
_TITLE = re.compile(rb"<dc:title>.*?</dc:title>|<dc:title/>", re.DOTALL)


def document_part(docx: bytes) -> bytes:
    """The ``word/document.xml`` of a .docx."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read(_DOCUMENT)


def split_document(document_xml: bytes) -> tuple[bytes, bytes, bytes]:
    """``word/document.xml`` → (opening up to ``<w:body>``, body content, final ``w:sectPr``)."""
    start = document_xml.index(b"<w:body>") + len(b"<w:body>")
    sect = document_xml.rindex(b"<w:sectPr")
    end = document_xml.rindex(b"</w:body>")
    return document_xml[:start], document_xml[start:sect], document_xml[sect:end]


def restart_numbering(sect_pr: bytes) -> bytes:
    """``sect_pr`` with page numbers restarting at 1 (added if the renderer did not)."""
    if _PG_NUM.search(sect_pr):
        return _PG_NUM.sub(_RESTART, sect_pr, count=1)
    # pgNumType precedes cols, formProt, vAlign, noEndnote, titlePg… in CT_SectPr.
    for follower in (b"<w:cols", b"<w:formProt", b"<w:vAlign", b"<w:noEndnote", b"<w:titlePg",
                     b"<w:textDirection", b"<w:bidi", b"<w:rtlGutter", b"<w:docGrid",
                     b"</w:sectPr>"):
        i = sect_pr.find(follower)
        if i >= 0:
            return sect_pr[:i] + _RESTART + sect_pr[i:]
    return sect_pr


def _end_section(body: bytes, sect_pr: bytes) -> bytes:
    """``body`` with ``sect_pr`` in its last paragraph: where Word ends a non-final section."""
    if body.endswith(b"</w:p>"):
        start = max(body.rfind(b"<w:p>"), body.rfind(b"<w:p "))
        close = body.find(b"</w:pPr>", start)
        if start >= 0 and close >= 0 and b"<w:p" not in body[start + 4:close]:
            return body[:close] + sect_pr + body[close:]
    return body + b"<w:p><w:pPr>" + sect_pr + b"</w:pPr></w:p>"


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        return filecmp.cmp(a, b, shallow=False)
    except FileNotFoundError:
        return False


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


class MergedDocument:
    """A .docx written section by section; :meth:`commit` puts it in place atomically.

    Call :meth:`add` with each notice's ``word/document.xml`` in order; the first call also
    needs ``reference``, the bytes of one rendered notice, for the shared parts.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        self._zip: zipfile.ZipFile | None = None
        self._stream: IO[bytes] | None = None
        self._rest: list[tuple[str, bytes]] = []
        self._pending: tuple[bytes, bytes] | None = None

    def _open(self, opening: bytes, reference: bytes) -> None:
        self._zip = zipfile.ZipFile(self._tmp, "w", compresslevel=6)
        with zipfile.ZipFile(io.BytesIO(reference)) as ref:
            names = ref.namelist()
            at = names.index(_DOCUMENT)
            for name in names[:at]:
                self._zip.writestr(_info(name), ref.read(name))
            self._rest = [(name, ref.read(name)) for name in names[at + 1:]]
        self._stream = self._zip.open(_info(_DOCUMENT), "w")
        self._stream.write(opening)

    def add(self, document_xml: bytes, reference: bytes | None = None) -> None:
        """Append one notice (its ``word/document.xml``) as a new section."""
        opening, body, sect = split_document(document_xml)
        if self._stream is None:
            if reference is None:
                raise ValueError("the first notice needs the bytes of a rendered .docx")
            self._open(opening, reference)
        assert self._stream is not None
        if self._pending is not None:
            self._stream.write(_end_section(*self._pending))
        self._pending = (body, restart_numbering(sect))
        self.count += 1

    def commit(self) -> bool:
        """Finish the file and move it to :attr:`path`; False when an identical file was
        already there (it is kept, with its date, so its PDF stays up to date)."""
        if self._stream is None or self._zip is None or self._pending is None:
            raise ValueError("no notice was added")
        body, sect = self._pending
        self._stream.write(body + sect + b"</w:body></w:document>")
        self._stream.close()
        # The first notice's properties (agency, date, language), titled for the whole set.
        title = f"<dc:title>Tập {self.count} văn bản in gộp</dc:title>".encode()
        for name, data in self._rest:
            if name == _CORE:
                data = _TITLE.sub(lambda _: title, data, count=1)
            self._zip.writestr(_info(name), data)
        self._zip.close()
        if _same_bytes(self._tmp, self.path):
            self._tmp.unlink()
            return False
        os.replace(self._tmp, self.path)
        return True

    def abort(self) -> None:
        """Drop the unfinished file."""
        with contextlib.suppress(Exception):
            if self._stream is not None:
                self._stream.close()
        with contextlib.suppress(Exception):
            if self._zip is not None:
                self._zip.close()
        with contextlib.suppress(FileNotFoundError):
            self._tmp.unlink()
