"""What each rule's check costs alone, in µs of CPU a gloss, beside finding and aligning the glosses.

    python benchmarks/rule_times.py [--density seed|dense] [--megabytes 0.4] [--repeat 3] [--sentences PATH]

A generated corpus (see corpus.py; 64 kB documents, as the throughput
corpora have them) is audited once, each document's glosses aligned and
judged as one section (``engine.document_context``); then each rule's check
runs alone over every document (a rule comparing glosses across the
document gathers and reports), and finding and aligning the glosses run
alone over the same texts. Each row is the best of ``--repeat`` passes, in
CPU time (``time.process_time``) divided by the glosses. S103's check is
left out (``time_shares.py`` weighs it). Whether the compiled modules run is
whatever ``audit`` imports: an installed package's, or the sources'.

The machine may be shared: compare the rows of one run, or runs of two
versions taking turns.
"""

from __future__ import annotations

import argparse
import gc
import pathlib
import tempfile
import time
from typing import Callable

from corpus import CPP_SENTENCES, DENSITIES, write_corpus

from audit.align import align
from audit.cli import YOUNG_GENERATION
from audit.config import AuditConfig
from audit.context import AuditContext
from audit.document import Document
from audit.engine import DOCUMENT_WIDE, document_context, load_tables
from audit.gloss import find_glosses
from audit.rules import CHECKED
from audit.rules.registry import Rule

DOCUMENT_BYTES = 64 * 1024


def _best_of(repeat: int, work: Callable[[], object]) -> float:
    """The least CPU time, in seconds, of ``repeat`` runs of ``work``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def _checked(rule: Rule, contexts: list[AuditContext]) -> None:
    """Every problem ``rule`` finds in each document's context."""
    for context in contexts:
        if rule in DOCUMENT_WIDE:
            comparison = rule.check()
            comparison.gather(context)
            list(comparison.problems(context))
        else:
            list(rule.check(context))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--density", choices=sorted(DENSITIES), default="dense")
    parser.add_argument("--megabytes", type=float, default=0.4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        paths = write_corpus(pathlib.Path(directory), DOCUMENT_BYTES, megabytes=arguments.megabytes,
                             density=arguments.density, sentences_path=arguments.sentences)
        texts = [path.read_text("utf-8") for path in paths]
    load_tables()
    config = AuditConfig()
    contexts = [document_context(Document(text, f"doc{number}.txt"), config) for number, text in enumerate(texts)]
    glosses = sum(len(context.judgements) for context in contexts)
    # The collector as the command sets it, and the contexts held for the checks not walked by its collections.
    gc.set_threshold(YOUNG_GENERATION)
    gc.freeze()
    print(f"{len(texts)} documents, {glosses:,} glosses ({arguments.density}); µs of CPU a gloss, best of "
          f"{arguments.repeat}")
    rows = {"finding the glosses": lambda: [list(find_glosses(text)) for text in texts],
            "finding and aligning them": lambda: [list(align(text, find_glosses(text))) for text in texts]}
    for rule in CHECKED:
        if rule.check is not None and rule.code != "S103":
            rows[f"{rule.code} {rule.name}"] = lambda rule=rule: _checked(rule, contexts)
    for label, work in rows.items():
        print(f"{label:<40} {_best_of(arguments.repeat, work) * 1e6 / glosses:6.2f}")


if __name__ == "__main__":
    main()
