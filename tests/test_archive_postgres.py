"""The register on a PostgreSQL server: connecting, the schema, privileges, moving a folder
archive onto the server, a connection lost mid-issue, and ``batch --archive`` onto it."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import date
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from pgcluster import PgCluster
from test_archive import GIA_HAN

from docgen.archive import Archive
from docgen.archive.pg_register import repair_url, safe_url
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.models import VanBan
from docgen.render import render_docx

pytestmark = pytest.mark.postgres

Opener = Callable[..., Archive]


def test_urls_are_recognised_repaired_and_printed_without_password() -> None:
    assert repair_url("postgresql:/u:p@h:5/db") == "postgresql://u:p@h:5/db"
    assert repair_url("postgres://u@h/db") == "postgres://u@h/db"
    assert repair_url("postgresql:///so?host=/run/pg") == "postgresql:///so?host=/run/pg"
    assert safe_url("postgresql://van_thu:bi-mat@may-chu:5432/so") == \
        "postgresql://van_thu:***@may-chu:5432/so"
    assert safe_url("postgresql://van_thu@may-chu/so") == "postgresql://van_thu@may-chu/so"
    assert safe_url("postgresql://v@h/so?sslmode=require&password=bi-mat") == \
        "postgresql://v@h/so?sslmode=require&password=***"
    assert Archive("postgresql://u@h/db").is_postgres
    assert not Archive("luu-tru").is_postgres
    # A URL that went through pathlib (as click.Path does) still names the server.
    assert Archive(Path("postgresql://u@h/db")).location == "postgresql://u@h/db"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server_wrong_password_missing_database_are_explained(
        pg_cluster: PgCluster, runner: CliRunner) -> None:
    cases = {
        f"postgresql://docgen:x@127.0.0.1:{_closed_port()}/so": "không kết nối được máy chủ",
        pg_cluster.url("postgres", password="sai-mat-khau"): "từ chối đăng nhập",
        pg_cluster.url("khong_co_csdl"): "không có cơ sở dữ liệu này",
    }
    for url, message in cases.items():
        with pytest.raises(DocgenError) as info:
            Archive(url).entries()
        assert message in info.value.problems[0].message
        assert "sai-mat-khau" not in str(info.value) and pg_cluster.password not in str(
            info.value)
        result = runner.invoke(main, ["archive", "list", "--archive", url])
        assert result.exit_code == 2 and message in result.output, result.output
        assert "Traceback" not in result.output


def test_migrate_creates_the_schema_records_its_version_and_says_so(
        pg_database: str, runner: CliRunner) -> None:
    first = runner.invoke(main, ["archive", "migrate", "--archive", pg_database])
    assert first.exit_code == 0, first.output
    assert "Đã tạo sổ đăng ký" in first.output and "lược đồ 2" in first.output
    assert "***" in first.output  # the password is never printed
    again = runner.invoke(main, ["archive", "migrate", "--archive", pg_database])
    assert "không cần nâng cấp" in again.output
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT phien_ban FROM docgen_luoc_do").fetchall() == [(2,)]
    listing = runner.invoke(main, ["archive", "list", "--archive", pg_database])
    assert listing.exit_code == 0 and "Không có văn bản nào" in listing.output


def test_a_clerks_role_may_issue_but_never_alter(pg_cluster: PgCluster, pg_database: str,
                                                 runner: CliRunner) -> None:
    pg_cluster.psql("DROP ROLE IF EXISTS van_thu")
    pg_cluster.psql("CREATE ROLE van_thu LOGIN PASSWORD 'vt'")
    database = pg_database.rsplit("/", 1)[1]
    pg_cluster.psql(f'GRANT CONNECT ON DATABASE "{database}" TO van_thu')
    result = runner.invoke(main, ["archive", "migrate", "--cap-quyen", "van_thu", "--archive",
                                  pg_database])
    assert result.exit_code == 0, result.output
    clerk = f"postgresql://van_thu:vt@127.0.0.1:{pg_cluster.port}/{database}"
    with Archive(clerk) as archive:
        entry = archive.issue(GIA_HAN)
        assert entry.so == 1 and archive.verify().ok
    with psycopg.connect(clerk, autocommit=True) as conn:
        for sql in ("DROP TRIGGER so_di_khong_sua ON so_di",
                    "ALTER TABLE so_di DISABLE TRIGGER ALL", "UPDATE so_di SET so = 9",
                    "DELETE FROM tep"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    # The numbering policy is the administrator's: a clerk cannot change it.
    policy = runner.invoke(main, ["archive", "danh-so", "--rieng", "quyet-dinh", "--archive",
                                  clerk])
    assert policy.exit_code == 2 and "máy chủ từ chối" in policy.output
    bad = runner.invoke(main, ["archive", "migrate", "--cap-quyen", "x; DROP TABLE so_di",
                               "--archive", pg_database])
    assert bad.exit_code == 2 and "không phải tên vai trò" in bad.output


def test_import_from_a_folder_archive_keeps_numbers_dates_files_and_hashes(
        pg_database: str, tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "luu-tru"
    with Archive(folder, today=lambda: date(2026, 1, 5)) as old:
        old.issue_many([GIA_HAN] * 3)
        before = old.entries()
    result = runner.invoke(main, ["archive", "import", "--from", str(folder), "--archive",
                                  pg_database])
    assert result.exit_code == 0, result.output
    assert "Đã chuyển 3 văn bản" in result.output
    with Archive(pg_database, today=lambda: date(2026, 1, 6)) as server:
        after = server.entries()
        key = [(e.so, e.ngay, e.tep, e.sha256, e.sha256_bieu_mau, e.thoi_diem) for e in before]
        assert [(e.so, e.ngay, e.tep, e.sha256, e.sha256_bieu_mau, e.thoi_diem)
                for e in after] == key
        assert server.read_file(after[0].tep or "") == (folder / (before[0].tep or "")
                                                        ).read_bytes()
        assert server.verify().ok
        assert server.issue(GIA_HAN).so == 4
    again = runner.invoke(main, ["archive", "import", "--from", str(folder), "--archive",
                                 pg_database])
    assert again.exit_code == 2 and "đã có trong sổ đích" in again.output
    with Archive(pg_database) as server:
        assert len(server.entries()) == 4


def test_a_connection_lost_mid_issue_leaves_the_whole_entry_or_nothing(
        pg_database: str, open_archive: Opener) -> None:
    archive = open_archive(pg_database, today=lambda: date(2026, 5, 5))
    archive.issue(GIA_HAN)
    database = pg_database.rsplit("/", 1)[1]

    def cut_while_rendering(van_ban: VanBan) -> bytes:
        data = render_docx(van_ban)
        # Another client (a DBA, a network failure) ends every other session of the register.
        with psycopg.connect(pg_database, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                          "datname = %s AND pid <> pg_backend_pid()", (database,))
        return data

    cut = open_archive(pg_database, today=lambda: date(2026, 5, 5), render=cut_while_rendering)
    with pytest.raises(DocgenError) as info:
        cut.issue_many([GIA_HAN, GIA_HAN])
    assert "mất kết nối" in info.value.problems[0].message
    assert "trọn vẹn" in (info.value.problems[0].hint or "")
    fresh = open_archive(pg_database, today=lambda: date(2026, 5, 5))
    assert [e.so for e in fresh.entries()] == [1]
    report = fresh.verify()
    assert report.ok and report.files_checked == 2
    # The pool drops the dead connection: the same Archive goes on working.
    assert archive.issue(GIA_HAN).so == 2


def test_batch_archive_onto_the_server(pg_database: str, runner: CliRunner,
                                       tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    form, roster = repo / "data/forms/don-doc-theo-thon.yaml", \
        repo / "data/rosters/ket-qua-theo-thon.csv"
    gop = tmp_path / "gop.docx"
    result = runner.invoke(main, ["batch", str(form), "--roster", str(roster), "--archive",
                                  pg_database, "--gop", str(gop)])
    assert result.exit_code == 0, result.output
    with Archive(pg_database) as archive:
        entries = archive.entries()
        assert [e.so for e in entries] == list(range(1, len(entries) + 1)) and entries
        assert archive.verify().ok
    assert gop.is_file()
