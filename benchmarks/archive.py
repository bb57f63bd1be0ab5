"""How long issuing 1,000 documents into the register takes, on both backends, beyond rendering.

    python benchmarks/archive.py [-n 1000] [--chi-sqlite | --chi-postgresql]

Measures, on fresh registers — a folder (SQLite) in a temporary folder and a PostgreSQL database
in a throwaway cluster that the script starts itself (``initdb`` + ``pg_ctl`` on 127.0.0.1,
fsync on, as a real server would run) and stops at the end:

1. ``Archive.issue`` called once per document (one transaction each: lock, allocate, files,
   register row, hash chain, commit) — what ``docgen archive issue`` does;
2. ``Archive.issue_many`` with every document in one transaction — what a batch does;
3. ``Archive.verify`` re-hashing every file and the chain.

Rendering — the .docx (``render_docx``) and the resolved form (``dump_form``) — is timed inside
the same runs and subtracted, so "beyond rendering" is the register's own cost even when the
machine is busy. Targets: under 5 s per 1,000 documents in a folder (issue 4), under 10 s on
PostgreSQL over loopback (issue 11).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import docgen.archive
from docgen.archive import Archive
from docgen.forms import read_form
from docgen.render import render_docx

REPO = Path(__file__).resolve().parents[1]
FORM = REPO / "data" / "forms" / "gia-han-ky-nang-so.yaml"
TODAY = date(2026, 2, 5)
T = TypeVar("T")


class Stopwatch:
    """Wraps functions and adds up the time spent in them."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, func: Callable[..., T]) -> Callable[..., T]:
        def timed(*args: Any, **kwargs: Any) -> T:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def measure(location: str, n: int, van_ban: Any, rendering: Stopwatch,
            render: Callable[..., bytes], second: str) -> dict[str, float]:
    """Seconds for n single issues, one batch of n (into ``second``), and a verify."""
    out: dict[str, float] = {}
    with Archive(location, today=lambda: TODAY, render=render) as one_by_one:
        rendering.seconds = 0.0
        start = time.perf_counter()
        for _ in range(n):
            one_by_one.issue(van_ban)
        out["single"] = time.perf_counter() - start
        out["single_rendering"] = rendering.seconds
        start = time.perf_counter()
        report = one_by_one.verify()
        out["verify"] = time.perf_counter() - start
        assert report.ok and report.entries == n
    with Archive(second, today=lambda: TODAY, render=render) as batch:
        rendering.seconds = 0.0
        start = time.perf_counter()
        entries = batch.issue_many([van_ban] * n)
        out["many"] = time.perf_counter() - start
        out["many_rendering"] = rendering.seconds
        assert [e.so for e in entries] == list(range(1, n + 1))
    return out


def report(label: str, n: int, t: dict[str, float], target_per_1000: float) -> None:
    """Print one backend's figures."""
    def line(text: str, seconds: float) -> str:
        return f"  {text:<50}{seconds:7.2f} s  ({seconds / n * 1000:5.2f} ms/văn bản)"

    print(f"{label}:")
    print(line("issue() từng văn bản, mỗi văn bản một giao dịch", t["single"]))
    print(line("  soạn (render_docx + dump_form)", t["single_rendering"]))
    print(line("  phần của sổ (ngoài soạn)", t["single"] - t["single_rendering"]))
    print(line("issue_many() cả lô trong một giao dịch", t["many"]))
    print(line("  soạn (render_docx + dump_form)", t["many_rendering"]))
    print(line("  phần của sổ (ngoài soạn)", t["many"] - t["many_rendering"]))
    print(line("verify() băm lại mọi tệp và chuỗi mã", t["verify"]))
    target = target_per_1000 * n / 1000
    beyond = t["single"] - t["single_rendering"]
    verdict = "đạt" if beyond < target else "CHƯA ĐẠT"
    print(f"  Mục tiêu: phần của sổ dưới {target:.1f} s cho {n} văn bản — {verdict}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="documents to issue")
    parser.add_argument("--chi-sqlite", action="store_true", help="only the folder register")
    parser.add_argument("--chi-postgresql", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    n = args.n
    van_ban = read_form(FORM).build()

    rendering = Stopwatch()
    # The archive calls dump_form through its own module namespace: time it there.
    docgen.archive.dump_form = rendering.wrap(docgen.archive.dump_form)  # type: ignore[attr-defined]
    render = rendering.wrap(render_docx)
    print(f"Cấp số {n} văn bản vào sổ đăng ký (biểu mẫu {FORM.name}):")
    if not args.chi_postgresql:
        with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
            figures = measure(str(Path(tmp) / "mot"), n, van_ban, rendering, render,
                              str(Path(tmp) / "lo"))
        report("Thư mục (SQLite)", n, figures, 5.0)
    if not args.chi_sqlite:
        sys.path.insert(0, str(REPO / "tests"))
        from pgcluster import PgCluster

        cluster = PgCluster.start(durable=True)
        try:
            figures = measure(cluster.create_database("mot"), n, van_ban, rendering, render,
                              cluster.create_database("lo"))
        finally:
            cluster.stop()
        report("PostgreSQL (127.0.0.1, fsync bật)", n, figures, 10.0)


if __name__ == "__main__":
    main()
