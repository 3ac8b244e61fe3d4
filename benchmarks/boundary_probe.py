"""Does the context model's bi-LSTM know where words end?  A logistic probe on its hidden states.

The context model (g2pM, ``audit/model.py``) reads each sentence character by
character in both directions.  For every gap between two Han characters of a
UD GSDSimp dev sentence, the probe reads the forward state after the character
before the gap (it has read the sentence up to there) and the backward state
after the character after it (it has read the sentence from its end back to
there); with ``--states all`` also the two states that have read both
characters (128 weights instead of 64).  It predicts whether the people who
segmented the sentence put a word boundary there.

Everything is fitted on every other document of the dev file (50 sentences
each, as ``span_eval.py`` groups them) and scored on the others, both ways: a
held-out figure from dev alone.  For scale, the same is done with each
character's odds of ending and of starting a word, counted on the fitting half,
and with those odds and the states together.

``--edges`` then tries the probe on S103's task, on ``span_eval.py``'s documents
(6 seeds): as a path of its own at the edges between two glosses that S103
does not judge, with the score that makes a warning set where the false alarms
of the fitting half reach ``fit_span_model.WARNING_FALSE_ALARMS``; and as one
more feature of the edges it judges, as ``fit_span_model.py --halves`` scores
them.

    python benchmarks/boundary_probe.py [--data DIR] [--states outer|all] [--edges]
"""

from __future__ import annotations

import argparse
import collections
import pathlib
from typing import NamedTuple

import numpy as np
from fit_span_model import WARNING_FALSE_ALARMS, fit, scores, threshold
from span_eval import DATA, SENTENCES_PER_DOCUMENT, audit_context, documents, moved_edges, read_sentences

from audit.config import AuditConfig
from audit.model import array_scorer
from audit.readings import is_han
from audit.rules import span
from audit.words import CUT_FLOOR

SEEDS = range(6)


class Gaps(NamedTuple):
    """A sentence's gaps between two Han characters: its text, the position of the character before each gap,
    and whether the gap is a word boundary."""

    text: str
    before: list[int]
    boundary: list[bool]


def gaps(sentence: list) -> Gaps:
    text = "".join(token.word for token in sentence)
    boundaries, end = set(), 0
    for token in sentence:
        end += len(token.word)
        boundaries.add(end)
    before = [k for k in range(len(text) - 1) if is_han(text[k]) and is_han(text[k + 1])]
    return Gaps(text, before, [k + 1 in boundaries for k in before])


def gap_states(texts: list[str], positions: list[list[int]], states: str) -> list[np.ndarray]:
    """For each text, one row per gap after the characters at ``positions``: the bi-LSTM's states around it."""
    scorer = array_scorer()
    rows = []
    for start in range(0, len(texts), 256):
        batch = texts[start : start + 256]
        hidden = scorer._hidden_states(batch, max(map(len, batch)) + 2)  # (text, step, direction, state)
        for row, text in enumerate(batch):
            before = np.array(positions[start + row], dtype=int)
            # Forward step k has read the start token and the first k characters, backward step k the end
            # token and the last k: the states beside the gap have read one side of it each.
            parts = [hidden[row, before + 1, 0], hidden[row, len(text) - before - 1, 1]]
            if states == "all":
                parts += [hidden[row, before + 2, 0], hidden[row, len(text) - before, 1]]
            rows.append(np.concatenate(parts, axis=1))
    return rows


def character_odds(fitting: list[Gaps]):
    """A function giving, for a gap, the log odds (counted on ``fitting``) that the character before it ends a
    word and that the one after it starts one."""
    seen, ends = collections.Counter(), collections.Counter()
    for sentence in fitting:
        for k, boundary in zip(sentence.before, sentence.boundary):
            for side in ("end", "start"):
                char = sentence.text[k] if side == "end" else sentence.text[k + 1]
                seen[side, char] += 1
                ends[side, char] += boundary
    share = sum(ends.values()) / max(sum(seen.values()), 1)  # characters never seen get the overall share

    def odds(text: str, k: int) -> list[float]:
        found = []
        for side, char in (("end", text[k]), ("start", text[k + 1])):
            p = (ends[side, char] + share) / (seen[side, char] + 1)
            found.append(float(np.log(p / (1 - p))))
        return found

    return odds


