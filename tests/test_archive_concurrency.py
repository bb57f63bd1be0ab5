"""Several processes issuing at once, and processes killed (kill -9) while issuing.

Each test runs real OS processes against one register, once as a folder (SQLite's locking and
the archive's journal) and once on PostgreSQL (row locks, transactions the server rolls back
when a client dies): what they promise only shows across processes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from docgen.archive import FAULT_ENV, Archive
from docgen.archive.store import JOURNAL_DIR
from docgen.models import VanBan
from docgen.render import render_docx

REPO = Path(__file__).resolve().parents[1]
GIA_HAN = REPO / "data" / "forms" / "gia-han-ky-nang-so.yaml"

pytestmark = pytest.mark.slow

# Issues COUNT documents (forever if COUNT < 0) once the file GO exists, printing each number;
# FORMS (separated by os.pathsep) are issued in turn.
WORKER = """\
import os, sys, time
from pathlib import Path
from docgen.archive import Archive
from docgen.forms import read_form

root, forms, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
documents = [read_form(form).build() for form in forms.split(os.pathsep)]
print("ready", flush=True)
while not go.exists():
    time.sleep(0.002)
with Archive(root) as archive:
    issued = 0
    while count < 0 or issued < count:
        print(archive.issue(documents[issued % len(documents)]).so, flush=True)
        issued += 1
