"""Preparing the int8 models once, at install or image-build time: export, quantization, self-check.

``prepare_onnx_model`` (``summarizer prepare-model``; ``scripts/install.sh`` runs it)
exports the sentence-transformers model to ONNX, quantizes it statically for OpenVINO
(nncf, calibrated on the package's ``calibration.txt``) and dynamically for
onnxruntime, and refuses to install either if it strays from the fp32 vectors. It
needs torch for the export; nothing at request time ever calls it.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelUnavailable
from .inference import MODEL_INPUTS, block_telemetry, load_tokenizer, padded_inputs
from .models import (
    FORMAT,
    FP32_FILE,
    INT8_FILE,
    MANIFEST,
    OPENVINO_FILE,
    OPENVINO_KEY,
    PREPARED_SUFFIX,
    default_prepared_root,
    display_name,
    read_manifest,
    resolve_model,
    source_fingerprint,
)
from .onnx_int8 import OnnxEmbedder
from .openvino_int8 import OpenVinoEmbedder
from .torch_fp32 import SentenceTransformerEmbedder

__all__ = ["PreparedModel", "describe_fidelity", "fidelity_of", "prepare_onnx_model"]

log = logging.getLogger(__name__)

# Calibration text for the static int8 model: original news-style sentences of many
# beats and lengths, shipped with the package (not the self-check sentences below).
_CALIBRATION_FILE = "calibration.txt"
_OPSET = 17
# The prepared model must stay this close to the fp32 vectors on _CHECK_SENTENCES,
# or preparation fails rather than ship a model that changes the summaries.
_MIN_MEAN_COSINE = 0.99
_MIN_COSINE = 0.97

# Sentences written for the preparation self-check: news-like, of typical length.
_CHECK_SENTENCES = (
    "The city council voted 7-2 on Tuesday to close the harbor bridge for repairs starting next month.",
    "Officials said the closure would last at least six weeks and add 20 minutes to many commutes.",
    "Heavy rain flooded several low-lying neighborhoods overnight, forcing hundreds of residents to leave.",
    "The company reported a quarterly loss of $1.2 billion, its third in a row, and cut its forecast.",
    "Shares fell 8 percent in early trading after the announcement.",
    "The president met the prime minister for two hours to discuss trade and regional security.",
    "Neither side gave details of the talks, but both called them constructive.",
    "Scientists say the new vaccine prevented severe illness in 94 percent of trial participants.",
    "Police arrested two men in connection with the robbery, which took place shortly after midnight.",
    "The striking workers are demanding a 12 percent raise over three years and better pensions.",
    "Firefighters contained the blaze after it burned more than 4,000 acres of dry brush.",
    "The court ruled that the law violated the constitution's guarantee of free speech.",
    "Turnout was the highest in two decades, election officials said.",
    "The museum will reopen in the spring after a renovation that cost $45 million.",
    "He was 81 and had been ill for several months, his family said in a statement.",
    "Negotiators worked through the night but failed to reach an agreement before the deadline.",
)


@dataclass(frozen=True, slots=True)
class PreparedModel:
    """What ``prepare_onnx_model`` made: where, from what, and how close each int8 variant stays to fp32.

    fidelity: variant (``"openvino-int8"``, ``"int8"``) -> (mean, min) cosine to the fp32 vectors.
    """

    directory: Path
    source: str
    fidelity: dict[str, tuple[float, float]]
    seconds: float
    reused: bool

    def describe(self) -> str:
        return describe_fidelity(self.fidelity)


def describe_fidelity(fidelity: dict[str, tuple[float, float]]) -> str:
    """``variant mean / min`` for each prepared variant, for logs and the CLI."""
    return ", ".join(f"{variant} {mean:.4f} / {low:.4f}" for variant, (mean, low) in fidelity.items())


def fidelity_of(manifest: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """variant -> (mean, min) cosine to fp32, as recorded in a prepared model's manifest."""
    recorded = manifest["fidelity"]
    return {
        variant: (float(recorded[variant]["mean_cosine"]), float(recorded[variant]["min_cosine"]))
        for variant in (OPENVINO_KEY, "int8")
        if isinstance(recorded.get(variant), dict)
    }


