"""ONNX models stored as a low-rank adapter over base weights that are installed separately.

A LoRA fine-tune (Hu et al., "LoRA: Low-Rank Adaptation of Large Language
Models", ICLR 2022) changes a weight matrix ``W`` by ``scale * B @ A`` with
``B`` (out x r) and ``A`` (r x in) for a small rank ``r``. The artifact folder
holds only what training produced, so a 438 MB encoder ships as a few MB:

- ``graph.onnx``: the fine-tuned model's graph; each weight that comes from
  the base or from training is an *external* initializer with no data;
- ``weights.json``: for each such initializer, the tensor it is made from
  (``tensor``, named as in the base model's safetensors file, or ``head.*``)
  and whether it is stored transposed; plus the LoRA ``scale``;
- ``adapter.npz``: ``lora.a/<tensor>`` and ``lora.b/<tensor>`` (float16), and
  ``trained/<tensor>`` for tensors trained in full (biases, LayerNorms, the
  classification head; float32).

Loading rebuilds every initializer in memory (base tensor, replaced or plus
the low-rank update) and hands them to onnxruntime as external initializers:
the merged float32 model is exactly the fine-tuned one. The rebuilt tensors
may be cached in the user's cache folder, so that only the first load pays
for reading the base. Only :mod:`newssift.models.base_weights` knows where
base weights come from.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable

import numpy as np

from ..errors import NewssiftError
from .artifacts import files_sha256, read_json

GRAPH_FILE = "graph.onnx"
WEIGHTS_FILE = "weights.json"
ADAPTER_FILE = "adapter.npz"


def merged_tensors(base: dict[str, np.ndarray], adapter: dict[str, np.ndarray], scale: float,
                   wanted: set[str]) -> dict[str, np.ndarray]:
    """The fine-tuned value of each ``wanted`` tensor: trained in full, or base plus ``scale * B @ A``."""
    out = {}
    for name in wanted:
        if f"trained/{name}" in adapter:
            value = adapter[f"trained/{name}"].astype(np.float32)
        elif name in base:
            value = base[name].astype(np.float32, copy=False)
            if f"lora.a/{name}" in adapter:
                low_rank = adapter[f"lora.b/{name}"].astype(np.float32) @ adapter[f"lora.a/{name}"].astype(np.float32)
                value = value + np.float32(scale) * low_rank
        else:
            raise KeyError(name)
        out[name] = value
    return out


def adapted_session(model_dir: Path, base_loader: Callable[[], dict[str, np.ndarray]], options: Any,
                    cache_dir: Path | None = None) -> Any:
    """An onnxruntime session of the adapted model in ``model_dir``; ``options`` are its SessionOptions.

    With ``cache_dir``, the rebuilt initializers are kept there as one safetensors file, named by a hash of
    the artifact's files (which pin the base's SHA-256), so later loads skip reading and inflating the base
    archive. NS529 when the folder's files disagree with each other or with the base weights.
    """
    import onnxruntime

    try:
        graph = (model_dir / GRAPH_FILE).read_bytes()
        recipe = read_json(model_dir / WEIGHTS_FILE)
        entries = recipe["initializers"]
        cached = _cache_file(model_dir, cache_dir)
        initializers = _read_cache(cached, entries)
        if initializers is None:
            initializers = _rebuild(model_dir, recipe, base_loader)
            _write_cache(cached, initializers)
    except (OSError, ValueError, KeyError) as error:
        raise NewssiftError("NS529", path=str(model_dir), detail=f"{type(error).__name__}: {error}") from None
    names = [entry["name"] for entry in entries]
    ort_values = [onnxruntime.OrtValue.ortvalue_from_numpy(initializers[name]) for name in names]
    options.add_external_initializers(names, ort_values)
    session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
    session._newssift_buffers = (initializers, ort_values)  # type: ignore[attr-defined]  # used in place
    return session


def _rebuild(model_dir: Path, recipe: dict[str, Any], base_loader: Callable[[], dict[str, np.ndarray]]
             ) -> dict[str, np.ndarray]:
    """Every external initializer of the graph, by initializer name, from the base and the adapter."""
    with np.load(model_dir / ADAPTER_FILE, allow_pickle=False) as stored:
        adapter = {key: stored[key] for key in stored.files}
    entries = recipe["initializers"]
    values = merged_tensors(base_loader(), adapter, float(recipe["scale"]), {e["tensor"] for e in entries})
    out = {}
    for entry in entries:
        value = values[entry["tensor"]]
        value = np.ascontiguousarray(value.T if entry.get("transpose") else value)
        if list(value.shape) != list(entry["shape"]):
            raise NewssiftError("NS529", path=str(model_dir),
                                detail=f"{entry['tensor']} has shape {list(value.shape)}, the graph wants {entry['shape']}")
        out[entry["name"]] = value
    return out


def _cache_file(model_dir: Path, cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None
    digest = files_sha256(model_dir / name for name in (GRAPH_FILE, WEIGHTS_FILE, ADAPTER_FILE))
    return cache_dir / f"{model_dir.name}-{digest[:20]}.safetensors"


def _read_cache(path: Path | None, entries: list[dict[str, Any]]) -> dict[str, np.ndarray] | None:
    """The cached initializers, or None when there are none or they do not fit the graph (then rebuilt)."""
    if path is None or not path.is_file():
        return None
    from safetensors.numpy import load_file

    try:
        values = load_file(path)
    except Exception:  # noqa: BLE001 - a truncated or foreign file is rebuilt, never trusted
        return None
    fits = all(e["name"] in values and list(values[e["name"]].shape) == list(e["shape"]) for e in entries)
    return values if fits else None


def _write_cache(path: Path | None, initializers: dict[str, np.ndarray]) -> None:
    """Best effort: a full disk or a read-only home only costs the next load its time."""
    if path is None:
        return
    from safetensors.numpy import save_file

    partial = path.with_suffix(f".{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        model_name = path.name.rsplit("-", 1)[0]  # "<model>-<20 hex digits>.safetensors", see _cache_file
        for stale in path.parent.glob(f"{model_name}-*.safetensors"):
            if re.fullmatch(r"[0-9a-f]{20}\.safetensors", stale.name[len(model_name) + 1:]):
                stale.unlink(missing_ok=True)  # an older build of the same model
        save_file(initializers, partial)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
