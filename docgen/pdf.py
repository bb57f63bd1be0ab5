"""PDF through LibreOffice (``soffice --headless``), many files per run.

Starting soffice costs seconds, so callers pass every file of a job at once. Each run gets its
own throw-away user profile: two soffice processes sharing one profile block each other, and a
batch runs one per worker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import DocgenError, Problem
from .i18n import N_, _

INSTALL_HINT = N_(
    "Cài LibreOffice và phông chữ: sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation2 (Debian/Ubuntu), rồi chạy lại."
)
"""The msgid of :func:`install_hint` (show it through ``_()``)."""


def install_hint() -> str:
    """How to install LibreOffice and the fonts, in the clerk's language."""
    return _(INSTALL_HINT)


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


_GUARD = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
sys.stdin.buffer.read()
try:
    os.killpg(int(sys.argv[1]), signal.SIGKILL)
except OSError:
    pass
"""
"""The guard of one LibreOffice run: it waits for the end of a pipe that only docgen holds, so
it wakes when docgen ends in any way (a SIGKILL too) and kills LibreOffice's process group."""


def _run_soffice(command: list[str], env: dict[str, str], timeout: float) -> None:
    """Run ``command`` in a process group of its own that never outlives docgen.

    ``soffice`` is a launcher that starts ``soffice.bin``: killing the launcher alone, or
    ``PR_SET_PDEATHSIG`` on it, leaves ``soffice.bin`` converting on for minutes when a batch is
    killed. The whole group is killed when the run ends, on a timeout, and (through a guard
    process watching a pipe) when docgen itself dies.
    """
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    read_end, write_end = os.pipe()
    try:
        guard = subprocess.Popen([sys.executable, "-c", _GUARD, str(process.pid)],
                                 stdin=read_end, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        guard = None
    finally:
        os.close(read_end)
    try:
        process.wait(timeout=timeout)
    finally:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of this run is left
        process.wait()
        os.close(write_end)  # the guard wakes, finds nothing to kill, and ends
        if guard is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                guard.wait(timeout=5)


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
        raise DocgenError(Problem(_("hai tệp cùng tên sẽ ra cùng một tệp kết quả"),
                                  hint=_("Đổi tên một trong hai tệp rồi chạy lại.")))
    soffice = find_soffice()
    if soffice is None:
        raise DocgenError(Problem(_("không tìm thấy LibreOffice để chuyển sang PDF"),
                                  hint=install_hint()))
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [out_dir / name for name in names]
    if not overwrite:
        existing = [t for t in targets if t.exists()]
        if existing:
            raise DocgenError(*[Problem(_("tệp đã có, docgen không ghi đè"), file=t)
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
            _run_soffice(command, env, timeout)
        except subprocess.TimeoutExpired:
            raise DocgenError(Problem(
                _("LibreOffice không xong sau {seconds} giây").format(seconds=f"{timeout:.0f}"),
                hint=_("Thử lại với ít tệp hơn."))) from None
        produced = [Path(work) / name for name in names]
        missing = [source for source, p in zip(files, produced, strict=True) if not p.is_file()]
        if missing:
            raise DocgenError(*[Problem(_("LibreOffice không chuyển được tệp này"), file=f)
                                for f in missing])
        for made, final in zip(produced, targets, strict=True):
            os.replace(made, final)  # same folder: whole files only
    return targets
