"""Timing a speech-label file: 10,000 Biaobei-style utterances through the real command.

    python benchmarks/labels_timing.py [--utterances 10000] [--layout biaobei|aishell3] [--keep PATH]

Utterances are Chinese sentences (from the CPP data if present, else the
samples) cut at punctuation into pieces of 8 to 30 characters, labelled by
pypinyin with tone numbers, neutral tones as 5 and the sandhi of third
tones, 一 and 不 applied, as speech corpora write them, with prosody marks
between words.  pypinyin's readings are not always the auditor's, so the
findings that remain are disagreements between the two, not label errors.
The file is audited by ``python -m audit check`` in a fresh process, so the
figure includes start-up, reading, every rule and writing the report.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import re
import tempfile
import time

from corpus import CPP_SENTENCES, source_text
from whole_process import last_line, run_audit

_PIECE = re.compile(r"[\u4e00-\u9fff]{8,30}[，。？！]?")


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        path = pathlib.Path(arguments.keep or pathlib.Path(directory) / "labels.txt")
        started = time.perf_counter()
        write_labels(path, arguments.utterances, arguments.layout)
        print(f"wrote {arguments.utterances:,} {arguments.layout} utterances "
              f"({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        seconds, summary = time_audit(path)
        print(f"audit: {seconds:.2f} s for {arguments.utterances:,} utterances "
              f"({arguments.utterances / seconds:,.0f} utterances/s); {summary}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=10_000)
    parser.add_argument("--layout", choices=("biaobei", "aishell3"), default="biaobei")
    parser.add_argument("--keep", metavar="PATH", help="write the label file here and keep it")
    return parser.parse_args()


def sentences(path: pathlib.Path = CPP_SENTENCES) -> list[str]:
    return _PIECE.findall(source_text(path))


def write_labels(path: pathlib.Path, count: int, layout: str) -> None:
    from pypinyin import Style, lazy_pinyin
    from pypinyin.seg.simpleseg import seg

    pieces = sentences()
    chooser = random.Random(6)
    lines = []
    for number in range(1, count + 1):
        piece = chooser.choice(pieces)
        text = piece.rstrip("，。？！")
        words = list(seg(text))
        syllables = spoken_yi_bu(text, lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                                                   tone_sandhi=True))
        if layout == "biaobei":
            marked = "".join(f"{word}#{chooser.choice('123')}" for word in words[:-1]) + f"{words[-1]}#4"
            lines.append(f"{number:06d}\t{marked}{piece[-1] if not piece[-1].isalnum() else '。'}")
            lines.append("\t" + " ".join(syllables))
        else:
            pairs = " ".join(f"{char} {syllable}" for char, syllable in zip(text, syllables))
            lines.append(f"SSB{number:08d}.wav\t{pairs}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_NUMERALS = set("零〇一二三四五六七八九十百千万亿两第")


def spoken_yi_bu(text: str, syllables: list[str]) -> list[str]:
    """一 and 不 as spoken, which pypinyin's ``tone_sandhi`` does not always do:
    yi1 in numbers, yi5/bu5 between doubled characters, yi2/bu2 before a
    fourth tone, yi4 before the other tones."""
    if len(syllables) != len(text):
        return syllables
    spoken = list(syllables)
    for index, char in enumerate(text[:-1]):
        before, after, following = text[index - 1] if index else "", text[index + 1], syllables[index + 1][-1]
        if char not in "一不" or following not in "12345":
            continue
        if char == "一" and (before in _NUMERALS or after in _NUMERALS):
            spoken[index] = "yi1"
        elif before == after:
            spoken[index] = f"{syllables[index][:-1]}5"  # 看一看, 是不是
        elif following == "4":
            spoken[index] = f"{syllables[index][:-1]}2"
        elif char == "一" and following != "5":
            spoken[index] = "yi4"
    return spoken


def time_audit(path: pathlib.Path) -> tuple[float, str]:
    run = run_audit("check", str(path), "--exit-zero")
    return run.seconds, last_line(run.stdout)


if __name__ == "__main__":
    main()
