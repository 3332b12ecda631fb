"""How a model's probabilities are written for a reader (summaries, terminal, markdown and the web page).

Rounded plainly, p=0.996 prints as "1.00" (or "100%"), which reads as a certainty that no calibrated model here
has: their error rates on held-out data are stated beside their results. At the ends these helpers write
">0.99" and "<0.01" (">99%", "<1%") instead; elsewhere they round as usual.
"""

from __future__ import annotations


def probability_text(p: float) -> str:
    """``p`` with two decimals, ">0.99" or "<0.01" where rounding would show 1.00 or 0.00."""
    text = f"{float(p):.2f}"
    return {"1.00": ">0.99", "0.00": "<0.01"}.get(text, text)


def percent_text(p: float) -> str:
    """``p`` as a whole percentage, ">99%" or "<1%" where rounding would show 100% or 0%."""
    text = f"{100 * float(p):.0f}%"
    return {"100%": ">99%", "0%": "<1%"}.get(text, text)


def probability_phrase(p: float) -> str:
    """"p=0.64", or "p>0.99" / "p<0.01" at the ends, as summaries write a probability."""
    text = probability_text(p)
    return "p" + (text if text[0] in "<>" else "=" + text)
