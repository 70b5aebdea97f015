"""Pure scoring: responses and the bank in, scores, bands, composites and flags out."""

from scoring.change import ChangeResult, classify_change, reliable_change_index
from scoring.engine import score_frame
from scoring.reliability import AlphaResult, cronbach_alpha
from scoring.result import CompositeScore, DimensionScore, Result, score_one, to_record
from scoring.rules import Rules, load_rules

__all__ = [
    "AlphaResult",
    "ChangeResult",
    "CompositeScore",
    "DimensionScore",
    "Result",
    "Rules",
    "classify_change",
    "cronbach_alpha",
    "load_rules",
    "reliable_change_index",
    "score_frame",
    "score_one",
    "to_record",
]
