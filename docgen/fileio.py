"""Writing files so that nothing a clerk did is lost: temp file, fsync, rename; never clobber."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from .errors import DocgenError, Problem


def check_target(path: Path, *, overwrite: bool) -> None:
    """Refuse a target in a missing folder, or an existing file without ``overwrite``."""
    if not path.parent.is_dir():
        raise DocgenError(Problem(
            f"thư mục '{path.parent}' không tồn tại", file=path,
            hint="Tạo thư mục trước, hoặc chọn nơi lưu khác với -o.",
        ))
    if path.is_dir():
        raise DocgenError(Problem("đây là một thư mục, không phải tên tệp", file=path,
                                  hint="Ghi rõ tên tệp, ví dụ -o van-ban.docx."))
    if path.exists() and not overwrite:
        raise DocgenError(Problem(
            "tệp đã có, docgen không ghi đè", file=path,
            hint="Chọn tên khác với -o, hoặc thêm --overwrite nếu chắc chắn muốn thay tệp cũ.",
        ))


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
                raise DocgenError(Problem("tệp đã có, docgen không ghi đè", file=path)) from None
            except OSError:
                if path.exists():
                    raise DocgenError(Problem("tệp đã có, docgen không ghi đè",
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
