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

``--network N`` fits a layer of N tanh units in place of each logistic fit:
whether the states say more than a linear probe reads.

``--edges states`` then tries the probe on S103's task, on ``span_eval.py``'s
documents (6 seeds), fitted on one half of the documents and scored on the
other, both ways: as a path of its own at the edges between two glosses that
S103 does not judge, with the score that makes a warning set where the false
alarms of the fitting half reach ``fit_span_model.WARNING_FALSE_ALARMS``; and as
one more feature of the edges it judges, as ``fit_span_model.py --halves``
scores them.  ``--edges odds`` tries the characters' odds the same way.

    python benchmarks/boundary_probe.py [--data DIR] [--states outer|all] [--network N] [--edges states|odds]
"""

from __future__ import annotations

import argparse
import collections
import pathlib
from typing import Callable, NamedTuple

import numpy as np
from fit_span_model import WARNING_FALSE_ALARMS, fit, scores, threshold
from span_eval import (DATA, SENTENCES_PER_DOCUMENT, audit_context, documents, judged_evidence_by_edge, moved_edges,
                       read_sentences)

from audit.config import AuditConfig
from audit.model import array_scorer
from audit.readings import is_han

SEEDS = range(6)
NETWORK_L2 = 1e-3  # shrinkage of the network's weights (its gradients are means over the gaps)


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
        hidden = scorer.hidden_states(batch, max(map(len, batch)) + 2)  # (text, step, direction, state)
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


Rows = Callable[[list[str], list[list[int]]], list[np.ndarray]]  # texts and gaps -> one row per gap, per text
Learner = Callable[[np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]  # rows, labels -> a scorer


def state_rows(states: str) -> Rows:
    return lambda texts, positions: gap_states(texts, positions, states)


def odds_rows(fitting: list[Gaps]) -> Rows:
    odds = character_odds(fitting)
    return lambda texts, positions: [np.array([odds(text, k) for k in before], dtype=float).reshape(-1, 2)
                                     for text, before in zip(texts, positions)]


def both_rows(*readers: Rows) -> Rows:
    return lambda texts, positions: [np.hstack(parts) for parts in zip(*(read(texts, positions) for read in readers))]


def logistic(rows: np.ndarray, labels: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    weights = fit(rows, labels)
    return lambda scored: scores(scored, weights)


def network(hidden: int) -> Learner:
    """A learner of one layer of ``hidden`` tanh units (Adam, full batches): can the states say more non-linearly?"""
    def learn(rows: np.ndarray, labels: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        mean, spread = rows.mean(axis=0), rows.std(axis=0) + 1e-6
        inputs = (rows - mean) / spread
        chooser = np.random.default_rng(0)
        params = [chooser.normal(0, 0.1, (rows.shape[1], hidden)), np.zeros(hidden),
                  chooser.normal(0, 0.1, hidden), np.zeros(1)]
        moments = [np.zeros_like(p) for p in params]
        squares = [np.zeros_like(p) for p in params]

        def forward(standard: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            layer = np.tanh(standard @ params[0] + params[1])
            return layer, layer @ params[2] + params[3][0]

        for step in range(1, 1501):
            layer, logits = forward(inputs)
            error = (1 / (1 + np.exp(-logits)) - labels) / len(labels)
            back = np.outer(error, params[2]) * (1 - layer ** 2)
            gradients = [inputs.T @ back + NETWORK_L2 * params[0], back.sum(axis=0), layer.T @ error + NETWORK_L2 * params[2],
                         np.array([error.sum()])]
            for k, gradient in enumerate(gradients):
                moments[k] = 0.9 * moments[k] + 0.1 * gradient
                squares[k] = 0.999 * squares[k] + 0.001 * gradient ** 2
                params[k] -= 0.01 * (moments[k] / (1 - 0.9 ** step)) / (np.sqrt(squares[k] / (1 - 0.999 ** step)) + 1e-8)
        return lambda scored: forward((scored - mean) / spread)[1]

    return learn


class GapModel(NamedTuple):
    """How a gap is read (``rows``) and scored (the log odds of a word boundary there)."""

    rows: Rows
    score: Callable[[np.ndarray], np.ndarray]

    @classmethod
    def fitted(cls, rows: Rows, sentences: list[Gaps], learner: Learner) -> GapModel:
        found = rows([s.text for s in sentences], [s.before for s in sentences])
        return cls(rows, learner(np.concatenate(found), boundaries(sentences)))

    def boundary(self, texts: list[str], positions: list[list[int]]) -> list[np.ndarray]:
        return [self.score(row) for row in self.rows(texts, positions)]


def boundaries(sentences: list[Gaps]) -> np.ndarray:
    return np.concatenate([np.array(s.boundary, dtype=float) for s in sentences])


def split(sentences: list, halves: list[int], half: int) -> list:
    return [sentence for sentence, which in zip(sentences, halves) if which == half]


def held_out_probe(sentences: list[Gaps], halves: list[int], states: str, learner: Learner) -> None:
    """Print the held-out AUC and accuracy of the probe, of the characters' odds, and of both."""
    for half in (0, 1):
        fitting, held = split(sentences, halves, half), split(sentences, halves, 1 - half)
        readers = {"states": state_rows(states), "characters' odds": odds_rows(fitting),
                   "both": both_rows(odds_rows(fitting), state_rows(states))}
        print(f"fitted on half {half} ({len(boundaries(fitting))} gaps), scored on the other "
              f"({len(boundaries(held))} gaps, {boundaries(held).mean():.1%} word boundaries):")
        for name, rows in readers.items():
            model = GapModel.fitted(rows, fitting, learner)
            figures = []
            for scored in (held, fitting):
                score = np.concatenate(model.boundary([s.text for s in scored], [s.before for s in scored]))
                figures.append((auc(score, boundaries(scored)), ((score >= 0) == (boundaries(scored) == 1)).mean()))
            (held_auc, accuracy), (fitted_auc, _) = figures
            print(f"  {name:17} AUC {held_auc:.3f}, accuracy {accuracy:.1%} (fitted half: AUC {fitted_auc:.3f})")


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