def auc(scored: np.ndarray, labels: np.ndarray) -> float:
    """The chance that a random positive scores above a random negative (ties count half)."""
    values, inverse = np.unique(scored, return_inverse=True)
    order = np.argsort(scored, kind="stable")
    ranks = np.empty(len(scored))
    ranks[order] = np.arange(1, len(scored) + 1)
    mean_rank = np.bincount(inverse, ranks) / np.bincount(inverse)  # ties share their mean rank
    positives = labels == 1
    count = positives.sum()
    return float((mean_rank[inverse][positives].sum() - count * (count + 1) / 2) / (count * (len(labels) - count)))


def probe_weights(sentences: list[Gaps], states: list[np.ndarray], halves: list[int], half: int) -> np.ndarray:
    """The probe fitted on the sentences of ``half``: weights on the states for a boundary."""
    chosen = [number for number, which in enumerate(halves) if which == half]
    return fit(np.concatenate([states[n] for n in chosen]),
               np.concatenate([np.array(sentences[n].boundary, dtype=float) for n in chosen]))


def held_out_probe(sentences: list[Gaps], states: list[np.ndarray], halves: list[int]) -> None:
    """Print the held-out AUC and accuracy of the probe, of the characters' odds, and of both."""
    for half in (0, 1):
        fitting = [s for s, which in zip(sentences, halves) if which == half]
        odds = character_odds(fitting)

        def design(which: int) -> dict[str, np.ndarray]:
            chosen = [n for n, h in enumerate(halves) if h == which]
            state_rows = np.concatenate([states[n] for n in chosen])
            odds_rows = np.array([odds(sentences[n].text, k) for n in chosen for k in sentences[n].before])
            return {"states": state_rows, "characters' odds": odds_rows,
                    "both": np.hstack([odds_rows, state_rows])}

        labels = {which: np.concatenate([np.array(sentences[n].boundary, dtype=float)
                                         for n, h in enumerate(halves) if h == which]) for which in (0, 1)}
        fitted, scored = design(half), design(1 - half)
        held = labels[1 - half]
        print(f"fitted on half {half} ({len(labels[half])} gaps), scored on the other "
              f"({len(held)} gaps, {held.mean():.1%} word boundaries):")
        for name in fitted:
            weights = fit(fitted[name], labels[half])
            score = scores(scored[name], weights)
            print(f"  {name:17} AUC {auc(score, held):.3f}, accuracy {((score >= 0) == (held == 1)).mean():.1%} "
                  f"(fitted half: AUC {auc(scores(fitted[name], weights), labels[half]):.3f})")


class Edge(NamedTuple):
    """An edge between two glosses side by side in one of span_eval's documents."""

    half: int
    judged: bool         # S103 judges it (a word of the lexicon crosses it)
    moved: str           # "right" or "left" for a moved edge, "" for a correct one
    inside: float        # the probe's log odds that the gap is inside a word
    features: tuple      # S103's features, if judged


def plain_lines(context) -> tuple[list[str], dict[int, tuple[int, int]]]:
    """The document's lines without their glosses, and where each of its characters lies in them."""
    in_gloss = {offset for judgement in context.judgements
                for offset in range(judgement.alignment.gloss.open, judgement.alignment.gloss.end)}
    lines, where = [""], {}
    for offset, char in enumerate(context.text):
        if char == "\n":
            lines.append("")
        elif offset not in in_gloss:
            where[offset] = (len(lines) - 1, len(lines[-1]))
            lines[-1] += char
    return lines, where


def document_edges(text: str, glossed: list, half: int, weights: np.ndarray, states: str) -> list[Edge]:
    """The edges between two glosses side by side in one document, moved or correct (those beside a moved edge
    are left out, as ``fit_span_model.py`` leaves them out)."""
    context = audit_context(text, AuditConfig())
    lines, where = plain_lines(context)
    evidence = {found.glosses: found for found in span.judged_evidence(context, CUT_FLOOR)}
    moved = set(moved_edges(glossed))
    found = []
    for index in range(len(glossed) - 1):
        left, right = (context.judgements[i].alignment for i in (index, index + 1))
        if not left.chars or not right.chars or left.missing or right.missing:
            continue
        (line, column), after = where[left.chars[-1]], where[right.chars[0]]
        if after != (line, column + 1):
            continue  # plain text or a line break between them
        if index not in moved and (glossed[index].moved or glossed[index + 1].moved):
            continue
        direction = next(iter(glossed[index].moved)) if index in moved else ""
        found.append((index, line, column, direction))
    by_line = collections.defaultdict(list)
    for _, line, column, _ in found:
        by_line[line].append(column)
    numbers = sorted(by_line)
    rows = gap_states([lines[n] for n in numbers], [by_line[n] for n in numbers], states)
    inside = {(n, column): -score for n, row in zip(numbers, rows)
              for column, score in zip(by_line[n], scores(row, weights))}
    edges = []
    for index, line, column, direction in found:
        judged = evidence.get((index, index + 1))
        edges.append(Edge(half, judged is not None, direction, inside[line, column],
                          judged.features if judged else ()))
    return edges


