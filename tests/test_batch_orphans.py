"""Issue 13 item 9: killing a batch (SIGKILL or SIGTERM) leaves no worker rendering on."""

from __future__ import annotations

import contextlib
import os
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
