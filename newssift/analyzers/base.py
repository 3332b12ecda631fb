"""The analyzer contract.

An analyzer is built once per pipeline with its config section. The pipeline
calls :meth:`Analyzer.abstain_reason` per article, then :meth:`predict` on the
whole batch of articles it did not abstain on (the costly, batched part), then
:meth:`set_annotations` per article (cheap bookkeeping). This is spaCy's
``predict``/``set_annotations`` split, so ``Pipeline.pipe`` batches the
expensive part.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..article import Article


class Analyzer:
    #: registry name, filled in by the pipeline from the registry
    name: str = ""
    version: str = ""
    #: ISO 639-1 codes this analyzer can judge; None means any language
    languages: frozenset[str] | None = frozenset({"en"})
    #: below this many words the analyzer abstains
    min_words: int = 0

    def __init__(self, **config: Any) -> None:
        self.config = config

    def abstain_reason(self, article: Article) -> str | None:
        """Why this analyzer cannot judge ``article``, or None when it can.

        Length comes first: on a very short text the language is often unknown
        too, and "too short" is the reason a reader can act on.
        """
        if self.min_words and article.word_count < self.min_words:
            return f"the text has {article.word_count} words; this analyzer needs at least {self.min_words}"
        if self.languages is not None:
            if article.language is None:
                return "the language of the text could not be identified"
            if article.language not in self.languages:
                supported = ", ".join(sorted(self.languages))
                return f"the text is in language '{article.language}'; this analyzer supports: {supported}"
        return None

    def predict(self, articles: Sequence[Article]) -> list[Any]:
        raise NotImplementedError

    def set_annotations(self, article: Article, prediction: Any) -> None:
        raise NotImplementedError

    def versions(self) -> dict[str, str]:
        """Model and data versions behind this analyzer, for the report."""
        return {}
