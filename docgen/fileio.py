"""Writing files so that nothing a clerk did is lost: temp file, fsync, rename; never clobber."""

from __future__ import annotations

import contextlib
import os
import tempfile
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
