"""``--gop``: every notice of a batch in one .docx for printing.

Each notice keeps its own section: it starts on a new page, its page numbers restart at 1
(the renderer's ``w:pgNumType w:start="1"``, kept as is) and its first page has no number
(R-04), exactly as the separate file would print. The document is streamed into the zip as
rows arrive, so a 10,000-row batch never holds more than one notice in memory.

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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from ..errors import DocgenError, Problem
from ..i18n import _
from ..render.package import ZIP_TIME

__all__ = ["MergedDocument", "document_part", "split_document"]

_DOCUMENT = "word/document.xml"
_CORE = "docProps/core.xml"
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


def _end_section(body: bytes, sect_pr: bytes) -> bytes:
    """``body`` with ``sect_pr`` in its last paragraph: where Word ends a non-final section.

    The renderer closes every document with a 1-pt paragraph; the break goes into its
    properties. Appending a paragraph of its own instead would add an empty line of full
    height after each notice, which can push a blank page into the printout.
    """
    if body.endswith(b"</w:p>"):
        start = max(body.rfind(b"<w:p>"), body.rfind(b"<w:p "))
        close = body.find(b"</w:pPr>", start)
        # The </w:pPr> must belong to that last paragraph, not to a later one's
        # (a paragraph without properties).
        if start >= 0 and 0 <= close < body.find(b"</w:p>", start):
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
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


_T = TypeVar("_T")


class MergedDocument:
    """A .docx written section by section; :meth:`commit` puts it in place atomically.

    Call :meth:`add` with each notice's ``word/document.xml`` in order; the first call also
    needs ``reference``, the bytes of one rendered notice, for the shared parts. A file system
    error becomes a :class:`DocgenError` naming the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        self._zip: zipfile.ZipFile | None = None
        self._stream: IO[bytes] | None = None
        self._rest: list[tuple[str, bytes]] = []
        self._pending: tuple[bytes, bytes] | None = None

    @staticmethod
    def leftovers(path: Path) -> Iterator[Path]:
        """Temporary files of earlier runs writing ``path`` (left by a kill -9)."""
        prefix = f".{path.name}."
        with contextlib.suppress(OSError):
            for entry in path.parent.iterdir():
                name = entry.name
                if name.startswith(prefix) and name.endswith(".tmp") and \
                        name[len(prefix):-4].isdigit():
                    yield entry

    def check(self) -> None:
        """Make sure the file can be written, before any work: create and drop its temp file."""
        self._guard(lambda: self._tmp.open("xb").close())
        with contextlib.suppress(OSError):
            self._tmp.unlink()

    def _guard(self, action: Callable[[], _T]) -> _T:
        try:
            return action()
        except OSError as exc:
            self.abort()
            raise DocgenError(Problem(
                _("không ghi được tệp gộp ({reason})").format(reason=exc.strerror or exc),
                file=self.path,
                hint=_("Đóng tệp trong Word (nếu đang mở), kiểm tra quyền ghi và chỗ trống trên "
                       "đĩa, hoặc chọn nơi lưu khác với --gop."))) from None

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
            self._guard(lambda: self._open(opening, reference))
        stream = self._stream
        assert stream is not None
        if self._pending is not None:
            pending = _end_section(*self._pending)
            self._guard(lambda: stream.write(pending))
        self._pending = (body, sect)
        self.count += 1

    def commit(self) -> bool:
        """Finish the file and move it to :attr:`path`; False when an identical file was
        already there (it is kept, with its date, so its PDF stays up to date)."""
        return self._guard(self._commit)

    def _commit(self) -> bool:
        if self._stream is None or self._zip is None or self._pending is None:
            raise ValueError("no notice was added")
        body, sect = self._pending
        self._stream.write(body + sect + b"</w:body></w:document>")
        self._stream.close()
        # The first notice's properties (agency, date, language), titled for the whole set
        # (document text: Vietnamese whatever language docgen speaks).
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
        with contextlib.suppress(OSError):
            self._tmp.unlink()
