"""Fixtures shared by the test modules, and the hooks that start the slowest tests' processes early (tests/early.py)."""

from __future__ import annotations

import early
import pytest

from audit.cli import main


def pytest_configure(config):
    config.addinivalue_line("markers", "started_early(start=...): the test's slow process, started as soon as the "
                                       "suite is collected (tests/early.py)")


def pytest_collection_modifyitems(items):
    """The tests whose processes are started early (tests/early.py) run last, by when those have long finished."""
    items.sort(key=lambda item: item.get_closest_marker("started_early") is not None)


def pytest_collection_finish(session):
    if not session.config.option.collectonly:
        early.start(session.items)


def pytest_sessionfinish(session):
    early.stop_all()


@pytest.fixture
def started_early(request) -> early.Finished:
    """The test's process, marked ``started_early``, once it has finished."""
    return early.finished(request.node)


@pytest.fixture
def cli(capsys):
    """Run the command in-process: ``code, out, err = cli("check", "doc.txt")``."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
