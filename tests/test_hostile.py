"""Issue 13: every command this area owns, run on the hostile corpus (:mod:`hostile`).

All cases run in one child process whose address space is limited to 512 MB: a case that
exhausts memory kills the child and fails the test; a case that hangs (a FIFO) trips the
timeout. Each case must exit with its documented status, print a Vietnamese message naming the
file (and never a traceback or a foreign file's content), and write nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hostile import Case, build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFO, rlimit")

CHILD = textwrap.dedent("""
    import json, os, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
    from click.testing import CliRunner
    from docgen.cli import main
    results = []
    for name, args, out in json.loads(sys.stdin.read()):
        result = CliRunner().invoke(main, args)
        results.append({"name": name, "exit": result.exit_code, "stdout": result.stdout,
                        "stderr": result.stderr,
                        "exception": None if result.exception is None or
                        isinstance(result.exception, SystemExit) else repr(result.exception),
                        "written": sorted(os.listdir(out))})
    print(json.dumps(results))
""")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, dict]]:
    base = tmp_path_factory.mktemp("hostile")
    cases = build(base / "corpus")
    jobs = []
    for i, case in enumerate(cases):
        out = base / f"out-{i}"
        out.mkdir()
        args = [a.replace("{out}", str(out)) for a in case.args]
        jobs.append((case.name, args, str(out)))
    env = {"XDG_STATE_HOME": str(base / "state"), "PATH": "/usr/bin:/bin",
           "HOME": str(base)}
    done = subprocess.run([*_without_root_powers(), sys.executable, "-c", CHILD],
                          input=json.dumps(jobs),
                          capture_output=True, text=True, timeout=600, env=env,
                          cwd=base)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    return {r["name"]: (case, r) for case, r in zip(cases, results, strict=True)}


def _without_root_powers() -> list[str]:
    """Root ignores file permissions: run the cases without that power, so read-only folders
    of the corpus are read-only for docgen too."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return []
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else []


def _permissions_hold() -> bool:
    return os.geteuid() != 0 or bool(_without_root_powers())


def _names() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return [c.name for c in build(Path(tmp))]


@pytest.mark.parametrize("name", _names())
def test_hostile_input_gets_a_located_vietnamese_refusal(
        name: str, outcomes: dict[str, tuple[Case, dict]]) -> None:
    if "chi-doc" in name and not _permissions_hold():
        pytest.skip("root ignores read-only folders here and setpriv cannot drop that power")
    case, got = outcomes[name]
    message = got["stderr"] + got["stdout"]
    assert got["exception"] is None, got["exception"]
    assert "Traceback" not in message
    assert got["exit"] == case.exit_code, message
    assert message.startswith("Lỗi: "), message
    assert case.file in message, message
    for word in case.mentions:
        assert word in message, (word, message)
    for text in case.never:
        assert text not in message, message
    if not case.writes:
        assert got["written"] == [], got["written"]
