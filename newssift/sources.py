"""Who rated this outlet, and how: side-by-side lookups in published rater tables.

newssift bundles the ratings of eight published tables ("raters") in one
resource, ``newssift/resources/source_ratings.json.gz``, built from the staged
datasets by ``scripts/build_source_ratings.py``:

- ``mbfc``: Media Bias/Fact Check, via the official MBFC browser-extension data;
- ``opensources``: Zimdars et al., OpenSources (2017);
- ``fakenewscorpus``: the website list behind FakeNewsCorpus (Szpakowski, 2018);
- ``baly2018`` / ``baly2020``: Baly et al., EMNLP 2018 and ACL 2020 (MBFC labels);
- ``idiap_golden`` / ``idiap_mbfc`` / ``idiap_graph``: Burdisso et al., NAACL 2024.

Users may add or replace raters with JSON Lines tables in a folder
(``[analyzer.source] extra_tables_dir``; format in ``docs/rater-tables.md``).

Ratings are never merged into one number: :meth:`RaterTables.lookup` returns,
per rater, the label(s) as the rater wrote them, its scale, a normalized
ordinal only where the rater's scale is ordered, its data date and licence.
An outlet no table lists is reported as "not rated by any rater", never guessed.

Resolution order for a URL or host, per rater (the first hit wins):

1. the host as given, then without trivial prefixes (``www.``, ``m.``,
   ``amp.``...): ``exact host``; a rated section of that host
   (``al.com/birmingham`` for ``https://www.al.com/birmingham/...``) is tried
   first: ``section of``;
2. each parent domain up to the registrable domain (never above it, so one
   ``*.blogspot.com`` blog never inherits a rating of ``blogspot.com``):
   ``subdomain of``;
3. the alias map (``politi.co`` -> ``politico.com``): ``alias of``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence
from urllib.parse import urlsplit

from .errors import NewssiftError
from .ingest.domain import TRIVIAL_PREFIXES, split_host

RESOURCE_PATH = Path(__file__).resolve().parent / "resources" / "source_ratings.json.gz"
RESOURCE_FORMAT = 1

HOW_EXACT = "exact host"
HOW_SECTION = "section of"
HOW_SUBDOMAIN = "subdomain of"
HOW_ALIAS = "alias of"

NOT_RATED = "not rated by any rater"

# A rater id: lower-case letters, digits, "_", "-", "."; starts with a letter.
RATER_ID_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# Path segments that only name an index page, never a section.
_INDEX_SEGMENT_RE = re.compile(r"^(index|default|home|main_page)(\.[a-z0-9]{1,6})?$")
_FILE_SEGMENT_RE = re.compile(r"\.(html?|shtml|php|aspx?|jsp|cfm)$")
_MAX_SECTION_DEPTH = 8

# Fields a rater header may hold (bundled raters carry the same ones).
RATER_FIELDS = (
    "id",
    "name",
    "measures",
    "scale",
    "ordinal_scale",
    "data_date",
    "license",
    "citation",
    "source",
)
_REQUIRED_RATER_FIELDS = ("id", "name", "data_date", "license")
_ENTRY_FIELDS = ("domain", "labels", "ordinal", "name", "url", "listed_as")


# -- domain names -------------------------------------------------------------


@lru_cache(maxsize=4096)
def _is_suffix(host: str) -> bool:
    """``blogspot.com``, ``nhs.uk``, ``gov.uk``: a host that is itself a public or private suffix.

    Such hosts have no registrable domain, yet some are real sites that tables
    rate; they are looked up by exact host only.
    """
    probe = "x." + host
    return split_host(probe)[1] == probe


def _valid_host(host: str | None) -> bool:
    if not host or len(host) > 253:
        return False
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        return False
    # an all-digit last label means an IPv4 address (IPv6 hosts fail the label pattern)
    return not labels[-1].isdigit()


def _strip_trivial(host: str, registrable: str | None) -> str:
    """Drop ``www.``/``m.``/``amp.`` labels, but never below the registrable domain."""
    labels = host.split(".")
    floor = len(registrable.split(".")) if registrable else len(labels)
    while len(labels) > floor and labels[0] in TRIVIAL_PREFIXES:
        labels = labels[1:]
    return ".".join(labels)


def _path_segments(path: str) -> tuple[str, ...]:
    return tuple(segment for segment in path.lower().split("/") if segment)


def _clean_section(segments: Sequence[str]) -> tuple[str, ...]:
    """Section path of a table key: drop trailing index pages and file names."""
    segments = list(segments)
    while segments and (_INDEX_SEGMENT_RE.match(segments[-1]) or _FILE_SEGMENT_RE.search(segments[-1])):
        segments.pop()
    return tuple(segments[:_MAX_SECTION_DEPTH])


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed lookup target: host, registrable domain (outlet), path segments."""

    host: str
    outlet: str | None  # None when the host is itself a suffix (blogspot.com, nhs.uk): exact lookups only
    path: tuple[str, ...] = ()


