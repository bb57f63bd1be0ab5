"""Resuming ``docgen batch``: reruns, changed rows, foreign files, a run killed with SIGKILL."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
from batchkit import CSV, FORM, batch, copy_roster, manifest, statuses

from docgen.batch.roster import Dong, open_roster
from docgen.batch.row import render_row
from docgen.forms import read_form

ROWS = 1440  # the killed batch: the example repeated 60 times










def test_rerun_renders_only_missing_or_changed_rows(tmp_path: Path) -> None:
    roster = copy_roster(tmp_path / "r.csv")
    out = tmp_path / "out"
    assert batch(FORM, "--roster", roster, "-o", out).exit_code == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    total = len(before)

    result = batch(FORM, "--roster", roster, "-o", out)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Xong: 0 đã tạo, {total} giữ nguyên, 0 lỗi;")
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")} == before

    # One figure changed, one file deleted: exactly those two are rendered again.
    copy_roster(roster, {(2, 4): "400"})
    (out / "009-Bình Minh.docx").unlink()
    result = batch(FORM, "--roster", roster, "-o", out)
    assert result.stdout.startswith(f"Xong: 2 đã tạo, {total - 2} giữ nguyên, 0 lỗi;")
    rendered = {n for n, s in statuses(out).items() if s == "da-tao"}
    assert rendered == {"003-Hòa Bình.docx", "009-Bình Minh.docx"}
    assert "400/604" in "\n".join(p.text for p in
                                  docx.Document(str(out / "003-Hòa Bình.docx")).paragraphs)

    result = batch(FORM, "--roster", roster, "-o", out, "--overwrite")
    assert result.stdout.startswith(f"Xong: {total} đã tạo, 0 giữ nguyên, 0 lỗi;")


def test_damaged_file_is_rendered_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(FORM, "--roster", CSV, "-o", out).exit_code == 0
    good = (out / "004-Đoàn Kết.docx").read_bytes()
    (out / "004-Đoàn Kết.docx").write_bytes(good[:100])
    result = batch(FORM, "--roster", CSV, "-o", out)
    assert result.exit_code == 0
    assert statuses(out)["004-Đoàn Kết.docx"] == "da-tao"
    assert (out / "004-Đoàn Kết.docx").read_bytes() == good


def test_someone_elses_file_is_never_overwritten_without_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "001-Tân Sang.docx").write_bytes(b"ban cua nguoi khac")
    result = batch(FORM, "--roster", CSV, "-o", out)
    assert result.exit_code == 1
    assert "001-Tân Sang.docx đã có trong thư mục và không do docgen batch ghi ra" in \
        result.stderr
    assert (out / "001-Tân Sang.docx").read_bytes() == b"ban cua nguoi khac"
    assert statuses(out)["001-Tân Sang.docx"] == "loi"

    result = batch(FORM, "--roster", CSV, "-o", out, "--overwrite")
    assert result.exit_code == 0
    assert zipfile.is_zipfile(out / "001-Tân Sang.docx")


def test_files_without_records_are_adopted_when_identical(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(FORM, "--roster", CSV, "-o", out).exit_code == 0
    (out / "manifest.csv").unlink()
    (out / ".002-Bình Trung.docx.999.tmp").write_bytes(b"half")  # left by a killed run
    result = batch(FORM, "--roster", CSV, "-o", out)
    assert result.exit_code == 0
    assert set(statuses(out).values()) == {"giu-nguyen"}
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_killed_batch_then_rerun_gives_the_complete_set(tmp_path: Path) -> None:
    roster = copy_roster(tmp_path / "lon.csv", repeat=ROWS // 24)
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from docgen.cli import main; main()", "batch", str(FORM),
               "--roster", str(roster), "-o", str(out), "--jobs", "2",
               "--gop", str(out / "tat-ca.docx")]
    # Its own session, so SIGKILL reaches the workers too, all at once.
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if out.is_dir() and sum(1 for _ in out.glob("*.docx")) >= 80:
                break
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    # The roster is large enough that the batch is still running when 80 files are there:
    # a batch that finished on its own would test nothing.
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    written = list(out.glob("*.docx"))
    assert written, "the batch wrote nothing before it was killed"
    for path in written:  # every .docx there is whole
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None

    result = batch(FORM, "--roster", roster, "-o", out, "--jobs", "2",
                   "--gop", out / "tat-ca.docx")
    assert result.exit_code == 0, result.output
    rows = manifest(out)
    assert len([r for r in rows if r["hang"]]) == ROWS
    counts = {s: sum(1 for r in rows if r["trang_thai"] == s) for s in ("da-tao", "giu-nguyen")}
    assert counts["da-tao"] < ROWS and counts["giu-nguyen"] >= 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    for r in rows:
        assert hashlib.sha256((out / r["tep"]).read_bytes()).hexdigest() == r["sha256"]
    # The bytes are those a clean render gives (a sample across the roster).
    spec = read_form(FORM)
    opened = open_roster(roster)
    for row in list(opened.rows())[::97]:
        _, data = render_row(spec, Dong(opened.columns, row.values, row.number))
        name = next(r["tep"] for r in rows if r["hang"] == str(row.number))
        assert (out / name).read_bytes() == data
    assert len(docx.Document(str(out / "tat-ca.docx")).sections) == ROWS


def test_a_folder_in_the_way_fails_only_its_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "002-Bình Trung.docx").mkdir(parents=True)
    result = batch(FORM, "--roster", CSV, "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    assert "hàng 3" in result.stderr and "002-Bình Trung.docx" in result.stderr
    status = statuses(out)
    assert status["002-Bình Trung.docx"] == "loi"
    assert sum(1 for s in status.values() if s == "da-tao") == len(status) - 1
