"""``docgen batch`` never loses a clerk's work: files edited by hand, foreign manifests, folders
in the way, unwritable --gop targets, PDFs, records of rows left out or failed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from batchkit import CSV, FORM, batch, copy_roster, manifest, statuses

import docgen.batch.pdfs as pdfs
import docgen.batch.runner as runner
from docgen.batch.merge import MergedDocument, document_part
from docgen.batch.runner import BatchOptions, run_batch
from docgen.batch.state import (
    JOURNAL,
    MANIFEST_HEADER,
    Journal,
    ManifestLine,
    Records,
    Status,
    read_records,
)
from docgen.errors import DocgenError, Problem


def by_row(folder: Path) -> dict[int, dict[str, str]]:
    return {int(r["hang"]): r for r in manifest(folder) if r["hang"] and r["trang_thai"] != "pdf"}




def edit_by_hand(path: Path) -> bytes:
    """Open the .docx in a word processor, add a line, save: still a valid .docx."""
    document = docx.Document(str(path))
    document.add_paragraph("Ghi chú tay của văn thư.")
    document.save(str(path))
    return path.read_bytes()


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder no file can be created in (root ignores permissions: fall back to /sys)."""
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    folder.chmod(0o555)
    probe = folder / "thu"
    try:
        probe.open("xb").close()
    except OSError:
        return folder
    probe.unlink()
    sysfs = Path("/sys")
    try:
        (sysfs / "docgen-thu.docx").open("xb").close()
    except OSError:
        if sysfs.is_dir():
            return sysfs
    pytest.skip("no unwritable folder on this machine")


# ---------------------------------------------------------------------------------------------
# B4: --gop where it cannot be written


def test_gop_that_cannot_be_written_is_refused_before_any_row(tmp_path: Path) -> None:
    gop = unwritable_folder(tmp_path) / "in-gop.docx"
    out = tmp_path / "out"
    result = batch(FORM, "--roster", CSV, "-o", out, "--gop", gop)
    assert result.exit_code == 2
    assert f"{gop}: không ghi được tệp gộp" in result.stderr
    assert "Đóng tệp trong Word" in result.stderr
    assert not out.exists()  # nothing rendered for nothing


def test_merged_document_errors_name_the_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out)).exit_code == 0
    data = next(out.glob("*.docx")).read_bytes()
    target = tmp_path / "gop.docx"
    target.mkdir()  # stands for a file Word holds open: the final rename fails
    merged = MergedDocument(target)
    merged.add(document_part(data), data)
    with pytest.raises(DocgenError) as info:
        merged.commit()
    (problem,) = info.value.problems
    assert problem.file == target and "không ghi được tệp gộp" in problem.message
    assert "Đóng tệp trong Word" in (problem.hint or "")
    assert not list(tmp_path.glob(".gop.docx.*.tmp"))

    missing = MergedDocument(tmp_path / "khong-co" / "gop.docx")
    with pytest.raises(DocgenError, match="không ghi được tệp gộp"):
        missing.add(document_part(data), data)


def test_gop_leftover_of_a_killed_run_outside_dir_is_removed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "in"
    elsewhere.mkdir()
    dead = elsewhere / ".tat-ca.docx.999999999.tmp"  # no such process
    dead.write_bytes(b"half")
    result = batch(FORM, "--roster", CSV, "-o", tmp_path / "out", "--gop",
                   elsewhere / "tat-ca.docx")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["tat-ca.docx"]


# ---------------------------------------------------------------------------------------------
# B5, B9: manifest.csv


def test_manifest_that_is_a_folder_is_refused_before_any_row(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "manifest.csv").mkdir(parents=True)
    result = batch(FORM, "--roster", CSV, "-o", out)
    assert result.exit_code == 2
    assert f"{out / 'manifest.csv'}: đây là một thư mục" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["manifest.csv"]


