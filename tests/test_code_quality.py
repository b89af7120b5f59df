"""The house rules that tools can check: ruff clean, mypy --strict clean, and the import boundaries."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "summarizer"


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.prefix) / "bin" / "ruff").exists(), reason="ruff not installed"
)
def test_ruff_is_clean() -> None:
    done = run_tool("ruff", "check", "summarizer", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    done = run_tool("mypy", "summarizer")
    assert done.returncode == 0, done.stdout + done.stderr


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("sentence_transformers", {"embeddings.py"}),
        ("torch", {"embeddings.py"}),
        ("onnxruntime", {"embeddings.py"}),
        ("openvino", {"embeddings.py"}),
        ("nncf", {"embeddings.py"}),
        ("flask", {"api.py"}),
        ("werkzeug", {"api.py"}),
    ],
)
def test_heavy_and_web_libraries_are_imported_in_one_module(library: str, allowed: set[str]) -> None:
    users = {p.name for p in PACKAGE.glob("*.py") if library in imports_of(p)}
    assert users <= allowed, f"{library} imported by {sorted(users - allowed)}"


def test_settings_are_read_from_the_environment_only_by_config() -> None:
    # Every SUMMARIZER_* knob goes through config.Settings, so it is named, typed and
    # validated in one place; other modules take a Settings.
    reads = re.compile(r"""(?:environ\.get|environ\[|getenv)\(?\s*["']SUMMARIZER_""")
    readers = {p.name for p in PACKAGE.glob("*.py") if reads.search(p.read_text(encoding="utf-8"))}
    assert readers == set(), readers
    assert "os.environ" in (PACKAGE / "config.py").read_text(encoding="utf-8")
