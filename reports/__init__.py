"""The report: steps as data, their selection for one person, and the PDF.

Nothing here imports streamlit; the app renders :class:`Plan` on screen and offers
:func:`build_pdf` bytes for download under :func:`neutral_filename`. Every word comes from
``locales/<locale>/report.po``; :func:`catalogue_ids` lists the ids built from data.

The names below load their module on first use (PEP 562), so ``python -m reports --help`` and
the helper modules do not pay for reportlab, the content and pandas they do not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reports.content import Content, ContentError, catalogue_ids, load_content
    from reports.pdf import build_pdf, neutral_filename, render
    from reports.selection import Plan, band_label, build_plan, composite_labels, kind_labels
    from reports.styles import PALETTE

_HOMES = {
    "Content": "reports.content",
    "ContentError": "reports.content",
    "catalogue_ids": "reports.content",
    "load_content": "reports.content",
    "build_pdf": "reports.pdf",
    "neutral_filename": "reports.pdf",
    "render": "reports.pdf",
    "Plan": "reports.selection",
    "band_label": "reports.selection",
    "build_plan": "reports.selection",
    "composite_labels": "reports.selection",
    "kind_labels": "reports.selection",
    "PALETTE": "reports.styles",
}

__all__ = [
    "PALETTE",
    "Content",
    "ContentError",
    "Plan",
    "band_label",
    "build_pdf",
    "build_plan",
    "catalogue_ids",
    "composite_labels",
    "kind_labels",
    "load_content",
    "neutral_filename",
    "render",
]


def __getattr__(name: str) -> Any:
    """Load a public name's module when the name is first used."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'reports' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
