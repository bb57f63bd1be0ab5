"""Fixtures shared by the test modules.

- ``pg_cluster``: one throwaway PostgreSQL cluster for the session (:mod:`pgcluster`).
- ``register``: a fresh, empty register location, once as a folder (SQLite) and once as a
  PostgreSQL database; a test taking it runs against both backends.
- ``open_archive``: opens :class:`docgen.archive.Archive` objects that are closed at the end.
- ``runner``: click's CLI runner.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pgcluster import PgCluster  # tests/ is on sys.path (pytest's rootdir insertion)

# The suite asserts docgen's Vietnamese messages; a runner whose locale is English (LANG=en_US)
# would otherwise switch docgen to English. Tests of the language choice set their own.
os.environ["DOCGEN_LANG"] = "vi"

SKIP_PG_ENV = "DOCGEN_TEST_SKIP_POSTGRES"
"""Set to 1 to skip the PostgreSQL variants on a machine without Debian's postgresql."""

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL cluster started for this test session and stopped after it."""
    if os.environ.get(SKIP_PG_ENV) == "1":
        pytest.skip(f"{SKIP_PG_ENV}=1")
    cluster = PgCluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_database(pg_cluster: PgCluster) -> Iterator[str]:
    """The URL of a new empty database, dropped after the test."""
    name = f"so_{os.getpid()}_{next(_names)}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def register(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A register location with nothing in it yet: a folder path, or a database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "luu-tru")
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def open_archive() -> Iterator[Callable[..., Any]]:
    """``open_archive(location, **options)``: an Archive closed when the test ends."""
    from docgen.archive import Archive

    opened: list[Archive] = []

    def make(location: str | os.PathLike[str], **options: Any) -> Archive:
        archive = Archive(location, **options)
        opened.append(archive)
        return archive

    yield make
    for archive in opened:
        archive.close()


@pytest.fixture
def runner() -> CliRunner:
    """Click's runner for invoking ``docgen`` in-process."""
    return CliRunner()
