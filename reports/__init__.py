"""The report: steps as data, their selection for one person, and the PDF.

Nothing here imports streamlit; the app renders :class:`Plan` on screen and offers
:func:`build_pdf` bytes for download under :func:`neutral_filename`. Every word comes from
``locales/<locale>/report.po``; :func:`catalogue_ids` lists the ids built from data.
"""

from reports.content import Content, ContentError, catalogue_ids, load_content
from reports.pdf import build_pdf, neutral_filename, render
from reports.selection import Plan, band_label, build_plan, composite_labels, kind_labels
from reports.styles import PALETTE

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
