"""`unsigned_weights`: int8 MatMulInteger weights stored as uint8 give the same products on every CPU."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx  # in the [test] extra; the runtime never needs it
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from newssift.models.artifacts import bundled_model_dir
from newssift.training.onnx_export import unsigned_weights

BUNDLED_INT8 = ["claims-minilm/model.int8.onnx", "encoder/model.int8.onnx", "techniques/encoder.int8.onnx"]


def _matmul_integer(path: Path, weights: np.ndarray) -> None:
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "w", "a_zero", "w_zero"], ["y"])], "g",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [None, weights.shape[0]])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [None, weights.shape[1]])],
        [numpy_helper.from_array(weights, "w"), numpy_helper.from_array(np.zeros(weights.shape[1], np.int8), "w_zero"),
         numpy_helper.from_array(np.array(0, np.uint8), "a_zero")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def _run(path: Path, activations: np.ndarray) -> np.ndarray:
    return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"a": activations})[0]


def test_uint8_weights_give_the_exact_products_of_the_int8_ones(tmp_path):
    rng = np.random.default_rng(0)
    # full-range weights and activations: pairs of products overflow 16 bits, where int8 kernels may saturate
    weights = rng.integers(-128, 128, size=(64, 16)).astype(np.int8)
    activations = rng.integers(0, 256, size=(8, 64)).astype(np.uint8)
    path = tmp_path / "m.onnx"
    _matmul_integer(path, weights)
    assert unsigned_weights(path) == 2  # the weights and their zero points
    exact = activations.astype(np.int64) @ weights.astype(np.int64)
    np.testing.assert_array_equal(_run(path, activations), exact)
    assert {t.data_type for t in onnx.load(str(path)).graph.initializer if t.name.startswith("w")} == {TensorProto.UINT8}
    assert unsigned_weights(path) == 0, "a second pass changes nothing"


@pytest.mark.parametrize("name", BUNDLED_INT8)
def test_bundled_quantized_models_store_their_weights_as_uint8(name):
    folder, file = name.split("/")
    model = onnx.load(str(bundled_model_dir(folder) / file), load_external_data=False)
    weights = {n for node in model.graph.node if node.op_type == "MatMulInteger" for n in node.input[1::2]}
    assert weights
    assert all(t.data_type == TensorProto.UINT8 for t in model.graph.initializer if t.name in weights), \
        f"{name} has int8 weights: run newssift.training.onnx_export.unsigned_weights on it"