def _split_url(value: str) -> tuple[str | None, str]:
    """``(host as written, path)`` of a URL or bare host; host None if there is none."""
    value = value.strip()
    if not value:
        return None, ""
    try:
        parts = urlsplit(value if "://" in value else "http://" + value)
        return parts.hostname, parts.path
    except ValueError:
        return None, ""


@lru_cache(maxsize=65536)
def _host_info(raw_host: str) -> tuple[str, str | None] | None:
    """``(host, registrable domain)`` for a host name, or None when it is not a domain name."""
    host, registrable = split_host(raw_host)
    if host is None or not _valid_host(host):
        return None
    if registrable is None and not _is_suffix(host):
        return None
    return host, registrable


def parse_target(value: str) -> Target:
    """Parse a URL or bare host for a lookup; NS403 when it is not a domain name.

    Empty strings, IP addresses, single labels (``localhost``), bare top-level
    domains, unknown top-level domains and strings with characters a host name
    cannot hold are refused.
    """
    if not isinstance(value, str):
        raise NewssiftError("NS403", domain=value)
    raw_host, path = _split_url(value)
    info = _host_info(raw_host) if raw_host else None
    if info is None:
        raise NewssiftError("NS403", domain=value.strip())
    return Target(host=info[0], outlet=info[1], path=_path_segments(path) if len(path) > 1 else ())


def normalize_key(value: str) -> str | None:
    """The key a table row is stored under: ``host`` or ``host/section``, or None if not a domain.

    Lower-cased, IDNA-encoded, without scheme, trivial prefixes (``www.``...),
    query, fragment, trailing slash or trailing index page
    (``who.int/en/index.html`` -> ``who.int/en``). Whitespace inside the value
    (``"silver-coin-investor. com"``) is removed.
    """
    if not isinstance(value, str):
        return None
    raw_host, path = _split_url(re.sub(r"\s+", "", value))
    info = _host_info(raw_host) if raw_host else None
    if info is None:
        return None
    host = _strip_trivial(*info)
    section = _clean_section(_path_segments(path))
    return "/".join((host, *section))


# -- raters and tables -------------------------------------------------------


@dataclass(eq=False)
class Rater:
    """One rater's table: metadata plus ``entries`` keyed by normalized domain."""

    id: str
    name: str
    data_date: str
    license: str
    measures: str = ""
    scale: list[dict[str, Any]] = field(default_factory=list)
    ordinal_scale: dict[str, Any] | None = None
    citation: str = ""
    source: dict[str, Any] = field(default_factory=dict)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    origin: str = "bundled"  # "bundled" or the path of a user table
    version: str = ""  # content hash of metadata + entries

    def metadata(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in RATER_FIELDS}
        out.update(origin=self.origin, version=self.version, count=len(self.entries))
        return json.loads(json.dumps(out))

    @property
    def scale_text(self) -> str:
        return scale_text(self.scale)

    @cached_property
    def label_order(self) -> tuple[str, ...]:
        """Label fields in the order the rater's scale lists them (display order)."""
        return tuple(str(item.get("field")) for item in self.scale if item.get("field"))

    @cached_property
    def result_fields(self) -> dict[str, Any]:
        """The per-rater fields every rating of this rater repeats (computed once)."""
        return {
            "rater": self.id,
            "name": self.name,
            "measures": self.measures,
            "scale": self.scale_text,
            "data_date": self.data_date,
            "license": self.license,
            "origin": self.origin,
        }


