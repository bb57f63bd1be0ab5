"""``docgen batch``: one document per roster row (Excel or CSV), fast, parallel, resumable.

The parts, each usable alone:

* :mod:`.roster` — reading .xlsx/.csv rosters into :class:`Dong` rows (typed values);
* :mod:`.row` — :func:`render_row` ``(spec, dong) -> (VanBan, bytes)``, the per-row work;
* :mod:`.names` — :func:`safe_stem` and :class:`NameAllocator` for hostile file names;
* :mod:`.merge` — the ``--gop`` document, one section per notice;
* :mod:`.state` — what a batch keeps in its folder: lock, journal, manifest, records;
* :mod:`.runner` — :func:`run_batch`: workers, resume, PDF.
"""

from __future__ import annotations

from .merge import MergedDocument
from .names import NameAllocator, safe_stem
from .roster import Columns, Dong, EmptyCell, Roster, RosterRow, open_roster
from .row import build_row, render_row
from .runner import BatchOptions, BatchReport, Progress, RowResult, run_batch

__all__ = [
    "BatchOptions",
    "BatchReport",
    "Columns",
    "Dong",
    "EmptyCell",
    "MergedDocument",
    "NameAllocator",
    "Progress",
    "Roster",
    "RosterRow",
    "RowResult",
    "build_row",
    "open_roster",
    "render_row",
    "run_batch",
    "safe_stem",
]
