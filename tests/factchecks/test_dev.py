"""`newssift factchecks build-dev` record mapping (the embedding itself is covered by test_index)."""

from __future__ import annotations

from itertools import islice

import pytest

from newssift.errors import NewssiftError
from newssift.factchecks.dev import LIAR, POLITIFACT, liar_records, politifact_records
from newssift.training import claims, factchecks


def test_politifact_and_liar_records_carry_verdicts_urls_and_claimants(dataset):
    dataset(POLITIFACT)
    dataset(LIAR)
    pol = list(islice(politifact_records(), 200))
    assert all(r.url.startswith("https://www.politifact.com/") and r.publisher == "PolitiFact" for r in pol)
    assert sum(r.verdict_ordinal is not None for r in pol) >= 190
    assert all(r.claimant for r in pol[:20]) and all(r.review_date for r in pol[:20])
    liar = list(islice(liar_records(), 200))
    assert all(r.verdict in {"pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"} for r in liar)
    assert all(r.verdict_ordinal is not None for r in liar)


@pytest.mark.parametrize("module", [claims, factchecks])
def test_unknown_split_has_a_code(module, dataset):
    dataset("checkworthy-claimbuster")
    dataset("claimmatch-checkthat-tweets-snopes")
    with pytest.raises(NewssiftError) as error:
        module.evaluate("test")
    assert error.value.code == "NS504"
