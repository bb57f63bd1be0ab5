"""Opening a .docx from an unknown sender without trusting it.

A .docx is a zip of XML parts. Before anything is parsed we make sure the file is one: an empty
file, a PDF, an old binary .doc, a password-protected document (an OLE compound file holding an
``EncryptedPackage`` stream) and an OpenDocument file each get their own message. The zip is
refused when its part count or declared size is absurd, and every part we read is decompressed
through a cap, so a zip bomb costs at most that cap. XML is parsed without DTDs, entity expansion
or network access; a part that declares a DOCTYPE is refused outright, since Word never writes one
and it is how XXE and "billion laughs" attacks arrive.

Only the parts the checker needs are read (main document, styles, theme, numbering, settings,
headers and footers); images and embedded objects are never decompressed.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NoReturn

from lxml import etree

from ..errors import Problem, UnreadableDocument
from ..fileio import read_limited
from ..i18n import N_, _
from ..ooxml import PKG_REL as _REL_NS
from ..ooxml import STRICT_W as STRICT_W_NS
from ..ooxml import W as W_NS

# Limits on what a document may make us do. A real 300-page report has a document.xml of a few
# megabytes and a few hundred parts; these are an order of magnitude above that.
MAX_PARTS = 5000
MAX_PART_BYTES = 48 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # declared uncompressed / compressed, over the whole archive (XML is ~10:1)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Messages are marked here and translated where they are raised (see docgen.i18n).
BAD_VALUE_MESSAGE = N_("tệp .docx có giá trị định dạng không hợp lệ")
BAD_VALUE_HINT = N_("Mở tệp bằng Word hoặc LibreOffice, lưu lại rồi kiểm tra lại.")

CONVERT_HINT = N_("Mở bằng Word hoặc LibreOffice rồi lưu lại dạng .docx, hoặc chạy lại với "
                  "--convert để docgen chuyển qua LibreOffice.")
"""The hint for a word-processor file that is not a .docx (.doc, .rtf, .odt)."""
DOCX_ONLY_HINT = N_("docgen check chỉ kiểm tra văn bản Word (.docx); hãy chọn đúng tệp văn bản.")
_RESAVE_HINT = N_("Mở bằng Word và lưu lại, hoặc xin lại tệp gốc.")
_BOMB_HINT = N_("Đừng mở tệp này; xin người gửi gửi lại văn bản .docx gốc.")
_ENCRYPTED_HINT = N_("Mở bằng Word, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu "
                     "lại, sau đó kiểm tra lại.")


def _excel_hint(name: str) -> str:
    """What to do with a spreadsheet given as a document: it is a roster for ``batch``."""
    return _("docgen check chỉ kiểm tra văn bản Word. Bảng tính là danh sách để soạn hàng "
             "loạt: docgen batch <biểu mẫu>.yaml --roster {roster}; sau đó kiểm tra các tệp "
             ".docx tạo ra.").format(roster=name)


def _old_excel_hint(name: str) -> str:
    """An .xls roster must be saved as .xlsx first (``batch`` reads .xlsx and .csv)."""
    return _("docgen check chỉ kiểm tra văn bản Word. Bảng tính là danh sách để soạn hàng "
             "loạt: mở bằng Excel, lưu thành .xlsx rồi chạy docgen batch <biểu mẫu>.yaml "
             "--roster {roster}; sau đó kiểm tra các tệp .docx tạo ra."
             ).format(roster=posixpath.splitext(name)[0] + ".xlsx")


def _form_hint(name: str) -> str:
    """A form file given as a document: render it first."""
    return _("Đây là tệp biểu mẫu: chạy docgen render {form} -o van-ban.docx rồi kiểm tra "
             "tệp .docx tạo ra.").format(form=name)


# Text files named by their suffix (they have no magic number): what each one is, and the hint.
_TEXT_FILES: dict[str, tuple[str, Callable[[str], str]]] = {
    ".yaml": (N_("đây là biểu mẫu .yaml, không phải văn bản .docx"), _form_hint),
    ".yml": (N_("đây là biểu mẫu .yaml, không phải văn bản .docx"), _form_hint),
    ".csv": (N_("đây là bảng .csv, không phải văn bản .docx"), _excel_hint),
    ".xls": (N_("đây là bảng tính Excel cũ (.xls), không phải văn bản .docx"), _old_excel_hint),
}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False, remove_comments=True,
                          remove_pis=True)


@dataclass
class Package:
    """The parts of a .docx the checker reads, parsed."""

    name: str
    document: etree._Element
    styles: etree._Element | None = None
    theme: etree._Element | None = None
    numbering: etree._Element | None = None
    settings: etree._Element | None = None
    headers: dict[str, etree._Element] = field(default_factory=dict)
    """Header parts by relationship id."""
    footers: dict[str, etree._Element] = field(default_factory=dict)


@contextmanager
def bad_values(name: str) -> Iterator[None]:
    """Report a value the reader could not handle as a clerk's error about file ``name``.

    The readers skip values they cannot read (:func:`~docgen.check.styles.twips`); this is the
    net under them, so that one odd file is reported and a batch goes on with the next.
    """
    try:
        yield
    except (ValueError, ArithmeticError, LookupError, TypeError) as exc:
        raise _problem(name, _(BAD_VALUE_MESSAGE), _(BAD_VALUE_HINT)) from exc


def _problem(name: str, message: str, hint: str | None = None) -> UnreadableDocument:
    return UnreadableDocument(Problem(message, file=name, hint=hint))


def _suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def sniff(data: bytes, name: str) -> None:
    """Refuse what is not a zip, with a message that says what the file is instead."""
    if not data:
        raise _problem(name, _("tệp rỗng (0 byte), không phải văn bản .docx"),
                       _("Tệp chưa được lưu hoặc chưa tải xong: mở văn bản gốc bằng Word, lưu "
                         "lại dạng .docx rồi chạy lại lệnh."))
    if data.startswith(_OLE_MAGIC):
        _refuse_ole(data, name)
    if data.startswith(b"{\\rtf"):
        raise _problem(name, _("đây là tệp RTF, không phải .docx"), _(CONVERT_HINT))
    if data.startswith(b"%PDF"):
        raise _problem(name, _("đây là tệp PDF, không phải .docx"),
                       _("docgen chỉ kiểm tra được văn bản .docx; hãy dùng bản .docx gốc."))
    if not data.startswith(b"PK"):
        text_file = _TEXT_FILES.get(_suffix(name))
        if text_file is not None:
            message, hint = text_file
            raise _problem(name, _(message), hint(name))
        raise _problem(name, _("không phải tệp .docx (không phải tệp nén Office Open XML)"),
                       _("Kiểm tra lại đúng tệp văn bản Word (.docx) chưa; tệp .doc, .rtf hay "
                         ".odt thì chạy lại với --convert."))


def _refuse_ole(data: bytes, name: str) -> NoReturn:
    """An OLE compound file: an encrypted .docx, or an old binary Word or Excel file."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise _problem(name, _("văn bản được đặt mật khẩu (mã hóa), docgen không đọc được"),
                       _(_ENCRYPTED_HINT))
    if "WordDocument".encode("utf-16-le") in data:
        raise _problem(name, _("đây là tệp Word cũ (.doc, định dạng nhị phân), không phải "
                               ".docx"), _(CONVERT_HINT))
    if "Workbook".encode("utf-16-le") in data:
        raise _problem(name, _("đây là bảng tính Excel cũ (.xls), không phải văn bản .docx"),
                       _old_excel_hint(name))
    raise _problem(name, _("đây là tệp Office cũ (định dạng nhị phân), không phải .docx"),
                   _(CONVERT_HINT))


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _problem(name, _("tệp .docx bị hỏng (không mở được tệp nén)"),
                       _(_RESAVE_HINT)) from None
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise _problem(name, _("tệp có {parts} phần, quá nhiều cho một văn bản (giới hạn "
                               "{limit}) — có thể là tệp độc hại (zip bomb)"
                               ).format(parts=len(infos), limit=MAX_PARTS), _(_BOMB_HINT))
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES or (total > 64 * 1024 * 1024
                                   and total > MAX_RATIO * max(1, len(data))):
        raise _problem(name, _("tệp giải nén ra {mb} MB, bất thường cho một văn bản — có thể "
                               "là tệp độc hại (zip bomb)").format(mb=total // (1024 * 1024)),
                       _(_BOMB_HINT))
    return zf


def _encrypted_part(name: str) -> UnreadableDocument:
    return _problem(name, _("tệp nén có phần được mã hóa, docgen không đọc được"),
                    _(_ENCRYPTED_HINT))


def _read_part(zf: zipfile.ZipFile, part: str, name: str) -> bytes | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise _encrypted_part(name)
    if info.file_size > MAX_PART_BYTES:
        raise _problem(name, _("phần {part} giải nén ra {mb} MB, bất thường — có thể là tệp "
                               "độc hại (zip bomb)").format(
                                   part=part, mb=info.file_size // (1024 * 1024)),
                       _(_BOMB_HINT))
    try:
        with zf.open(info) as handle:
            # The declared size could lie; never read past the cap whatever it says.
            data = handle.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError):
        raise _problem(name, _("tệp .docx bị hỏng (không giải nén được phần {part})"
                               ).format(part=part), _(_RESAVE_HINT)) from None
    except RuntimeError:
        raise _encrypted_part(name) from None
    if len(data) > MAX_PART_BYTES:
        raise _problem(name, _("phần {part} giải nén ra quá lớn — có thể là tệp độc hại "
                               "(zip bomb)").format(part=part), _(_BOMB_HINT))
    return data


def parse_xml(data: bytes, part: str, name: str) -> etree._Element:
    """Parse one part: no DTD, no entities, no network; a DOCTYPE is refused."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        # The parser's own words (English, from libxml2) are quoted as they are.
        raise _problem(name, _("phần {part} của tệp .docx không phải XML hợp lệ ({detail})"
                               ).format(part=part, detail=exc.msg), _(_RESAVE_HINT)) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _problem(name, _("phần {part} có khai báo DOCTYPE/ENTITY — văn bản Word không "
                               "bao giờ có; docgen từ chối vì có thể là tệp độc hại (XXE)"
                               ).format(part=part), _(_BOMB_HINT))
    return root


def _rels(zf: zipfile.ZipFile, part: str, name: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of the relationships of ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    data = _read_part(zf, rels_name, name)
    if data is None:
        return []
    root = parse_xml(data, rels_name, name)
    out = []
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), str(PurePosixPath(resolved))))
    return out


def _main_document(zf: zipfile.ZipFile, names: set[str], name: str) -> str:
    """The part holding the document's body, or a refusal that says what the zip is instead."""
    mimetype = _read_part(zf, "mimetype", name) if "mimetype" in names else None
    if mimetype is not None and b"opendocument" in mimetype:
        raise _problem(name, _("đây là tệp OpenDocument (.odt), không phải .docx"),
                       _(CONVERT_HINT))
    main = next((target for _rid, rel_type, target in _rels(zf, "", name)
                 if rel_type.endswith("/officeDocument")), None)
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is not None and not main.startswith("word/") and main.split("/")[0] in ("xl", "ppt"):
        main = None  # a workbook or a presentation: say which, below
    if main is not None and main in names:
        return main
    if any(n.startswith("xl/") for n in names):
        raise _problem(name, _("đây là bảng tính Excel (.xlsx), không phải văn bản .docx"),
                       _excel_hint(name))
    if any(n.startswith("ppt/") for n in names):
        raise _problem(name, _("đây là bản trình chiếu (.pptx), không phải văn bản .docx"),
                       _(DOCX_ONLY_HINT))
    if any(n.startswith("word/") for n in names):
        # A Word package whose main part is gone: damaged, not "an ordinary zip".
        raise _problem(name, _("tệp .docx bị hỏng (thiếu phần văn bản chính {part})").format(
            part=main or "word/document.xml"), _(_RESAVE_HINT))
    raise _problem(name, _("đây là tệp nén thường, không phải văn bản .docx"), _(DOCX_ONLY_HINT))


def _check_root(document: etree._Element, name: str) -> None:
    """Refuse a main part that is not transitional WordprocessingML."""
    if document.tag.startswith(f"{{{STRICT_W_NS}}}"):
        raise _problem(name, _("văn bản lưu dạng 'Strict Open XML', docgen chưa đọc được"),
                       _("Trong Word chọn Lưu thành → Word Document (.docx) rồi kiểm tra lại."))
    if document.tag != f"{{{W_NS}}}document":
        raise _problem(name, _("tệp không chứa văn bản Word, không phải .docx"),
                       _(DOCX_ONLY_HINT))


_SINGLE_PARTS = ("styles", "theme", "numbering", "settings")
"""Relationship kinds of the main part read into the :class:`Package` field of that name."""
_KEYED_PARTS = {"header": "headers", "footer": "footers"}
"""Relationship kinds read into a :class:`Package` dict by relationship id."""


def _read_related(zf: zipfile.ZipFile, main: str, names: set[str], package: Package) -> None:
    """Parse the styles, theme, numbering, settings, headers and footers of ``main``."""
    for rid, rel_type, target in _rels(zf, main, package.name):
        kind = rel_type.rsplit("/", 1)[-1]
        if target not in names:
            continue
        if kind in _SINGLE_PARTS:
            setattr(package, kind, _parse(zf, target, package.name))
        elif kind in _KEYED_PARTS:
            getattr(package, _KEYED_PARTS[kind])[rid] = _parse(zf, target, package.name)


def read_package(data: bytes, name: str | None = None) -> Package:
    """Check ``data`` is a .docx and parse the parts the checker needs.

    ``name`` labels error messages (the file name; "văn bản" — "document" — when None).
    Raises :class:`~docgen.errors.UnreadableDocument` with a clerk-readable message and a hint
    for anything else.
    """
    name = _("văn bản") if name is None else name
    sniff(data, name)
    zf = _open_zip(data, name)
    names = set(zf.namelist())
    main = _main_document(zf, names, name)
    document = _parse(zf, main, name)
    _check_root(document, name)
    package = Package(name=name, document=document)
    _read_related(zf, main, names, package)
    return package


def _parse(zf: zipfile.ZipFile, part: str, name: str) -> etree._Element:
    data = _read_part(zf, part, name)
    assert data is not None
    return parse_xml(data, part, name)


MAX_FILE_BYTES = 128 * 1024 * 1024
"""Largest .docx file docgen reads (a long report with photos is a few MB)."""


def read_file(path: Path | str) -> Package:
    """Read and parse the .docx at ``path`` (see :func:`read_package`).

    A folder, a FIFO, a device (``/dev/zero``) or a file over :data:`MAX_FILE_BYTES` is refused
    by what it is or by its size, before anything is read (a FIFO would wait forever).
    """
    data = read_limited(Path(path), MAX_FILE_BYTES, what=_("văn bản .docx"))
    return read_package(data, str(path))


def read_note_parts(data: bytes, name: str | None = None) -> dict[str, etree._Element]:
    """The footnotes, endnotes and comments parts of the .docx in ``data``, parsed, by kind.

    ``extract`` reads them to name what it cannot carry; they go through the same caps and
    parser as every other part. Call it after :func:`read_package` accepted ``data``.
    """
    name = _("văn bản") if name is None else name
    zf = _open_zip(data, name)
    names = set(zf.namelist())
    main = next((target for _rid, rel_type, target in _rels(zf, "", name)
                 if rel_type.endswith("/officeDocument")), "word/document.xml")
    out: dict[str, etree._Element] = {}
    for _rid, rel_type, target in _rels(zf, main, name):
        kind = rel_type.rsplit("/", 1)[-1]
        if kind in ("footnotes", "endnotes", "comments") and target in names:
            out[kind] = _parse(zf, target, name)
    return out
