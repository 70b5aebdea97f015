"""The floor for bench_server_guard.py: survey_app.py as the same ``st.App``, without the guard.

    python benchmarks/guard_floor.py --server.port N [--server.headless true]

Only the middleware (and the IP look-up patch) differ from ``python -m app_pages.serve``.
"""

from __future__ import annotations

import sys

import streamlit as st

from app_pages.serve import SCRIPT, parse_flags

if __name__ == "__main__":
    overrides = parse_flags(sys.argv[1:], {})
    sys.argv = [str(SCRIPT)]
    st.App(str(SCRIPT)).run(config=overrides)
