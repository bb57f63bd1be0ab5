"""Issue 13 item 9: killing a batch (SIGKILL or SIGTERM) leaves no worker rendering on."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from batchkit import CSV, FORM

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")

SLOW_BATCH = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import docgen.batch.workers as workers
    from docgen.batch.runner import BatchOptions, run_batch

    def slow(self, task):  # a row that takes minutes, injected for the test
        time.sleep(300)

    workers.Worker.process = slow
    run_batch(BatchOptions(form=Path(sys.argv[1]), roster=Path(sys.argv[2]),
                           out_dir=Path(sys.argv[3]), jobs=2))
""")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_batch(tmp_path: Path, sig: signal.Signals) -> None:
    main = subprocess.Popen([sys.executable, "-c", SLOW_BATCH, str(FORM), str(CSV),
                             str(tmp_path / "out")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.1)
            workers = _children(main.pid)
        assert len(workers) >= 2, "the batch did not start its workers"
        os.kill(main.pid, sig)
        main.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        assert not left, f"workers still running after the batch died: {left}"
    finally:
        for pid in [main.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        main.wait(timeout=10)


def _with_marker(marker: str) -> list[int]:
    """Processes whose command line holds ``marker`` (this test's private temp folder, which is
    in the -env:UserInstallation path of every soffice the batch starts: never anyone else's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if marker in command and "soffice" in command and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_libreoffice_dies_with_a_killed_pdf_batch(tmp_path: Path, sig: signal.Signals) -> None:
    private = tmp_path / "tam"
    private.mkdir()
    # Enough rows that LibreOffice is still converting long after the batch is killed.
    head, *rows = CSV.read_text("utf-8-sig").splitlines()
    roster = tmp_path / "nhieu-thon.csv"
    roster.write_text("\n".join([head] + [
        ";".join([str(i + 1), f"{i + 1:03d}", "Thôn", f"Thôn số {i + 1}",
                  *rows[i % len(rows)].split(";")[4:]]) for i in range(400)]) + "\n", "utf-8")
    env = {**os.environ, "TMPDIR": str(private)}
    docgen = Path(sys.executable).parent / "docgen"
    main = subprocess.Popen([str(docgen), "batch", str(FORM), "--roster", str(roster), "-o",
                             str(tmp_path / "out"), "--pdf"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = f"UserInstallation=file://{private}"
    started: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
                "soffice.bin" in Path(f"/proc/{p}/cmdline").read_bytes().decode("utf-8", "replace")
                for p in started if _alive(p)):
            time.sleep(0.2)
            started = _with_marker(marker)
            if main.poll() is not None:
                pytest.fail("the batch ended before LibreOffice started")
        assert started, "LibreOffice did not start"
        os.kill(main.pid, sig)
        main.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _with_marker(marker):
            time.sleep(0.2)
        left = _with_marker(marker)
        assert not left, f"LibreOffice of the killed batch still running: {left}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(main.pid, signal.SIGKILL)
        main.wait(timeout=10)
        for pid in _with_marker(marker):  # only this run's soffice, found by its own folder
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
