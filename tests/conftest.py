"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from audit.cli import main


@pytest.fixture
def cli(capsys):
    """Run the command in-process: ``code, out, err = cli("check", "doc.txt")``."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
