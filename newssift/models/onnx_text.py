"""Plumbing shared by the ONNX text models: a tokenizer, an onnxruntime session, and padded batches."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np


def load_tokenizer_and_session(model_dir: Path, onnx_file: str, max_tokens: int,
                               threads: int | None = None) -> tuple[Any, Any, set[str]]:
    """A truncating, non-padding ``tokenizers`` tokenizer and a CPU onnxruntime session for ``onnx_file``.

    Threads default to ``$NEWSSIFT_ENCODER_THREADS`` or 1: batch work scales
    by processes, and one thread per process avoids oversubscribing the cores.
    """
    session = cpu_session(model_dir / onnx_file, threads)
    return load_tokenizer(model_dir, max_tokens), session, {item.name for item in session.get_inputs()}


def load_tokenizer(model_dir: Path, max_tokens: int) -> Any:
    """The ``tokenizer.json`` of ``model_dir``, truncating to ``max_tokens`` and never padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.no_padding()
    return tokenizer


def cpu_session_options(threads: int | None = None) -> Any:
    """onnxruntime SessionOptions for the CPU; threads default to ``$NEWSSIFT_ENCODER_THREADS`` or 1."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or int(os.environ.get("NEWSSIFT_ENCODER_THREADS", "1"))
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return options


def cpu_session(path: Path, threads: int | None = None) -> Any:
    """A CPU onnxruntime session; threads default to ``$NEWSSIFT_ENCODER_THREADS`` or 1."""
    import onnxruntime

    return onnxruntime.InferenceSession(str(path), cpu_session_options(threads), providers=["CPUExecutionProvider"])


def padded_batches(tokenizer: Any, texts: Sequence[str], batch_size: int,
                   input_names: set[str]) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Yield (row indices into ``texts``, ONNX feeds) for length-sorted batches padded to their longest text."""
    encodings = tokenizer.encode_batch(list(texts))
    order = np.argsort([len(e.ids) for e in encodings], kind="stable")
    for begin in range(0, len(order), batch_size):
        chunk = order[begin:begin + batch_size]
        width = max(len(encodings[i].ids) for i in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for row, i in enumerate(chunk):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        yield chunk, feeds