def test_manifest_write_failure_leaves_no_temp_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # only the manifest is fsynced
    with pytest.raises(DocgenError, match="ổ đĩa đã đầy") as error:
        run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out))
    assert error.value.problems[0].file == out / "manifest.csv"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert (out / JOURNAL).exists()  # the rows are recorded: a rerun continues
    monkeypatch.undo()
    report = run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out))
    assert report.exit_code == 0 and report.counts == {"giu-nguyen": 24}


def test_someone_elses_manifest_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    theirs = "STT;Thôn;Ghi chú\n1;Tân Sang;đã gửi\n"
    (out / "manifest.csv").write_text(theirs, encoding="utf-8")
    result = batch(FORM, "--roster", CSV, "-o", out)
    assert result.exit_code == 2
    assert "manifest.csv đã có trong thư mục và không do docgen batch ghi ra" in result.stderr
    assert (out / "manifest.csv").read_text(encoding="utf-8") == theirs
    assert sorted(p.name for p in out.iterdir()) == ["manifest.csv"]

    result = batch(FORM, "--roster", CSV, "-o", out, "--overwrite")
    assert result.exit_code == 0
    assert len(manifest(out)) == 24


# ---------------------------------------------------------------------------------------------
# B6: files edited by hand


def test_file_edited_by_hand_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(FORM, "--roster", CSV, "-o", out).exit_code == 0
    edited = edit_by_hand(out / "003-Hòa Bình.docx")

    result = batch(FORM, "--roster", CSV, "-o", out)
    assert result.exit_code == 1
    assert "hàng 4" in result.stderr
    assert "tệp 003-Hòa Bình.docx đã bị sửa sau khi docgen ghi; thêm --overwrite để ghi đè" in \
        result.stderr
    assert (out / "003-Hòa Bình.docx").read_bytes() == edited
    assert statuses(out)["003-Hòa Bình.docx"] == "loi"

    # The row changed too: still the clerk's edits first.
    copy_roster(tmp_path / "r.csv", {(2, 4): "400"})
    result = batch(FORM, "--roster", tmp_path / "r.csv", "-o", out)
    assert result.exit_code == 1 and "đã bị sửa sau khi docgen ghi" in result.stderr
    assert (out / "003-Hòa Bình.docx").read_bytes() == edited

    result = batch(FORM, "--roster", tmp_path / "r.csv", "-o", out, "--overwrite")
    assert result.exit_code == 0
    assert (out / "003-Hòa Bình.docx").read_bytes() != edited


# ---------------------------------------------------------------------------------------------
# B7: the --gop file


