"""A kind numbered apart because the agency's profile says so (issue 8 item 4, Điều 15).

Many UBND number their quyết định in a series of their own; the clerk sets it once in the
``dung_chung`` profile and every form that uses the profile is numbered that way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import DocgenError
from docgen.forms import load_form

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "data" / "forms"


def _profile_with_series(tmp_path: Path, line: str) -> None:
    profile = (FORMS / "co-quan-sa-thay.yaml").read_text("utf-8")
    (tmp_path / "co-quan-sa-thay.yaml").write_text(profile + f"\n{line}\n", "utf-8")


def _blank_number_and_date(source: Path, target: Path) -> Path:
    lines = [line for line in source.read_text("utf-8").splitlines()
             if not line.startswith(("so:", "ngay:", "nam:"))]
    target.write_text("\n".join(lines) + "\n", "utf-8")
    return target


def test_profile_gives_quyet_dinh_its_own_series(
        register: str, open_archive: Callable[..., Any], tmp_path: Path) -> None:
    _profile_with_series(tmp_path, "danh_so_rieng: [quyet-dinh]")
    decision = _blank_number_and_date(FORMS / "quyet-dinh-to-cong-tac.yaml",
                                      tmp_path / "qd.yaml")
    letter = _blank_number_and_date(FORMS / "gia-han-ky-nang-so.yaml", tmp_path / "cv.yaml")
    assert load_form(decision).danh_so_rieng == ["quyet-dinh"]

    archive = open_archive(register, today=lambda: date(2026, 3, 2))
    numbers = [archive.issue(letter).so_ky_hieu, archive.issue(decision).so_ky_hieu,
               archive.issue(letter).so_ky_hieu, archive.issue(decision).so_ky_hieu]
    assert numbers == ["01/UBND-VHXH", "01/QĐ-UBND", "02/UBND-VHXH", "02/QĐ-UBND"]
    assert archive.verify().ok


def test_profile_naming_an_unknown_kind_is_refused_with_the_list(tmp_path: Path) -> None:
    _profile_with_series(tmp_path, "danh_so_rieng: [quyet-dinhh]")
    form = _blank_number_and_date(FORMS / "quyet-dinh-to-cong-tac.yaml", tmp_path / "qd.yaml")
    with pytest.raises(DocgenError) as info:
        load_form(form)
    problem = info.value.problems[0]
    assert problem.field is not None and problem.field.startswith("danh_so_rieng")
    assert "quyet-dinhh" in problem.message
    assert "quyet-dinh" in (problem.hint or "")


def test_a_deadline_in_an_article_before_the_issue_date_is_warned(
        register: str, open_archive: Callable[..., Any], tmp_path: Path) -> None:
    # A quyết định may carry its whole text in articles and no noi_dung at all.
    _profile_with_series(tmp_path, "")
    decision = _blank_number_and_date(FORMS / "quyet-dinh-to-cong-tac.yaml",
                                      tmp_path / "qd.yaml")
    decision.write_text(decision.read_text("utf-8") + "dieu:\n"
                        "  - Hoàn thành báo cáo trước ngày 31/12/2025.\n"
                        "  - Quyết định này có hiệu lực kể từ ngày ký.\n", "utf-8")
    archive = open_archive(register, today=lambda: date(2026, 3, 2))
    entry = archive.issue(decision)
    assert entry.so == 1
    assert any("31/12/2025" in w.message for w in archive.warnings)


# Each worker issues, in turn, a công văn, a quyết định (numbered apart by its profile) and a
# sao y copy, ROUNDS times, once the file GO exists; it prints nothing but "ready".
MIXED_WORKER = """\
import sys, time
from datetime import date
from pathlib import Path
from docgen.archive import Archive, CopyRequest
from docgen.forms import read_form
from docgen.render import render_docx

root, letter, decision, rounds, go = sys.argv[1:6]
documents = [read_form(letter).build(), read_form(decision).build()]
request = CopyRequest(co_quan="UBND", hinh_thuc="SY", trich_yeu="Sao y Quyết định")
print("ready", flush=True)
while not Path(go).exists():
    time.sleep(0.002)
with Archive(root, today=lambda: date(2026, 3, 2)) as archive:
    for _ in range(int(rounds)):
        for document in documents:
            archive.issue(document)
        archive.issue_copy(request, lambda so, ngay: render_docx(documents[0]))
"""


@pytest.mark.slow
def test_documents_a_kind_apart_and_copies_numbered_concurrently(
        register: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    from docgen.archive import Archive

    _profile_with_series(tmp_path, "danh_so_rieng: [quyet-dinh]")
    decision = _blank_number_and_date(FORMS / "quyet-dinh-to-cong-tac.yaml",
                                      tmp_path / "qd.yaml")
    letter = _blank_number_and_date(FORMS / "gia-han-ky-nang-so.yaml", tmp_path / "cv.yaml")
    script = tmp_path / "worker.py"
    script.write_text(MIXED_WORKER, encoding="utf-8")
    go = tmp_path / "go"
    workers = [subprocess.Popen([sys.executable, str(script), register, str(letter),
                                 str(decision), "5", str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(3)]
    for worker in workers:
        assert worker.stdout is not None
        line = worker.stdout.readline()
        assert line.strip() == "ready", (line, worker.communicate(timeout=60))
    go.touch()
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err

    with Archive(register) as archive:
        assert archive.verify().ok
        rows = archive.entries()
    by_series: dict[str, list[int]] = {}
    for row in rows:
        by_series.setdefault(row.so_ky_hieu.split("/", 1)[1], []).append(row.so)
    assert {key: sorted(numbers) for key, numbers in by_series.items()} == {
        "UBND-VHXH": list(range(1, 16)),
        "QĐ-UBND": list(range(1, 16)),
        "SY-UBND": list(range(1, 16)),
    }
