"""``docgen batch --archive``: issue one numbered document per roster row into the archive.

Every row is built (and so validated) first; then the archive numbers them consecutively in
roster order and stores them in one transaction (:meth:`docgen.archive.Archive.issue_many`). A
single bad row stops the whole batch before any number is used: numbers issued for half a
roster would leave gaps a clerk cannot explain in the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive, Entry
from ..errors import DocgenError, Problem
from ..fileio import check_target
from ..forms import read_form
from ..i18n import _, ngettext
from ..models import VanBan
from .merge import MergedDocument, document_part
from .roster import open_roster
from .row import build_row, select_rows

__all__ = ["IssueReport", "issue_roster"]


@dataclass
class IssueReport:
    """What a batch issued into the archive."""

    entries: list[Entry]
    filtered: int
    archive: Path | str
    """The archive folder, or the register's server URL (password hidden)."""
    gop: Path | None = None

    def summary(self) -> str:
        """One line for the clerk."""
        if not self.entries:
            return ngettext("Không có hàng nào để cấp số ({n} hàng bị --loc bỏ qua).",
                            "Không có hàng nào để cấp số ({n} hàng bị --loc bỏ qua).",
                            self.filtered).format(n=self.filtered)
        first, last = self.entries[0], self.entries[-1]
        span = first.so_ky_hieu if len(self.entries) == 1 else \
            f"{first.so_text}–{last.so_ky_hieu}"
        count = len(self.entries)
        clauses = [ngettext("Đã cấp số {numbers} cho {n} văn bản, lưu tại {archive}",
                            "Đã cấp số {numbers} cho {n} văn bản, lưu tại {archive}",
                            count).format(numbers=span, n=count, archive=self.archive)]
        if self.filtered:
            clauses.append(ngettext("{n} hàng bị --loc bỏ qua", "{n} hàng bị --loc bỏ qua",
                                    self.filtered).format(n=self.filtered))
        if self.gop:
            clauses.append(_("gộp: {file}").format(file=self.gop))
        return "; ".join(clauses) + "."


def issue_roster(form: Path, roster_path: Path, archive_dir: Path | str | None, *,
                 sheet: str | None = None, loc: str | None = None,
                 gop: Path | None = None, overwrite: bool = False,
                 pdf: bool = False, allow_outside: bool = False) -> IssueReport:
    """Build every row of ``roster_path`` with ``form`` and issue them into the archive.

    Raises :class:`DocgenError` with every bad row (row number and column) before anything is
    numbered or written; ``gop`` (a combined file for printing) is written after the issue.
    """
    spec = read_form(form, allow_outside=allow_outside)
    roster = open_roster(roster_path, sheet)
    if gop is not None:
        check_target(gop, overwrite=overwrite)
    documents: list[VanBan] = []
    problems: list[Problem] = []
    filtered = 0
    for selected in select_rows(spec, roster, loc):
        if selected.problems:
            problems += selected.problems
        elif not selected.kept:
            filtered += 1
        else:
            try:
                documents.append(build_row(spec, selected.dong, file=roster.path))
            except DocgenError as exc:
                problems += exc.problems  # build_row names the row and column
    if problems:
        raise DocgenError(*problems, Problem(
            _("chưa cấp số nào: sửa các hàng trên rồi chạy lại (cấp số hàng loạt chỉ làm khi "
              "mọi hàng đều đúng, để sổ không có số bỏ trống)"), file=roster.path))
    with Archive(archive_dir) as archive:
        entries = archive.issue_many(documents, template=spec.template_name,
                                     pdf=pdf) if documents else []
        root = archive.root or archive.location
        files = [archive.read_file(entry.tep or "") for entry in entries] if gop else []
    if gop is not None and entries:
        merged = MergedDocument(gop)
        try:
            for data in files:
                merged.add(document_part(data), reference=data)
            merged.commit()
        except BaseException:
            merged.abort()
            raise
    return IssueReport(entries, filtered, root, gop if entries else None)
