"""House rules checked on the source: layering, privacy settings, no unsafe HTML."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("questions", "scoring", "reports", "storage", "app_pages")
# Imports point down: app_pages -> reports, storage -> scoring -> questions.
ALLOWED = {
    "questions": set(),
    "scoring": {"questions"},
    "reports": {"questions", "scoring"},
    "storage": {"questions", "scoring"},
    "app_pages": {"questions", "scoring", "reports", "storage"},
}


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


@pytest.mark.parametrize("package", ["questions", "scoring", "reports", "storage"])
def test_only_the_app_imports_streamlit(package: str) -> None:
    for path in _modules(package):
        assert "streamlit" not in _imported_roots(path), path.relative_to(ROOT)


def test_nothing_imports_the_pages() -> None:
    for package in ("questions", "scoring", "reports", "storage"):
        for path in _modules(package):
            assert "app_pages" not in _imported_roots(path), path.relative_to(ROOT)


def test_streamlit_config_keeps_usage_statistics_and_error_details_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] in ("none", False)
    assert config["client"]["toolbarMode"] == "minimal"
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
