"""The archived files: names, hashes, read-only writes and the journal that makes a crash clean.

Issued files are named ``<year>/<số>-<ký hiệu>-<trích yếu>.docx`` with the resolved form beside
them (``.yaml``) and, when asked for, the PDF. On PostgreSQL these names are keys of the ``tep``
table; in a folder they are files under the archive folder, written while the register's write
lock is held and before the row is committed, so a committed row always has its files. Before
the first file is written the issuing process records the names it is about to create in a
journal (``.dang-ghi/<id>.json``); the next process to take the lock finds the journals of
processes that died before committing and sets aside, then deletes, the files they left, so a
kill -9 at any point leaves a complete entry or nothing.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ArchiveError, DocgenError, OutputError, Problem
from ..fileio import atomic_write, why
from ..i18n import _
from ..lines import strip_vv
from ..ooxml import W

if TYPE_CHECKING:
    from lxml import etree

JOURNAL_DIR = ".dang-ghi"
READ_ONLY = 0o444
_YEAR = re.compile(r"\d{4}")
_W = f"{{{W}}}"


TITLE_CHARS = 60
"""Longest trích yếu part of a file name: full paths stay short for Windows and zip tools."""
_NOT_NAME = re.compile(r"[^\w().-]+|_+")
"""Anything but letters, digits, ``( ) . -``: removes what Windows forbids (``<>:"/\\|?*``),
control characters and punctuation that makes names awkward to type."""


def title_part(trich_yeu: str) -> str:
    """``V/v gia hạn thời gian…`` → ``gia-hạn-thời-gian…``: Vietnamese letters kept (NFC).

    Characters Windows forbids in names (and control characters) are removed, spaces become
    ``-``, and the result is cut at a word to :data:`TITLE_CHARS`; never ends in ``.`` or ``-``.
    """
    text = unicodedata.normalize("NFC", strip_vv(trich_yeu)).lower()
    words = _NOT_NAME.sub(" ", text).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > TITLE_CHARS:
            out = out or word[:TITLE_CHARS]
            break
        out = candidate
    return out.strip(".- ")


def file_stem(so: int, ky_hieu: str, trich_yeu: str = "") -> str:
    """``05-UBND-VHXH-gia-hạn-thời-gian``: the number as printed, the ký hiệu, the trích yếu."""
    title = title_part(trich_yeu)
    return f"{so:02d}-{ky_hieu}" + (f"-{title}" if title else "")


def file_name(nam: int, so: int, ky_hieu: str, trich_yeu: str, suffix: str,
              day_so: str = "") -> str:
    """An archived file (``suffix`` ``.docx``, ``.yaml``, ``.pdf``) relative to the archive,
    with ``/`` separators; a series of its own (``quyet-dinh``, ``SY``) has its own folder."""
    folder = f"{nam}/{day_so}" if day_so else str(nam)
    return f"{folder}/{file_stem(so, ky_hieu, trich_yeu)}{suffix}"


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def _archive_write(path: Path) -> Iterator[None]:
    """A file of the archive folder that cannot be written: say so as the archive's problem
    (read-only folder, full disk), never as damage and never with advice about ``-o``."""
    try:
        yield
    except OutputError as exc:
        cause = exc.__cause__
        reason = why(cause) if isinstance(cause, OSError) else exc.problems[0].message
        raise _unwritable(path, reason) from None
    except OSError as exc:
        raise _unwritable(path, why(exc)) from None


def _unwritable(path: Path, reason: str) -> ArchiveError:
    return ArchiveError(Problem(
        _("không ghi được vào thư mục lưu trữ: {reason}; lưu trữ không hỏng").format(
            reason=reason), file=path,
        hint=_("Cấp quyền ghi cho thư mục lưu trữ (hoặc chạy bằng tài khoản văn thư), giải "
               "phóng chỗ trống nếu ổ đầy, rồi chạy lại. Chưa số nào được dùng.")))


class Store:
    """The files under an archive folder (the register itself is :mod:`.db`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._durable: set[Path] = set()
        """Folders whose own entry in their parent this process has made durable."""
        self._created: set[Path] = set()
        """Folders this process created and has not yet made durable."""
        self._settling: list[Path] = []
        """Journals whose files :meth:`recover` set aside in the current transaction."""

    def path(self, rel: str) -> Path:
        """Absolute path of ``rel`` (as stored in the register)."""
        return self.root.joinpath(*rel.split("/"))

    def exists(self, rel: str) -> bool:
        """Whether ``rel`` exists, file or not."""
        return os.path.lexists(self.path(rel))

    def write(self, rel: str, data: bytes) -> None:
        """Write ``rel`` atomically, never over an existing file, and make it read-only.

        Not yet fsync'd: call :meth:`sync` on everything written before committing, so a
        batch pays for one flush of the disk rather than one per file.
        """
        path = self.path(rel)
        with _archive_write(path):
            missing = [f for f in (path.parent, *path.parent.parents) if not f.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            self._created.update(missing)
            atomic_write(path, data, fsync=False)
            # Read-only tells people and programs that an issued original is not to be edited.
            os.chmod(path, READ_ONLY)

    def remove(self, rel: str) -> bool:
        """Delete ``rel`` and any temporary file of an unfinished write to it."""
        path = self.path(rel)
        removed = False
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed = True
        self._remove_temps(path)
        return removed

    @staticmethod
    def _remove_temps(path: Path) -> None:
        """Delete the temporary files of unfinished writes to ``path``."""
        if path.parent.is_dir():
            for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    temp.unlink()

    def sync(self, rels: Iterable[str]) -> None:
        """fsync the files ``rels`` and their folders, so they survive a power cut.

        A killed process needs none of this (the kernel keeps what was written); it is for the
        register never to name a file that a power cut lost.
        """
        rels = list(rels)
        levels = {self.root.joinpath(*rel.split("/")[:depth]) for rel in rels
                  for depth in range(rel.count("/") + 1)}
        # A file's folder always (its new entry); a folder above it only when it gained a
        # folder, or the first time this process syncs there (one fsync fewer per issue).
        folders = {self.path(rel).parent for rel in rels}
        folders |= {f.parent for f in self._created} & levels
        folders |= levels - self._durable
        for target in [self.path(rel) for rel in rels] + sorted(folders, reverse=True):
            fd = os.open(target, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self._durable |= levels
        self._created -= levels

    # -- the journal ------------------------------------------------------------------------

    def begin(self, rels: list[str]) -> Path:
        """Record that this process is about to create ``rels``; returns the journal file."""
        folder = self.root / JOURNAL_DIR
        journal = folder / f"{uuid.uuid4().hex}.json"
        payload = {"pid": os.getpid(), "files": rels}
        with _archive_write(journal):
            folder.mkdir(exist_ok=True)
            atomic_write(journal, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        return journal

    def end(self, journal: Path) -> None:
        """The files of ``journal`` are committed (or removed): forget it."""
        with contextlib.suppress(FileNotFoundError):
            journal.unlink()

    def recover(self, is_registered: Callable[[str], bool]) -> list[str]:
        """Set aside what dead processes left: files of journals whose rows are not committed.

        Call only while holding the register's write lock: then no live process is between
        writing a journal and committing, so every unregistered file a journal names is debris.
        Returns the files set aside.

        The files are moved into the journal's own folder (:meth:`held`), not deleted: SQLite
        cannot always tell yet whether a process killed inside its COMMIT committed. Killed
        after writing its commit to the ``-wal`` file but before publishing it in ``-shm``,
        its row is invisible to the processes still running, and becomes visible again when
        the last of them has died and the next one rebuilds ``-shm`` from the ``-wal`` file,
        unless a later commit has overwritten it. So the files stay restorable until the
        transaction that set them aside commits (:meth:`has_held` asks it to write, which
        buries such a commit for good), then :meth:`settle` deletes them; a row that came back
        gets its files back here.
        """
        folder = self.root / JOURNAL_DIR
        if not folder.is_dir():
            return []
        set_aside = []
        for journal in sorted(folder.iterdir()):
            if journal.is_dir():
                continue  # the files a journal's recovery set aside: handled with the journal
            if journal.name.startswith("."):
                # A journal that was never completed: its process created no file yet.
                journal.unlink()
                continue
            try:
                rels = json.loads(journal.read_text("utf-8"))["files"]
            except (OSError, ValueError, KeyError, TypeError):
                rels = []
            held = self.held(journal)
            for index, rel in enumerate(rels):
                kept = held / str(index)
                path = self.path(rel)
                if is_registered(rel):
                    if not os.path.lexists(path) and kept.is_file():
                        path.parent.mkdir(parents=True, exist_ok=True)
                        os.rename(kept, path)  # its row did commit after all
                elif kept.exists():
                    # Its own file is already set aside: this one is a later dead writer's.
                    self.remove(rel)
                else:
                    held.mkdir(exist_ok=True)
                    with contextlib.suppress(FileNotFoundError):
                        os.rename(path, kept)
                        set_aside.append(rel)
                self._remove_temps(path)
            if held.is_dir() and any(held.iterdir()):
                self._settling.append(journal)
            else:
                self._forget(journal)
        return set_aside

    @staticmethod
    def held(journal: Path) -> Path:
        """The folder where recovery sets aside the files of ``journal``."""
        return journal.with_suffix(".tam-giu")

    @property
    def has_held(self) -> bool:
        """Whether files are set aside until the current transaction commits (it must then
        write something, so that its commit overwrites any undecided one; see :meth:`recover`)."""
        return bool(self._settling)

    def settle(self) -> None:
        """The transaction that set files aside committed: delete them and their journals."""
        for journal in self._settling:
            self._forget(journal)
        self._settling.clear()

    def keep_held(self) -> None:
        """The transaction that set files aside failed: leave them to the next recovery."""
        self._settling.clear()

    def _forget(self, journal: Path) -> None:
        # The set-aside files first: a journal is never gone while its files are kept.
        shutil.rmtree(self.held(journal), ignore_errors=True)
        self.end(journal)

    # -- inventory ---------------------------------------------------------------------------

    def files(self) -> list[str]:
        """Every file in the year folders, as register-style relative paths."""
        found = []
        for year in sorted(self.root.iterdir()):
            if not (year.is_dir() and _YEAR.fullmatch(year.name)):
                continue
            for path in sorted(year.rglob("*")):
                if not path.is_dir():
                    found.append(path.relative_to(self.root).as_posix())
        return found


def docx_text(data: bytes, where: Path | str | None = None) -> list[str]:
    """The paragraphs of a .docx body as plain text (tabs and line breaks kept).

    Read as the checker reads a file from outside (size limits, no entity expansion): an
    archived file may have been replaced by anything. Raises :class:`ArchiveError` when ``data``
    is not a readable .docx.
    """
    # Imported here: the checker package is large, and only rerender reads a .docx back.
    from ..check.reader import read_package

    if where is None:
        return _paragraphs(read_package(data).document)
    try:
        root = read_package(data, str(where)).document
    except DocgenError as exc:
        # The reader's advice is for a file someone sent; an archived one comes from a backup.
        hint = _("Tệp lưu trữ đã bị hỏng hoặc bị thay; chạy 'docgen archive verify' và lấy lại "
                 "tệp từ bản sao lưu.")
        raise ArchiveError(*[replace(p, hint=hint) for p in exc.problems]) from None
    return _paragraphs(root)


def _paragraphs(root: etree._Element) -> list[str]:
    lines = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            else:
                parts.append("\t" if node.tag == f"{_W}tab" else "\n")
        lines.append("".join(parts))
    return lines

