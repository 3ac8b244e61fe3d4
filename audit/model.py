"""g2pM's reading probabilities for the polyphonic characters of a sentence.

g2pM is a one-layer bi-LSTM (hidden size 32) with two dense layers, trained
on the CPP corpus.  Its ``predict`` returns only the argmax, and it steps its
network with a dozen small array operations per character and direction, so
its weights are run here instead, two ways that give the same probabilities
to within a hundred-thousandth:

- :class:`ArrayScorer` on numpy, the input side of each character of the
  vocabulary worked out once, both directions and every text of a batch
  stepped together: a document's questions cost about as much as one
  sentence's did alone, but numpy takes a tenth of a second to import.
  It steps in float32, as g2pM does.
- :class:`PlainScorer` in plain Python, on the same weights and the same
  input side kept as stored tables: several times slower a text, and
  nothing to import.  It computes in float64, Python's floats.

Either reads each text only as far as its questions need: a character's
state in one direction depends only on the tokens before it, so a question
about the middle of its text needs half of each direction's steps.

A question is a text and a position in it (``Request``).  A run scores its
first ``_PLAIN_TEXTS`` texts in plain Python, and moves to numpy only when it
needs more: a one-line file never waits for numpy.  Answers are remembered
for the most recent ``_REMEMBERED`` questions, so that documents asking the
same (as the benchmarks' variants of one sentence do) score it once.
"""

from __future__ import annotations

import collections
import functools
import importlib.util
import math
import operator
import os
from typing import NamedTuple, Sequence

from audit.tables import FLOATS, LABELS, StoredTable, lasting, stored

Reading = tuple[str, int]
Scores = dict[Reading, float]
Request = tuple[str, int]  # a text, and the position in it of the character to read

# numpy's import costs about as much as scoring this many texts in plain Python.
_PLAIN_TEXTS = 8
_REMEMBERED = 16384
# Texts stepped together in one numpy batch: enough to pay for numpy's calls
# per step, few enough that the batch's arrays stay a few megabytes.
_BATCH = 256
_BEGIN, _END, _UNKNOWN = "시", "끝", "<UNK>"  # g2pM's sentence start and end tokens, and its unknown character


@functools.lru_cache(maxsize=1)
def available() -> bool:
    return importlib.util.find_spec("g2pM") is not None


def position_scores(requests: Sequence[Request]) -> list[Scores]:
    """For each request, the probability of each reading g2pM knows for the character; {} where it knows none.

    Every question not answered before is scored in one batch.
    """
    found = {request: _recent[request] for request in requests if request in _recent}
    for request in found:
        _recent.move_to_end(request)
    missing = [request for request in dict.fromkeys(requests) if request not in found]
    if missing:
        found.update(zip(missing, _score(missing)))
        for request in missing:
            _recent[request] = found[request]
        while len(_recent) > _REMEMBERED:
            _recent.popitem(last=False)
    return [found[request] for request in requests]


def recalled(request: Request) -> Scores | None:
    """The answer to ``request`` if it was scored recently, else ``None``."""
    return _recent.get(request)


_recent: collections.OrderedDict[Request, Scores] = collections.OrderedDict()


def _score(requests: list[Request]) -> list[Scores]:
    global _plain_texts_left
    if not available():
        return [{} for _ in requests]
    texts = len({text for text, _ in requests})
    if texts <= _plain_texts_left:
        _plain_texts_left -= texts
        return plain_scorer().scores_at(requests)
    return array_scorer().scores_at(requests)


_plain_texts_left = _PLAIN_TEXTS


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

    def scores_at(self, requests: Sequence[Request]) -> list[Scores]:
        """The scores of each request; the network runs once over each distinct text."""
        scores: list[Scores] = [{} for _ in requests]
        texts: dict[str, int] = {}
        asked: list[Question] = []
        for index, (text, position) in enumerate(requests):
            choices = self.labels.get(text[position], ())
            if len(choices) == 1:
                scores[index] = {parse_label(choices[0]): 1.0}
            elif choices:
                options = [label for label in choices if label in self.classes]
                asked.append(Question(index, texts.setdefault(text, len(texts)), position, options))
        if asked:
            for question, logits in zip(asked, self.logits(list(texts), asked)):
                scores[question.request] = _softmax(question.options, logits)
        return scores

    def logits(self, texts: list[str], asked: list[Question]) -> list[list[float]]:
        """For each question, the network's output for each of its options."""
        raise NotImplementedError