def scale_text(scale: Sequence[Mapping[str, Any]]) -> str:
    """One line describing a rater's original scale.

    Ordered fields list their levels (``reporting: very-low < low < ... < very-high``);
    others give their kind and size (``bias (9 categories)``).
    """
    parts = []
    for item in scale or ():
        name = str(item.get("field", ""))
        kind = item.get("kind")
        labels = [
            # numeric codes read better with their meaning: "-1 = unreliable"
            f"{entry.get('label')} = {entry.get('meaning')}"
            if str(entry.get("label")).lstrip("-").isdigit() and entry.get("meaning")
            else str(entry.get("label"))
            for entry in item.get("labels") or ()
        ]
        if kind == "ordered" and labels:
            parts.append(f"{name}: " + " < ".join(labels))
        elif kind == "score":
            low, high = (list(item.get("range") or []) + [None, None])[:2]
            parts.append(f"{name}: score {low}..{high}" if low is not None else f"{name}: score")
        elif labels:
            if kind == "tags":
                noun = "tag" if len(labels) == 1 else "tags"
            else:
                noun = "category" if len(labels) == 1 else "categories"
            parts.append(f"{name} ({len(labels)} {noun})")
        elif name:
            parts.append(f"{name} (free text)" if kind == "text" else name)
    return "; ".join(parts)


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


class Match(NamedTuple):
    """Which table key answered a lookup, and how it was reached."""

    key: str  # the table key that matched
    how: str  # exact host | section of | subdomain of | alias of
    via: str  # the host (or alias) of the query that led to ``key``

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "how": self.how, "via": self.via}


class RaterRating(NamedTuple):
    """What one rater says about one outlet."""

    rater: Rater
    match: Match
    entry: Mapping[str, Any]

    @property
    def labels(self) -> dict[str, Any]:
        """The rater's label(s) as written, in the order of its scale (a fresh copy)."""
        raw = self.entry.get("labels") or {}
        out = {name: _copy(raw[name]) for name in self.rater.label_order if name in raw}
        for name, value in raw.items():
            if name not in out:
                out[name] = _copy(value)
        return out

    @property
    def ordinal(self) -> dict[str, Any] | None:
        value = self.entry.get("ordinal")
        scale = self.rater.ordinal_scale
        if value is None or not scale:
            return None
        out: dict[str, Any] = {
            "value": value,
            "size": scale["size"],
            "direction": scale.get("direction", ""),
        }
        if scale.get("field"):
            out["field"] = scale["field"]
            out["scale"] = scale_text([item for item in self.rater.scale if item.get("field") == scale["field"]])
        levels = scale.get("levels")
        if levels:
            out["level"] = levels[value]
        return out

    @property
    def headline(self) -> str:
        """The rater's ordered label as written with its place on the scale, e.g. ``reporting high (4 of 0-5)``."""
        ordinal = self.ordinal
        if not ordinal:
            return ""
        label = f"{ordinal.get('field', '')} {ordinal.get('level', '')}".strip()
        return f"{label} ({ordinal['value']} on 0-{ordinal['size'] - 1})"

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.rater.result_fields)
        out["matched"] = self.match.to_dict()
        out["labels"] = self.labels
        out["ordinal"] = self.ordinal
        entry = self.entry
        if entry.get("name") is not None:
            out["outlet_name"] = entry["name"]
        if entry.get("url") is not None:
            out["url"] = entry["url"]
        if entry.get("listed_as") is not None:
            listed = entry["listed_as"]
            out["listed_as"] = list(listed) if isinstance(listed, list) else listed
        return out


@dataclass(frozen=True, slots=True)
class OutletRatings:
    """Every rater's view of one outlet, side by side (never merged into one number)."""

    host: str
    outlet: str | None
    matched: Match | None  # the most specific match over all raters
    ratings: tuple[RaterRating, ...]
    unrated_by: tuple[Rater, ...]

    @property
    def rated(self) -> bool:
        return bool(self.ratings)

    @property
    def summary(self) -> str:
        total = len(self.ratings) + len(self.unrated_by)
        if not self.ratings:
            return NOT_RATED
        counted = f"Rated by {len(self.ratings)} of {total} rater{'s' if total != 1 else ''}"
        # Only ordered scales are quoted here; tag-style labels are in the table, each with its rater.
        ordered = [f"{rating.rater.id} {rating.headline}" for rating in self.ratings if rating.ordinal]
        return f"{counted}; on ordered scales: {'; '.join(ordered)}" if ordered else counted

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "host": self.host,
            "matched": self.matched.to_dict() if self.matched else None,
            "rated": self.rated,
            "summary": self.summary,
            "ratings": [rating.to_dict() for rating in self.ratings],
            "not_rated_by": [rater.id for rater in self.unrated_by],
        }