def prepare_onnx_model(
    model: str | None, models_dir: Path, out_root: Path | None = None, force: bool = False
) -> PreparedModel:
    """Export the sentence-transformers model to ONNX and quantize it to int8 for both backends, once.

    Writes ``<out_root>/<name>-onnx`` (default root: ``default_prepared_root()``),
    replacing it atomically. An up-to-date directory (same weights, same onnxruntime
    and OpenVINO) is reused unless ``force``. Needs torch, onnx, onnxruntime, OpenVINO
    and nncf, never the network.

    OpenVINO's copy is static int8 (``_quantize_openvino``). onnxruntime's is dynamic
    (weights int8 per output channel, activations uint8 per tensor at run time) on
    MatMul and fused Attention only: per-tensor weights lose too much (mean cosine
    0.96 on news sentences) and so does quantizing the embedding tables. Raises
    ModelUnavailable if either is not within ``_MIN_MEAN_COSINE`` / ``_MIN_COSINE`` of
    the fp32 model on ``_CHECK_SENTENCES``.
    """
    import onnxruntime

    started = time.perf_counter()
    resolved = resolve_model(model, models_dir)
    source = Path(resolved)
    if not source.is_dir():
        raise ModelUnavailable(f"the model {resolved!r} is not a local directory; only those can be prepared")
    name = display_name(resolved)
    target = (out_root or default_prepared_root()) / (name + PREPARED_SUFFIX)
    fingerprint = source_fingerprint(source)
    existing = read_manifest(target)
    block_telemetry()
    import openvino

    if (
        not force
        and existing is not None
        and existing["source"].get("fingerprint") == fingerprint
        and existing.get("onnxruntime") == onnxruntime.__version__
        and existing.get("openvino") == openvino.__version__
        and OPENVINO_KEY in existing["files"]
    ):
        return PreparedModel(target, name, fidelity_of(existing), 0.0, True)

    settings = _sentence_transformers_layout(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        config = _export_fp32(source, work / "exported.onnx")
        shutil.copyfile(source / "tokenizer.json", work / "tokenizer.json")
        _quantize_openvino(work / "exported.onnx", work / OPENVINO_FILE, work / "tokenizer.json")
        _fuse(work / "exported.onnx", work / FP32_FILE, config)
        (work / "exported.onnx").unlink()
        _quantize(work / FP32_FILE, work / INT8_FILE)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "source": {"name": name, "path": str(source), "fingerprint": fingerprint},
            "dimension": settings["dimension"],
            "max_seq_length": settings["max_seq_length"],
            "pooling": "mean",
            "normalize": True,
            "files": {OPENVINO_KEY: OPENVINO_FILE, "int8": INT8_FILE, "fp32": FP32_FILE},
            "quantization": {
                OPENVINO_KEY: "static (nncf, transformer preset, calibrated on the package's calibration.txt)",
                "int8": "dynamic (onnxruntime); weights int8 per channel; MatMul and Attention only",
            },
            "opset": _OPSET,
            "onnxruntime": onnxruntime.__version__,
            "openvino": openvino.__version__,
        }
        _write_json(work / MANIFEST, {**manifest, "fidelity": {"pending": True}})
        fidelity = _self_check(source, work)
        manifest["fidelity"] = {
            variant: {"mean_cosine": mean, "min_cosine": low} for variant, (mean, low) in fidelity.items()
        } | {"sentences": len(_CHECK_SENTENCES), "reference": "SentenceTransformer.encode fp32"}
        for variant, (mean, low) in fidelity.items():
            if mean < _MIN_MEAN_COSINE or low < _MIN_COSINE:
                raise ModelUnavailable(
                    f"the {variant} model strays too far from fp32 (mean cosine {mean:.4f}, min {low:.4f}; "
                    f"need {_MIN_MEAN_COSINE} and {_MIN_COSINE}); not installing it"
                )
        _write_json(work / MANIFEST, manifest)
        # mkdtemp makes the directory private; the service may run as another user (the Docker image does).
        work.chmod(0o755)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    log.info("prepared %s in %.1f s (cosine to fp32, mean / min: %s)", target, seconds, describe_fidelity(fidelity))
    return PreparedModel(target, name, fidelity, seconds, False)


