"""Planning a batch: which rows, under which file names, with which fingerprints.

The main process reads the form once and streams the roster. For each row it applies ``--loc``,
renders ``--ten-tep`` into a safe, distinct file name and computes the row's *input
fingerprint* (form, headers, typed values, docgen version). Names are handed out in row order to
every row, left out by ``--loc`` or not, so a row's file name depends neither on timing nor on
the filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import DocgenError, Problem
from ..forms import FormSpec
from ..i18n import _
from ..templating import environment, evaluate, has_jinja, render_string
from .names import NameAllocator, safe_name, safe_stem
from .roster import Columns, Roster, reset_usage
from .row import row_fingerprint, row_problems, select_rows
from .state import FAILED, FILTERED, Records, Status
from .workers import RowResult, Task, Worker, chunked, run_tasks

if TYPE_CHECKING:
    from .runner import BatchOptions, Progress

__all__ = ["BatchRun", "check_syntax", "default_name_template", "name_text"]

_NAME_KEYS = ("ten_thon", "ten_lang", "thon", "lang", "ten_don_vi", "don_vi", "ten_xa", "ten",
              "ho_ten", "ho_va_ten")


def default_name_template(columns: Columns) -> str:
    """``{{ '%03d' | format(stt) }}-{{ dong.ten_thon | default('') }}``: data row number (1 for
    the first row under the header, as a person counts) and name.

    The name column is the first of ``ten_thon``, ``ten_don_vi``, ``ten``… the roster has, or
    the first whose key starts with ``ten``; with none, the row number alone.
    """
    present = [k for k in columns.keys if k]
    key = next((k for k in _NAME_KEYS if k in present), None)
    key = key or next((k for k in present if k.startswith("ten")), None)
    number = "{{ '%03d' | format(stt) }}"
    return f"{number}-{{{{ dong.{key} | default('') }}}}" if key else number


def row_name(columns: Columns, values: tuple[Any, ...]) -> str:
    """What the manifest calls a row: its name column (``Tên thôn``…), else its first cell of
    text with a letter in it."""
    present = [k for k in columns.keys if k]
    key = next((k for k in _NAME_KEYS if k in present), None)
    if key is not None:
        value = values[columns.index[key]]
        if value is not None:
            return str(value)
    return next((v for v in values if isinstance(v, str) and any(c.isalpha() for c in v)), "")


def check_syntax(source: str | None, option: str) -> None:
    """Refuse ``--loc``/``--ten-tep`` text that is no Jinja, before any row is read."""
    if not source:
        return
    try:
        if has_jinja(source):
            environment().from_string(source)
        else:
            environment().compile_expression(source)
    except Exception as exc:  # any compile failure is a typo in the option
        raise DocgenError(Problem(
            _("{option} '{source}' không đúng cú pháp Jinja ({reason})").format(
                option=option, source=source, reason=exc),
            hint=_("Ví dụ: --loc {loc} hoặc --ten-tep {ten_tep}.").format(
                loc='"dong.ty_le < 80"',
                ten_tep='"{{ dong.ma_thon }}-{{ dong.ten_thon }}"'))) from None


def name_text(source: str, ctx: dict[str, Any]) -> str:
    """What ``--ten-tep`` (a template or an expression) gives for a row."""
    if has_jinja(source):
        return render_string(source, ctx, field="--ten-tep", source_kind=_("bảng danh sách"))
    value = evaluate(source, ctx, what="--ten-tep")
    return str(value)


@dataclass
class BatchRun:
    """One batch run: its options, form, roster and records, the plan of its rows and the
    results so far."""

    options: BatchOptions
    spec: FormSpec
    roster: Roster
    name_source: str
    form_fp: str
    records: Records
    progress: Progress | None
    reserved: tuple[str, ...] = ()
    results: dict[int, RowResult] = field(default_factory=dict)

    def plan(self, sink: Callable[[RowResult], None]) -> Iterator[Task]:
        """The tasks, in row order; rows decided here (filtered, unreadable) go to ``sink``."""
        allocator = NameAllocator(self.reserved)
        columns = self.roster.columns
        for selected in select_rows(self.spec, self.roster, self.options.loc):
            number, dong = selected.row.number, selected.dong
            name = row_name(columns, selected.row.values)
            stem: str | None = None
            try:
                reset_usage(dong)
                text = name_text(self.name_source, selected.context)
                stem = allocator.allocate(safe_stem(text) if self.options.ascii_names
                                          else safe_name(text))
                name_error = None
            except DocgenError as exc:
                name_error = exc
            if selected.problems or not selected.kept:
                status = FAILED if selected.problems else FILTERED
                sink(self._kept_record(number, stem, status, selected.problems, name))
                continue
            if name_error is not None:
                problems = row_problems(name_error.located(field="--ten-tep"), dong,
                                        self.roster.path, form=self.spec.path)
                sink(RowResult(number, "", "", FAILED, tuple(problems), name=name))
                continue
            assert stem is not None
            fingerprint = row_fingerprint(self.form_fp, columns, selected.row.values)
            yield Task(number, selected.row.values, stem, fingerprint,
                       self.records.get(stem + ".docx"), name)

    def _kept_record(self, number: int, stem: str | None, status: Status,
                     problems: tuple[Problem, ...], name: str) -> RowResult:
        """A row not rendered this time, with the record of its file from an earlier run."""
        record = self.records.get(stem + ".docx") if stem else None
        if stem and record is not None:
            return RowResult(number, stem + ".docx", record.sha256, status, problems,
                             record.fingerprint, name=name)
        return RowResult(number, "", "", status, problems, name=name)

    def execute(self, worker: Worker, jobs: int,
                on_result: Callable[[RowResult], None]) -> None:
        """Run every task through ``worker`` (in this process or ``jobs`` processes)."""

        def sink(result: RowResult) -> None:
            on_result(result)
            if self.progress:
                self.progress.advance(1)

        def take(results: list[RowResult]) -> None:
            for result in results:
                on_result(result)
            if self.progress:
                self.progress.advance(len(results))

        run_tasks(worker, chunked(self.plan(sink), self._chunk_size(jobs)), jobs, take)

    def _chunk_size(self, jobs: int) -> int:
        total = self.roster.total or 0
        if total <= 0:
            return 32
        return max(1, min(64, -(-total // (jobs * 4))))
