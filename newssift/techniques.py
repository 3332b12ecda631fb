"""The 14 propaganda techniques of SemEval-2020 Task 11, with plain-language definitions.

Labels are the task's canonical names (Da San Martino et al., "SemEval-2020
Task 11: Detection of Propaganda Techniques in News Articles", 2020; the
definitions paraphrase the annotation guidelines of the Propaganda Techniques
Corpus, Da San Martino et al., EMNLP 2019). The examples are written for
newssift. Shared by the `techniques` analyzer, the renderers, the API
(`GET /v1/techniques`) and the web UI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Technique:
    label: str  # canonical SemEval-2020 Task 11 name
    name: str  # short name for people
    definition: str
    example: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


TECHNIQUES: tuple[Technique, ...] = (
    Technique("Appeal_to_Authority", "Appeal to authority",
              "Claims something is true because an authority or expert says so, with no other evidence.",
              '"Top scientists agree the plan will fail, so it will."'),
    Technique("Appeal_to_fear-prejudice", "Appeal to fear or prejudice",
              "Seeks support by stirring anxiety or panic about an alternative, or by playing on existing prejudice.",
              '"If this bill passes, criminals will be walking into your home next."'),
    Technique("Bandwagon,Reductio_ad_hitlerum", "Bandwagon / Reductio ad Hitlerum",
              "Urges joining a view because everyone holds it, or rejects a view because a hated group holds it.",
              '"Every patriot already supports it." / "That idea was popular with dictators."'),
    Technique("Black-and-White_Fallacy", "Black-and-white fallacy",
              "Presents two options as the only ones possible when more exist.",
              '"You are either with the mayor or against the city."'),
    Technique("Causal_Oversimplification", "Causal oversimplification",
              "Gives one cause for an outcome that has several.",
              '"Crime went up because of the new school curriculum."'),
    Technique("Doubt", "Doubt",
              "Questions the credibility of someone or something without grounds.",
              '"Can we really trust anything the committee says?"'),
    Technique("Exaggeration,Minimisation", "Exaggeration / minimisation",
              "Makes something look far bigger or better, or far smaller or less harmful, than it is.",
              '"The greatest disaster in human history." / "It was just a little accounting slip."'),
    Technique("Flag-Waving", "Flag-waving",
              "Justifies an idea by appealing to national or group pride and identity.",
              '"Real Americans will stand up for this wall."'),
    Technique("Loaded_Language", "Loaded language",
              "Uses words with strong emotional charge to sway the reader.",
              '"a reckless, shameful betrayal"'),
    Technique("Name_Calling,Labeling", "Name calling / labeling",
              "Attaches a label the audience fears, hates or admires to a person or group instead of arguing.",
              '"the radical bureaucrats" / "so-called experts"'),
    Technique("Repetition", "Repetition",
              "Repeats the same message again and again so that the audience comes to accept it.",
              '"It is a scam. A scam from start to finish. A total scam."'),
    Technique("Slogans", "Slogans",
              "A brief, striking phrase that stands in for an argument, often with labels or stereotypes.",
              '"Take back our streets!"'),
    Technique("Thought-terminating_Cliches", "Thought-terminating cliché",
              "A short stock phrase that discourages thinking and ends the discussion.",
              '"It is what it is." / "Enough said."'),
    Technique("Whataboutism,Straw_Men,Red_Herring", "Whataboutism / straw man / red herring",
              "Deflects criticism by pointing to the opponent's faults, misrepresents their position, or "
              "brings in an irrelevant topic.",
              '"Why worry about our budget when the other party wasted far more?"'),
)

BY_LABEL: dict[str, Technique] = {technique.label: technique for technique in TECHNIQUES}
LABELS: tuple[str, ...] = tuple(technique.label for technique in TECHNIQUES)


def technique(label: str) -> Technique:
    """The technique with canonical label ``label`` (KeyError if unknown)."""
    return BY_LABEL[label]
