"""S103's edge model: the resistance below which no edge is judged must be one no edge could score a warning at."""

from __future__ import annotations

from audit.span_edges import EDGE_KINDS, FEATURES, EdgeModel, edge_models
from audit.words import CUT_FLOOR


def most_damning(model: EdgeModel, resistance: float) -> tuple[float, ...]:
    """The features that score highest with this resistance, each within its range."""
    return tuple(resistance if name == "resistance" else (high if model.weights[name] > 0 else low)
                 for name, (low, high) in FEATURES.items())


def test_no_edge_below_the_least_resistance_can_score_a_warning():
    weights = {name: -0.1 for name in FEATURES} | {"resistance": 1.0, "span_cost": 0.2}
    model = EdgeModel.fitted(weights, bias=-2.0, warning=10.0, error=12.0)
    least = model.least_resistance
    assert least > CUT_FLOOR  # else the floor, not the model, sets it
    assert model.score(most_damning(model, least - 0.01)) < model.warning
    assert model.score(most_damning(model, least + 0.01)) >= model.warning


def test_the_least_resistance_is_never_below_the_lexicon_floor():
    lenient = EdgeModel.fitted(dict.fromkeys(FEATURES, 1.0), bias=0.0, warning=-100.0, error=0.0)
    assert lenient.least_resistance == CUT_FLOOR


def test_the_stored_models_weigh_every_feature_and_warn_before_they_err_at_each_kind_of_edge():
    models = edge_models()
    assert set(models) == set(EDGE_KINDS)
    for model in models.values():
        assert set(model.weights) == set(FEATURES)
        assert model.weights["resistance"] > 0 and model.warning < model.error
        # As `explain S103` says: two glosses of two or more characters meeting at an edge make a cut less likely.
        assert model.weights["long_glosses"] < 0
