"""Typed, immutable model of the question bank.

The bank is data (YAML under ``questions/data``); these classes are what the rest of the
project sees once :mod:`questions.loader` has validated it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Role = Literal["hurt", "broke", "both"]
Kind = Literal["sign", "willingness", "safety"]
ROLES: tuple[Role, ...] = ("hurt", "broke", "both")
RELATIONSHIPS: tuple[str, ...] = ("romantic", "friendship", "family", "work")
KINDS: tuple[Kind, ...] = ("sign", "willingness", "safety")
SCORED_KINDS: frozenset[Kind] = frozenset({"sign", "willingness"})
"""Kinds that get a 0-100 score; safety items only raise flags."""


@dataclass(frozen=True)
class Scale:
    """A labelled answer scale, e.g. 1 "Not at all true" .. 5 "Completely true"."""

    id: str
    min: int
    max: int
    labels: Mapping[int, str]

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))


@dataclass(frozen=True)
class Section:
    """A page of the questionnaire: a title, a short intro and the scale its items use.

    ``intro_by_role`` holds the intro of each role with its own wording (``worded_for`` in
    the YAML; catalogue id ``bank.section.<id>.intro.<role>``).
    """

    id: str
    title: str
    intro: str
    scale: Scale
    intro_by_role: Mapping[str, str] = field(default_factory=dict)

    def intro_for(self, role: str) -> str:
        """The page introduction as worded for a role."""
        return self.intro_by_role.get(role, self.intro)


@dataclass(frozen=True)
class Dimension:
    """One scored dimension (or safety concern) and the roles that are asked about it."""

    id: str
    name: str
    kind: Kind
    section: str
    roles: tuple[Role, ...]
    description: str


@dataclass(frozen=True)
class Item:
    """One question in the words of the bank's locale.

    ``text`` is the neutral default wording (exports); ``wordings`` maps (role, relationship)
    to the sentence shown, relationship None meaning the neutral wording. Roles in
    ``worded_for`` are asked in their own words (catalogue id ``bank.item.<id>.<role>``).
    """

    id: str
    dimension: str
    text: str
    reverse: bool
    roles: tuple[Role, ...]
    scale: Scale
    worded_for: tuple[Role, ...] = ()
    wordings: Mapping[tuple[str, str | None], str] = field(default_factory=dict)

    def text_for(self, role: str, relationship: str | None = None) -> str:
        """The question as asked of ``role`` about this kind of relationship (None: neutral)."""
        return self.wordings[role, relationship]


@dataclass(frozen=True)
class Relationship:
    """A relationship type (romantic, friendship, family, work) and its label in words."""

    id: str
    label: str


@dataclass(frozen=True)
class Bank:
    """The whole validated question bank, in the words of one locale."""

    version: str
    locale: str
    roles: Mapping[str, str]
    relationships: Mapping[str, Relationship]
    scales: Mapping[str, Scale]
    sections: tuple[Section, ...]
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]

    @cached_property
    def dimension_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def scored_dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions that get a score (every kind in SCORED_KINDS), in bank order."""
        return tuple(d for d in self.dimensions if d.kind in SCORED_KINDS)

    def scored_dimensions_for(self, role: str) -> list[Dimension]:
        """Scored dimensions asked of ``role``, in bank order."""
        return [d for d in self.scored_dimensions if role in d.roles]

    def dimensions_for(self, role: str, kind: Kind | None = None) -> list[Dimension]:
        """Dimensions asked of ``role`` (optionally of one kind), in bank order."""
        return [d for d in self.dimensions if role in d.roles and (kind is None or d.kind == kind)]

    def items_for(self, role: str, dimension: str | None = None) -> list[Item]:
        """Items asked of ``role`` (optionally of one dimension), in bank order."""
        return [
            i
            for i in self.items
            if role in i.roles and (dimension is None or i.dimension == dimension)
        ]

    def sections_for(self, role: str) -> list[Section]:
        """The questionnaire pages for ``role``: sections holding at least one of its items."""
        used = {self.dimension_by_id[i.dimension].section for i in self.items_for(role)}
        return [s for s in self.sections if s.id in used]

    def items_in_section(self, section: str, role: str) -> list[Item]:
        """Items of one page for one role, in bank order."""
        return [
            i for i in self.items_for(role) if self.dimension_by_id[i.dimension].section == section
        ]