def test_gop_outside_dir_with_an_earlier_gops_name_is_someone_elses(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(FORM, "--roster", CSV, "-o", out, "--gop", out / "tat-ca.docx").exit_code == 0
    elsewhere = tmp_path / "van-thu"
    elsewhere.mkdir()
    (elsewhere / "tat-ca.docx").write_bytes(b"tap cua van thu")
    result = batch(FORM, "--roster", CSV, "-o", out, "--gop", elsewhere / "tat-ca.docx")
    assert result.exit_code == 2 and "không ghi đè" in result.stderr
    assert (elsewhere / "tat-ca.docx").read_bytes() == b"tap cua van thu"


def test_gop_outside_dir_is_recorded_by_its_resolved_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    gop = tmp_path / "in" / "tat-ca.docx"
    gop.parent.mkdir()
    assert batch(FORM, "--roster", CSV, "-o", out, "--gop", gop).exit_code == 0
    assert manifest(out)[-1]["tep"] == str(gop.resolve())
    result = batch(FORM, "--roster", CSV, "-o", out, "--gop", gop)
    assert result.exit_code == 0, result.output  # ours: replaced (here: kept, same bytes)


def test_gop_edited_by_hand_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    gop = out / "tat-ca.docx"
    assert batch(FORM, "--roster", CSV, "-o", out, "--gop", gop).exit_code == 0
    edited = edit_by_hand(gop)
    result = batch(FORM, "--roster", CSV, "-o", out, "--gop", gop)
    assert result.exit_code == 2
    assert "tệp gộp đã bị sửa sau khi docgen ghi; thêm --overwrite để ghi đè" in result.stderr
    assert gop.read_bytes() == edited
    assert batch(FORM, "--roster", CSV, "-o", out, "--gop", gop, "--overwrite").exit_code == 0
    assert gop.read_bytes() != edited


# ---------------------------------------------------------------------------------------------
# B8: rows left out or failed keep their record


def test_row_left_out_by_loc_keeps_its_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    roster = copy_roster(tmp_path / "r.csv")
    assert batch(FORM, "--roster", roster, "-o", out).exit_code == 0
    sha = by_row(out)[4]["sha256"]
    result = batch(FORM, "--roster", roster, "-o", out, "--loc", "hang != 4")
    assert result.exit_code == 0
    line = by_row(out)[4]
    assert (line["trang_thai"], line["tep"], line["sha256"]) == ("loc-bo", "003-Hòa Bình.docx",
                                                                 sha)
    # Its figures change: its own earlier file is replaced, not called someone else's.
    copy_roster(roster, {(2, 4): "400"})
    result = batch(FORM, "--roster", roster, "-o", out)
    assert result.exit_code == 0, result.output
    assert statuses(out)["003-Hòa Bình.docx"] == "da-tao"


def test_row_that_failed_keeps_its_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    roster = copy_roster(tmp_path / "r.csv")
    assert batch(FORM, "--roster", roster, "-o", out).exit_code == 0
    copy_roster(roster, {(2, 4): "nhiều"})
    result = batch(FORM, "--roster", roster, "-o", out)
    assert result.exit_code == 1
    assert by_row(out)[4]["trang_thai"] == "loi" and len(by_row(out)[4]["sha256"]) == 64
    copy_roster(roster, {(2, 4): "400"})
    result = batch(FORM, "--roster", roster, "-o", out)
    assert result.exit_code == 0, result.output
    assert statuses(out)["003-Hòa Bình.docx"] == "da-tao"


def test_journal_line_cut_by_a_kill_does_not_swallow_the_next(tmp_path: Path) -> None:
    sha = "a" * 64
    # What a kill -9 leaves: a whole line, then one cut in the middle.
    header = ",".join(MANIFEST_HEADER)
    (tmp_path / JOURNAL).write_text(f"{header}\r\n1,A,001-a.docx,đã tạo,,{sha},fp1\r\n"
                                    f"2,B,002-b.docx,đã tạo,,{sha[:9]}", encoding="utf-8")
    journal = Journal(tmp_path)
    journal.write(ManifestLine("3", "C", "003-c.docx", Status.RENDERED, "", sha, "fp3"))
    journal.close()
    records = Records()
    read_records(tmp_path / JOURNAL, records)
    assert records.files == {"001-a.docx": ("fp1", sha), "003-c.docx": ("fp3", sha)}


# ---------------------------------------------------------------------------------------------
# B10: PDFs (LibreOffice replaced by a stand-in: these tests are about which files are touched)


class FakeSoffice:
    """Stands in for ``docgen.pdf.convert``: writes '%PDF' files, fails on names in
    ``failing``, and remembers each run's files."""

    def __init__(self) -> None:
        self.calls: list[list[Path]] = []
        self.failing = {"Hòa Bình"}

    def __call__(self, files: list[Path], out_dir: Path, *, overwrite: bool = False,
                 **kw: Any) -> list[Path]:
        self.calls.append(list(files))
        bad = [f for f in files if any(name in f.name for name in self.failing)]
        if bad:
            raise DocgenError(*[Problem("LibreOffice không chuyển được tệp này", file=f)
                                for f in bad])
        targets = [out_dir / (Path(f).stem + ".pdf") for f in files]
        for f, t in zip(files, targets, strict=True):
            if t.exists() and not overwrite:
                raise DocgenError(Problem("tệp đã có, docgen không ghi đè", file=t))
            t.write_bytes(b"%PDF-1.7 " + hashlib.sha256(Path(f).read_bytes()).digest())
        return targets


@pytest.fixture
def fake_soffice(monkeypatch: pytest.MonkeyPatch) -> FakeSoffice:
    fake = FakeSoffice()
    monkeypatch.setattr(pdfs, "convert", fake)
    monkeypatch.setattr(runner, "find_soffice", lambda: "/usr/bin/soffice")
    return fake


def test_one_pdf_failing_keeps_the_others(tmp_path: Path, fake_soffice: FakeSoffice) -> None:
    out = tmp_path / "out"
    report = run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out, pdf=True, jobs=2))
    assert report.exit_code == 1
    assert len(fake_soffice.calls) == 3  # two groups, the failed one again without Hòa Bình
    (problem,) = report.problems
    assert problem.row == 4 and problem.file == out / "003-Hòa Bình.docx"
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert len(pdfs) == 23 and "003-Hòa Bình.pdf" not in pdfs
    assert report.pdfs == 23
    recorded = {r["tep"]: r for r in manifest(out) if r["trang_thai"] == "pdf"}
    assert len(recorded) == 23
    line = recorded["001-Tân Sang.pdf"]
    assert line["sha256"] == hashlib.sha256((out / "001-Tân Sang.pdf").read_bytes()).hexdigest()
    assert line["dau_vao"] == by_row(out)[2]["sha256"]


