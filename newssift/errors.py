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
