"""The set-up scripts a clerk runs: after ./scripts/demo, `docgen` is a command on the PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_install_command_links_docgen_into_a_folder_on_the_path(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    env = {**os.environ, "DOCGEN_BIN_DIR": str(bindir), "PATH": f"{bindir}:/usr/bin:/bin"}
    done = subprocess.run(["bash", "scripts/install-command"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    link = bindir / "docgen"
    assert link.resolve() == (ROOT / ".venv" / "bin" / "docgen").resolve()
    assert "gõ  docgen --help" in done.stdout
    # The linked command is the real one: it runs and answers in Vietnamese.
    shown = subprocess.run(["docgen", "--help"], env=env, capture_output=True, text=True,
                           check=False)
    assert shown.returncode == 0
    assert "render" in shown.stdout


def test_install_command_says_how_to_reach_a_folder_not_on_the_path(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    env = {**os.environ, "DOCGEN_BIN_DIR": str(bindir), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["bash", "scripts/install-command"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f'export PATH="{bindir}:$PATH"' in done.stdout


def test_demo_script_installs_the_command() -> None:
    assert "scripts/install-command" in (ROOT / "scripts" / "demo").read_text("utf-8")


def test_ci_has_the_real_documents_beside_the_checkout() -> None:
    # The tests on real Word files skip where shared/ is missing (a developer's laptop); in CI
    # that skip would hide them, so CI must find the folder.
    from realdocs import REAL_DOCS

    if os.environ.get("CI") != "true":
        return
    assert REAL_DOCS.is_dir(), f"CI: {REAL_DOCS} không có"
    assert len(list(REAL_DOCS.glob("*.docx"))) >= 20
