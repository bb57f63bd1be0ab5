"""check refuses what is not a regular .docx file before reading it (issue 13 item 8).

A FIFO would make it wait forever, ``/dev/zero`` never ends, and a 5 GB file must be refused by
its size rather than read whole.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main


def _check(path: Path | str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["check", str(path)])
    return done.exit_code, done.output


def test_check_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "van-ban.docx"
    os.mkfifo(fifo)
    code, output = _check(fifo)
    assert code == 2
    assert "không phải một tệp thường" in output and "van-ban.docx" in output


def test_check_refuses_a_device() -> None:
    code, output = _check("/dev/zero")
    assert code == 2
    assert "không phải một tệp thường" in output


def test_check_refuses_a_huge_file_by_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "lon.docx"
    with huge.open("wb") as handle:  # sparse: 5 GB on paper, nothing on the disk
        handle.truncate(5 * 1024 ** 3)
    code, output = _check(huge)
    assert code == 2
    assert "tệp quá lớn" in output and "giới hạn 128,0 MB" in output


def test_check_on_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    code, output = _check(tmp_path)
    assert code == 2
    assert "thư mục" in output
