"""House rules checked on the source: layering, privacy settings, no unsafe HTML."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "locales", "questions", "scoring", "reports", "storage", "checkup", "app_pages", "practice"
)
# Imports point down (docs/architecture.md): app_pages -> checkup -> reports, storage;
# reports -> scoring -> questions -> locales; storage -> locales; locales imports nothing.
# practice (the practice server's command line) sits beside app_pages: it runs the app as a
# process of its own, so it never imports app_pages or streamlit, and nothing imports it.
ALLOWED = {
    "locales": set(),
    "questions": {"locales"},
    "scoring": {"questions", "locales"},
    "reports": {"questions", "scoring", "locales"},
    "storage": {"locales"},
    "checkup": {"questions", "scoring", "reports", "storage", "locales"},
    "app_pages": {"checkup", "questions", "scoring", "reports", "storage", "locales"},
    "practice": {"checkup", "questions", "scoring", "reports", "storage", "locales"},
}
PLAIN = ("locales", "questions", "scoring", "reports", "storage", "checkup", "practice")


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_down(package: str) -> None:
    for path in _modules(package):
        project = _imported_roots(path) & set(PACKAGES) - {package}
        assert project <= ALLOWED[package], f"{path.relative_to(ROOT)} imports {project}"


@pytest.mark.parametrize("package", PLAIN)
def test_only_the_app_imports_streamlit(package: str) -> None:
    for path in _modules(package):
        assert "streamlit" not in _imported_roots(path), path.relative_to(ROOT)


def test_nothing_imports_the_pages() -> None:
    for package in PLAIN:
        for path in _modules(package):
            assert "app_pages" not in _imported_roots(path), path.relative_to(ROOT)


def test_streamlit_config_keeps_usage_statistics_and_error_details_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] in ("none", False)
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["client"]["allowedOrigins"] == []  # no parent frame steers the app
    assert config["server"].get("enableXsrfProtection", True) is True
    assert config["server"]["address"] == "127.0.0.1"  # local only; no external-IP lookup


def test_no_unsafe_html_and_no_per_person_caching() -> None:
    for path in [ROOT / "survey_app.py", *_modules("app_pages")]:
        source = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html=True" not in source, path.relative_to(ROOT)
        assert "st.cache_data" not in source, (
            f"{path.relative_to(ROOT)}: answers must not be cached"
        )


def test_no_logging_of_answers() -> None:
    for package in PACKAGES:
        for path in _modules(package):
            roots = _imported_roots(path)
            assert "logging" not in roots, (
                f"{path.relative_to(ROOT)} logs: keep answers out of logs"
            )


def _writes_session_state(path: Path) -> list[int]:
    """Lines that assign to ``st.session_state[...]`` or ``st.session_state.x``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            base = target.value if isinstance(target, ast.Subscript | ast.Attribute) else None
            if isinstance(base, ast.Attribute) and base.attr == "session_state":
                lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            writes = node.func.attr in ("setdefault", "update", "__setitem__")
            if isinstance(owner, ast.Attribute) and owner.attr == "session_state" and writes:
                lines.append(node.lineno)
    return lines


def test_only_the_state_module_writes_the_session() -> None:
    """Pages change the one Session through app_pages/state.py, never loose keys."""
    for path in [ROOT / "survey_app.py", *_modules("app_pages")]:
        if path.name == "state.py":
            continue
        assert not _writes_session_state(path), f"{path.relative_to(ROOT)} writes session_state"