"""


def worker_script(folder: Path) -> Path:
    """:data:`WORKER` as a file in ``folder``, written by the first call only.

    Rewriting it for each worker once made one fail in CI: ``write_text`` truncates the file
    before writing, and a worker started just before, still starting up on a loaded machine,
    read the empty file, ran nothing and exited 0 without a word.
    """
    script = folder / "worker.py"
    if not script.exists():
        script.write_text(WORKER, encoding="utf-8")
    return script


def start_worker(tmp_path: Path, root: str, count: int, go: Path,
                 env: dict[str, str] | None = None,
                 forms: tuple[Path, ...] = (GIA_HAN,)) -> subprocess.Popen[str]:
    script = worker_script(tmp_path)
    return subprocess.Popen(
        [sys.executable, str(script), root, os.pathsep.join(map(str, forms)), str(count),
         str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


def wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "ready":
        rest, err = process.communicate(timeout=60)
        raise AssertionError(f"worker did not start: exit {process.returncode}, "
                             f"stdout {line + rest!r}, stderr {err!r}")


def assert_consistent(location: str) -> list[int]:
    """verify passes (files, chain, no gap), numbers run 1..N, every entry has its two files
    and nothing else is stored."""
    with Archive(location) as archive:
        report = archive.verify()
        assert report.ok, [str(f) for f in report.findings]
        numbers = [e.so for e in archive.entries()]
        assert report.files_checked == 2 * len(numbers)
    assert numbers == list(range(1, len(numbers) + 1))
    if "://" not in location:
        root = Path(location)
        files = sorted(p.name for p in root.glob("*/*") if p.is_file())
        assert len(files) == 2 * len(numbers)
        assert all(name.split("-", 1)[0].isdigit() for name in files)
        assert list((root / JOURNAL_DIR).glob("*")) == []  # no journal left behind
    return numbers


def test_the_worker_script_is_written_once_not_under_a_starting_worker(tmp_path: Path) -> None:
    script = worker_script(tmp_path)
    before = script.stat()
    assert worker_script(tmp_path) == script
    after = script.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert script.read_text(encoding="utf-8") == WORKER


def test_four_processes_issuing_25_each_get_exactly_01_to_100(tmp_path: Path,
                                                              register: str) -> None:
    # The folder is not created yet (nor the database's schema): the processes race to do it.
    go = tmp_path / "go"
    workers = [start_worker(tmp_path, register, 25, go) for _ in range(4)]
    for worker in workers:
        wait_ready(worker)
    go.touch()
    got = []
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
        got.append([int(line) for line in out.split()])
    assert all(len(numbers) == 25 for numbers in got)
    # Each process sees its own numbers rise; together they are 1..100 exactly once.
    assert all(numbers == sorted(numbers) for numbers in got)
    assert sorted(n for numbers in got for n in numbers) == list(range(1, 101))
    assert assert_consistent(register) == list(range(1, 101))


def test_a_kind_numbered_apart_keeps_its_own_series_under_concurrency(
        tmp_path: Path, register: str) -> None:
    notice = tmp_path / "tb.yaml"
    notice.write_text(
        "loai: thong-bao\nco_quan: {ten: [ỦY BAN NHÂN DÂN, XÃ SA THẦY], viet_tat: UBND}\n"
        "dia_danh: Sa Thầy\ntrich_yeu: lịch tiếp công dân\nnoi_dung: Lịch tiếp dân.\n"
        "noi_nhan: [Các thôn]\nnguoi_ky: {thay_mat: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, "
        "ho_ten: Nguyễn Văn An}\n", encoding="utf-8")
    with Archive(register) as archive:
        archive.set_separate_series(["thong-bao"])
    go = tmp_path / "go"
    workers = [start_worker(tmp_path, register, 10, go, forms=(GIA_HAN, notice))
               for _ in range(4)]
    for worker in workers:
        wait_ready(worker)
    go.touch()
    for worker in workers:
        _, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
    with Archive(register) as archive:
        assert archive.verify().ok
        rows = archive.entries()
    series = {day_so: sorted(r.so for r in rows if r.day_so == day_so) for day_so in
              ("", "thong-bao")}
    assert series == {"": list(range(1, 21)), "thong-bao": list(range(1, 21))}


STAGES = ["locked", "journal", "docx", "form", "row", "commit"]


@pytest.mark.parametrize("stage", STAGES)
def test_kill_9_at_any_stage_leaves_a_complete_entry_or_nothing(tmp_path: Path, register: str,
                                                                stage: str) -> None:
    with Archive(register) as archive:
        archive.issue(GIA_HAN)  # number 01 exists before the crash
    go = tmp_path / "go"
    go.touch()
    worker = start_worker(tmp_path, register, 1, go, env={FAULT_ENV: stage})
    worker.communicate(timeout=60)
    assert worker.returncode == -signal.SIGKILL

    numbers = assert_consistent(register)
    # Only a process killed after COMMIT has issued its number; otherwise 02 is still free.
    assert numbers == ([1, 2] if stage == "commit" else [1])
    with Archive(register) as archive:
        assert archive.issue(GIA_HAN).so == len(numbers) + 1
    assert_consistent(register)


def test_kills_at_random_moments_leave_a_clean_gap_free_register(tmp_path: Path,
                                                                 register: str) -> None:
    # 30 kills against the server (issue 11); 10 are enough for the folder's journal, which
    # the stage-by-stage test above covers point by point.
    go = tmp_path / "go"
    go.touch()
    rng = random.Random(20260205)
    kills = 0
    numbers: list[int] = []
    while kills < (30 if "://" in register else 10):
        # Five clients at once, each killed at a random moment after its first issue.
        workers = [start_worker(tmp_path, register, -1, go) for _ in range(5)]
        for worker in workers:
            wait_ready(worker)
            assert worker.stdout is not None
            first = worker.stdout.readline()  # it has issued at least once: now in the loop
            if not first.strip().isdigit():
                rest, err = worker.communicate(timeout=60)
                raise AssertionError(f"worker issued nothing: exit {worker.returncode}, "
                                     f"stdout {first + rest!r}, stderr {err!r}")
        for worker in workers:
            time.sleep(rng.uniform(0.0, 0.03))
            worker.send_signal(signal.SIGKILL)
            worker.communicate(timeout=60)
            kills += 1
        before = len(numbers)
        numbers = assert_consistent(register)
        assert len(numbers) >= before + 5, (before, numbers)
    with Archive(register) as archive:
        assert archive.issue(GIA_HAN).so == len(numbers) + 1


# Keeps the register open (so its -shm file is not rebuilt) until killed.
HOLDER = """\
import sqlite3, sys, time
sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM so_di").fetchone()
print("ready", flush=True)
time.sleep(600)
"""


def test_a_commit_the_running_processes_missed_keeps_its_files(tmp_path: Path) -> None:
    """A process killed inside COMMIT, after SQLite wrote the commit to the -wal file but before
    it published it in -shm: the processes still running do not see the row, but the next one
    to open the register after they have all died does. The recovery in between (here by a
    process killed before it committed) must not have deleted that row's files."""
    from docgen.archive.sqlite_register import DB_NAME

    root = tmp_path / "luu-tru"
    with Archive(root) as archive:
        archive.issue(GIA_HAN)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(root / DB_NAME)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        shm = root / f"{DB_NAME}-shm"
        unpublished = shm.read_bytes()
        go = tmp_path / "go"
        go.touch()
        committer = start_worker(tmp_path, str(root), 1, go, env={FAULT_ENV: "commit"})
        committer.communicate(timeout=60)
        assert committer.returncode == -signal.SIGKILL
        # As if killed before -shm was updated: number 02 is in the -wal file only.
        shm.write_bytes(unpublished)
        recoverer = start_worker(tmp_path, str(root), 1, go, env={FAULT_ENV: "journal"})
        recoverer.communicate(timeout=60)
        assert recoverer.returncode == -signal.SIGKILL
    finally:
        holder.kill()
        holder.communicate(timeout=60)
    # Everyone is dead: the next process rebuilds -shm from the -wal file and 02 is back.
    assert assert_consistent(str(root)) == [1, 2]


def test_verify_waits_for_a_writer_already_at_work(register: str) -> None:
    """verify reports on the register as it is once the writers at work have finished (on the
    server: also a client killed after sending COMMIT, whose number lands a moment later)."""
    with Archive(register) as archive:
        archive.issue(GIA_HAN)
    inside, release = threading.Event(), threading.Event()

    def slow_render(van_ban: VanBan) -> bytes:
        inside.set()  # number 02 allocated, the register's lock held
        release.wait(60)
        return render_docx(van_ban)

    reports = []

    def verify() -> None:
        with Archive(register) as archive:
            reports.append(archive.verify())

    with Archive(register, render=slow_render) as writer:
        issuing = threading.Thread(target=writer.issue, args=(GIA_HAN,))
        issuing.start()
        assert inside.wait(60)
        verifying = threading.Thread(target=verify)
        verifying.start()
        verifying.join(1.0)
        alive = verifying.is_alive()
        release.set()
        issuing.join(60)
        verifying.join(60)
    assert alive  # it waited rather than report a register about to change
    assert [(r.ok, r.entries) for r in reports] == [(True, 2)]
