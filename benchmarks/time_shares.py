"""Where the CPU time of ``check --jobs 1`` goes: each area's share, from a statistical profile.

    python benchmarks/time_shares.py [--density seed|dense|both] [--megabytes 2] [--interval 4] [--sentences PATH]

A generated corpus (see corpus.py; 2 MB by default, as the throughput
corpus with every word glossed is) is audited by ``pinyin-audit check
--jobs 1`` inside this process, the command's modules imported after the
profile starts, so that its loading counts as the command's start-up does.
Every ``--interval`` milliseconds of CPU time (``ITIMER_PROF``) the stack is
noted; a sample counts towards every area one of its frames belongs to, so
an area's share includes the areas nested in it.  Sampling by CPU time,
unlike cProfile, does not weigh small calls more than they cost, and the
shares hardly depend on the load of a shared machine, where the clock does.
The compiled modules have no frames of their own: a sample taken in them is
noted when Python code next runs (the signal is handled there), so their time
counts towards the Python functions that called them; an area names those.
Python's own start-up (before this script runs) is not in the shares.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time
from typing import Callable, NamedTuple

from corpus import CPP_SENTENCES, DENSITIES, write_corpus

DOCUMENT_BYTES = 64 * 1024


class Area(NamedTuple):
    label: str
    depth: int       # nested in the area above it of one depth less: its samples are that area's too
    module: str      # where its functions are, under audit/ (a directory takes in its files)
    functions: frozenset[str]  # their names; empty: any function there


def _areas() -> list[Area]:
    """The areas as README's "Speed" names them, each by the functions that do its work."""
    from audit.rules import RULES  # the checks of the rules, once the command has loaded them

    other_checks = frozenset(name for rule in RULES if rule.check and rule.code != "S103"
                             for name in _check_names(rule.check))
    return [
        # A document of few glosses is aligned in its first pass (``_passes``), a larger one again a section at a
        # time as ``sections`` takes its glosses; ``_aligned`` gathers the document's evidence from the first pass.
        Area("finding and aligning the glosses", 0, "engine.py", frozenset({"_passes", "_aligned", "sections"})),
        Area("judging the glosses", 0, "engine.py", frozenset({"_judged"})),
        Area("the rulings on readings the context decides", 1, "resolver.py", frozenset({"rule_on"})),
        Area("segmenting the words around a character", 2, "resolver.py", frozenset(
            {"segmentation", "segmented_words", "word_at", "_run_around", "_forward_word", "_backward_word",
             "_longest_from_cut", "_longest_to_cut"})),
        Area("the model's batch", 1, "model.py", frozenset()),
        Area("S103", 0, "rules/span.py", frozenset({"check_word_cut"})),
        Area("its word across each glossed edge (span_edges.word_across)", 1, "span_edges.py",
             frozenset({"word_across"})),
        Area("the best-cost segmentation around the edge (words.Segmenter.cut)", 1, "words.py", frozenset({"cut"})),
        Area("the other rules, with the document facts they share", 0, "rules/", other_checks),
    ]


def _check_names(check: Callable) -> frozenset[str]:
    """The functions a rule's check runs in: its own, or where it is a class comparing the document's glosses
    (C601 to C603), the methods the engine calls on it (``engine._Comparison``)."""
    return frozenset({"gather", "problems"}) if isinstance(check, type) else frozenset({check.__name__})


# Table buckets are read wherever a table is first asked for a character: a share within the areas.
_BUCKETS = Area("reading table buckets, within the areas above", 0, "tables.py", frozenset({"_load"}))


def main() -> None:
    arguments = _arguments()
    if arguments.density == "both":  # each in a process of its own, which loads the command and its tables
        for density in DENSITIES:
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--density", density], check=True)
        return
    with tempfile.TemporaryDirectory() as scratch:
        files = write_corpus(pathlib.Path(scratch), DOCUMENT_BYTES, megabytes=arguments.megabytes,
                             density=arguments.density, sentences_path=arguments.sentences)
        stacks, cpu = _profiled(lambda: _check(files), arguments.interval / 1000)
    print(f"{arguments.density} density, {arguments.megabytes:g} MB, {len(files)} documents: {cpu:.2f} s of CPU, "
          f"{sum(stacks.values())} samples", flush=True)
    _print_shares(stacks)


def _check(files: list[pathlib.Path]) -> None:
    from audit.cli import main as check  # imported here, so that the profile counts its loading

    with open(os.devnull, "w") as nowhere, contextlib.redirect_stdout(nowhere):
        check(["check", "--jobs", "1", "--exit-zero", *map(str, files)])


def _profiled(work: Callable[[], None], interval: float) -> tuple[collections.Counter, float]:
    """The stacks sampled every ``interval`` seconds of CPU time while ``work`` runs, with how often each
    was seen, and the CPU time it took.  A stack is the (file, function) of each of its frames."""
    stacks: collections.Counter = collections.Counter()

    def sample(signum, frame) -> None:
        stack = []
        while frame is not None:
            stack.append((frame.f_code.co_filename, frame.f_code.co_name))
            frame = frame.f_back
        stacks[tuple(stack)] += 1

    previous = signal.signal(signal.SIGPROF, sample)
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, interval, interval)
    try:
        work()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    return stacks, time.process_time() - started


def _print_shares(stacks: collections.Counter) -> None:
    samples = sum(stacks.values()) or 1
    areas = _areas()
    counted: dict[Area, set] = {}  # the stacks each area holds
    for area in areas:
        parent = next((a for a in reversed(areas[: areas.index(area)]) if a.depth == area.depth - 1), None)
        candidates = counted[parent] if parent else stacks.keys()
        counted[area] = {stack for stack in candidates if _within(stack, area)}
    for area in areas:
        print(f"  {'  ' * area.depth}{area.label}: {sum(stacks[s] for s in counted[area]) / samples:.0%}")
    outside = set(stacks).difference(*(counted[area] for area in areas if area.depth == 0))
    print(f"  the rest (start-up, reading, writing): {sum(stacks[s] for s in outside) / samples:.0%}")
    print(f"  {_BUCKETS.label}: {sum(count for stack, count in stacks.items() if _within(stack, _BUCKETS)) / samples:.0%}")


def _within(stack: tuple[tuple[str, str], ...], area: Area) -> bool:
    """Whether one of the stack's frames is one of the area's functions."""
    where = f"/audit/{area.module}"
    return any(where in path.replace(os.sep, "/") and (not area.functions or function in area.functions)
               for path, function in stack)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--density", choices=[*DENSITIES, "both"], default="both")
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--interval", type=float, default=4.0, help="milliseconds of CPU time between samples")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    return parser.parse_args()


if __name__ == "__main__":
    main()
