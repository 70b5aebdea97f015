"""Helpers for the reach and accessibility browser tests (issue 15)."""
