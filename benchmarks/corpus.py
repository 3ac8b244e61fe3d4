"""Generated annotated text for the benchmarks.

Sentences (from the CPP data beside the repository if present, else the
samples) are cut into clauses and words, some words glossed by pypinyin at
the seed article's density, and recombined at random: each new clause joins
the start of one clause to the end of another, so that no cache keyed by a
sentence, a clause or a run of characters sees the same one twice, as in
real text.  ``mistakes`` plants the errors annotation pipelines
make, so the report has findings to show.
"""

from __future__ import annotations

import pathlib
import random
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
CPP_SENTENCES = REPO.parent / "shared" / "data" / "cpp" / "dev.sent"
# The share of Han words glossed: the seed article's density (about one gloss
# per 25 characters), or every word, as textbooks, readers and speech labels gloss.
DENSITIES = {"seed": 0.08, "dense": 1.0}


def write_corpus(directory: pathlib.Path, document_bytes: int, *, megabytes: float = 0.0, documents: int = 0,
                 sentences_path: pathlib.Path = CPP_SENTENCES, mistakes: float = 0.0,
                 density: str = "seed") -> list[pathlib.Path]:
    """Documents of about ``document_bytes``, until ``megabytes`` or ``documents`` are written; their paths.

    ``directory`` is made if it does not exist yet.
    """
    directory.mkdir(parents=True, exist_ok=True)
    clauses = _annotated_clauses(_sentences(sentences_path), DENSITIES[density])
    chooser = random.Random(0)
    files, written, document, size = [], 0, [], 0
    while written < megabytes * 1e6 or len(files) < documents:
        sentence = "，".join(_new_clause(clauses, chooser) for _ in range(3)) + "。"
        line = _plant_mistake(sentence, chooser) if chooser.random() < mistakes else sentence
        document.append(line)
        size += len(line.encode("utf-8")) + 1
        if size >= document_bytes:
            path = directory / f"doc{len(files):05d}.txt"
            path.write_text("\n".join(document) + "\n", encoding="utf-8")
            files.append(path)
            written += size
            document, size = [], 0
    return files


def _annotated_clauses(sentences: list[str], glossed_share: float) -> list[list[str]]:
    """Each clause as its words, a glossed word carrying its gloss: ["我们", "银行(yín háng)", ...]."""
    clauses = [clause for sentence in sentences for clause in re.split(r"[，。；！？]", sentence) if clause]
    return [_annotate(clause, random.Random(index), glossed_share) for index, clause in enumerate(clauses)]


def _new_clause(clauses: list[list[str]], chooser: random.Random) -> str:
    head, tail = chooser.choice(clauses), chooser.choice(clauses)
    return "".join(head[: chooser.randint(1, len(head))] + tail[chooser.randint(0, len(tail) - 1) :])


def source_text(path: pathlib.Path = CPP_SENTENCES) -> str:
    """The sentences to generate from: the CPP data (its marks removed), else the samples."""
    if path.exists():
        return path.read_text(encoding="utf-8").replace("▁", "")
    # The samples hold a few thousand characters, so every cache sees them again and again: say so, since the
    # figures are then not comparable with those from the CPP sentences.
    print(f"note: {path} not found; generating from samples/, whose few sentences repeat", file=sys.stderr)
    return "\n".join(sample.read_text(encoding="utf-8") for sample in sorted((REPO / "samples").glob("*.txt")))


def _sentences(path: pathlib.Path) -> list[str]:
    return [line for line in source_text(path).splitlines() if line.strip()][:3000]


def _annotate(sentence: str, chooser: random.Random, glossed_share: float) -> list[str]:
    """The sentence's words, some glossed, as annotation pipelines do."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.seg.mmseg import seg

    from audit.readings import is_han

    words = []
    for word in seg.cut(sentence):
        if all(is_han(char) for char in word) and chooser.random() < glossed_share:
            word += "(" + " ".join(lazy_pinyin(word, style=Style.TONE)) + ")"
        words.append(word)
    return words


# Mistakes as pipelines make them: a gloss after an emoji, a tone mark on the
# wrong vowel, tone marks and numbers mixed, a gloss with a syllable too many.
_MISTAKES = (
    lambda gloss: "📖" + gloss,
    lambda gloss: gloss.replace("ǎo", "aǒ").replace("ài", "aì"),
    lambda gloss: gloss[:-1] + " de5)",
    lambda gloss: gloss.replace("(", "(yī ", 1),
)


def _plant_mistake(sentence: str, chooser: random.Random) -> str:
    glosses = list(re.finditer(r"\([^()]+\)", sentence))
    if not glosses:
        return sentence
    gloss = chooser.choice(glosses)
    return sentence[: gloss.start()] + chooser.choice(_MISTAKES)(gloss.group(0)) + sentence[gloss.end():]


def read_data(path: pathlib.Path) -> str:
    """The text of a data file the benchmarks read from outside the repository, or a clear exit where it is missing."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SystemExit(f"{path}: no such file; give the data directory as the benchmark's --help says") from None
