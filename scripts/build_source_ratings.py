#!/usr/bin/env python3
"""Build ``newssift/resources/source_ratings.json.gz`` from the staged rater tables.

Reads every table in ``$NEWSSIFT_DATA/source-ratings-*`` (default
``../shared/datasets`` beside the repository) and writes ONE gzip-compressed
JSON resource holding, per rater, its metadata (name, what it measures, the
original scale, the normalized ordinal scale where one makes sense, data date,
licence as stated by the source, citation, origin repository and commit) and
its entries keyed by normalized domain (labels as written, plus an ordinal
where the rater's scale is ordered). Raters are kept separate, never merged.

The output is deterministic: sorted keys, fixed gzip header, no timestamps;
rebuilding from the same data gives a byte-identical file
(``tests/test_sources.py`` checks this).

Usage::

    python scripts/build_source_ratings.py [--output PATH] [--check]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from newssift.data import read_jsonl, require_dataset  # noqa: E402
from newssift.errors import NewssiftError  # noqa: E402
from newssift.sources import RESOURCE_FORMAT, RESOURCE_PATH, normalize_key  # noqa: E402

GRAPH_SCORES = ("p-reliability", "p+fp-average")  # the ones Burdisso et al. recommend
GRAPH_DECIMALS = 3

# Publisher link-shortener domains whose owner is not in doubt; an alias is only
# written when its target is a key of at least one bundled table.
EXTRA_ALIASES = {
    "nyti.ms": "nytimes.com",  # The New York Times
    "wapo.st": "washingtonpost.com",  # The Washington Post
    "reut.rs": "reuters.com",  # Reuters
    "cnn.it": "cnn.com",  # CNN
    "fxn.ws": "foxnews.com",  # Fox News
    "bloom.bg": "bloomberg.com",  # Bloomberg
    "econ.st": "economist.com",  # The Economist
    "n.pr": "npr.org",  # NPR
    "apne.ws": "apnews.com",  # The Associated Press
    "usat.ly": "usatoday.com",  # USA Today
}


# -- README parsing ----------------------------------------------------------


def readme_section(folder: Path, title: str) -> str:
    text = (folder / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match:
        raise SystemExit(f"{folder / 'README.md'}: no '## {title}' section")
    return " ".join(match.group(1).split())


def readme_origin(folder: Path) -> dict[str, Any]:
    origin = readme_section(folder, "Origin")
    match = re.search(r"github:(\S+) @ ([0-9a-f]{40}) — (?:files? )?(.*)$", origin)
    if not match:
        raise SystemExit(f"{folder / 'README.md'}: cannot parse the Origin line {origin!r}")
    return {
        "repository": f"https://github.com/{match.group(1)}",
        "commit": match.group(2),
        "files": match.group(3).strip(),
        "dataset": folder.name,
    }


def labels(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"label": label, "meaning": meaning} for label, meaning in pairs]


# -- merging rows that share a key ---------------------------------------------


class _Conflict(list):
    """Distinct values one rater gave the same key on different rows (kept, in row order)."""


def _merge_value(old: Any, new: Any) -> Any:
    if old == new:
        return old
    if isinstance(old, _Conflict):
        return old if new in old else _Conflict([*old, new])
    if isinstance(old, list) and isinstance(new, list):
        return old + [item for item in new if item not in old]  # tag lists: union
    return _Conflict([old, new])


def add_entry(entries: dict[str, dict[str, Any]], key: str, entry: dict[str, Any], raw: str) -> None:
    """Add ``entry`` under ``key``; rows of one rater that share a key are merged field by field."""
    entry = {name: value for name, value in entry.items() if value is not None}
    entry["labels"] = {name: value for name, value in entry["labels"].items() if value not in (None, [], "")}
    listed = [raw] if raw != key else []
    if key not in entries:
        entry["_listed"] = listed
        entry["_rows"] = 1
        entries[key] = entry
        return
    current = entries[key]
    current["_rows"] += 1
    current["_listed"] += [item for item in listed if item not in current["_listed"]]
    for name, value in entry["labels"].items():
        if name in current["labels"]:
            current["labels"][name] = _merge_value(current["labels"][name], value)
        else:
            current["labels"][name] = value
    for name in ("name", "url"):
        if name in entry and name not in current:
            current[name] = entry[name]
    if current.get("ordinal") != entry.get("ordinal"):
        current["ordinal"] = None  # the rows disagree on the ordered field: no ordinal


def finish_entries(entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for key, entry in entries.items():
        clean = {name: value for name, value in entry.items() if not name.startswith("_") and value is not None}
        clean["labels"] = {name: (list(value) if isinstance(value, list) else value) for name, value in entry["labels"].items()}
        if entry["_listed"]:
            clean["listed_as"] = entry["_listed"][0] if len(entry["_listed"]) == 1 else list(entry["_listed"])
        if entry["_rows"] > 1:
            clean["rows"] = entry["_rows"]
        out[key] = clean
    return out


class Skipped:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, rater: str, raw: Any, why: str) -> None:
        self.items.append(f"{rater}: {raw!r} ({why})")


# -- raters ------------------------------------------------------------------

MBFC_REPORTING_LOW_TO_HIGH = ["very-low", "low", "mixed", "mostly-factual", "high", "very-high"]




def collect_entries(
    rows: Iterable[dict[str, Any]],
    rater_id: str,
    skipped: "Skipped",
    make_entry: Callable[[dict[str, Any]], dict[str, Any]],
    key_of: Callable[[dict[str, Any]], str | None] | None = None,
) -> dict[str, dict[str, Any]]:
    """One rater's entries by key; rows whose domain is not a domain are counted in ``skipped``."""
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = key_of(row) if key_of else normalize_key(row["domain"])
        if key is None:
            skipped.add(rater_id, row["domain"], "not a domain")
            continue
        add_entry(entries, key, make_entry(row), row["domain"])
    return finish_entries(entries)

