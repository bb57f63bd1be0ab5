"""Writing files so that nothing a clerk did is lost: temp file, fsync, rename; never clobber."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

from .errors import DocgenError, OutputError, Problem
from .i18n import N_, _

_WHY = {
    errno.ENOSPC: N_("ổ đĩa đã đầy"),
    errno.EDQUOT: N_("đã dùng hết dung lượng được cấp trên ổ đĩa"),
    errno.EROFS: N_("ổ đĩa hoặc thư mục chỉ cho đọc"),
    errno.EACCES: N_("không có quyền"),
    errno.EPERM: N_("không có quyền"),
    errno.ENAMETOOLONG: N_("tên tệp quá dài"),
    errno.ENOENT: N_("thư mục không tồn tại"),
    errno.EISDIR: N_("đây là một thư mục"),
    errno.ENOTDIR: N_("một phần của đường dẫn không phải thư mục"),
    errno.EBUSY: N_("tệp đang được chương trình khác dùng"),
    errno.ETXTBSY: N_("tệp đang được chương trình khác dùng"),
    errno.EIO: N_("lỗi đọc ghi ổ đĩa"),
}


def why(exc: OSError) -> str:
    """What an operating-system error means, in the clerk's language (the system's own text
    when docgen has none for it)."""
    known = _WHY.get(exc.errno or 0)
    return _(known) if known else (exc.strerror or type(exc).__name__)


_WRITE_HINTS = {
    errno.ENOSPC: N_("Giải phóng chỗ trống trên ổ đĩa hoặc ghi sang ổ khác, rồi chạy lại."),
    errno.EDQUOT: N_("Giải phóng chỗ trống hoặc ghi sang ổ khác, rồi chạy lại."),
}
_WRITE_HINT = N_("Chọn thư mục khác (có quyền ghi) với -o, hoặc kiểm tra quyền ghi của thư mục.")


def write_error(exc: OSError, path: Path) -> OutputError:
    """The clerk's message for a file that could not be written."""
    hint = _(_WRITE_HINTS.get(exc.errno or 0, _WRITE_HINT))
    return OutputError(Problem(_("không ghi được tệp: {reason}").format(reason=why(exc)),
                               file=path, hint=hint))


def excel_problem(path: Path | str, exc: BaseException) -> Problem:
    """The clerk's message for an Excel workbook openpyxl cannot open (a roster, a register
    kept by hand alike): saving it again from Excel as .xlsx mends most of them."""
    return Problem(_("không mở được tệp Excel ({reason})").format(reason=exc), file=path,
                   hint=_("Mở tệp bằng Excel, lưu lại dạng .xlsx rồi chạy lại."))