@lru_cache(maxsize=65536)
def _chain(host: str, outlet: str | None) -> tuple[tuple[str, str], ...]:
    """``(host, how)`` to try: the host, without trivial prefixes, then parents up to ``outlet``."""
    stripped = _strip_trivial(host, outlet)
    chain: list[tuple[str, str]] = [(host, HOW_EXACT)]
    if stripped != host:
        chain.append((stripped, HOW_EXACT))
    if outlet is not None:
        labels = stripped.split(".")
        floor = len(outlet.split("."))
        for start in range(1, len(labels) - floor + 1):
            chain.append((".".join(labels[start:]), HOW_SUBDOMAIN))
    return tuple(chain)


class RaterTables:
    """The rater tables in use: bundled ones, replaced or extended by user tables."""

    def __init__(
        self,
        raters: Iterable[Rater],
        aliases: Mapping[str, str] | None = None,
        build: Mapping[str, Any] | None = None,
    ) -> None:
        self.raters: tuple[Rater, ...] = tuple(raters)
        self.aliases: dict[str, str] = dict(aliases or {})
        self.build: dict[str, Any] = dict(build or {})
        self._by_id = {rater.id: rater for rater in self.raters}
        # host -> deepest rated section under it (al.com -> 1 for al.com/birmingham)
        self._section_hosts: dict[str, int] = {}
        for rater in self.raters:
            for key in rater.entries:
                if "/" in key:
                    host, _, section = key.partition("/")
                    depth = section.count("/") + 1
                    if depth > self._section_hosts.get(host, 0):
                        self._section_hosts[host] = depth
        # key -> ((rater position, entry), ...): one dict probe per candidate key for all raters
        index: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
        for position, rater in enumerate(self.raters):
            for key, entry in rater.entries.items():
                index.setdefault(key, []).append((position, entry))
        self._index = index
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)
        self._depth_for = lru_cache(maxsize=65536)(self._depth_for_uncached)

    def __len__(self) -> int:
        return len(self.raters)

    def __contains__(self, rater_id: object) -> bool:
        return rater_id in self._by_id

    def __getitem__(self, rater_id: str) -> Rater:
        return self._by_id[rater_id]

    @property
    def ids(self) -> list[str]:
        return [rater.id for rater in self.raters]

    def select(self, rater_ids: Iterable[str] | str | None) -> "RaterTables":
        """Only the raters named (order kept as given); NS304 for an unknown id."""
        from .config import as_list

        wanted = as_list(rater_ids)
        if not wanted:
            return self
        unknown = [rid for rid in wanted if rid not in self._by_id]
        if unknown:
            raise NewssiftError(
                "NS304",
                key="analyzer.source.raters",
                value=",".join(wanted),
                detail=f"unknown rater {unknown[0]!r}; known: {', '.join(self.ids)}",
            )
        seen: dict[str, Rater] = {}
        for rid in wanted:
            seen.setdefault(rid, self._by_id[rid])
        return RaterTables(seen.values(), self.aliases, self.build)

    def with_tables(self, extra: Iterable[Rater]) -> "RaterTables":
        """These tables, where each rater in ``extra`` replaces the one with its id or is added."""
        raters = {rater.id: rater for rater in self.raters}
        for rater in extra:
            raters[rater.id] = rater
        return RaterTables(raters.values(), self.aliases, self.build)

    def versions(self) -> dict[str, str]:
        """``{rater id: "data_date sha256:..."}`` plus the resource's build hash."""
        out = {}
        if self.build.get("sha256"):
            out["source_ratings"] = f"sha256:{self.build['sha256']}"
        for rater in self.raters:
            origin = "" if rater.origin == "bundled" else f" ({Path(rater.origin).name})"
            out[rater.id] = f"{rater.data_date} sha256:{rater.version}{origin}"
        return out

    # -- lookup ----------------------------------------------------------

    def lookup(self, url_or_domain: str) -> OutletRatings:
        """Every rater's view of the outlet of ``url_or_domain``; NS403 if it is not a domain."""
        target = parse_target(url_or_domain)
        return self.lookup_target(target)

    def lookup_target(self, target: Target) -> OutletRatings:
        path = target.path
        if path:
            # only as many path segments as a rated section of this host could use, so
            # that lookups of different articles of one outlet share the cache
            path = path[: self._depth_for(target.host, target.outlet)]
        return self._resolve(target.host, target.outlet, path)

    def _depth_for_uncached(self, host: str, outlet: str | None) -> int:
        if not self._section_hosts:
            return 0
        return max((self._section_hosts.get(candidate, 0) for candidate, _ in _chain(host, outlet)), default=0)

    def candidates(self, host: str, outlet: str | None, path: tuple[str, ...] = ()) -> list[Match]:
        """Keys to try, most specific first (see the module docstring)."""
        chain = _chain(host, outlet)
        out: list[Match] = []
        for candidate, how in chain:
            for depth in range(min(len(path), self._section_hosts.get(candidate, 0)), 0, -1):
                out.append(Match("/".join((candidate, *path[:depth])), HOW_SECTION, host))
            out.append(Match(candidate, how, host))
        for candidate, _ in chain:
            target = self.aliases.get(candidate)
            if target:
                out.append(Match(target, HOW_ALIAS, candidate))
        return out

    def _resolve_uncached(self, host: str, outlet: str | None, path: tuple[str, ...]) -> OutletRatings:
        found: dict[int, RaterRating] = {}
        best: Match | None = None
        total = len(self.raters)
        for match in self.candidates(host, outlet, path):
            hits = self._index.get(match.key)
            if not hits:
                continue
            if best is None:
                best = match
            for position, entry in hits:
                if position not in found:  # each rater's most specific key wins
                    found[position] = RaterRating(self.raters[position], match, entry)
            if len(found) == total:
                break
        return OutletRatings(
            host=host,
            outlet=outlet,
            matched=best,
            ratings=tuple(found[position] for position in sorted(found)),
            unrated_by=tuple(rater for position, rater in enumerate(self.raters) if position not in found),
        )