def _write_json(path: Path, value: dict[str, Any]) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _sentence_transformers_layout(source: Path) -> dict[str, int]:
    """Check the model is Transformer -> mean Pooling (-> Normalize), the only layout the ONNX path reproduces."""
    try:
        modules = json.loads((source / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling_path = next(m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((source / pooling_path / "config.json").read_text(encoding="utf-8"))
        st_config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise ModelUnavailable(f"{source} is not a sentence-transformers model directory: {exc}") from exc
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode_") and v}
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) or list(modes) != [
        "pooling_mode_mean_tokens"
    ]:
        raise ModelUnavailable(
            f"{source}: only Transformer -> mean Pooling (-> Normalize) models can be prepared; got {kinds}, {modes}"
        )
    return {
        "dimension": int(pooling["word_embedding_dimension"]),
        "max_seq_length": int(st_config.get("max_seq_length", 512)),
    }


def _export_fp32(source: Path, path: Path) -> dict[str, int]:
    """Trace the transformer (token states, before pooling) to ONNX with dynamic batch and length."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    # Eager attention traces to plain MatMul/Softmax, which the fusion step recognises.
    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()

    class _Tokens(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = torch.ones((2, 16), dtype=torch.long)
    import warnings

    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about Python-side shape checks; verified by _self_check
        torch.onnx.export(
            _Tokens(model),
            (example, example, torch.zeros_like(example)),
            str(path),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=_OPSET,
            dynamo=False,
        )
    return {"num_heads": int(model.config.num_attention_heads), "hidden_size": int(model.config.hidden_size)}


def _fuse(source: Path, target: Path, config: dict[str, int]) -> None:
    """onnxruntime's BERT fusions: one Attention op per layer, SkipLayerNorm, BiasGelu, EmbedLayerNorm."""
    from onnxruntime.transformers.optimizer import optimize_model

    fused = optimize_model(
        str(source),
        model_type="bert",
        num_heads=config["num_heads"],
        hidden_size=config["hidden_size"],
        opt_level=1,
    )
    fused.save_model_to_file(str(target))


def _quantize(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention"],
        # The fused ops are outside onnx's shape inference; their outputs are float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _quantize_openvino(exported: Path, target: Path, tokenizer_file: Path) -> None:
    """Static int8 with nncf: calibrate activation ranges on ``calibration.txt``, write OpenVINO IR.

    The transformer preset keeps the layers whose activation outliers one fixed scale
    would clip (plain static int8 of onnxruntime lost too much: mean cosine 0.93)
    and smooths the rest. Each calibration sentence is its own batch, unpadded:
    padding tokens are masked out of attention and pooling, so they need no range.
    """
    from importlib import resources

    block_telemetry()
    import nncf
    import openvino as ov

    tokenizer = load_tokenizer(tokenizer_file)
    text = resources.files(__package__).joinpath(_CALIBRATION_FILE).read_text(encoding="utf-8")
    sentences = [line.strip() for line in text.splitlines() if line.strip()]
    one = np.zeros(1, dtype=np.intp)
    samples = [
        padded_inputs([encoding], one, len(encoding.ids), MODEL_INPUTS)[0]
        for encoding in tokenizer.encode_batch(sentences)
    ]

    nncf.set_log_level(logging.ERROR)
    quantized = nncf.quantize(
        ov.Core().read_model(str(exported)),
        nncf.Dataset(samples),
        model_type=nncf.ModelType.TRANSFORMER,
        preset=nncf.QuantizationPreset.MIXED,
        subset_size=len(samples),
    )
    # Keep the weights that stay fp32 in fp32: fp16 storage would move the vectors again.
    ov.save_model(quantized, str(target), compress_to_fp16=False)


def _self_check(source: Path, prepared: Path) -> dict[str, tuple[float, float]]:
    """Mean and minimum cosine of each int8 variant to fp32 sentence-transformers on the check sentences."""
    reference = SentenceTransformerEmbedder(str(source)).encode(_CHECK_SENTENCES)
    fidelity = {}
    for variant, model in ((OPENVINO_KEY, OpenVinoEmbedder(prepared)), ("int8", OnnxEmbedder(prepared))):
        cosines = np.sum(reference * model.encode(_CHECK_SENTENCES), axis=1)
        fidelity[variant] = (float(cosines.mean()), float(cosines.min()))
    return fidelity
