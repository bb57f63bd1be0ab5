"""``--pdf``: the PDFs of a batch's files, converted in as few LibreOffice runs as workers.

A PDF is docgen's when the manifest records it with the SHA-256 of the .docx it was made from;
only those are replaced, and only when their .docx changed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocgenError, Problem
from ..fileio import sha256_file
from ..i18n import _, ngettext
from ..pdf import convert
from .state import PDF, RENDERED, UNCHANGED, Journal, ManifestLine
from .workers import RowResult

if TYPE_CHECKING:
    from .plan import BatchRun
    from .runner import BatchReport, Progress

__all__ = ["convert_pdfs"]


@dataclass(frozen=True, slots=True)
class _Pdf:
    """A .docx (a row's or the --gop file) and the PDF made from it."""

    number: str
    label: str
    """The .docx as the manifest names it."""
    source: Path
    source_sha: str
    target: Path

    @property
    def pdf_label(self) -> str:
        return str(Path(self.label).with_suffix(".pdf"))

    name: str = ""

    def line(self, sha: str) -> ManifestLine:
        return ManifestLine(self.number, self.name, self.pdf_label, PDF, "", sha,
                            self.source_sha)


def convert_pdfs(run: BatchRun, results: list[RowResult], report: BatchReport,
                 gop_line: ManifestLine | None, jobs: int, journal: Journal,
                 progress: Progress | None) -> dict[str, ManifestLine]:
    """With --pdf, convert the .docx files whose PDF is missing or made from older bytes;
    with or without, the manifest line of each PDF that is docgen's, by its .docx's label.

    A PDF docgen did not make (or one changed since) is kept and reported, unless --overwrite.
    """
    out_dir = run.options.out_dir
    items: list[tuple[_Pdf, bool]] = []
    for result in results:
        if result.file and result.sha256:
            source = out_dir / result.file
            live = result.status in (RENDERED, UNCHANGED)
            items.append((_Pdf(str(result.number), result.file, source, result.sha256,
                               source.with_suffix(".pdf"), result.name), live))
    if gop_line is not None and report.gop is not None:
        items.append((_Pdf("", gop_line.file, report.gop, gop_line.sha256,
                           report.gop.with_suffix(".pdf"), gop_line.name), True))
    lines: dict[str, ManifestLine] = {}
    wanted: list[_Pdf] = []
    for item, live in items:
        record = run.records.get(item.pdf_label)
        try:
            current = sha256_file(item.target)
        except OSError:
            current = ""  # a folder or an unreadable file in the way: not ours to replace
        ours = record is not None and current == record.sha256
        if not (run.options.pdf and live):
            if ours and record is not None:
                lines[item.label] = item.line(record.sha256)  # kept, perhaps out of date
            continue
        if ours and record is not None and record.fingerprint == item.source_sha and \
                not run.options.overwrite:
            lines[item.label] = item.line(record.sha256)  # up to date
        elif current is None or ours or run.options.overwrite:
            wanted.append(item)
        else:
            report.problems.append(Problem(
                _("tệp {file} đã có và không do docgen ghi ra (hoặc đã bị sửa sau khi docgen "
                  "ghi); thêm --overwrite để ghi đè").format(file=item.target.name),
                file=item.target, row=int(item.number) if item.number else None,
                hint=_("Muốn giữ tệp đó thì chuyển hoặc đổi tên nó rồi chạy lại với --pdf.")))
    if not wanted:
        return lines
    # Each soffice run writes into a private folder beside its targets (no rename across
    # disks): the row files together, a --gop file elsewhere on its own.
    inside = [w for w in wanted if w.target.parent == out_dir]
    groups = [(out_dir, g) for g in _split(inside, jobs)]
    groups += [(w.target.parent, [w]) for w in wanted if w.target.parent != out_dir]
    if progress:
        progress.note(ngettext("Đang chuyển {n} tệp sang PDF ({runs} lượt LibreOffice)…",
                               "Đang chuyển {n} tệp sang PDF ({runs} lượt LibreOffice)…",
                               len(wanted)).format(n=len(wanted), runs=len(groups)))
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        for made, problems in pool.map(lambda g: _convert_group(*g), groups):
            for item in made:
                line = item.line(sha256_file(item.target) or "")
                journal.write(line)  # a kill before the manifest still knows it is docgen's
                lines[item.label] = line
            report.pdfs += len(made)
            report.problems.extend(problems)
    return lines


def _split(items: list[_Pdf], parts: int) -> list[list[_Pdf]]:
    """Contiguous groups of nearly equal size."""
    if not items:
        return []
    parts = max(1, min(parts, len(items)))
    size = -(-len(items) // parts)
    return [items[i:i + size] for i in range(0, len(items), size)]


_CONVERT_ATTEMPTS = 3


def _convert_group(folder: Path, group: list[_Pdf]) -> tuple[list[_Pdf], list[Problem]]:
    """Convert ``group`` in one soffice run; when some files fail, the others are converted
    again without them (LibreOffice keeps nothing of a run with a failure)."""
    rest = list(group)
    problems: list[Problem] = []
    for _attempt in range(_CONVERT_ATTEMPTS):
        try:
            convert([item.source for item in rest], folder, overwrite=True)
            return rest, problems
        except DocgenError as exc:
            failed = {Path(p.file) for p in exc.problems if p.file is not None}
            bad = [item for item in rest if item.source in failed]
            if not bad:
                # The run itself failed (timeout…): no file to leave out.
                return [], problems + [_pdf_problem(item, exc) for item in rest]
            problems += [_pdf_problem(item, exc) for item in bad]
            rest = [item for item in rest if item.source not in failed]
            if not rest:
                return [], problems
    problems += [_pdf_problem(item, None) for item in rest]
    return [], problems


def _pdf_problem(item: _Pdf, error: DocgenError | None) -> Problem:
    reason = None
    if error is not None:
        reason = next((p.message for p in error.problems
                       if p.file is None or Path(p.file) == item.source), None)
    return Problem(reason or _("LibreOffice không chuyển được tệp này sang PDF"),
                   file=item.source, row=int(item.number) if item.number else None,
                   hint=_("Mở tệp bằng LibreOffice xem có lỗi không, rồi chạy lại với --pdf."))