def on_edges(sentences: list, gap_list: list[Gaps], states_by_sentence: list[np.ndarray], halves: list[int],
             states: str) -> None:
    """Print what the probe adds to S103, as a path at the edges it does not judge and as a feature of those it
    does, fitted on one half of the documents and scored on the other, both ways."""
    weights = {half: probe_weights(gap_list, states_by_sentence, halves, half) for half in (0, 1)}
    edges, correct = [], {0: 0, 1: 0}
    for seed in SEEDS:
        for number, (text, glossed) in enumerate(documents(sentences, "ud", seed)):
            half = number % 2
            correct[half] += sum(not unit.moved for unit in glossed)
            edges += document_edges(text, glossed, half, weights[1 - half], states)
    labels = np.array([bool(edge.moved) for edge in edges])
    inside = np.array([edge.inside for edge in edges])
    judged = np.array([edge.judged for edge in edges])
    print(f"moved against correct edges between two glosses, probe AUC: {auc(inside, labels):.3f} "
          f"(not judged by S103: {auc(inside[~judged], labels[~judged]):.3f}, judged: "
          f"{auc(inside[judged], labels[judged]):.3f})")
    caught, moved, false_alarms = collections.Counter(), collections.Counter(), 0
    for half in (0, 1):
        fitting = [edge for edge in edges if edge.half != half and not edge.judged]
        warning = threshold(np.array([edge.inside for edge in fitting]),
                            np.array([float(bool(edge.moved)) for edge in fitting]),
                            correct[1 - half], WARNING_FALSE_ALARMS)
        for edge in edges:
            if edge.half == half and not edge.judged:
                moved[edge.moved] += 1
                if edge.inside >= warning:
                    caught[edge.moved] += 1
                    false_alarms += not edge.moved
    print(f"as a path where S103 judges nothing: left edges caught {caught['left']} of {moved['left']}, right "
          f"{caught['right']} of {moved['right']}, false alarms {false_alarms} of {sum(correct.values())} "
          f"correct glosses")
    for with_probe in (False, True):
        caught_judged = moved_judged = false_alarms = 0
        for half in (0, 1):
            def design(which: list[Edge]) -> np.ndarray:
                return np.array([edge.features + ((edge.inside,) if with_probe else ()) for edge in which])

            fitting = [edge for edge in edges if edge.half != half and edge.judged]
            scored = [edge for edge in edges if edge.half == half and edge.judged]
            fitting_labels = np.array([float(bool(edge.moved)) for edge in fitting])
            model = fit(design(fitting), fitting_labels)
            warning = threshold(scores(design(fitting), model), fitting_labels, correct[1 - half],
                                WARNING_FALSE_ALARMS)
            above = scores(design(scored), model) >= warning
            is_moved = np.array([bool(edge.moved) for edge in scored])
            caught_judged += int(above[is_moved].sum())
            moved_judged += int(is_moved.sum())
            false_alarms += int(above[~is_moved].sum())
        print(f"S103's model {'with' if with_probe else 'without'} the probe as a feature (edges between two "
              f"glosses it judges): {caught_judged} of {moved_judged} moved edges above the warning, "
              f"{false_alarms} false alarms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=DATA)
    parser.add_argument("--states", choices=("outer", "all"), default="outer")
    parser.add_argument("--edges", action="store_true", help="also try the probe on S103's edges (slow)")
    arguments = parser.parse_args()
    sentences = read_sentences(arguments.data, "dev")
    gap_list = [gaps(sentence) for sentence in sentences]
    states = gap_states([g.text for g in gap_list], [g.before for g in gap_list], arguments.states)
    halves = [number // SENTENCES_PER_DOCUMENT % 2 for number in range(len(sentences))]
    held_out_probe(gap_list, states, halves)
    if arguments.edges:
        on_edges(sentences, gap_list, states, halves, arguments.states)


if __name__ == "__main__":
    main()
