"""g2pM's reading probabilities for the polyphonic characters of a sentence.

g2pM is a one-layer bi-LSTM (hidden size 32) with two dense layers, trained
on the CPP corpus.  Its ``predict`` returns only the argmax, and it steps its
network with a dozen small array operations per character and direction, so
its weights are run here instead, two ways that give the same probabilities:

- :class:`ArrayScorer` on numpy, the input side of every step computed in one
  product and both directions stepped together: about a millisecond a
  sentence, but numpy takes a tenth of a second to import.
- :class:`PlainScorer` in plain Python, on the same weights kept as stored
  tables (the input side of each character precomputed): several times
  slower a sentence, and nothing to import.

A run scores its first ``_PLAIN_SENTENCES`` sentences in plain Python, and
moves to numpy only when it needs more: a one-line file never waits for numpy.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import math
import operator

from audit.tables import FLOATS, LABELS, StoredTable, lasting, stored

Reading = tuple[str, int]
Scores = dict[int, dict[Reading, float]]

# numpy's import costs about as much as scoring this many sentences in plain Python.
_PLAIN_SENTENCES = 8
_BEGIN, _END, _UNKNOWN = "시", "끝", "<UNK>"  # g2pM's sentence start and end tokens, and its unknown character


@functools.lru_cache(maxsize=1)
def available() -> bool:
    return importlib.util.find_spec("g2pM") is not None


def sentence_scores(sentence: str) -> Scores:
    """For each character of ``sentence`` g2pM knows, the probability of each of its readings; {} without g2pM."""
    if not available():
        return {}
    if next(_sentences_scored) <= _PLAIN_SENTENCES:
        return plain_scorer().scores(sentence)
    return array_scorer().scores(sentence)


_sentences_scored = itertools.count(1)


@functools.lru_cache(maxsize=4096)
def parse_label(label: str) -> Reading:
    """A model or benchmark label such as ``le5`` or ``lu:4`` as a reading."""
    letters = label.rstrip("012345")
    tone = int(label[len(letters):] or 5)
    return letters.lower().replace("u:", "ü").replace("v", "ü"), tone


class _Scorer:
    """What both ways share: the readings each character may have, and the softmax over them.

    ``labels`` maps a character to the readings CC-CEDICT lists for it,
    ``classes`` holds the readings the network has outputs for, and
    ``logits`` runs the network.
    """

    labels: object
    classes: object

    def scores(self, sentence: str) -> Scores:
        labels = {i: self.labels[c] for i, c in enumerate(sentence) if c in self.labels}
        scores = {i: {parse_label(options[0]): 1.0} for i, options in labels.items() if len(options) == 1}
        options = {i: [label for label in choices if label in self.classes]
                   for i, choices in labels.items() if len(choices) > 1}
        if options:
            for i, logits in zip(options, self.logits(sentence, options)):
                scores[i] = _softmax(options[i], logits)
        return scores

    def logits(self, sentence: str, options: dict[int, list[str]]) -> list[list[float]]:
        """For each position of ``options``, the network's output for each of its readings."""
        raise NotImplementedError


def _softmax(options: list[str], logits: list[float]) -> dict[Reading, float]:
    top = max(logits)
    weights = [math.exp(logit - top) for logit in logits]
    total = sum(weights)
    return {parse_label(label): weight / total for label, weight in zip(options, weights)}


# --------------------------------------------------------------------------
# numpy


@lasting
def array_scorer() -> ArrayScorer:
    from g2pM import G2pM  # imports numpy, unpickles the weights

    return ArrayScorer(G2pM())


class ArrayScorer(_Scorer):
    def __init__(self, model) -> None:
        import numpy

        self.model = model
        self.labels = model.cedict
        self.classes = {label: index for index, label in model.idx2class.items()}
        self.hidden_size = model.weight_hh.shape[1]
        # Index 0 of each stack reads left to right, index 1 right to left.
        self.input_weights = numpy.stack([model.weight_ih.T, model.weight_ih_reverse.T]).astype(numpy.float64)
        self.recurrent_weights = numpy.stack([model.weight_hh.T, model.weight_hh_reverse.T]).astype(numpy.float64)
        self.biases = numpy.stack([model.bias_ih + model.bias_hh,
                                   model.bias_ih_reverse + model.bias_hh_reverse]).astype(numpy.float64)[:, None, :]

    def logits(self, sentence: str, options: dict[int, list[str]]) -> list[list[float]]:
        import numpy

        model = self.model
        unknown = model.char2idx[_UNKNOWN]
        ids = [model.char2idx[_BEGIN]] + [model.char2idx.get(c, unknown) for c in sentence] + [model.char2idx[_END]]
        hidden = self._hidden_states(numpy.array(ids))[[i + 1 for i in options]]
        return [[float(row[self.classes[label]]) for label in labels]
                for row, labels in zip(model.fc_layer(hidden), options.values())]

    def _hidden_states(self, ids):
        """The bi-LSTM's output at each position: the forward state, then the backward one."""
        import numpy

        size = self.hidden_size
        embedded = self.model.embeddings[ids].astype(numpy.float64)
        steps = numpy.matmul(embedded, self.input_weights) + self.biases  # (direction, position, gates)
        steps[1] = steps[1, ::-1]  # the backward direction meets the sentence from its end
        state = numpy.zeros((2, 1, size))
        cell = numpy.zeros((2, size))
        outputs = numpy.empty((len(ids), 2, size))
        for step in range(len(ids)):
            gates = steps[:, step] + numpy.matmul(state, self.recurrent_weights)[:, 0]
            squashed = 1 / (1 + numpy.exp(-gates))  # input, forget and output gates: i, f, _, o
            cell = squashed[:, size : 2 * size] * cell + squashed[:, :size] * numpy.tanh(gates[:, 2 * size : 3 * size])
            outputs[step] = squashed[:, 3 * size :] * numpy.tanh(cell)
            state = outputs[step][:, None, :]
        return numpy.concatenate([outputs[:, 0], outputs[::-1, 1]], axis=1)


