"""A register that proves it has not been altered (issue 13 items 4 and 5), on both backends.

Someone with full access to the database drops the immutability triggers, then forges a row,
deletes a row, edits a file together with its stored hash, or removes the last rows: ``verify``
names each. A folder register that is empty, damaged or gone is refused with a way to restore
it, never silently re-created.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_archive import GIA_HAN, behind_docgens_back, dated

from docgen.archive import Archive, Entry
from docgen.archive.entry import GENESIS, chain_hash
from docgen.archive.store import sha256_bytes
from docgen.cli import main
from docgen.errors import DocgenError

Opener = Callable[..., Archive]


def issued(open_archive: Opener, register: str, count: int) -> Archive:
    archive = open_archive(register, today=lambda: date(2026, 3, 9))
    archive.issue_many([GIA_HAN] * count)
    assert archive.verify().ok
    return archive


def kinds(archive: Archive) -> list[tuple[str, int | None]]:
    """``(finding kind, number of the entry it names)``, the database check left out."""
    return [(f.kind, f.entry.so if f.entry else None) for f in archive.verify().findings
            if f.kind != "csdl"]


def test_chain_links_each_row_to_the_one_before(register: str, open_archive: Opener) -> None:
    archive = issued(open_archive, register, 3)
    rows = archive.entries()
    assert [r.thu_tu for r in rows] == [1, 2, 3]
    assert rows[0].bam_truoc == GENESIS
    assert [r.bam_truoc for r in rows[1:]] == [r.bam for r in rows[:-1]]
    assert all(chain_hash(r) == r.bam for r in rows)
    head = archive.chain_head()
    assert (head.count, head.hash) == (3, rows[-1].bam)
    assert archive.verify().head == head


def test_verify_names_a_forged_row_a_deleted_row_and_a_file_edited_with_its_hash(
        register: str, open_archive: Opener, runner: CliRunner) -> None:
    archive = issued(open_archive, register, 6)
    rows = archive.entries()
    fifth = rows[4]
    original = archive.read_file(fifth.tep or "")
    forged = original[:-1] + bytes([original[-1] ^ 1])
    behind_docgens_back(
        archive,
        # A forged trích yếu and signer on number 02…
        ("UPDATE so_di SET trich_yeu = ?, nguoi_ky = ? WHERE so = 2",
         ("V/v việc khác", "Người Khác")),
        # …number 04 deleted with its row…
        ("DELETE FROM so_di WHERE so = 4", ()),
        # …and number 05's file replaced, with the stored hash to match.
        ("UPDATE so_di SET sha256 = ? WHERE so = 5", (sha256_bytes(forged),)),
    )
    if archive.is_postgres:
        behind_docgens_back(archive, ("UPDATE tep SET du_lieu = ? WHERE ten = ?",
                                      (forged, fifth.tep)))
    else:
        path = Path(register) / (fifth.tep or "")
        os.chmod(path, 0o644)
        path.write_bytes(forged)

    found = kinds(archive)
    assert ("sua-dong", 2) in found  # the forged row
    assert ("mat-dong", 5) in found  # the row before 05 is gone…
    assert ("khoang-trong", 5) in found  # …and so is its number
    assert ("sua-dong", 5) in found  # file and hash changed together: the row's hash tells
    assert ("sai", 5) not in found
    # The deleted row's files are still there, now outside the register.
    assert sorted(f.file for f in archive.verify().findings if f.kind == "ngoai-so") == sorted(
        [rows[3].tep, rows[3].tep_bieu_mau])
    # The database's own check sees the protections gone.
    assert any(f.kind == "csdl" and "trigger" in f.detail for f in archive.verify().findings)

    out = runner.invoke(main, ["archive", "verify", "--archive", register])
    assert out.exit_code == 1
    assert "SỬA SỔ   dòng sổ (văn bản số 02/UBND-VHXH, năm 2026)" in out.output
    assert "MẤT DÒNG dòng thứ 4 của sổ đã bị xóa (sau văn bản số 03/UBND-VHXH" in out.output
    assert "BỎ SỐ   số 04 của UBND năm 2026 không có trong sổ" in out.output
    assert "khôi phục sổ từ bản sao lưu" in out.output


def test_rows_removed_from_the_end_are_caught_by_the_chain_head(register: str,
                                                                open_archive: Opener) -> None:
    archive = issued(open_archive, register, 4)
    behind_docgens_back(archive, ("DELETE FROM so_di WHERE so >= 3", ()))
    findings = [f for f in archive.verify().findings if f.kind == "mat-cuoi"]
    assert len(findings) == 1 and "ghi 4 dòng nhưng chỉ còn 2" in str(findings[0])


def test_a_register_without_its_chain_head_is_refused_for_issuing(
        register: str, open_archive: Opener) -> None:
    archive = issued(open_archive, register, 2)
    archive.close()
    behind_docgens_back(archive, ("DELETE FROM dau_chuoi", ()))
    assert any(f.kind == "mat-cuoi" for f in archive.verify().findings)
    with pytest.raises(DocgenError) as info:
        archive.issue(GIA_HAN)
    message = info.value.problems[0]
    assert "đầu chuỗi" in message.message or "bị hỏng" in message.message
    assert "bản sao lưu" in (message.hint or "")
    assert [e.so for e in archive.entries()] == [1, 2]


def test_a_forger_who_rehashes_the_row_breaks_the_next_link(register: str,
                                                            open_archive: Opener) -> None:
    archive = issued(open_archive, register, 3)
    second = archive.entries()[1]
    forged = replace(second, trich_yeu="V/v việc khác")
    forged = replace(forged, bam=chain_hash(forged))
    behind_docgens_back(archive, ("UPDATE so_di SET trich_yeu = ?, bam = ? WHERE so = 2",
                                  (forged.trich_yeu, forged.bam)))
    assert kinds(archive) == [("chuoi-dut", 3)]
    assert "dòng trước (văn bản số 02/UBND-VHXH năm 2026)" in str(archive.verify().findings[0])


def test_a_register_rewritten_or_rolled_back_no_longer_holds_its_printed_anchor(
        register: str, open_archive: Opener, runner: CliRunner, tmp_path: Path) -> None:
    archive = issued(open_archive, register, 3)
    out = tmp_path / "so.csv"
    archive.export_register(2026, out, csv=True)
    last = list(csv.reader(out.read_text("utf-8-sig").splitlines()))[-1][0]
    printed = last.rsplit("--moc ", 1)[1]
    assert printed == archive.chain_head().anchor
    archive.issue(GIA_HAN)
    ok = runner.invoke(main, ["archive", "verify", "--moc", printed, "--archive", register])
    assert ok.exit_code == 0, ok.output
    # Someone rewrites row 2 and every hash after it, head included: the chain is consistent
    # again, but no longer holds the hash printed on paper.
    rows = archive.entries()
    from dataclasses import replace as copy

    statements = []
    previous = rows[0].bam
    for row in rows[1:]:
        changed = copy(row, bam_truoc=previous,
                       trich_yeu="V/v việc khác" if row.so == 2 else row.trich_yeu)
        changed = copy(changed, bam=chain_hash(changed))
        statements.append(("UPDATE so_di SET trich_yeu = ?, bam_truoc = ?, bam = ? WHERE so = ?",
                           (changed.trich_yeu, changed.bam_truoc, changed.bam, row.so)))
        previous = changed.bam
    statements.append(("UPDATE dau_chuoi SET bam = ? WHERE id = 1", (previous,)))
    behind_docgens_back(archive, *statements)
    assert kinds(archive) == []  # the chain alone cannot tell
    bad = runner.invoke(main, ["archive", "verify", "--moc", printed, "--archive", register])
    assert bad.exit_code == 1
    assert "LỆCH MỐC mã chuỗi ở dòng thứ 3 (văn bản số 03/UBND-VHXH năm 2026)" in bad.output
    too_far = runner.invoke(main, ["archive", "verify", "--moc", f"9:{'0' * 64}", "--archive",
                                   register])
    assert "không còn dòng thứ 9" in too_far.output
    typo = runner.invoke(main, ["archive", "verify", "--moc", "3:abc", "--archive", register])
    assert typo.exit_code == 2 and "không phải mốc chuỗi" in typo.output
    assert "tùy chọn --moc: '3:abc'" in typo.output  # an option of the command, not a form field


def test_gaps_below_hand_issued_numbers_are_not_reported(register: str, open_archive: Opener,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "so-cu.csv"
    path.write_text("Số, ký hiệu văn bản;Ngày tháng văn bản\n05/UBND-VHXH;05/01/2026\n",
                    encoding="utf-8")
    archive = open_archive(register, today=lambda: date(2026, 2, 1))
    archive.import_register(path)
    assert archive.issue(GIA_HAN).so == 6
    assert archive.verify().ok  # 01–04 were never in docgen's register


# -------------------------------------------------------------- a folder register gone wrong


def test_a_zero_byte_register_is_refused_not_recreated(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "luu-tru"
    with Archive(root) as archive:
        archive.issue(GIA_HAN)
    register = root / "so-dang-ky.sqlite3"
    register.write_bytes(b"")
    for args in (["verify"], ["list"], ["issue", str(GIA_HAN)]):
        result = runner.invoke(main, ["archive", *args, "--archive", str(root)])
        assert result.exit_code == 2, result.output
        assert "rỗng (0 byte)" in result.output and "bản sao lưu" in result.output
        assert "Traceback" not in result.output
    assert register.stat().st_size == 0


def test_a_lost_register_beside_issued_files_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "luu-tru"
    with Archive(root) as archive:
        archive.issue(GIA_HAN)
    for name in ("so-dang-ky.sqlite3", "so-dang-ky.sqlite3-wal", "so-dang-ky.sqlite3-shm"):
        (root / name).unlink(missing_ok=True)
    with pytest.raises(DocgenError) as info:
        Archive(root).issue(GIA_HAN)
    assert "không còn tệp sổ đăng ký" in info.value.problems[0].message
    assert not (root / "so-dang-ky.sqlite3").exists()


def test_a_damaged_register_is_reported_never_a_traceback(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    root = tmp_path / "luu-tru"
    with Archive(root, today=lambda: date(2026, 3, 9)) as archive:
        archive.issue_many([GIA_HAN] * 30)
    register = root / "so-dang-ky.sqlite3"
    data = bytearray(register.read_bytes())
    assert len(data) > 5 * 4096
    noise = random.Random(13).randbytes(4096)
    data[2 * 4096:3 * 4096] = noise
    register.write_bytes(bytes(data))
    verify = runner.invoke(main, ["archive", "verify", "--archive", str(root)])
    assert verify.exit_code in (1, 2), verify.output
    assert "Traceback" not in verify.output
    assert verify.exception is None or isinstance(verify.exception, SystemExit)
    assert "CSDL" in verify.output or "bị hỏng" in verify.output
    issue = runner.invoke(main, ["archive", "issue", str(GIA_HAN), "--archive", str(root)])
    assert isinstance(issue.exception, SystemExit) or issue.exception is None, issue.output
    assert issue.exit_code in (0, 2)
    if issue.exit_code == 2:
        assert "bản sao lưu" in issue.output


V1_SCHEMA = """CREATE TABLE so_di (
    id INTEGER PRIMARY KEY, co_quan TEXT NOT NULL, nam INTEGER NOT NULL,
    so INTEGER NOT NULL CHECK (so > 0), ky_hieu TEXT NOT NULL, ngay TEXT NOT NULL,
    trich_yeu TEXT NOT NULL, loai TEXT, ten_co_quan TEXT, nguoi_ky TEXT, kinh_gui TEXT NOT NULL,
    noi_nhan TEXT NOT NULL, luu TEXT NOT NULL, so_ban INTEGER, do_khan TEXT, tep TEXT UNIQUE,
    sha256 TEXT, tep_bieu_mau TEXT UNIQUE, sha256_bieu_mau TEXT, mau TEXT, phien_ban TEXT,
    thoi_diem TEXT NOT NULL, nguon TEXT NOT NULL, ngay_chuyen TEXT, ky_nhan TEXT, ghi_chu TEXT,
    UNIQUE (co_quan, nam, so))"""


def test_a_register_of_the_first_schema_is_upgraded_with_its_chain(tmp_path: Path,
                                                                   runner: CliRunner) -> None:
    root = tmp_path / "luu-tru"
    root.mkdir()
    conn = sqlite3.connect(root / "so-dang-ky.sqlite3")
    conn.execute(V1_SCHEMA)
    conn.execute("CREATE TRIGGER so_di_khong_sua BEFORE UPDATE ON so_di BEGIN "
                 "SELECT RAISE(ABORT, 'x'); END")
    for so in (1, 2):
        conn.execute("INSERT INTO so_di (co_quan, nam, so, ky_hieu, ngay, trich_yeu, kinh_gui, "
                     "noi_nhan, luu, thoi_diem, nguon) VALUES ('UBND', 2026, ?, 'UBND-VHXH', "
                     "'2026-01-0' || ?, 'Công văn cũ', '[]', '[\"Thôn 1\"]', '[\"VT\"]', "
                     "'2026-01-01T08:00:00+07:00', 'nhap-tay')", (so, so))
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()

    result = runner.invoke(main, ["archive", "migrate", "--archive", str(root)])
    assert result.exit_code == 0, result.output
    assert "từ lược đồ 1 lên 2" in result.output
    with Archive(root, today=lambda: date(2026, 2, 2)) as archive:
        rows = archive.entries()
        assert [(r.so, r.thu_tu, r.day_so, r.noi_nhan) for r in rows] == [
            (1, 1, "", ("Thôn 1",)), (2, 2, "", ("Thôn 1",))]
        assert archive.issue(dated(date(2026, 2, 2))).so == 3
        assert archive.verify().ok
    again = runner.invoke(main, ["archive", "migrate", "--archive", str(root)])
    assert "không cần nâng cấp" in again.output


def test_a_register_from_a_newer_docgen_is_refused(register: str, open_archive: Opener) -> None:
    archive = issued(open_archive, register, 1)
    archive.close()
    if archive.is_postgres:
        import psycopg

        with psycopg.connect(register, autocommit=True) as conn:
            conn.execute("INSERT INTO docgen_luoc_do (phien_ban) VALUES (99)")
    else:
        conn = sqlite3.connect(Path(register) / "so-dang-ky.sqlite3")
        conn.execute("PRAGMA user_version=99")
        conn.commit()
        conn.close()
    with pytest.raises(DocgenError) as info:
        Archive(register).entries()
    assert "lược đồ" in info.value.problems[0].message and "99" in info.value.problems[0].message
    assert "Cập nhật docgen" in (info.value.problems[0].hint or "")


def test_a_number_twice_is_named() -> None:
    from docgen.archive.verify import check_gaps

    first = Entry(co_quan="UBND", nam=2026, so=1, ky_hieu="UBND-VHXH", ngay=date(2026, 1, 2),
                  trich_yeu="a", thu_tu=1)
    twice = check_gaps([first, replace(first, thu_tu=2, trich_yeu="b")])
    assert [(f.kind, f.entry.thu_tu if f.entry else None) for f in twice] == [("trung-so", 2)]
    assert str(twice[0]) == ("TRÙNG SỐ số 01/UBND-VHXH năm 2026 có hai dòng trong sổ "
                             "(dòng thứ 1 và 2)")
    # Another series (a kind numbered apart) may hold the same number.
    assert check_gaps([first, replace(first, thu_tu=2, day_so="quyet-dinh")]) == []
