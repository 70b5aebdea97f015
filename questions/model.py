"""Typed, immutable model of the question bank.

The bank is data (YAML under ``questions/data``); these classes are what the rest of the
project sees once :mod:`questions.loader` has validated it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

Role = Literal["hurt", "broke", "both"]
Kind = Literal["sign", "willingness", "trust", "repair_seen", "safety", "context"]
ROLES: tuple[Role, ...] = ("hurt", "broke", "both")
RELATIONSHIPS: tuple[str, ...] = ("romantic", "friendship", "family", "work")
KINDS: tuple[Kind, ...] = ("sign", "willingness", "trust", "repair_seen", "safety", "context")
SCORED_KINDS: frozenset[Kind] = frozenset({"sign", "willingness", "trust", "repair_seen"})
"""Kinds that get a 0-100 score (repair_seen: the other's repair as the hurt person sees
it, higher = more repair seen); safety items only raise flags; context items (labelled
choices) only say which advice fits (``Bank.context_of``)."""
PAIRED_KINDS: frozenset[Kind] = frozenset({"sign", "trust"})
"""Kinds whose one id is answered from both sides (the hurt person's own; the other's view)."""
FULL_FORM = "full"
Answers = Mapping[str, float | int | None]
"""Item id -> answer (the scale point); absent, None or NaN = unanswered."""


def _given(value: float | int | None) -> bool:
    """Whether an answer was given (None and NaN are blanks)."""
    return value is not None and value == value  # NaN != NaN


@dataclass(frozen=True)
class Scale:
    """A labelled answer scale, e.g. 1 "Not at all true" .. 5 "Completely true"."""

    id: str
    min: int
    max: int
    labels: Mapping[int, str]
    choices: tuple[str, ...] = ()
    """For a scale of labelled choices (context items): the choice id of each point, in
    order from ``min``; empty for an ordinal scale."""

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))

    def choice_of(self, point: int) -> str:
        """The choice id of an answer on a choice scale; KeyError off the scale."""
        if not self.choices or not self.min <= point <= self.max:
            raise KeyError(point)
        return self.choices[point - self.min]


@dataclass(frozen=True)
class AskIf:
    """A stepped item is asked only when an earlier item's answer is above ``above``
    (C-SSRS screener style: intent and plan only after thoughts are endorsed)."""

    item: str
    above: int


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
    scale: str | None = None
    """The dimension's own scale (a context item's choices); None: its section's scale."""
    perspective_of: str | None = None
    """For the hurt person's view of what the other does (their repair as seen): the
    dimension the other rates for themselves (``seen_accountability`` -> ``accountability``)."""


@dataclass(frozen=True)
class Pair:
    """One thing seen from both sides of a couple: the dimension the hurt person answers and
    the one the person who broke trust answers (the same id when both answer it: signs, as
    the other sees them; trust, as the other thinks it is)."""

    hurt: str
    broke: str


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
    ask_if: AskIf | None = None
    does_not_apply: bool = False
    """The item presumes an event: it offers a "Does not apply" answer, which counts as
    unanswered (the app sends None; files leave the cell blank)."""

    def text_for(self, role: str, relationship: str | None = None) -> str:
        """The question as asked of ``role`` about this kind of relationship (None: neutral)."""
        return self.wordings[role, relationship]


@dataclass(frozen=True)
class Relationship:
    """A relationship type (romantic, friendship, family, work) and its label in words."""

    id: str
    label: str


