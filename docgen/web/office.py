"""The live preview's engine: one LibreOffice kept warm, and PDF pages as PNG images.

Starting soffice costs about a second; a preview is wanted a few hundred milliseconds after the
clerk stops typing. :class:`WarmOffice` starts one soffice per server with a private user
profile and a small LibreOffice Basic macro (``Serve``) installed in that profile. The macro
watches a private folder: every ``.docx`` dropped into ``in/`` is opened hidden, exported to
PDF and moved to ``out/``. docgen drops the files it rendered and waits for the PDF; the office
itself is never restarted between previews (only if it dies).

The venv has no UNO bridge (Debian ships it for the system Python only), which is why the
folder, rather than a socket, is the interface.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import uuid
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
from lxml import etree

from ..check.reader import parse_xml
from ..errors import DocgenError, Problem
from ..i18n import _, ngettext
from ..pdf import find_soffice, install_hint

_MACRO = """REM docgen: converts every .docx dropped into in/ to out/<name>.pdf until stop exists
REM or the docgen process that started it is gone (killed without a chance to stop it)
Sub Serve
  Dim sRoot As String, sName As String, oDoc As Object, iFile As Integer
  sRoot = Environ("DOCGEN_PREVIEW_DIR")
  Dim aLoad(1) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = "Hidden" : aLoad(0).Value = True
  aLoad(1).Name = "ReadOnly" : aLoad(1).Value = True
  Dim aStore(0) As New com.sun.star.beans.PropertyValue
  aStore(0).Name = "FilterName" : aStore(0).Value = "writer_pdf_Export"
  Dim sParent As String
  sParent = "/proc/" & Environ("DOCGEN_PREVIEW_PARENT")
  Do While Not FileExists(sRoot & "/stop") And FileExists(sParent)
    sName = Dir(sRoot & "/in/", 0)
    If sName = "" Then
      Wait 10
    Else
      Name sRoot & "/in/" & sName As sRoot & "/work/" & sName
      On Error GoTo Failed
      oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sRoot & "/work/" & sName), _
        "_blank", 0, aLoad())
      oDoc.storeToURL(ConvertToURL(sRoot & "/work/" & sName & ".pdf"), aStore())
      oDoc.close(True)
      Name sRoot & "/work/" & sName & ".pdf" As sRoot & "/out/" & sName & ".pdf"
      Kill sRoot & "/work/" & sName
      GoTo NextFile
Failed:
      Resume WriteError
WriteError:
      On Error Resume Next
      iFile = FreeFile
      Open sRoot & "/out/" & sName & ".err" For Output As #iFile
      Print #iFile, Error$
      Close #iFile
      On Error GoTo 0
NextFile:
    End If
  Loop
  StarDesktop.terminate()
