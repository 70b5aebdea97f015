"""The catalogue ids of the couple comparison's words that depend on data (a view, an area, a
trend direction), spelled once as plain literals (``locales/<locale>/report-couple.po``).

Literals, not ids built with f-strings, so the catalogue's completeness test finds each one in
the source. :func:`check_against_bank` makes sure every area the bank compares has a starter.
"""

from __future__ import annotations

from collections.abc import Mapping

from questions import Bank

VIEW: Mapping[str, str] = {  # scoring/couple.yaml view key -> words
    "same": "report.couple.view.same",
    "somewhat": "report.couple.view.somewhat",
    "quite": "report.couple.view.quite",
}
STARTER: Mapping[str, str] = {  # area (a bank pair's ``hurt`` id) -> a conversation starter
    "anxious_clinging": "report.couple.starter.anxious_clinging",
    "guardedness": "report.couple.starter.guardedness",
    "insecurity": "report.couple.starter.insecurity",
    "suspicion": "report.couple.starter.suspicion",
    "general_distrust": "report.couple.starter.general_distrust",
    "dwelling_on_past": "report.couple.starter.dwelling_on_past",
    "honesty": "report.couple.starter.honesty",
    "dependability": "report.couple.starter.dependability",
    "goodwill": "report.couple.starter.goodwill",
    "seen_accountability": "report.couple.starter.seen_accountability",
    "seen_transparency": "report.couple.starter.seen_transparency",
    "seen_follow_through": "report.couple.starter.seen_follow_through",
    "seen_listening": "report.couple.starter.seen_listening",
}
TREND: Mapping[str | None, str] = {  # scoring.couple_trend direction (None: no norms yet)
    "closer": "report.couple.trend.closer",
    "apart": "report.couple.trend.apart",
    "same": "report.couple.trend.same",
    None: "report.couple.trend.points",
}


def check_against_bank(bank: Bank, views: tuple[str, ...]) -> None:
    """ValueError naming what is missing: a starter for an area the bank compares, or words
    for a view key of couple.yaml."""
    areas = [pair.hurt for pair in bank.pairs if pair.hurt not in STARTER]
    if areas:
        raise ValueError(f"reports/couple_words.py: no conversation starter for {areas}")
    unknown = [v for v in views if v not in VIEW]
    if unknown:
        raise ValueError(f"scoring/couple.yaml: views {unknown} have no words")
