"""The command line speaks Vietnamese, including click's own usage errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.cli import main


@pytest.mark.parametrize("args, message", [
    (["renderr"], "không có lệnh 'renderr'"),
    (["render"], "thiếu 'FORM'"),
    (["render", "x.yaml", "--pdff"], "có phải ý bạn là --pdf?"),
    (["batch", "f.yaml", "--roster", "r.csv", "--jobs", "0"], "giá trị không hợp lệ cho"),
])
def test_usage_errors_in_vietnamese(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: ") and message in result.output
    assert "--help" in result.output and "Usage:" not in result.output


def test_help_is_vietnamese() -> None:
    runner = CliRunner()
    for args in ([], ["--help"], ["render", "--help"], ["archive", "--help"],
                 ["archive", "issue", "--help"], ["batch", "--help"], ["check", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, args
        assert "Show this message" not in result.output
        assert "Hiện hướng dẫn này rồi thoát." in result.output
