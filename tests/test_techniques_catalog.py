"""The technique catalogue matches the PTC label set exactly."""

from newssift.techniques import LABELS, TECHNIQUES, technique


def test_fourteen_canonical_labels():
    assert len(LABELS) == 14 == len(set(LABELS))
    for label in ("Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation",
                  "Whataboutism,Straw_Men,Red_Herring", "Bandwagon,Reductio_ad_hitlerum"):
        assert label in LABELS


def test_every_technique_has_a_definition_and_an_example():
    for item in TECHNIQUES:
        assert item.definition.endswith(".") and len(item.definition) > 30
        assert item.example.startswith('"')
        assert technique(item.label) is item


def test_labels_match_the_corpus(dataset):
    from newssift.data import read_jsonl

    seen = {span["technique"] for row in read_jsonl(dataset("propaganda-ptc-semeval2020") / "train.jsonl.gz")
            for span in row["spans"]}
    assert seen == set(LABELS)