def test_clerks_own_pdf_is_not_overwritten(tmp_path: Path,
                                           fake_soffice: FakeSoffice) -> None:
    fake_soffice.failing.clear()
    out = tmp_path / "out"
    assert run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out)).exit_code == 0
    (out / "002-Bình Trung.pdf").write_bytes(b"%PDF ban scan co chu ky")
    os.utime(out / "002-Bình Trung.pdf", (1, 1))  # older than its .docx
    report = run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out, pdf=True, jobs=1))
    assert (out / "002-Bình Trung.pdf").read_bytes() == b"%PDF ban scan co chu ky"
    found = [p for p in report.problems if p.file == out / "002-Bình Trung.pdf"]
    assert found and "không do docgen ghi ra" in found[0].message and found[0].row == 3
    assert "002-Bình Trung.pdf" not in {r["tep"] for r in manifest(out)}

    # docgen's own PDFs: up to date on a rerun, replaced when their .docx changes.
    fake_soffice.calls.clear()
    again = run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out, pdf=True, jobs=1))
    assert fake_soffice.calls == [] and again.pdfs == 0
    roster = copy_roster(tmp_path / "r.csv", {(0, 4): "300"})
    changed = run_batch(BatchOptions(form=FORM, roster=roster, out_dir=out, pdf=True, jobs=1))
    assert changed.pdfs == 1 and fake_soffice.calls == [[out / "001-Tân Sang.docx"]]

    # An edited PDF of docgen's is the clerk's now.
    (out / "001-Tân Sang.pdf").write_bytes(b"%PDF da ky so")
    copy_roster(roster, {(0, 4): "301"})
    report = run_batch(BatchOptions(form=FORM, roster=roster, out_dir=out, pdf=True, jobs=1))
    assert (out / "001-Tân Sang.pdf").read_bytes() == b"%PDF da ky so"
    assert any(p.file == out / "001-Tân Sang.pdf" for p in report.problems)

    report = run_batch(BatchOptions(form=FORM, roster=roster, out_dir=out, pdf=True, jobs=1,
                                    overwrite=True))
    assert report.exit_code == 0, report.problems
    assert (out / "001-Tân Sang.pdf").read_bytes() != b"%PDF da ky so"
    assert (out / "002-Bình Trung.pdf").read_bytes() != b"%PDF ban scan co chu ky"