# -- loading -----------------------------------------------------------------


def _content_hash(obj: Any) -> str:
    blob = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def _rater_from_dict(meta: Mapping[str, Any], entries: dict[str, dict[str, Any]], origin: str, version: str) -> Rater:
    return Rater(
        id=meta["id"],
        name=meta["name"],
        data_date=str(meta["data_date"]),
        license=meta["license"],
        measures=meta.get("measures") or "",
        scale=list(meta.get("scale") or []),
        ordinal_scale=meta.get("ordinal_scale") or None,
        citation=meta.get("citation") or "",
        source=dict(meta.get("source") or {}),
        entries=entries,
        origin=origin,
        version=version,
    )


@lru_cache(maxsize=4)
def _load_bundled(path: str) -> RaterTables:
    try:
        data = json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))
    except (OSError, ValueError, EOFError) as exc:
        raise NewssiftError("NS401", path=path, detail=f"{exc.__class__.__name__}: {exc}") from None
    if data.get("format") != RESOURCE_FORMAT:
        raise NewssiftError("NS401", path=path, detail=f"unsupported format {data.get('format')!r}")
    raters = [
        _rater_from_dict(meta, data["entries"][meta["id"]], "bundled", meta.get("version", ""))
        for meta in data["raters"]
    ]
    return RaterTables(raters, data.get("aliases") or {}, data.get("build") or {})


def bundled_tables() -> RaterTables:
    """The tables shipped with newssift (loaded once per process)."""
    return _load_bundled(str(RESOURCE_PATH))


def _fail(path: Path | str, detail: str, line: int | None = None) -> NewssiftError:
    where = f"line {line}: " if line is not None else ""
    return NewssiftError("NS401", path=str(path), detail=where + detail)