def read_limited(path: Path, limit: int, *, what: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, refusing anything above ``limit`` bytes.

    ``what`` names the kind of file in messages, already translated (``_("biểu mẫu")``); a
    plain file by default.

    A FIFO, a device (``/dev/zero``) or a folder is refused without reading (a FIFO would
    wait for a writer forever), and a huge file is refused by its size, never read whole.
    """
    path = Path(path)
    what = what or _("tệp")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DocgenError(Problem(_("không tìm thấy tệp"), file=path,
                                  hint=_("Kiểm tra lại tên và thư mục của tệp."))) from None
    except IsADirectoryError:
        raise DocgenError(_folder_not(what, path)) from None
    except OSError as exc:
        raise DocgenError(_unreadable(exc, path)) from None
    try:
        info = os.fstat(fd)
        _refuse_special(info.st_mode, path, what)
        if info.st_size > limit:
            raise DocgenError(Problem(
                _("tệp quá lớn cho một {what} ({size}, giới hạn {limit})").format(
                    what=what, size=_mb(info.st_size), limit=_mb(limit)),
                file=path, hint=_("Kiểm tra đã chọn đúng tệp chưa.")))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise DocgenError(_unreadable(exc, path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise DocgenError(Problem(_("tệp quá lớn cho một {what} (giới hạn {limit})").format(
            what=what, limit=_mb(limit)), file=path))
    return data


def _folder_not(what: str, path: Path) -> Problem:
    return Problem(_("đây là một thư mục, không phải {what}").format(what=what), file=path)


def _unreadable(exc: OSError, path: Path) -> Problem:
    return Problem(_("không đọc được tệp ({reason})").format(reason=why(exc)), file=path)


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, size // 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def check_regular_file(path: Path, *, what: str) -> None:
    """Refuse a FIFO, a device or a folder given where a file is read (before opening it,
    so that a FIFO cannot make docgen wait forever); ``what`` as for :func:`read_limited`."""
    try:
        info = os.stat(path)
    except OSError:
        return  # the reader says what is wrong
    _refuse_special(info.st_mode, path, what)


def _refuse_special(mode: int, path: Path, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise DocgenError(_folder_not(what, path))
    if not stat.S_ISREG(mode):
        raise DocgenError(Problem(
            _("đây không phải một tệp thường (thiết bị hoặc đường ống), không phải {what}"
              ).format(what=what),
            file=path, hint=_("Ghi đường dẫn tới một tệp đã lưu trên ổ đĩa.")))


def check_target(path: Path, *, overwrite: bool) -> None:
    """Refuse a target in a missing folder, a folder (``-o .``, ``-o /``, ``-o ""``), or an
    existing file without ``overwrite``."""
    if path.name in ("", ".", "..") or str(path).endswith(("/", os.sep)):
        raise OutputError(_folder_not_name(path))
    if not path.parent.is_dir():
        raise OutputError(Problem(
            _("thư mục '{folder}' không tồn tại").format(folder=path.parent), file=path,
            hint=_("Tạo thư mục trước, hoặc chọn nơi lưu khác với -o."),
        ))
    if path.is_dir():
        raise OutputError(_folder_not_name(path))
    if path.exists() and not overwrite:
        raise OutputError(Problem(
            _("tệp đã có, docgen không ghi đè"), file=path,
            hint=_("Chọn tên khác với -o, hoặc thêm --overwrite nếu chắc chắn muốn thay tệp cũ."),
        ))


def _folder_not_name(path: Path) -> Problem:
    return Problem(_("đây là một thư mục, không phải tên tệp"), file=path,
                   hint=_("Ghi rõ tên tệp, ví dụ -o van-ban.docx."))


@cache
def _default_mode() -> int:
    """0666 less the process umask: the mode ``open()`` would give a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes, *, overwrite: bool = False, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    A reader (or a crash) sees the old file or the whole new one, never half. Without
    ``overwrite`` an existing file is kept and :class:`DocgenError` raised — checked again at the
    rename, so two writers cannot both claim the name.
    """
    path = Path(path)
    check_target(path, overwrite=overwrite)
    try:
        _atomic_write(path, data, overwrite=overwrite, fsync=fsync)
    except OSError as exc:
        raise write_error(exc, path) from exc  # the cause keeps the reason apart from the words


def _atomic_write(path: Path, data: bytes, *, overwrite: bool, fsync: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a clerk's colleagues must be able to open it,
        # as with any file the clerk saves, and a replaced file keeps its own mode.
        mode = path.stat().st_mode & 0o7777 if overwrite and path.exists() else _default_mode()
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                # link() fails if the name exists: no window between the check and the write.
                os.link(tmp, path)
            except FileExistsError:
                raise OutputError(Problem(_("tệp đã có, docgen không ghi đè"),
                                          file=path)) from None
            except OSError:
                if path.exists():
                    raise OutputError(Problem(_("tệp đã có, docgen không ghi đè"),
                                              file=path)) from None
                os.replace(tmp, path)  # file systems without hard links
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def sha256_file(path: Path) -> str | None:
    """Hex SHA-256 of the file at ``path``, or None when it is missing."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except FileNotFoundError:
        return None
    return digest.hexdigest()