def document_edges(text: str, glossed: list, half: int, model: GapModel) -> list[Edge]:
    """The edges between two glosses side by side in one document, moved or correct (those beside a moved edge
    are left out, as ``fit_span_model.py`` leaves them out)."""
    context = audit_context(text, AuditConfig())
    lines, where = plain_lines(context)
    evidence = judged_evidence_by_edge(context)
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
    boundary = model.boundary([lines[n] for n in numbers], [by_line[n] for n in numbers])
    inside = {(n, column): -score for n, row in zip(numbers, boundary) for column, score in zip(by_line[n], row)}
    edges = []
    for index, line, column, direction in found:
        judged = evidence.get(((index, index + 1), ""))
        edges.append(Edge(half, judged is not None, direction, inside[line, column],
                          judged.features if judged else ()))
    return edges


def on_edges(sentences: list, gap_list: list[Gaps], halves: list[int], rows_of: Callable[[list[Gaps]], Rows],
             learner: Learner) -> None:
    """Print what a gap model adds to S103, as a path at the edges it does not judge and as a feature of those it
    does, fitted on one half of the documents and scored on the other, both ways."""
    models = {}
    for half in (0, 1):
        fitting = split(gap_list, halves, half)
        models[half] = GapModel.fitted(rows_of(fitting), fitting, learner)
    edges, correct = [], {0: 0, 1: 0}
    for seed in SEEDS:
        for number, (text, glossed) in enumerate(documents(sentences, "ud", seed)):
            half = number % 2
            correct[half] += sum(not unit.moved for unit in glossed)
            edges += document_edges(text, glossed, half, models[1 - half])
    labels = np.array([bool(edge.moved) for edge in edges])
    inside = np.array([edge.inside for edge in edges])
    judged = np.array([edge.judged for edge in edges])
    print(f"moved against correct edges between two glosses, AUC: {auc(inside, labels):.3f} "
          f"(not judged by S103: {auc(inside[~judged], labels[~judged]):.3f}, judged: "
          f"{auc(inside[judged], labels[judged]):.3f})")
    print_as_path(edges, correct)
    for with_score in (False, True):
        print_as_feature(edges, correct, with_score)


def print_as_path(edges: list[Edge], correct: dict[int, int]) -> None:
    """What a warning where the score is high catches at the edges S103 does not judge, its threshold set on the
    other half's."""
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


def print_as_feature(edges: list[Edge], correct: dict[int, int], with_score: bool) -> None:
    """What S103's model catches at the edges it judges, with or without the score as one more feature, fitted
    and its warning set on one half, scored on the other."""
    def design(which: list[Edge]) -> np.ndarray:
        return np.array([edge.features + ((edge.inside,) if with_score else ()) for edge in which])

    caught = moved = false_alarms = 0
    for half in (0, 1):
        fitting = [edge for edge in edges if edge.half != half and edge.judged]
        scored = [edge for edge in edges if edge.half == half and edge.judged]
        fitting_labels = np.array([float(bool(edge.moved)) for edge in fitting])
        model = fit(design(fitting), fitting_labels)
        warning = threshold(scores(design(fitting), model), fitting_labels, correct[1 - half], WARNING_FALSE_ALARMS)
        above = scores(design(scored), model) >= warning
        is_moved = np.array([bool(edge.moved) for edge in scored])
        caught += int(above[is_moved].sum())
        moved += int(is_moved.sum())
        false_alarms += int(above[~is_moved].sum())
    print(f"S103's model {'with' if with_score else 'without'} it as a feature (edges between two glosses it "
          f"judges): {caught} of {moved} moved edges above the warning, {false_alarms} false alarms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=DATA)
    parser.add_argument("--states", choices=("outer", "all"), default="outer")
    parser.add_argument("--network", type=int, default=0, metavar="UNITS",
                        help="fit a layer of this many tanh units instead of a logistic probe")
    parser.add_argument("--edges", choices=("states", "odds"),
                        help="also try the probe (or the characters' odds) on S103's edges (slow)")
    arguments = parser.parse_args()
    sentences = read_sentences(arguments.data, "dev")
    gap_list = [gaps(sentence) for sentence in sentences]
    halves = [number // SENTENCES_PER_DOCUMENT % 2 for number in range(len(sentences))]
    learner = network(arguments.network) if arguments.network else logistic
    held_out_probe(gap_list, halves, arguments.states, learner)
    if arguments.edges:
        rows_of = odds_rows if arguments.edges == "odds" else lambda fitting: state_rows(arguments.states)
        on_edges(sentences, gap_list, halves, rows_of, learner)


if __name__ == "__main__":
    main()
