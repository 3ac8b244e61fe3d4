"""Speed of finding glosses, and its time and memory on long lines with a bracket left open.

    python benchmarks/gloss_finding.py [--megabytes 2] [--runaway-megabytes 10] [--repeat 5] [--sentences PATH]

- finding: ``find_glosses`` over every line of a generated corpus (see
  corpus.py) at the seed article's density and with every word glossed,
  then ``too_long_glosses`` (F508's search) over the same lines, each the
  median of ``--repeat`` passes, in MB of text a second.
- runaway lines: one line of ``--runaway-megabytes`` in which a bracket
  is opened and never closed (followed by Han text, by Latin letters that
  could be pinyin, or many such brackets), one closed bracket holding pinyin
  all the line long, whole sentences glossed at once, and many brackets of pinyin too long to be glosses;
  each is searched in a process of its own, for glosses and for pinyin too long to be one (F508), which
  prints its time and peak resident memory (``ru_maxrss``, the text itself included).
  Both searches must stay linear in the line's length whatever it holds.

The machine may be shared: compare the rows of one run, or runs of two
versions taking turns.
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from corpus import CPP_SENTENCES, DENSITIES, write_corpus

from audit.gloss import find_glosses, too_long_glosses


def _runaway_lines(megabytes: float) -> dict[str, str]:
    """Lines of about ``megabytes`` of UTF-8, by what follows the opened bracket."""
    characters = int(megabytes * 1e6 / 3)  # Han characters take three bytes
    sentence_glossed = "好" * 40 + "(" + " ".join(["hǎo"] * 40) + ")，"  # a gloss of 159 characters
    too_long = "好(" + "hǎo " * 600 + ")，"  # 2,400 characters of pinyin: no gloss, an F508
    return {
        "unclosed, Han text follows": "汉字(hàn zì 是" + "这是一句很长的话" * (characters // 8),
        "unclosed, Latin letters follow": "汉字(" + "hao " * (characters * 3 // 4),
        "many unclosed brackets": "汉字(hàn zì 是" * (characters // 12),
        "closed, pinyin all the line": "好(" + "hǎo " * (characters * 3 // 5) + ")",
        "closed, sentence-long glosses": sentence_glossed * (characters // len(sentence_glossed)),
        "closed, too long to be glosses": too_long * (characters // len(too_long)),
    }


def main() -> None:
    arguments = _arguments()
    if arguments.runaway:
        _search_runaway_line(arguments.runaway, arguments.runaway_megabytes)
        return
    with tempfile.TemporaryDirectory() as scratch:
        for density in DENSITIES:
            _time_finding(pathlib.Path(scratch) / density, density, arguments)
    for name in _runaway_lines(0):
        subprocess.run([sys.executable, __file__, "--runaway", name,
                        "--runaway-megabytes", str(arguments.runaway_megabytes)], check=True)


def _time_finding(directory: pathlib.Path, density: str, arguments: argparse.Namespace) -> None:
    (path,) = write_corpus(directory, int(arguments.megabytes * 1e6), documents=1, density=density,
                           sentences_path=arguments.sentences)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    megabytes = len(text.encode("utf-8")) / 1e6
    for search, found in ((find_glosses, "glosses"), (too_long_glosses, "too long (F508)")):
        seconds = []
        for _ in range(arguments.repeat):
            start = time.perf_counter()
            count = sum(1 for line in lines for _ in search(line))
            seconds.append(time.perf_counter() - start)
        median = statistics.median(seconds)
        print(f"finding, {density:5} density, {megabytes:4.1f} MB, {count:7d} {found}: median {median:6.3f} s "
              f"({megabytes / median:5.1f} MB/s; runs {min(seconds):.3f} to {max(seconds):.3f})", flush=True)


def _search_runaway_line(name: str, megabytes: float) -> None:
    line = _runaway_lines(megabytes)[name]
    start = time.perf_counter()
    glosses = list(find_glosses(line))
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    too_long = sum(1 for _ in too_long_glosses(line))
    seconds_too_long = time.perf_counter() - start
    longest = max((len(gloss.content) for gloss in glosses), default=0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"runaway line, {name:31}: {seconds:6.2f} s, peak {peak:5.0f} MB, "
          f"{len(glosses)} glosses ({sum(not gloss.closed for gloss in glosses)} unclosed), "
          f"longest {longest} characters; {too_long} too long, found in {seconds_too_long:.2f} s", flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--runaway-megabytes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    parser.add_argument("--runaway", help=argparse.SUPPRESS)  # one runaway line, in a process of its own
    return parser.parse_args()


if __name__ == "__main__":
    main()