@dataclass(frozen=True)
class EarlierVersion:
    """An earlier bank version: its scored dimensions (today's where the id lives on) and
    whether its scored items were today's (its answers then pool with today's for norms)."""

    version: str
    same_scored_items: bool
    dimensions: tuple[Dimension, ...]


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
    earlier: Mapping[str, EarlierVersion] = field(default_factory=dict)
    form: str = FULL_FORM
    forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Form name -> the item ids it keeps (the full form keeps every item, not listed)."""
    all_item_ids: frozenset[str] = frozenset()
    """Every item id of the full bank (a form's rules may name items it leaves out)."""

    does_not_apply: str = ""
    """The words of the "Does not apply" answer (items with ``does_not_apply``); it counts as
    unanswered: the app records None, a file leaves the cell blank."""
    form_banks: dict[str, Bank] = field(default_factory=dict, compare=False, repr=False)
    """Every form's bank, shared by all of them (filled once by :func:`with_forms`)."""

    def for_form(self, form: str) -> Bank:
        """The bank of one form (``full``, ``pulse``): its items only, and the dimensions and
        sections that keep items; same version, words and scales. KeyError for an unknown
        form."""
        return self.form_banks[form] if self.form_banks else {FULL_FORM: self}[form]

    def dimensions_of_version(self, version: str) -> tuple[Dimension, ...]:
        """The scored dimensions of a check-up made with bank ``version`` (today's for this
        version or one not on record), named in this bank's words: chart and export a saved
        check-up with these."""
        if version in self.earlier:
            return self.earlier[version].dimensions
        return self.scored_dimensions

    @cached_property
    def known_dimensions(self) -> tuple[Dimension, ...]:
        """Today's scored dimensions, then those of earlier versions that were retired: every
        id a saved check-up's scores can hold (a trend over versions)."""
        known = {d.id: d for d in self.scored_dimensions}
        for earlier in self.earlier.values():
            known.update({d.id: d for d in earlier.dimensions if d.id not in known})
        return tuple(known.values())

    @cached_property
    def norm_versions(self) -> frozenset[str]:
        """This version and the earlier ones with the same scored items: check-ups whose
        answers may pool for the norms."""
        same = {v for v, e in self.earlier.items() if e.same_scored_items}
        return frozenset({self.version, *same})

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
        """Items of one page for one role, in bank order (stepped ones included: show those
        for which :meth:`is_asked` holds)."""
        return [
            i for i in self.items_for(role) if self.dimension_by_id[i.dimension].section == section
        ]

    def kind_of(self, item: Item) -> Kind:
        """The kind of an item's dimension."""
        return self.dimension_by_id[item.dimension].kind

    def is_asked(self, item: Item, answers: Answers) -> bool:
        """Whether ``item`` is asked given the answers so far: always for a plain item; for a
        stepped one only when the item it steps from is asked and answered above its
        threshold. A stepped item not asked is skipped, never missing. (Roles are the
        caller's filter: :meth:`items_for`.)"""
        while item.ask_if is not None:
            value = answers.get(item.ask_if.item)
            if value is None or not _given(value) or not value > item.ask_if.above:
                return False
            item = self.item_by_id[item.ask_if.item]
        return True

    def asked_items(self, role: str, answers: Answers) -> list[Item]:
        """The role's items that are asked given these answers, in bank order."""
        return [i for i in self.items_for(role) if self.is_asked(i, answers)]

    def asked_answers(self, role: str, answers: Answers) -> dict[str, float | int | None]:
        """``answers`` without answers to items the role is not asked (now): a stepped
        item whose step was taken back, an item of another role."""
        asked = {i.id for i in self.asked_items(role, answers)}
        return {k: v for k, v in answers.items() if k in asked}

    def unanswered(self, role: str, answers: Answers) -> list[Item]:
        """Items asked of the role (given these answers) that have no answer."""
        return [i for i in self.asked_items(role, answers) if not _given(answers.get(i.id))]

    @cached_property
    def pairs(self) -> tuple[Pair, ...]:
        """A couple's two views of each dimension, side by side (the couple comparison): every
        sign and trust dimension asked of both sides under one id, then each dimension with a
        ``perspective_of`` beside the one it sees. Willingness each side rates of itself, so
        it is not a pair."""
        both = [
            Pair(d.id, d.id)
            for d in self.scored_dimensions
            if d.kind in PAIRED_KINDS and {"hurt", "broke"} <= set(d.roles)
        ]
        across = [Pair(d.id, d.perspective_of) for d in self.dimensions if d.perspective_of]
        return (*both, *across)

    @cached_property
    def context_items(self) -> tuple[Item, ...]:
        """The unscored context items (labelled choices), in bank order."""
        return tuple(i for i in self.items if self.kind_of(i) == "context")

    def context_of(self, answers: Answers) -> dict[str, str]:
        """Context item id -> the chosen choice id, for the context items answered."""
        chosen: dict[str, str] = {}
        for item in self.context_items:
            value = answers.get(item.id)
            if value is not None and _given(value) and float(value).is_integer():
                point = int(value)
                if item.scale.min <= point <= item.scale.max:
                    chosen[item.id] = item.scale.choice_of(point)
        return chosen


def with_forms(full: Bank) -> Bank:
    """The full bank with every form's bank built once beside it (``Bank.for_form``)."""
    shared: dict[str, Bank] = {}
    full = replace(full, form=FULL_FORM, form_banks=shared)
    shared[FULL_FORM] = full
    for name, ids in full.forms.items():
        keep = set(ids)
        items = tuple(i for i in full.items if i.id in keep)
        used = {i.dimension for i in items}
        dims = tuple(d for d in full.dimensions if d.id in used)
        sections = tuple(s for s in full.sections if s.id in {d.section for d in dims})
        shared[name] = replace(full, form=name, items=items, dimensions=dims, sections=sections)
    return full
