"""Memory and time of one large document, written as a single line and as one sentence a line.

    python benchmarks/line_memory.py [--megabytes 2 10] [--density seed|dense|both] [--sentences PATH]

For each size and density, one document of generated text (see corpus.py)
is audited by ``pinyin-audit check --jobs 1`` as a whole process, twice: as
one line (sentences run together, as a file without line breaks holds
them) and with a line break after each sentence.  Each prints its wall
time and peak resident memory (``ru_maxrss``), and the glosses the text
holds: what the memory grows with, whatever the lines; and beside the
peak, the estimate ``audit.memory`` weighs a large document by before
auditing it (its bytes a gloss and a character, and the tables), which
should stay a little above every peak.  The machine may be shared:
compare the rows of one run.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile

from corpus import CPP_SENTENCES, DENSITIES, write_corpus
from whole_process import audit_command, measure

from audit.memory import estimated_peak_bytes


def main() -> None:
    arguments = _arguments()
    densities = list(DENSITIES) if arguments.density == "both" else [arguments.density]
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch)
        for density in densities:
            for megabytes in arguments.megabytes:
                sentences = _document(root / f"{density}-{megabytes}", megabytes, density, arguments.sentences)
                one_line = sentences.with_name("one-line.txt")
                one_line.write_text(sentences.read_text(encoding="utf-8").replace("\n", "") + "\n", encoding="utf-8")
                text = sentences.read_text(encoding="utf-8")
                glosses, estimate = text.count("("), estimated_peak_bytes(text) / 2**20
                for layout, path in (("one line", one_line), ("a sentence a line", sentences)):
                    run = measure(audit_command("check", "--exit-zero", str(path), "--jobs", "1", "--format", "json-lines"))
                    print(f"{density:5} {megabytes:5.1f} MB, {glosses:7d} glosses, {layout:17}: "
                          f"{run.seconds:6.1f} s, peak {run.megabytes:6.0f} MB, estimated {estimate:6.0f} MB "
                          f"({estimate / run.megabytes - 1:+.0%})", flush=True)


def _document(directory: pathlib.Path, megabytes: float, density: str, sentences: pathlib.Path) -> pathlib.Path:
    """One document of about ``megabytes``, a sentence a line (corpus.py says when it falls back to the samples)."""
    (path,) = write_corpus(directory, int(megabytes * 1e6), documents=1, density=density, sentences_path=sentences)
    return path


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[2.0, 10.0])
    parser.add_argument("--density", choices=[*DENSITIES, "both"], default="both")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    return parser.parse_args()


if __name__ == "__main__":
    main()