class Question(NamedTuple):
    """A polyphonic character to score: which request asked, which text, where in it, and its readings."""

    request: int
    text: int  # index into the texts given with the questions
    position: int
    options: list[str]


def _steps_read(texts: list[str], asked: list[Question]) -> tuple[list[int], list[int], list[int], list[int]]:
    """The step each question reads its character's state at, in either direction, and how many steps each
    text must be read for, in either direction.

    The forward direction has then read the text up to the character (with
    the start token), the backward one from the end token back to it: a
    question about the middle of its text needs only half of either.
    """
    forward = [question.position + 1 for question in asked]
    backward = [len(texts[question.text]) - question.position for question in asked]
    forward_needed, backward_needed = [0] * len(texts), [0] * len(texts)
    for question, ahead, behind in zip(asked, forward, backward):
        forward_needed[question.text] = max(forward_needed[question.text], ahead + 1)
        backward_needed[question.text] = max(backward_needed[question.text], behind + 1)
    return forward, backward, forward_needed, backward_needed


def _softmax(options: list[str], logits: list[float]) -> dict[Reading, float]:
    top = max(logits)
    weights = [math.exp(logit - top) for logit in logits]
    total = sum(weights)
    return {parse_label(label): weight / total for label, weight in zip(options, weights)}


# --------------------------------------------------------------------------
# numpy