def _check_scale(path: Path, scale: Any) -> None:
    if not isinstance(scale, list) or not all(isinstance(item, dict) and item.get("field") for item in scale):
        raise _fail(path, "'scale' must be a list of objects, each with a 'field'", 1)


def _check_ordinal_scale(path: Path, ordinal_scale: Any) -> None:
    if ordinal_scale is None:
        return
    if not isinstance(ordinal_scale, dict):
        raise _fail(path, "'ordinal_scale' must be an object or null", 1)
    size = ordinal_scale.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 2:
        raise _fail(path, "'ordinal_scale.size' must be an integer >= 2", 1)
    if not isinstance(ordinal_scale.get("direction"), str) or not ordinal_scale["direction"].strip():
        raise _fail(path, "'ordinal_scale.direction' must say what a higher value means", 1)
    levels = ordinal_scale.get("levels")
    if levels is not None and (not isinstance(levels, list) or len(levels) != size):
        raise _fail(path, f"'ordinal_scale.levels' must list {size} levels, lowest first", 1)


def _label_value_ok(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    return isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value)


def read_rater_table(path: str | os.PathLike[str]) -> Rater:
    """Read and validate one user rater table (JSON Lines); NS401 naming the line on error."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise _fail(path, f"could not be read ({exc.__class__.__name__}: {exc})") from None
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 (byte {exc.start})") from None

    meta: dict[str, Any] | None = None
    entries: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise _fail(path, f"not valid JSON ({exc.msg} at column {exc.colno})", number) from None
        if not isinstance(obj, dict):
            raise _fail(path, "each line must be a JSON object", number)
        if meta is None:
            meta = _read_header(path, obj, number)
            continue
        if "rater" in obj:
            raise _fail(path, "a second 'rater' header; put one rater per file", number)
        key, entry = _read_entry(path, obj, number, meta)
        if key in entries:
            raise _fail(path, f"domain {obj['domain']!r} is already listed on line {first_line[key]}", number)
        entries[key] = entry
        first_line[key] = number
    if meta is None:
        raise _fail(path, 'the file is empty; the first line must be {"rater": {...}}', 1)
    if not entries:
        raise _fail(path, "the table lists no outlets")
    version = _content_hash({"rater": meta, "entries": entries})
    return _rater_from_dict(meta, entries, str(path), version)


def _read_header(path: Path, obj: Mapping[str, Any], number: int) -> dict[str, Any]:
    meta = obj.get("rater")
    if set(obj) != {"rater"} or not isinstance(meta, dict):
        raise _fail(path, 'the first line must be {"rater": {...}} (the table header)', number)
    unknown = sorted(set(meta) - set(RATER_FIELDS))
    if unknown:
        raise _fail(path, f"unknown rater field {unknown[0]!r}; allowed: {', '.join(RATER_FIELDS)}", number)
    for name in _REQUIRED_RATER_FIELDS:
        value = meta.get(name)
        if not isinstance(value, str) or not value.strip():
            raise _fail(path, f"rater field {name!r} is missing or empty", number)
    if not RATER_ID_RE.match(meta["id"]):
        raise _fail(path, f"rater id {meta['id']!r} must be lower-case letters, digits, '_', '-' or '.'", number)
    for name in ("measures", "citation"):
        if name in meta and not isinstance(meta[name], str):
            raise _fail(path, f"rater field {name!r} must be a string", number)
    if "source" in meta and not isinstance(meta["source"], dict):
        raise _fail(path, "rater field 'source' must be an object", number)
    if "scale" in meta:
        _check_scale(path, meta["scale"])
    _check_ordinal_scale(path, meta.get("ordinal_scale"))
    return dict(meta)


def _read_entry(path: Path, obj: Mapping[str, Any], number: int, meta: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    unknown = sorted(set(obj) - set(_ENTRY_FIELDS))
    if unknown:
        raise _fail(path, f"unknown field {unknown[0]!r}; allowed: {', '.join(_ENTRY_FIELDS)}", number)
    domain = obj.get("domain")
    if not isinstance(domain, str):
        raise _fail(path, "'domain' is missing", number)
    key = normalize_key(domain)
    if key is None:
        raise _fail(path, f"{domain!r} is not a domain name", number)
    labels = obj.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise _fail(path, "'labels' must be a non-empty object of the rater's label(s) as written", number)
    for name, value in labels.items():
        if not _label_value_ok(value):
            raise _fail(path, f"label {name!r} must be a string, number, boolean, null or a list of those", number)
    entry: dict[str, Any] = {"labels": labels}
    ordinal = obj.get("ordinal")
    if ordinal is not None:
        scale = meta.get("ordinal_scale")
        if not scale:
            raise _fail(path, "'ordinal' is given but the header has no 'ordinal_scale'", number)
        if not isinstance(ordinal, int) or isinstance(ordinal, bool) or not 0 <= ordinal < scale["size"]:
            raise _fail(path, f"'ordinal' must be an integer from 0 to {scale['size'] - 1}", number)
        entry["ordinal"] = ordinal
    for name in ("name", "url"):
        if obj.get(name) is not None:
            if not isinstance(obj[name], str):
                raise _fail(path, f"{name!r} must be a string", number)
            entry[name] = obj[name]
    if key != domain:
        entry["listed_as"] = domain
    return key, entry


def table_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The rater tables in ``folder`` (``*.jsonl``, ``*.jsonl.gz``), sorted by name."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise NewssiftError(
            "NS304", key="analyzer.source.extra_tables_dir", value=str(folder), detail="not a folder"
        )
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith((".jsonl", ".jsonl.gz")))


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int) -> Rater:
    return read_rater_table(path)


def read_user_tables(folder: str | os.PathLike[str]) -> list[Rater]:
    """All tables in ``folder``; NS401 when two of them use the same rater id."""
    return list(_user_raters(_signature(folder)))


def _signature(folder: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for path in table_files(folder):
        stat = path.stat()
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def _user_raters(signature: tuple[tuple[str, int, int], ...]) -> tuple[Rater, ...]:
    raters: dict[str, Rater] = {}
    for path, mtime_ns, size in signature:
        rater = _read_cached(path, mtime_ns, size)
        if rater.id in raters:
            raise _fail(path, f"rater id {rater.id!r} is also used by {raters[rater.id].origin}", 1)
        raters[rater.id] = rater
    return tuple(raters.values())


@lru_cache(maxsize=16)
def _combined(signature: tuple[tuple[str, int, int], ...], raters: tuple[str, ...]) -> RaterTables:
    tables = bundled_tables()
    if signature:
        tables = tables.with_tables(_user_raters(signature))
    return tables.select(list(raters))


def load_tables(extra_tables_dir: str | os.PathLike[str] | None = "", raters: Any = "") -> RaterTables:
    """Bundled tables, replaced/extended by the tables in ``extra_tables_dir``, limited to ``raters``.

    Cached: the same folder (files unchanged) and rater list give the same
    :class:`RaterTables`, so its lookup cache is shared.
    """
    from .config import as_list

    signature = _signature(extra_tables_dir) if extra_tables_dir else ()
    return _combined(signature, tuple(as_list(raters)))


def lookup(url_or_domain: str, *, extra_tables_dir: str | os.PathLike[str] | None = "", raters: Any = "") -> OutletRatings:
    """Every rater's view of the outlet of ``url_or_domain`` (NS403 if it is not a domain)."""
    return load_tables(extra_tables_dir, raters).lookup(url_or_domain)


def lookup_for_config(url_or_domain: str, config: Any) -> dict[str, Any]:
    """:func:`lookup` with the ``[analyzer.source]`` settings of ``config``, as a JSON-ready dict."""
    settings = config.analyzer("source") if config is not None else {}
    tables = load_tables(settings.get("extra_tables_dir") or "", settings.get("raters") or "")
    return tables.lookup(url_or_domain).to_dict()


__all__ = [
    "HOW_ALIAS",
    "HOW_EXACT",
    "HOW_SECTION",
    "HOW_SUBDOMAIN",
    "NOT_RATED",
    "Match",
    "OutletRatings",
    "Rater",
    "RaterRating",
    "RaterTables",
    "Target",
    "bundled_tables",
    "load_tables",
    "lookup",
    "lookup_for_config",
    "normalize_key",
    "parse_target",
    "read_rater_table",
    "read_user_tables",
]
