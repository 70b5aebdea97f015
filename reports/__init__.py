"""The report: steps as data, their selection for one person, and the PDF.

Nothing here imports streamlit; the app renders :class:`Plan` on screen and offers
:func:`build_pdf` bytes for download under :func:`neutral_filename`.
"""

from reports.content import Content, ContentError, load_content
from reports.pdf import build_pdf, neutral_filename, render
from reports.selection import Plan, build_plan
from reports.styles import PALETTE

__all__ = [
    "PALETTE",
    "Content",
    "ContentError",
    "Plan",
    "build_pdf",
    "build_plan",
    "load_content",
    "neutral_filename",
    "render",
]