# --------------------------------------------------------------------------
# Plain Python


@lasting
def plain_scorer() -> PlainScorer:
    return PlainScorer()


class PlainScorer(_Scorer):
    """The same network on stored tables: each character's readings, its input side, and the layers."""

    def __init__(self) -> None:
        self.labels = _stored_model("labels", LABELS)          # 行 -> ("hang2", "xing2", ...)
        self.inputs = _stored_model("inputs", FLOATS)          # 行 -> both directions' input gates (2 x 128)
        self.layers = _stored_model("layers", FLOATS)          # recurrent, hidden and their biases, flat
        self.classes = _stored_model("classes", FLOATS)        # hang2 -> its output weights, bias last
        layers = self.layers
        self.size = math.isqrt(len(layers["recurrent forward"]) // 4)  # 4 gates of size x size
        self.recurrent = [_rows(layers["recurrent forward"], self.size),
                          _rows(layers["recurrent backward"], self.size)]
        self.hidden = list(zip(_rows(layers["hidden"], 2 * self.size), layers["hidden bias"]))

    def logits(self, sentence: str, options: dict[int, list[str]]) -> list[list[float]]:
        unknown = self.inputs[_UNKNOWN]
        steps = [self.inputs[_BEGIN]] + [self.inputs.get(c, unknown) for c in sentence] + [self.inputs[_END]]
        gates = 4 * self.size
        forward = self._run([step[:gates] for step in steps], self.recurrent[0])
        backward = self._run([step[gates:] for step in reversed(steps)], self.recurrent[1])[::-1]
        found = []
        for i, labels in options.items():
            state = forward[i + 1] + backward[i + 1]
            hidden = [max(0.0, bias + _dot(row, state)) for row, bias in self.hidden]
            found.append([self._logit(label, hidden) for label in labels])
        return found

    def _logit(self, label: str, hidden: list[float]) -> float:
        weights = self.classes[label]
        return weights[-1] + _dot(weights[:-1], hidden)

    def _run(self, steps: list[tuple[float, ...]], recurrent: list[tuple[float, ...]]) -> list[list[float]]:
        """One direction of the LSTM over ``steps`` (the input side of each gate): the state after each step."""
        size = self.size
        state = [0.0] * size
        cell = [0.0] * size
        states = []
        for step in steps:
            gates = [given + _dot(row, state) for given, row in zip(step, recurrent)]
            squashed = [_sigmoid(gate) for gate in gates]  # input, forget and output gates: i, f, _, o
            cell = [squashed[size + k] * cell[k] + squashed[k] * math.tanh(gates[2 * size + k]) for k in range(size)]
            state = [squashed[3 * size + k] * math.tanh(cell[k]) for k in range(size)]
            states.append(state)
        return states


def _dot(left, right) -> float:
    return sum(map(operator.mul, left, right))


def _sigmoid(value: float) -> float:
    return 1 / (1 + math.exp(-value)) if value > -700 else 0.0  # exp would overflow; numpy gives 0 too


def _rows(flat: tuple[float, ...], width: int) -> list[tuple[float, ...]]:
    return [flat[start : start + width] for start in range(0, len(flat), width)]


def _stored_model(part: str, shape) -> StoredTable:
    return stored(f"g2pm-{part}", lambda: _model_tables()[part], shape)


@functools.lru_cache(maxsize=1)  # the four tables are made in one pass
def _model_tables() -> dict[str, dict]:
    """g2pM's weights as plain tables, in float64 as :class:`ArrayScorer` computes."""
    model = array_scorer().model
    scorer = array_scorer()
    embedded = model.embeddings.astype("float64")
    gates = (embedded @ scorer.input_weights[0] + scorer.biases[0, 0],
             embedded @ scorer.input_weights[1] + scorer.biases[1, 0])
    inputs = {char: tuple(gates[0][index].tolist() + gates[1][index].tolist())
              for char, index in model.char2idx.items() if char}
    classes = {label: tuple(model.hidden_weight_l1[index].astype("float64").tolist())
               + (float(model.hidden_bias_l1[index]),)
               for label, index in scorer.classes.items()}
    layers = {
        "recurrent forward": tuple(scorer.recurrent_weights[0].T.ravel().tolist()),
        "recurrent backward": tuple(scorer.recurrent_weights[1].T.ravel().tolist()),
        "hidden": tuple(model.hidden_weight_l0.astype("float64").ravel().tolist()),
        "hidden bias": tuple(model.hidden_bias_l0.astype("float64").tolist()),
    }
    labels = {char: tuple(options) for char, options in model.cedict.items() if char}
    return {"inputs": inputs, "classes": classes, "layers": layers, "labels": labels}
