"""Rater tables: bundled resource, lookups, user tables, rendering, reproducible build."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from newssift.config import load_config
from newssift.errors import NewssiftError
from newssift.render.source_table import source_markdown, source_table
from newssift.sources import (
    HOW_ALIAS,
    HOW_EXACT,
    HOW_SECTION,
    HOW_SUBDOMAIN,
    NOT_RATED,
    RESOURCE_PATH,
    bundled_tables,
    load_tables,
    lookup,
    lookup_for_config,
    normalize_key,
    read_rater_table,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_source_ratings.py"
BUNDLED_IDS = ["mbfc", "opensources", "fakenewscorpus", "baly2018", "baly2020", "idiap_golden", "idiap_mbfc", "idiap_graph"]


def by_rater(result) -> dict:
    return {rating["rater"]: rating for rating in result.to_dict()["ratings"]}


def write_table(folder: Path, name: str, header: dict, rows: list[dict | str]) -> Path:
    path = folder / name
    lines = [json.dumps({"rater": header})] + [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = {"id": "myorg", "name": "My Org", "data_date": "2025-03", "license": "CC BY 4.0"}


# -- the bundled resource ------------------------------------------------------


def test_resource_is_one_small_gzip_json_file():
    assert RESOURCE_PATH.name == "source_ratings.json.gz"
    assert RESOURCE_PATH.stat().st_size < 2_000_000
    data = json.loads(gzip.decompress(RESOURCE_PATH.read_bytes()))
    assert [rater["id"] for rater in data["raters"]] == BUNDLED_IDS
    assert set(data["entries"]) == set(BUNDLED_IDS)


def test_bundled_raters_carry_their_metadata():
    tables = bundled_tables()
    assert tables.ids == BUNDLED_IDS
    dates = {rater.id: rater.data_date for rater in tables.raters}
    assert dates == {
        "mbfc": "2026-08-19",
        "opensources": "2017",
        "fakenewscorpus": "2018",
        "baly2018": "2018",
        "baly2020": "2020",
        "idiap_golden": "2024",
        "idiap_mbfc": "2024",
        "idiap_graph": "2024",
    }
    for rater in tables.raters:
        assert rater.name and rater.measures and rater.license and rater.citation, rater.id
        assert rater.source["repository"].startswith("https://github.com/") and len(rater.source["commit"]) == 40
        assert rater.scale and all(item["field"] for item in rater.scale)
        assert len(rater.entries) > 500
    # an ordinal only where the rater's own scale is ordered
    assert tables["opensources"].ordinal_scale is None
    assert tables["fakenewscorpus"].ordinal_scale is None
    assert tables["idiap_graph"].ordinal_scale is None
    mbfc = tables["mbfc"].ordinal_scale
    assert mbfc["levels"] == ["very-low", "low", "mixed", "mostly-factual", "high", "very-high"]
    assert mbfc["size"] == 6 and mbfc["direction"].startswith("higher = ")
    assert "LGPL" in tables["opensources"].license
    assert "No LICENSE" in tables["baly2018"].license
    assert "MBFC editorial content" in tables["mbfc"].license


def test_graph_scores_keep_only_the_recommended_two_rounded():
    entries = bundled_tables()["idiap_graph"].entries
    assert len(entries) == 15425
    for entry in list(entries.values())[:500]:
        assert set(entry["labels"]) <= {"p-reliability", "p+fp-average"}
        for value in entry["labels"].values():
            assert value == round(value, 3)


# -- lookups -------------------------------------------------------------------


def test_infowars_is_rated_by_several_tables_as_written():
    result = lookup("infowars.com")
    assert result.rated and result.summary.startswith("Rated by 6 of 8 raters")
    ratings = by_rater(result)
    assert set(ratings) == {"mbfc", "opensources", "fakenewscorpus", "idiap_golden", "idiap_mbfc", "idiap_graph"}
    assert result.to_dict()["not_rated_by"] == ["baly2018", "baly2020"]
    assert ratings["opensources"]["labels"]["tags"] == ["conspiracy"]
    assert ratings["fakenewscorpus"]["labels"]["tags"] == ["conspiracy"]
    mbfc = ratings["mbfc"]
    assert mbfc["labels"]["bias"] == "conspiracy-pseudoscience"
    assert mbfc["labels"]["reporting"] == "very-low"
    assert mbfc["labels"]["credibility"] == "low-credibility"
    assert mbfc["ordinal"]["value"] == 0 and mbfc["ordinal"]["size"] == 6 and mbfc["ordinal"]["level"] == "very-low"
    assert mbfc["outlet_name"] == "Infowars" and mbfc["data_date"] == "2026-08-19" and mbfc["license"]
    assert ratings["idiap_golden"]["labels"]["reliability_label"] == -1
    assert ratings["idiap_golden"]["labels"]["newsguard_score"] == 25
    assert ratings["idiap_mbfc"]["labels"]["bias"] == "extreme right"
    assert ratings["idiap_mbfc"]["labels"]["factual_reporting"] == "very low"
    assert ratings["opensources"]["ordinal"] is None  # tags are not a scale
    assert ratings["idiap_graph"]["ordinal"] is None
    for rating in ratings.values():
        assert rating["matched"] == {"key": "infowars.com", "how": HOW_EXACT, "via": "infowars.com"}


@pytest.mark.parametrize(
    "query, via",
    [
        ("www.infowars.com", "www.infowars.com"),
        ("m.infowars.com", "m.infowars.com"),
        ("amp.infowars.com", "amp.infowars.com"),
        ("https://www.infowars.com/posts/some-story/?utm_source=x#top", "www.infowars.com"),
        ("HTTPS://WWW.INFOWARS.COM.", "www.infowars.com"),
        ("  infowars.com  ", "infowars.com"),
    ],
)
def test_trivial_prefixes_and_url_forms_resolve_to_the_host(query, via):
    result = lookup(query)
    assert result.matched.key == "infowars.com" and result.matched.how == HOW_EXACT and result.matched.via == via
    assert len(result.ratings) == 6


def test_subdomains_walk_up_to_the_registrable_domain():
    result = lookup("https://video.live.infowars.com/x")
    assert result.outlet == "infowars.com"
    assert result.matched.key == "infowars.com" and result.matched.how == HOW_SUBDOMAIN
    assert len(result.ratings) == 6


def test_walk_never_goes_above_the_registrable_domain():
    # blogspot.com is itself rated, but one blog must not inherit the platform's rating
    assert lookup("blogspot.com").rated
    result = lookup("https://someone-unrated-zz.blogspot.com/2020/01/post.html")
    assert result.outlet == "someone-unrated-zz.blogspot.com"
    assert not result.rated


@pytest.mark.parametrize(
    "alias, target, rater",
    [
        ("politi.co", "politico.com", "mbfc"),
        ("https://politi.co/3abcDEF", "politico.com", "mbfc"),
        ("bbc.co.uk", "bbc.com", "mbfc"),
        ("https://www.bbc.co.uk/news/world-123", "bbc.com", "mbfc"),
        ("moveon.org", "front.moveon.org", "mbfc"),
        ("nyti.ms", "nytimes.com", "mbfc"),
    ],
)
def test_aliases_resolve(alias, target, rater):
    rating = by_rater(lookup(alias))[rater]
    assert rating["matched"]["key"] == target
    assert rating["matched"]["how"] == HOW_ALIAS


def test_a_direct_key_beats_an_alias_per_rater():
    ratings = by_rater(lookup("bbc.co.uk"))
    assert ratings["idiap_graph"]["matched"] == {"key": "bbc.co.uk", "how": HOW_EXACT, "via": "bbc.co.uk"}
    assert ratings["mbfc"]["matched"]["how"] == HOW_ALIAS


def test_rated_sections_apply_only_under_their_path():
    # OpenSources tags newyorker.com/humor as satire, not The New Yorker as a whole
    section = by_rater(lookup("https://www.newyorker.com/humor/borowitz-report/some-joke"))
    assert section["opensources"]["matched"] == {"key": "newyorker.com/humor", "how": HOW_SECTION, "via": "www.newyorker.com"}
    assert section["opensources"]["labels"]["tags"] == ["satire"]
    whole = by_rater(lookup("https://www.newyorker.com/news/story"))
    assert "opensources" not in whole
    assert "mbfc" in whole and whole["mbfc"]["matched"]["key"] == "newyorker.com"


def test_unknown_outlet_is_not_rated_never_guessed():
    result = lookup("https://www.surely-unrated-outlet-zz9.com/a")
    data = result.to_dict()
    assert data["rated"] is False
    assert data["summary"] == NOT_RATED == "not rated by any rater"
    assert data["ratings"] == [] and data["matched"] is None
    assert data["not_rated_by"] == BUNDLED_IDS
    # a look-alike of a rated outlet is not rated either
    assert not lookup("infowars-news-zz.com").rated


def test_raters_stay_separate():
    data = lookup("infowars.com").to_dict()
    assert set(data) == {"outlet", "host", "matched", "rated", "summary", "ratings", "not_rated_by"}
    assert not {"score", "overall", "merged", "credibility", "ordinal"} & set(data)
    assert len({rating["rater"] for rating in data["ratings"]}) == len(data["ratings"])
    # the two Baly editions are two raters
    ratings = by_rater(lookup("cnn.com"))
    assert {"baly2018", "baly2020"} <= set(ratings)
    json.dumps(data)  # JSON-ready


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "not a domain!", "127.0.0.1", "http://10.0.0.1/x", "http://[::1]/x", "localhost", "com", "http://",
     "foo.notarealtld", "exa mple.com", "-bad-.com", "a..b.com"],
)
def test_not_a_domain_is_ns403(garbage):
    with pytest.raises(NewssiftError) as info:
        lookup(garbage)
    assert info.value.code == "NS403"


def test_non_string_is_ns403():
    with pytest.raises(NewssiftError) as info:
        bundled_tables().lookup(None)  # type: ignore[arg-type]
    assert info.value.code == "NS403"


def test_normalize_key():
    assert normalize_key("WWW.Example.com/") == "example.com"
    assert normalize_key("https://m.example.com/News/index.html?x=1#y") == "example.com/news"
    assert normalize_key("silver-coin-investor. com") == "silver-coin-investor.com"
    assert normalize_key("www.gov.uk") == "www.gov.uk"  # never stripped below the registrable domain
    assert normalize_key("82.221.129.208") is None
    assert normalize_key("") is None


def test_select_raters():
    tables = load_tables("", "idiap_graph, mbfc")
    assert tables.ids == ["idiap_graph", "mbfc"]
    assert lookup("infowars.com", raters=["mbfc"]).summary.startswith("Rated by 1 of 1 rater;")
    with pytest.raises(NewssiftError) as info:
        load_tables("", "mbfc,nosuchrater")
    assert info.value.code == "NS304" and "nosuchrater" in info.value.message


# -- user tables -----------------------------------------------------------------


def test_user_table_replaces_a_bundled_rater_and_adds_a_new_one(tmp_path):
    write_table(
        tmp_path,
        "a-mbfc.jsonl",
        {"id": "mbfc", "name": "MBFC (my newer export)", "data_date": "2027-01-01", "license": "see MBFC terms"},
        [{"domain": "www.infowars.com", "labels": {"reporting": "low"}}],
    )
    write_table(
        tmp_path,
        "b-myorg.jsonl",
        {
            **HEADER,
            "ordinal_scale": {"size": 3, "levels": ["avoid", "caution", "trusted"], "direction": "higher = more trustworthy"},
        },
        [
            {"domain": "example.com", "labels": {"rating": "trusted"}, "ordinal": 2, "name": "Example News"},
            {"domain": "https://www.infowars.com/", "labels": {"rating": "avoid"}, "ordinal": 0},
        ],
    )
    tables = load_tables(tmp_path)
    assert tables.ids == BUNDLED_IDS + ["myorg"]
    assert tables["mbfc"].origin.endswith("a-mbfc.jsonl")
    ratings = by_rater(tables.lookup("infowars.com"))
    assert ratings["mbfc"]["labels"] == {"reporting": "low"}  # replaced, not merged
    assert ratings["mbfc"]["data_date"] == "2027-01-01"
    assert ratings["myorg"]["ordinal"] == {
        "value": 0, "size": 3, "direction": "higher = more trustworthy", "level": "avoid"
    }
    assert ratings["myorg"]["listed_as"] == "https://www.infowars.com/"
    assert not by_rater(tables.lookup("nytimes.com")).get("mbfc")  # bundled mbfc entries are gone
    assert tables.lookup("example.com").summary == "Rated by 1 of 9 raters; on ordered scales: myorg trusted (2 on 0-2)"
    assert "myorg" in tables.versions() and "a-mbfc.jsonl" in tables.versions()["mbfc"]
    # the same folder gives the same (cached) tables; the bundled ones are untouched
    assert load_tables(tmp_path) is tables
    assert by_rater(lookup("infowars.com"))["mbfc"]["labels"]["reporting"] == "very-low"


def test_config_settings_reach_the_lookup(tmp_path):
    write_table(tmp_path, "myorg.jsonl", HEADER, [{"domain": "example.com", "labels": {"rating": "ok"}}])
    config = load_config(overrides={"analyzer.source": {"extra_tables_dir": str(tmp_path), "raters": "myorg"}})
    data = lookup_for_config("https://example.com/x", config)
    assert data["summary"].startswith("Rated by 1 of 1 rater")
    assert data["ratings"][0]["rater"] == "myorg"


INVALID = [
    ("empty", [], None, "empty"),
    ("not json", ["{not json"], 1, "not valid JSON"),
    ("no header", ['{"domain": "example.com", "labels": {"a": "b"}}'], 1, "first line must be"),
    ("header misses license", [json.dumps({"rater": {"id": "x", "name": "X", "data_date": "2020"}})], 1, "'license'"),
    ("bad id", [json.dumps({"rater": {**HEADER, "id": "Bad Id"}})], 1, "rater id"),
    ("unknown header field", [json.dumps({"rater": {**HEADER, "licence": "x"}})], 1, "unknown rater field"),
    ("bad json in entry", [json.dumps({"rater": HEADER}), '{"domain": "a.com", "labels": {"x": 1}}', "{oops"], 3, "JSON"),
    ("bad domain", [json.dumps({"rater": HEADER}), "", json.dumps({"domain": "127.0.0.1", "labels": {"x": 1}})], 3, "not a domain"),
    ("no labels", [json.dumps({"rater": HEADER}), json.dumps({"domain": "a.com", "labels": {}})], 2, "'labels'"),
    ("nested label", [json.dumps({"rater": HEADER}), json.dumps({"domain": "a.com", "labels": {"x": {"y": 1}}})], 2, "label 'x'"),
    ("ordinal without scale", [json.dumps({"rater": HEADER}), json.dumps({"domain": "a.com", "labels": {"x": 1}, "ordinal": 1})], 2, "ordinal_scale"),
    (
        "ordinal out of range",
        [
            json.dumps({"rater": {**HEADER, "ordinal_scale": {"size": 3, "direction": "higher = better"}}}),
            json.dumps({"domain": "a.com", "labels": {"x": 1}, "ordinal": 3}),
        ],
        2,
        "from 0 to 2",
    ),
    ("unknown entry field", [json.dumps({"rater": HEADER}), json.dumps({"domain": "a.com", "labels": {"x": 1}, "scroe": 1})], 2, "unknown field"),
    (
        "duplicate domain",
        [json.dumps({"rater": HEADER}), json.dumps({"domain": "a.com", "labels": {"x": 1}}), json.dumps({"domain": "www.a.com", "labels": {"x": 2}})],
        3,
        "already listed on line 2",
    ),
    ("second header", [json.dumps({"rater": HEADER}), json.dumps({"rater": HEADER})], 2, "second 'rater' header"),
    ("bad ordinal scale", [json.dumps({"rater": {**HEADER, "ordinal_scale": {"size": 1, "direction": "x"}}})], 1, "size"),
]


@pytest.mark.parametrize("case, lines, line_number, words", INVALID, ids=[case[0] for case in INVALID])
def test_invalid_user_table_is_ns401_naming_the_line(tmp_path, case, lines, line_number, words):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    with pytest.raises(NewssiftError) as info:
        read_rater_table(path)
    error = info.value
    assert error.code == "NS401"
    assert str(path) in error.message
    if line_number is not None:
        assert f"line {line_number}:" in error.message
    assert words in error.message
    assert "docs/rater-tables.md" in error.next_step
    with pytest.raises(NewssiftError) as info:  # the same through the folder loader
        load_tables(tmp_path)
    assert info.value.code == "NS401"


def test_two_tables_with_one_id_is_ns401(tmp_path):
    row = {"domain": "example.com", "labels": {"x": 1}}
    write_table(tmp_path, "one.jsonl", HEADER, [row])
    write_table(tmp_path, "two.jsonl", HEADER, [row])
    with pytest.raises(NewssiftError) as info:
        load_tables(tmp_path)
    assert info.value.code == "NS401" and "also used by" in info.value.message


def test_missing_tables_folder_is_a_bad_setting(tmp_path):
    with pytest.raises(NewssiftError) as info:
        load_tables(tmp_path / "nope")
    assert info.value.code == "NS304"


def test_gzipped_user_table(tmp_path):
    text = json.dumps({"rater": HEADER}) + "\n" + json.dumps({"domain": "example.com", "labels": {"x": 1}}) + "\n"
    (tmp_path / "myorg.jsonl.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    assert load_tables(tmp_path).lookup("example.com").rated


def test_docs_example_table_is_valid(tmp_path):
    doc = (REPO_ROOT / "docs" / "rater-tables.md").read_text(encoding="utf-8")
    block = doc.split("`my-raters/myorg.jsonl`:")[1].split("```json")[1].split("```")[0]
    (tmp_path / "myorg.jsonl").write_text(block.strip() + "\n", encoding="utf-8")
    tables = load_tables(tmp_path)
    rating = by_rater(tables.lookup("https://www.example.com/2025/story"))["myorg"]
    assert rating["labels"] == {"rating": "trusted"} and rating["ordinal"]["level"] == "trusted"
    section = by_rater(tables.lookup("https://example.org/opinion/piece"))["myorg"]
    assert section["matched"]["how"] == HOW_SECTION
    assert "myorg" not in by_rater(tables.lookup("https://example.org/news/piece"))


# -- rendering -------------------------------------------------------------------


def _render(table) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def test_source_table_shows_each_rater_side_by_side():
    result = lookup("infowars.com").to_dict()
    table = source_table(result)
    assert [column.header for column in table.columns] == ["Rater", "Label (as written)", "Scale", "Normalized", "Date"]
    assert table.row_count == len(result["ratings"]) == 6
    text = _render(table)
    assert "conspiracy-pseudoscience" in text and "2026-08-19" in text and "0 on 0–5" in text
    markdown = source_markdown(result)
    assert markdown.count("\n| ") == 6  # header separator excluded: six rater rows
    assert "baly2018" in markdown  # listed as not rating the outlet


def test_unrated_table_says_so():
    result = lookup("surely-unrated-outlet-zz9.com").to_dict()
    assert "not rated by any rater" in _render(source_table(result))
    assert "not rated by any rater" in source_markdown(result)


def test_untrusted_strings_are_escaped(tmp_path):
    write_table(
        tmp_path,
        "evil.jsonl",
        {**HEADER, "id": "evil", "name": "[bold red]Evil[/bold red] | rater"},
        [{"domain": "example.com", "labels": {"verdict": "[link=https://x.test]click[/link] a|b *c* <b>"}}],
    )
    result = load_tables(tmp_path, "evil").lookup("example.com").to_dict()
    text = _render(source_table(result))
    assert "[bold red]Evil[/bold red]" in text
    assert "[link=https://x.test]click[/link]" in text
    markdown = source_markdown(result)
    row = [line for line in markdown.splitlines() if "Evil" in line][0]
    assert row.count(" | ") == 4  # five cells: the "|" inside cells is escaped
    assert r"a\|b" in row and r"\*c\*" in row and "&lt;b&gt;" in row


# -- reproducible build ------------------------------------------------------------


@pytest.mark.data
def _build_script():
    spec = importlib.util.spec_from_file_location("build_source_ratings", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_reproduces_the_resource_byte_for_byte(dataset, tmp_path):
    for name in _build_script().RATING_DATASETS:
        dataset(name)
    output = tmp_path / "source_ratings.json.gz"
    env = dict(os.environ)
    completed = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    for rater_id in BUNDLED_IDS:
        assert rater_id in completed.stdout  # counts per rater are printed
    assert output.read_bytes() == RESOURCE_PATH.read_bytes(), (
        "the bundled resource is stale: run `python scripts/build_source_ratings.py`"
    )
