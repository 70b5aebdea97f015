"""The domain of a check-up: what it is and how it moves, in plain typed Python (no streamlit)."""