def one_blas_thread() -> None:
    """Ask numpy's BLAS to run in the calling thread, if numpy is not loaded yet (it reads this when loaded).

    A batch's products are small and come one per step: OpenBLAS spreads
    them over every core and its threads spin between them: several times
    the CPU of one thread, on a 2-core machine, taken from other processes
    (``--jobs`` workers among them).  Where a program loaded numpy first,
    its own setting stands.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@lasting
def array_scorer() -> ArrayScorer:
    one_blas_thread()
    from g2pM import G2pM  # imports numpy, unpickles the weights

    return ArrayScorer(G2pM())


class ArrayScorer(_Scorer):
    """The network stepped on numpy, in ``precision``: by default float32, as g2pM stores its weights and computes,
    about two thirds of float64's time on a run's questions replayed (docs/speed.md, round 14; the plain scorer's
    tables are made in float64, see ``_model_tables``)."""

    def __init__(self, model, precision: str = "float32") -> None:
        import numpy

        self.model = model
        self.labels = model.cedict
        self.classes = {label: index for index, label in model.idx2class.items()}
        self.hidden_size = model.weight_hh.shape[1]
        self.input_side, self.recurrent_weights = _stepping_weights(model, precision)
        # Every text's first step reads the start token (forward) or the end token (backward) from a zero state:
        # the same state and cell for every text, worked out once here rather than in each batch.
        begin, end = model.char2idx[_BEGIN], model.char2idx[_END]
        no_state = numpy.zeros((2, 1, self.hidden_size), precision)
        self.first_step = self._step(self.input_side[[0, 1], [begin, end]][:, None, :], no_state, no_state)
        self.token_of = _token_table(model.char2idx, numpy)

    def logits(self, texts: list[str], asked: list[Question]) -> list[list[float]]:
        import numpy

        forward, backward, forward_needed, backward_needed = _steps_read(texts, asked)
        needed = list(map(max, forward_needed, backward_needed))  # a batch steps both directions together
        asking = [[] for _ in texts]  # each text's questions, by their place in ``asked``
        for number, question in enumerate(asked):
            asking[question.text].append(number)
        # Texts that need as many steps are batched together, so that no batch is stepped much
        # further than most of its texts need (a question in the middle of its text needs half).
        order = sorted(range(len(texts)), key=needed.__getitem__)
        logits: list[list[float]] = [[] for _ in asked]
        for start in range(0, len(order), _BATCH):
            # A batch's states are read and dropped before the next: a document's states and outputs all
            # at once took about 20 KB per question (600 MB for a 2 MB line densely glossed).
            chunk = order[start : start + _BATCH]
            hidden = self.hidden_states([texts[index] for index in chunk], needed[chunk[-1]])
            numbers = [number for index in chunk for number in asking[index]]
            rows = [row for row, index in enumerate(chunk) for _ in asking[index]]
            states = numpy.concatenate([hidden[rows, [forward[number] for number in numbers], 0],
                                        hidden[rows, [backward[number] for number in numbers], 1]], axis=1)
            for number, outputs in zip(numbers, self.model.fc_layer(states)):
                logits[number] = [float(outputs[self.classes[label]]) for label in asked[number].options]
        return logits

    def hidden_states(self, texts: list[str], needed: int):
        """The bi-LSTM's states for a batch of texts, its first ``needed`` steps: (text, step, direction, state).

        Each text is read with g2pM's start and end tokens, padded at the end
        to the longest; the backward direction reads each text reversed, so
        its padding also comes last: what comes after a step never reaches it,
        and step ``k`` of the backward direction has read the last ``k + 1``
        tokens of its text.  A question about the middle of its text needs
        only the first half of either direction's steps.  Public: besides
        ``logits``, benchmarks/boundary_probe.py reads the states themselves.
        """
        import numpy

        read = min(needed, max(len(text) for text in texts) + 2)
        ids = self._token_ids(texts, read)  # (direction, text, step)
        directions = numpy.arange(2)[:, None, None]
        steps = self.input_side[directions, ids[:, :, 1:]].transpose(0, 2, 1, 3)  # (direction, step, text, gates)
        first_state, first_cell = self.first_step
        state = numpy.repeat(first_state, len(texts), axis=1)  # contiguous, as the products below read it
        cell = numpy.repeat(first_cell, len(texts), axis=1)
        outputs = numpy.empty((len(texts), read, 2, self.hidden_size), state.dtype)
        outputs[:, 0] = state.transpose(1, 0, 2)
        for step in range(1, read):
            state, cell = self._step(steps[:, step - 1], state, cell)
            outputs[:, step] = state.transpose(1, 0, 2)
        return outputs

    def _step(self, given, state, cell):
        """One step of both directions, from the input side of each gate: the new state and cell."""
        import numpy

        size = self.hidden_size
        gates = given + numpy.matmul(state, self.recurrent_weights)  # input, forget, cell and output gates: i, f, g, o
        input_forget = 1 / (1 + numpy.exp(-gates[..., : 2 * size]))
        output = 1 / (1 + numpy.exp(-gates[..., 3 * size :]))
        cell = input_forget[..., size:] * cell + input_forget[..., :size] * numpy.tanh(gates[..., 2 * size : 3 * size])
        return output * numpy.tanh(cell), cell

    def _token_ids(self, texts: list[str], read: int):
        """The tokens the first ``read`` steps of either direction read: (direction, text, step).

        Forward, the start token, the text and the end token; backward, the
        end token, the text reversed and the start token; either padded with
        the end token.  Looked up for the whole batch at once, by code point.
        """
        import numpy

        model = self.model
        begin, end = model.char2idx[_BEGIN], model.char2idx[_END]
        longest = max(len(text) for text in texts)
        lengths = numpy.array([len(text) for text in texts])[:, None]
        # A lone surrogate (a JSON row may escape one) is read as its code point, which g2pM does not know.
        padded = "".join(text.ljust(longest) for text in texts)
        points = numpy.frombuffer(padded.encode("utf-32-le", "surrogatepass"), numpy.uint32)
        chars = self.token_of[numpy.minimum(points, len(self.token_of) - 1)].reshape(len(texts), longest)
        chars[numpy.arange(longest) >= lengths] = end
        edge = numpy.full((len(texts), 1), begin)
        forward = numpy.concatenate([edge, chars, numpy.full((len(texts), 1), end)], axis=1)
        # Backward step k reads forward token (length + 1 - k), and past the start token the end token again.
        taken = lengths + 1 - numpy.arange(read)
        backward = numpy.where(taken >= 0, numpy.take_along_axis(forward, numpy.maximum(taken, 0), axis=1), end)
        return numpy.stack([forward[:, :read], backward])


def _stepping_weights(model, precision: str):
    """What each step of g2pM's network reads, in ``precision``: the input side and the recurrent weights.

    Index 0 of each stack reads left to right, index 1 right to left.  The
    input side of a step is worked out for every character of the vocabulary
    (direction, character, gates): a batch then looks its steps up rather
    than multiplying them out (most of its cost), and they do not depend on
    which texts were batched together.
    """
    import numpy

    input_weights = numpy.stack([model.weight_ih.T, model.weight_ih_reverse.T]).astype(precision)
    recurrent_weights = numpy.stack([model.weight_hh.T, model.weight_hh_reverse.T]).astype(precision)
    biases = numpy.stack([model.bias_ih + model.bias_hh,
                          model.bias_ih_reverse + model.bias_hh_reverse]).astype(precision)[:, None, :]
    return numpy.matmul(model.embeddings.astype(precision), input_weights) + biases, recurrent_weights


def _token_table(char2idx: dict[str, int], numpy):
    """g2pM's token for each code point up to the highest it knows, the unknown token after it (for any higher)."""
    unknown = char2idx[_UNKNOWN]
    known = {ord(char): index for char, index in char2idx.items() if len(char) == 1}
    table = numpy.full(max(known) + 2, unknown)
    table[list(known)] = list(known.values())
    return table


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

    def logits(self, texts: list[str], asked: list[Question]) -> list[list[float]]:
        forward_at, backward_at, forward_needed, backward_needed = _steps_read(texts, asked)
        states = [self._states(text, ahead, behind)
                  for text, ahead, behind in zip(texts, forward_needed, backward_needed)]
        found = []
        for question, ahead, behind in zip(asked, forward_at, backward_at):
            forward, backward = states[question.text]
            state = forward[ahead] + backward[behind]
            hidden = [max(0.0, bias + _dot(row, state)) for row, bias in self.hidden]
            found.append([self._logit(label, hidden) for label in question.options])
        return found

    def _states(self, text: str, forward_needed: int,
                backward_needed: int) -> tuple[list[list[float]], list[list[float]]]:
        """Both directions' states over ``text`` with its start and end tokens, each after as many of its first
        steps as its questions need: a question near the start needs few steps forward and many backward (the
        backward direction reads from the end), so neither runs as far as the other needs."""
        unknown = self.inputs[_UNKNOWN]
        steps = [self.inputs[_BEGIN]] + [self.inputs.get(c, unknown) for c in text] + [self.inputs[_END]]
        gates = 4 * self.size
        forward = self._run([step[:gates] for step in steps[:forward_needed]], self.recurrent[0])
        backward = self._run([step[gates:] for step in steps[::-1][:backward_needed]], self.recurrent[1])
        return forward, backward

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
    """g2pM's weights as plain tables, in float64: the input side worked out in float64 too."""
    model = array_scorer().model
    gates, recurrent = _stepping_weights(model, "float64")
    inputs = {char: tuple(gates[0][index].tolist() + gates[1][index].tolist())
              for char, index in model.char2idx.items() if char}
    classes = {label: tuple(model.hidden_weight_l1[index].astype("float64").tolist())
               + (float(model.hidden_bias_l1[index]),)
               for index, label in model.idx2class.items()}
    layers = {
        "recurrent forward": tuple(recurrent[0].T.ravel().tolist()),
        "recurrent backward": tuple(recurrent[1].T.ravel().tolist()),
        "hidden": tuple(model.hidden_weight_l0.astype("float64").ravel().tolist()),
        "hidden bias": tuple(model.hidden_bias_l0.astype("float64").tolist()),
    }
    labels = {char: tuple(options) for char, options in model.cedict.items() if char}
    return {"inputs": inputs, "classes": classes, "layers": layers, "labels": labels}
