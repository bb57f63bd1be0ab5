"""PDF through LibreOffice (``soffice --headless``), many files per run.

Starting soffice costs seconds, so callers pass every file of a job at once. Each run gets its
own throw-away user profile: two soffice processes sharing one profile block each other, and a
batch runs one per worker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import DocgenError, Problem

INSTALL_HINT = (
    "Cài LibreOffice và phông chữ: sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation2 (Debian/Ubuntu), rồi chạy lại."
)


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(files: Sequence[Path], out_dir: Path, *, target: str = "pdf",
            timeout: float = 600, overwrite: bool = False) -> list[Path]:
    """Convert ``files`` to ``target`` (``pdf``, ``docx``, ``odt``…) in one soffice run.

    Returns the produced paths in ``out_dir``, in the order of ``files``. LibreOffice writes into
    a private folder first, so a file it failed to make is never mistaken for an older one of
    the same name, and an existing file is kept unless ``overwrite``. Raises
    :class:`DocgenError` when LibreOffice is missing or a file was not converted.
    """
    if not files:
        return []
    extension = target.split(":")[0]
    names = [Path(f).stem + "." + extension for f in files]
    if len(set(names)) < len(names):
        raise DocgenError(Problem("hai tệp cùng tên sẽ ra cùng một tệp kết quả",
                                  hint="Đổi tên một trong hai tệp rồi chạy lại."))
    soffice = find_soffice()
    if soffice is None:
        raise DocgenError(Problem("không tìm thấy LibreOffice để chuyển sang PDF",
                                  hint=INSTALL_HINT))
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / name for name in names]
    if not overwrite:
        existing = [t for t in targets if t.exists()]
        if existing:
            raise DocgenError(*[Problem("tệp đã có, docgen không ghi đè", file=t)
                                for t in existing])
    with tempfile.TemporaryDirectory(prefix="docgen-soffice-") as profile, \
            tempfile.TemporaryDirectory(prefix=".docgen-convert-", dir=out_dir) as work:
        command = [
            soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
            "--norestore", "--convert-to", target, "--outdir", work,
            *[str(f) for f in files],
        ]
        env = {**os.environ, "HOME": profile}
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise DocgenError(Problem(f"LibreOffice không xong sau {timeout:.0f} giây",
                                      hint="Thử lại với ít tệp hơn.")) from None
        produced = [Path(work) / name for name in names]
        missing = [source for source, p in zip(files, produced, strict=True) if not p.is_file()]
        if missing:
            raise DocgenError(*[Problem("LibreOffice không chuyển được tệp này", file=f)
                                for f in missing])
        for made, final in zip(produced, targets, strict=True):
            os.replace(made, final)  # same folder: whole files only
    return targets