def test_gop_pdf_is_converted_beside_the_gop(tmp_path: Path,
                                             fake_soffice: FakeSoffice) -> None:
    out = tmp_path / "out"
    gop = tmp_path / "in" / "tat-ca.docx"
    gop.parent.mkdir()
    roster = copy_roster(tmp_path / "r.csv")
    report = run_batch(BatchOptions(form=FORM, roster=roster, out_dir=out, gop=gop, pdf=True,
                                    jobs=2, loc="hang != 4"))
    assert report.exit_code == 0, report.problems
    assert gop.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert [gop] in fake_soffice.calls  # a run of its own, in its own folder
    assert manifest(out)[-1]["tep"] == str(gop.with_suffix(".pdf").resolve())


# ---------------------------------------------------------------------------------------------
# B11: --gop adds no empty paragraph between notices


def _paragraphs(xml: bytes) -> int:
    return len(re.findall(rb"<w:p[ >]", xml))


def test_section_break_goes_into_the_renderers_closing_paragraph(tmp_path: Path) -> None:
    out = tmp_path / "out"
    gop = out / "tat-ca.docx"
    assert run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=out, gop=gop)).exit_code == 0
    with zipfile.ZipFile(gop) as zf:
        merged = zf.read("word/document.xml")
    notices = [document_part(p.read_bytes()) for p in sorted(out.glob("0*.docx"))]
    assert _paragraphs(merged) == sum(_paragraphs(x) for x in notices)
    breaks = re.findall(rb"<w:p>(?:(?!</w:p>).)*?<w:sectPr>", merged, re.DOTALL)
    assert len(breaks) == len(notices) - 1
    for paragraph in breaks:
        # The renderer's last paragraph: 1 pt high, no text.
        assert b'w:line="20" w:lineRule="exact"' in paragraph and b"<w:t" not in paragraph


def full_page_form(folder: Path) -> Path:
    """The example form with its page filled almost to the bottom margin (17 more paragraphs,
    3 more recipients), where one more empty line of text height spills onto a new page."""
    shutil.copy(FORM.parent / "co-quan-sa-thay.yaml", folder / "co-quan-sa-thay.yaml")
    recipients = "".join(f"  - Trưởng ban công tác Mặt trận thôn số {i}\n" for i in range(3))
    filler = "".join(f"  Đoạn bổ sung số {i} để kéo dài nội dung văn bản cho đầy trang.\n"
                     for i in range(17))
    text = FORM.read_text(encoding="utf-8").replace("noi_nhan:\n", "noi_nhan:\n" + recipients)
    form = folder / "day-trang.yaml"
    form.write_text(text + "noi_dung: |\n  Mở đầu {{ dong.ten_thon }}.\n" + filler,
                    encoding="utf-8")
    return form


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice or pdfinfo not installed")
def test_two_one_page_notices_merge_into_two_pages(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "out"
    gop = out / "hai.docx"
    report = run_batch(BatchOptions(form=full_page_form(tmp_path), roster=CSV, out_dir=out,
                                    gop=gop, pdf=True, jobs=1, loc="hang < 4"))
    assert report.exit_code == 0, report.problems

    def pages(pdf: Path) -> int:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore

    singles = sorted(out.glob("0*.pdf"))
    assert len(singles) == 2
    assert [pages(p) for p in singles] == [1, 1], "the notices no longer fit one page each"
    assert pages(gop.with_suffix(".pdf")) == 2  # an empty line after each notice made 3


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_gop_pdf_on_another_disk(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system here")
    folder = shm / f"docgen-test-{os.getpid()}"
    folder.mkdir()
    try:
        gop = folder / "tat-ca.docx"
        report = run_batch(BatchOptions(form=FORM, roster=CSV, out_dir=tmp_path / "out",
                                        gop=gop, pdf=True, jobs=2, loc="hang < 4"))
        assert report.exit_code == 0, report.problems
        assert gop.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        assert sorted(p.name for p in folder.iterdir()) == ["tat-ca.docx", "tat-ca.pdf"]
    finally:
        shutil.rmtree(folder)
