"""The reliability and hyperpartisan tasks: split names, label rules, outlet-disjoint splitting."""

from __future__ import annotations

import pytest

from newssift.errors import NewssiftError
from newssift.training import hyperpartisan, reliability


@pytest.mark.parametrize("module", [reliability, hyperpartisan])
def test_unknown_split_is_a_coded_error(module):
    with pytest.raises(NewssiftError) as caught:
        module.evaluate("test")
    assert caught.value.code == "NS504"


def _row(dataset, outlet, split, label="reliable", id_="1"):
    return {"id": f"{dataset}:{id_}", "dataset": dataset, "text": "x " * 40, "label": label, "outlet": outlet,
            "url": outlet, "given_split": split}


def test_splits_are_outlet_disjoint_and_keep_buzzfeed_for_leave_one_out():
    allsides, buzzfeed, horne = reliability.DATASETS[0], reliability.DATASETS[1], reliability.DATASETS[2]
    rows = [_row(allsides, f"outlet{i}.com", "train", id_=str(i)) for i in range(200)]
    rows += [_row(allsides, "devonly.com", "dev", id_="d"), _row(allsides, "cnn.com", "train", id_="c")]
    rows += [_row(buzzfeed, "cnn.com", "lopo", id_="b"), _row(horne, None, "dev", id_="h")]
    splits = reliability.assign_splits(rows)
    train = {r["outlet"] for r in splits["train"]}
    dev = {r["outlet"] for r in splits["dev"]}
    assert not train & dev and "devonly.com" in dev
    assert 20 < len(dev) < 80  # the datasets' dev outlets plus about a fifth of the rest
    assert "cnn.com" in train and [r["outlet"] for r in splits["buzzfeed"]] == ["cnn.com"]
    assert [r["id"] for r in splits["horne_dev"]] == [f"{horne}:h"]


def test_reliability_metrics_of_binary_flags():
    metrics = reliability.classification_metrics(["reliable", "unreliable", "unreliable", "reliable"],
                                                 __import__("numpy").array([0.1, 0.9, 0.4, 0.2]))
    assert metrics["accuracy"] == 0.75 and metrics["counts"] == {"reliable": 2, "unreliable": 2}
    assert 0 < metrics["macro_f1"] < 1


def test_train_outlets_give_fewer_allsides_articles_than_dev_outlets():
    allsides = reliability.DATASETS[0]
    rows = []
    for outlet, split in (("trainonly.com", "train"), ("devonly.com", "dev")):
        for rank in range(40):
            row = _row(allsides, outlet, split, id_=f"{outlet}{rank}")
            row["outlet_rank"] = rank
            rows.append(row)
    splits = reliability.assign_splits(rows, train_per_outlet=25)
    assert sorted(r["outlet_rank"] for r in splits["train"]) == list(range(25))
    assert len(splits["dev"]) == 40
