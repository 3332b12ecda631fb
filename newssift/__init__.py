"""newssift: read a news article and report, with evidence, how far to trust it.

The public surface is small: :func:`analyze` for one input, :class:`Pipeline`
for streams, :class:`Article` for the shared document, :class:`Report` for the
result, and :class:`NewssiftError` for coded user errors.
"""

__version__ = "0.1.0"

from .article import Article, Sentence, Span  # noqa: E402
from .errors import NewssiftError  # noqa: E402
from .pipeline import Pipeline  # noqa: E402
from .report import Report, build_report  # noqa: E402
from .api import analyze  # noqa: E402

__all__ = ["Article", "NewssiftError", "Pipeline", "Report", "Sentence", "Span", "analyze", "build_report", "__version__"]