End Sub
"""

_MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
    '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
    'script:name="Module1" script:language="StarBasic">{code}</script:module>'
)


_NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing listens, a fetch fails at once
OFFLINE_PROXY = {name: _NOWHERE for name in ("http_proxy", "https_proxy", "ftp_proxy",
                                              "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY")}
OFFLINE_PROXY.update(no_proxy="", NO_PROXY="")
"""Environment under which LibreOffice, opening an uploaded document, fetches nothing it links
to over the network (it honours these variables; docgen itself makes no HTTP requests)."""


class WarmOffice:
    """One soffice process converting .docx to PDF on demand (thread-safe)."""

    def __init__(self, start_timeout: float = 60) -> None:
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._root: Path | None = None
        self.conversions = 0
        self.starts = 0

    @property
    def running(self) -> bool:
        """Whether the office process is alive."""
        return self._process is not None and self._process.poll() is None

    def _start(self) -> None:
        soffice = find_soffice()
        if soffice is None:
            raise DocgenError(Problem(_("không tìm thấy LibreOffice để xem trước trang in"),
                                      hint=install_hint()))
        self._stop_process()
        remove_orphan_folders()
        root = Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-"))
        for name in ("in", "out", "work", "tmp", "profile"):
            (root / name).mkdir()
        profile = root / "profile"
        env = {**os.environ, **OFFLINE_PROXY, "HOME": str(profile), "DOCGEN_PREVIEW_DIR": str(root),
               "DOCGEN_PREVIEW_PARENT": str(os.getpid())}
        user = f"-env:UserInstallation={profile.as_uri()}"
        # A first run creates the profile; the macro then goes into its Standard library.
        subprocess.run([soffice, user, "--headless", "--norestore", "--terminate_after_init"],
                       env=env, capture_output=True, timeout=self.start_timeout, check=False)
        module = profile / "user" / "basic" / "Standard" / "Module1.xba"
        deadline = time.monotonic() + self.start_timeout
        while not module.is_file():
            if time.monotonic() > deadline:
                shutil.rmtree(root, ignore_errors=True)
                raise DocgenError(Problem(_("LibreOffice không tạo được hồ sơ người dùng"),
                                          hint=install_hint()))
            time.sleep(0.05)
        module.write_text(_MODULE.format(code=escape(_MACRO, {'"': "&quot;"})),
                          encoding="utf-8")
        self._process = subprocess.Popen(
            [soffice, user, "--headless", "--norestore", "--nologo", "--nodefault",
             "macro:///Standard.Module1.Serve"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        self._root = root
        self.starts += 1

    def start(self) -> None:
        """Start the office now (a server does it at start-up, so the first preview is quick)."""
        with self._lock:
            if not self.running:
                self._start()

    def to_pdf(self, docx: bytes, timeout: float = 60) -> bytes:
        """The PDF LibreOffice makes of ``docx``; starts (or restarts) the office as needed."""
        with self._lock:
            for attempt in (1, 2):
                if not self.running:
                    self._start()
                try:
                    return self._convert(docx, timeout)
                except _OfficeDied:
                    if attempt == 2:
                        break
            raise DocgenError(Problem(
                _("LibreOffice dừng bất thường khi chuyển trang in"),
                hint=_("Thử lại; nếu vẫn lỗi, khởi động lại docgen serve.")))

    def _convert(self, docx: bytes, timeout: float) -> bytes:
        assert self._root is not None
        name = f"{uuid.uuid4().hex}.docx"
        staging = self._root / "tmp" / name
        staging.write_bytes(docx)
        os.replace(staging, self._root / "in" / name)  # the macro sees whole files only
        pdf, err = self._root / "out" / f"{name}.pdf", self._root / "out" / f"{name}.err"
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            if pdf.exists():
                data = pdf.read_bytes()
                pdf.unlink()
                self.conversions += 1
                return data
            if err.exists():
                message = err.read_text(encoding="utf-8", errors="replace").strip()
                err.unlink()
                raise DocgenError(Problem(_("LibreOffice không chuyển được văn bản: {error}")
                                          .format(error=message)))
            if not self.running:
                raise _OfficeDied
            if time.monotonic() > deadline:
                self._stop_process()
                raise DocgenError(Problem(
                    _("LibreOffice không xong sau {seconds} giây").format(
                        seconds=f"{timeout:.0f}"), hint=_("Thử lại.")))
            time.sleep(delay)
            delay = min(delay * 1.5, 0.03)

    def _stop_process(self) -> None:
        process, root = self._process, self._root
        self._process, self._root = None, None
        if process is not None:
            if root is not None and process.poll() is None:
                (root / "stop").touch()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 9)
                process.wait(timeout=5)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def close(self) -> None:
        """Stop the office and remove its private folder."""
        with self._lock:
            self._stop_process()


class _OfficeDied(Exception):
    pass


_FOLDER_PREFIX = "docgen-office-"


def remove_orphan_folders() -> None:
    """Remove the private folders of offices whose docgen was killed (its pid is gone).

    The office ends by itself then (the macro watches the pid), but nobody removed its folder.
    """
    for folder in Path(tempfile.gettempdir()).glob(f"{_FOLDER_PREFIX}*-*"):
        pid = folder.name[len(_FOLDER_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or Path(f"/proc/{pid}").exists() or not folder.is_dir():
            continue
        with contextlib.suppress(OSError):
            if folder.stat().st_uid == os.getuid():
                shutil.rmtree(folder, ignore_errors=True)


_HYPERLINK = "/hyperlink"


def without_external_links(docx: bytes, name: str = "văn bản") -> bytes:
    """``docx`` with every external target but hyperlinks pointed at nothing.

    Drawing the pages of an uploaded document, LibreOffice would otherwise fetch its linked
    pictures, templates or frames from the network, or read them from the server's disk, and
    show them. Read the upload with the safe reader (:func:`docgen.check.check_bytes`) first:
    this only walks a package already known to be a sound .docx.
    """
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    changed = False
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".rels"):
                root = parse_xml(data, item.filename, name)
                for rel in root:
                    if (rel.get("TargetMode") == "External"
                            and not str(rel.get("Type", "")).endswith(_HYPERLINK)):
                        rel.set("Target", "")
                        changed = True
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            target.writestr(item, data)
    return out.getvalue() if changed else docx


def page_count(pdf: bytes) -> int:
    """The number of pages of ``pdf``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_png(pdf: bytes, page: int, *, scale: float = 1.25) -> bytes:
    """Page ``page`` (1-based) of ``pdf`` as a greyscale PNG; raises :class:`DocgenError`."""
    document = pdfium.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(document):
            raise DocgenError(Problem(
                ngettext("văn bản có {pages} trang, không có trang {page}",
                         "văn bản có {pages} trang, không có trang {page}", len(document))
                .format(pages=len(document), page=page), field="page"))
        bitmap = document[page - 1].render(scale=scale, grayscale=True)
        return png_grey(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride)
    finally:
        document.close()


def png_grey(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """An 8-bit greyscale PNG of ``pixels`` (rows of ``stride`` bytes); no imaging library."""
    rows = b"".join(b"\x00" + pixels[y * stride:y * stride + width] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