def provenance(folder: Path) -> dict[str, Any]:
    """License, citation and origin of a rater table, as its dataset README states them."""
    return {
        "license": readme_section(folder, "License (as stated by the source)"),
        "citation": readme_section(folder, "Citation"),
        "source": readme_origin(folder),
    }

def build_mbfc(root: Path, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    folder = root / "source-ratings-mbfc-extension"
    defs = json.loads((folder / "label_definitions.json").read_text(encoding="utf-8"))
    by_code = {item["reporting"]: item for item in defs["reporting"]}
    assert sorted(by_code) == sorted(MBFC_REPORTING_LOW_TO_HIGH), sorted(by_code)
    meta = {
        "id": "mbfc",
        "name": "Media Bias/Fact Check (official MBFC browser-extension data)",
        "measures": "MBFC's bias category (political leaning or source type), factual-reporting level, "
        "MBFC credibility rating, reasons for a questionable-source listing, and traffic",
        "scale": [
            {
                "field": "bias",
                "kind": "categories",
                "note": "mixes political leaning with source type (satire, conspiracy, questionable); not ordered",
                "labels": labels((b["bias"], f"{b['pretty']}: {b['description']}") for b in defs["biases"]),
            },
            {
                "field": "reporting",
                "kind": "ordered",
                "note": "factual reporting, lowest first",
                "labels": labels((code, f"MBFC factual reporting: {by_code[code]['pretty']}") for code in MBFC_REPORTING_LOW_TO_HIGH),
            },
            {
                "field": "credibility",
                "kind": "categories",
                "labels": labels((c["credibility"], c["pretty"]) for c in defs["credibility"]),
            },
            {
                "field": "questionable",
                "kind": "tags",
                "note": "reasons MBFC gives for listing a questionable source",
                "labels": labels((q["questionable"], q["pretty"]) for q in defs["questionable"]),
            },
            {"field": "traffic", "kind": "categories", "labels": labels((t["traffic"], t["pretty"]) for t in defs["traffic"])},
            {"field": "popularity", "kind": "score", "range": [0, 100], "note": "MBFC extension popularity score"},
        ],
        "ordinal_scale": {
            "field": "reporting",
            "levels": MBFC_REPORTING_LOW_TO_HIGH,
            "size": len(MBFC_REPORTING_LOW_TO_HIGH),
            "direction": "higher = more factual reporting",
        },
        "data_date": defs["date"][:10],
        **provenance(folder),
    }

    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        reporting = row.get("reporting")
        return {
            "labels": {
                "bias": row.get("bias"),
                "reporting": reporting,
                "credibility": row.get("credibility"),
                "questionable": row.get("questionable") or None,
                "traffic": row.get("traffic"),
                "popularity": row.get("popularity"),
            },
            "ordinal": MBFC_REPORTING_LOW_TO_HIGH.index(reporting) if reporting else None,
            "name": row.get("name"),
            "url": row.get("mbfc_url"),
        }

    entries = collect_entries(read_jsonl(folder / "sources.jsonl.gz"), "mbfc", skipped, make_entry)
    aliases = {alias: target for alias, target in sorted(defs.get("aliases", {}).items())}
    return meta, entries, aliases


# The README's short meanings (the OpenSources tag list, as summarized by the dataset README).
OPENSOURCES_README_MEANINGS = {
    "fake": "fabricated/deceptive",
    "satire": "satire",
    "bias": "extreme bias/propaganda",
    "conspiracy": "conspiracy",
    "rumor": "rumor",
    "state": "state-sponsored news",
    "junksci": "pseudoscience",
    "hate": "hate",
    "clickbait": "credible but misleading headlines",
    "unreliable": "may be reliable but needs verification",
    "political": "verifiable info from a political viewpoint",
    "reliable": "credible",
}


def _opensources_scale(extra: list[tuple[str, str]] = ()) -> list[dict[str, Any]]:
    pairs = list(OPENSOURCES_README_MEANINGS.items()) + list(extra)
    return [
        {
            "field": "tags",
            "kind": "tags",
            "note": "up to three unordered tags per domain; no ordinal (satire, state, hate... are not levels of one scale)",
            "labels": labels(pairs),
        }
    ]


def build_opensources(root: Path, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / "source-ratings-opensources"
    meta = {
        "id": "opensources",
        "name": "OpenSources (Zimdars et al.)",
        "measures": "curated credibility tags for web domains (fake, satire, bias, conspiracy, ...)",
        "scale": _opensources_scale([("blog", "tag as written in the source list (not defined by OpenSources)")])
        + [
            {
                "field": "tags_normalized",
                "kind": "text",
                "note": "the tags lower-cased with typos fixed (fake news -> fake, satirical -> satire), "
                "given only where they differ from the raw tags",
            },
            {"field": "notes", "kind": "text", "note": "OpenSources 'Source Notes' column"},
        ],
        "ordinal_scale": None,
        "data_date": "2017",
        **provenance(folder),
    }
    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        tags = row.get("tags") or None
        normalized = row.get("tags_normalized") or None
        entry = {
            "labels": {
                "tags": tags,
                # the dataset's lower-cased, typo-fixed tags, only where they differ from the raw ones
                "tags_normalized": normalized if normalized != tags else None,
                "notes": row.get("notes"),
            }
        }
        return entry

    return meta, collect_entries(read_jsonl(folder / "sources.jsonl.gz"), "opensources", skipped, make_entry)


def build_fakenewscorpus(root: Path, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / "source-ratings-fakenewscorpus-websites"
    meta = {
        "id": "fakenewscorpus",
        "name": "FakeNewsCorpus website list (Szpakowski)",
        "measures": "domain types used to label FakeNewsCorpus articles (OpenSources-derived tags)",
        "scale": _opensources_scale(
            [("unknown", "listed in the FakeNewsCorpus website list but not tagged")]
        )
        + [{"field": "active", "kind": "categories", "labels": labels([("N", "the site was inactive when scraped")])}],
        "ordinal_scale": None,
        "data_date": "2018",
        **provenance(folder),
    }
    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        entry = {"labels": {"tags": row.get("tags") or None, "active": row.get("active")}}
        return entry

    return meta, collect_entries(read_jsonl(folder / "websites.jsonl.gz"), "fakenewscorpus", skipped, make_entry)


BALY_FACT = ["low", "mixed", "high"]
BALY_BIAS = {
    "emnlp18": ["extreme-left", "left", "left-center", "center", "right-center", "right", "extreme-right"],
    "acl2020": ["left", "center", "right"],
}


def _baly_key(row: dict[str, Any]) -> str | None:
    """The authors' id encodes sub-paths with '-' (``who.int-en``); recover them from ``source_url``."""
    domain = row["domain"]
    from_url = normalize_key(row.get("source_url") or "")
    if from_url is not None:
        host = from_url.split("/")[0]
        if domain == host:
            return domain  # a domain-level id: the homepage path (e.g. /us) is not part of it
        if domain.startswith(host + "-"):
            return from_url
    return normalize_key(domain)


def build_baly(root: Path, edition: str, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / "source-ratings-baly2018"
    year = {"emnlp18": "2018", "acl2020": "2020"}[edition]
    venue = {"emnlp18": "EMNLP 2018", "acl2020": "ACL 2020"}[edition]
    citations = [part.strip() for part in readme_section(folder, "Citation").split(" — ")]
    citation = next(c for c in citations if venue in c)
    origin = readme_origin(folder)
    origin["files"] = f"data/{edition}/corpus.tsv"
    bias = BALY_BIAS[edition]
    meta = {
        "id": f"baly{year}",
        "name": f"Baly et al. {year} ({venue}), MBFC labels",
        "measures": "media-level factuality of reporting and political bias, labels taken from MBFC "
        f"circa {year}",
        "scale": [
            {
                "field": "fact",
                "kind": "ordered",
                "note": "MBFC factual-reporting level collapsed to 3 classes, lowest first",
                "labels": labels((level, f"{level} factuality of reporting") for level in BALY_FACT),
            },
            {
                "field": "bias",
                "kind": "categories",
                "note": f"MBFC political bias, {len(bias)} classes, listed left to right (a leaning, not a quality level)",
                "labels": labels((b, f"{b} political bias") for b in bias),
            },
        ],
        "ordinal_scale": {
            "field": "fact",
            "levels": BALY_FACT,
            "size": len(BALY_FACT),
            "direction": "higher = more factual reporting",
        },
        "data_date": year,
        "license": readme_section(folder, "License (as stated by the source)"),
        "citation": citation,
        "source": origin,
    }
    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        assert row["fact"] in BALY_FACT and row["bias"] in bias, row
        entry = {
            "labels": {"fact": row["fact"], "bias": row["bias"]},
            "ordinal": BALY_FACT.index(row["fact"]),
            "url": row.get("mbfc_url"),
        }
        return entry

    return meta, collect_entries(read_jsonl(folder / f"{edition}.jsonl.gz"), meta["id"], skipped, make_entry, key_of=_baly_key)


IDIAP_RELIABILITY = [
    (-2, "blacklisted (Wikipedia)"),
    (-1, "unreliable"),
    (0, "mixed"),
    (1, "reliable"),
]
IDIAP_FACTUAL_LOW_TO_HIGH = ["very low", "low", "mixed", "mostly factual", "high", "very high"]


def _idiap_common(folder: Path) -> dict[str, Any]:
    return {
        "data_date": "2024",
        "license": readme_section(folder, "License (as stated by the source)"),
        "citation": readme_section(folder, "Citation"),
    }


def _idiap_origin(folder: Path, file_hint: str) -> dict[str, Any]:
    origin = readme_origin(folder)
    files = [f.strip() for f in origin["files"].split(",")]
    origin["files"] = next(f for f in files if file_hint in f)
    return origin


def build_idiap_golden(root: Path, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / "source-ratings-idiap-naacl2024"
    meta = {
        "id": "idiap_golden",
        "name": "Burdisso et al. 2024 (NAACL) reliability ground truth",
        "measures": "reliability label merged by the authors from MBFC, NewsGuard, Wikipedia perennial sources "
        "and manual lists",
        "scale": [
            {
                "field": "reliability_label",
                "kind": "ordered",
                "note": "lowest first",
                "labels": labels((str(value), meaning) for value, meaning in IDIAP_RELIABILITY),
            },
            {"field": "newsguard_score", "kind": "score", "range": [0, 100], "note": "NewsGuard score, where given"},
            {
                "field": "label_source",
                "kind": "categories",
                "labels": labels(
                    [
                        ("mbfc", "label from MBFC"),
                        ("newsguard", "label from NewsGuard"),
                        ("wikipedia", "label from Wikipedia perennial sources"),
                        ("manual", "label from the authors' manual lists"),
                    ]
                ),
            },
        ],
        "ordinal_scale": {
            "field": "reliability_label",
            "levels": [value for value, _ in IDIAP_RELIABILITY],
            "size": len(IDIAP_RELIABILITY),
            "direction": "higher = more reliable",
        },
        **_idiap_common(folder),
        "source": _idiap_origin(folder, "golden_truth_dataset"),
    }
    levels = [value for value, _ in IDIAP_RELIABILITY]
    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        score = row.get("newsguard_score")
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        entry = {
            "labels": {
                "reliability_label": row["reliability_label"],
                "newsguard_score": score,
                "label_source": row.get("label_source"),
            },
            "ordinal": levels.index(row["reliability_label"]),
        }
        return entry

    return meta, collect_entries(read_jsonl(folder / "golden_truth.jsonl.gz"), "idiap_golden", skipped, make_entry)


def build_idiap_mbfc(root: Path, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / "source-ratings-idiap-naacl2024"
    rows = list(read_jsonl(folder / "mbfc_scrape.jsonl.gz"))
    seen_factual = {row["factual_reporting"] for row in rows if row.get("factual_reporting")}
    assert seen_factual <= set(IDIAP_FACTUAL_LOW_TO_HIGH), seen_factual
    factual_levels = [level for level in IDIAP_FACTUAL_LOW_TO_HIGH if level in seen_factual]
    meta = {
        "id": "idiap_mbfc",
        "name": "Burdisso et al. 2024 (NAACL) MBFC scrape",
        "measures": "MBFC fields (bias, factual reporting, credibility, press freedom, ...) as scraped and "
        "normalized by the authors",
        "scale": [
            {
                "field": "factual_reporting",
                "kind": "ordered",
                "note": "MBFC factual reporting as scraped, lowest first (only the levels present in the data)",
                "labels": labels((level, f"{level} factual reporting") for level in factual_levels),
            },
            {"field": "bias", "kind": "text", "note": "MBFC bias as scraped (free text, e.g. 'least biased', 'extreme right')"},
            {
                "field": "mbfc_credibility_rating",
                "kind": "categories",
                "labels": labels(
                    (c, c) for c in ("high credibility", "medium credibility", "low credibility")
                ),
            },
            {
                "field": "nela_gt_label",
                "kind": "categories",
                "labels": labels((c, c) for c in ("unreliable", "mixed", "reliable")),
            },
            {"field": "country", "kind": "text"},
            {"field": "press_freedom", "kind": "text"},
            {"field": "media_type", "kind": "text"},
            {"field": "popularity", "kind": "text", "note": "MBFC traffic as scraped"},
        ],
        "ordinal_scale": {
            "field": "factual_reporting",
            "levels": factual_levels,
            "size": len(factual_levels),
            "direction": "higher = more factual reporting",
        },
        **_idiap_common(folder),
        "source": _idiap_origin(folder, "mbfc"),
    }
    fields = ("bias", "factual_reporting", "mbfc_credibility_rating", "nela_gt_label", "country", "press_freedom",
              "media_type", "popularity")
    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        factual = row.get("factual_reporting")
        entry = {
            "labels": {name: row.get(name) for name in fields},
            "ordinal": factual_levels.index(factual) if factual else None,
        }
        return entry

    return meta, collect_entries(rows, "idiap_mbfc", skipped, make_entry)


def _round(value: Any) -> Any:
    if value is None:
        return None
    value = round(float(value), GRAPH_DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0"


def build_idiap_graph(root: Path, skipped: Skipped) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = root / "source-ratings-idiap-naacl2024"
    meta = {
        "id": "idiap_graph",
        "name": "Burdisso et al. 2024 (NAACL) graph-estimated reliability",
        "measures": "reliability estimated from the CC-News hyperlink graph (not a human rating); "
        "tuned against the authors' ground-truth labels",
        "scale": [
            {
                "field": name,
                "kind": "score",
                "range": [-1, 1],
                "note": f"estimated reliability, higher = more reliable; rounded to {GRAPH_DECIMALS} decimals",
            }
            for name in GRAPH_SCORES
        ],
        "ordinal_scale": None,
        **_idiap_common(folder),
        "source": _idiap_origin(folder, "reliability_scores"),
    }
    def make_entry(row: dict[str, Any]) -> dict[str, Any]:
        entry = {"labels": {name: _round(row.get(name)) for name in GRAPH_SCORES}}
        return entry

    return meta, collect_entries(read_jsonl(folder / "graph_reliability_scores.jsonl.gz"), "idiap_graph", skipped, make_entry)


# -- assembly ----------------------------------------------------------------


def content_hash(obj: Any) -> str:
    blob = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


#: The datasets this script reads (the test that checks the rebuild asks for the same ones).
RATING_DATASETS = (
    "source-ratings-mbfc-extension",
    "source-ratings-opensources",
    "source-ratings-fakenewscorpus-websites",
    "source-ratings-baly2018",
    "source-ratings-idiap-naacl2024",
)


def build(root: Path) -> tuple[dict[str, Any], list[str]]:
    for name in RATING_DATASETS:
        require_dataset(name)
    skipped = Skipped()
    mbfc_meta, mbfc_entries, mbfc_aliases = build_mbfc(root, skipped)
    built: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (mbfc_meta, mbfc_entries),
        build_opensources(root, skipped),
        build_fakenewscorpus(root, skipped),
        build_baly(root, "emnlp18", skipped),
        build_baly(root, "acl2020", skipped),
        build_idiap_golden(root, skipped),
        build_idiap_mbfc(root, skipped),
        build_idiap_graph(root, skipped),
    ]
    all_keys = set().union(*(entries.keys() for _, entries in built))
    aliases: dict[str, dict[str, str]] = {}
    for alias, target in mbfc_aliases.items():
        aliases[alias] = target
    for alias, target in EXTRA_ALIASES.items():
        if alias in aliases or target not in all_keys:
            continue
        aliases[alias] = target
    for alias, target in aliases.items():
        if normalize_key(alias) != alias or normalize_key(target) != target:
            raise SystemExit(f"alias {alias!r} -> {target!r} is not normalized")
    raters = []
    entries_by_id = {}
    for meta, entries in built:
        meta = dict(meta)
        meta["count"] = len(entries)
        meta["version"] = content_hash({"rater": meta, "entries": entries})
        raters.append(meta)
        entries_by_id[meta["id"]] = entries
    alias_origin = {
        alias: ("mbfc-extension label_definitions.json" if alias in mbfc_aliases else "newssift (publisher link shortener)")
        for alias in aliases
    }
    resource = {
        "format": RESOURCE_FORMAT,
        "raters": raters,
        "entries": entries_by_id,
        "aliases": aliases,
        "alias_origin": alias_origin,
        "build": {
            "script": "scripts/build_source_ratings.py",
            "sha256": content_hash({"raters": raters, "aliases": aliases}),
        },
    }
    return resource, skipped.items


def serialize(resource: dict[str, Any]) -> bytes:
    blob = json.dumps(resource, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return gzip.compress(blob, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=RESOURCE_PATH, help="where to write (default: the bundled resource)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the output file differs")
    parser.add_argument("--verbose", action="store_true", help="list the rows skipped as not a domain")
    args = parser.parse_args(argv)
    try:
        from newssift.data import data_root

        resource, skipped = build(data_root())
    except NewssiftError as exc:
        print(exc.one_line(), file=sys.stderr)
        return 2
    data = serialize(resource)
    for rater in resource["raters"]:
        print(f"{rater['id']:<15} {rater['count']:>6} domains  ({rater['data_date']}, sha256:{rater['version']})")
    print(f"{'aliases':<15} {len(resource['aliases']):>6}")
    print(f"skipped {len(skipped)} rows whose domain is not a domain name (empty, IP address, unknown TLD); --verbose lists them")
    if args.verbose:
        for item in skipped:
            print("  " + item)
    if args.check:
        same = args.output.is_file() and args.output.read_bytes() == data
        print(f"{args.output}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
