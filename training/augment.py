"""Noisy copies of the labelled training texts for distillation, relabelled by the teacher (TinyBERT's recipe,
without a masked language model: none is available offline here).

The Financial PhraseBank training split is ~3,900 sentences; the teacher can label any number of near-copies of
them, so the student sees the teacher's function around each one rather than at one point. A copy gets the
teacher's soft labels only (never the original's hard label: deleting "not" or a number can change the meaning).
The operations are generic edits, none keyed to a word list: numbers moved to another value of the same shape,
words dropped, neighbouring words swapped.
"""
from __future__ import annotations

import random
import re

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
#: A four-digit year keeps its value: "in 2008" is context, not a quantity.
YEAR = re.compile(r"^(?:19|20)\d\d$")


def _move_number(m: re.Match, rng: random.Random) -> str:
    """Another value of the same shape ("5.2" -> "8.7", "1,250" -> "3,904"); a year keeps its value."""
    s = m.group(0)
    if YEAR.match(s):
        return s
    lead = s[0] != "0" and len(re.match(r"\d+", s).group(0)) > 1  # no leading zero where there was none
    return "".join(rng.choice("123456789") if i == 0 and lead else rng.choice("0123456789") if c.isdigit() else c
                   for i, c in enumerate(s))


def noisy_copy(text: str, rng: random.Random, p_number: float = 0.5, p_drop: float = 0.1,
               p_swap: float = 0.3) -> str:
    """One noisy copy: each number moved with p_number, each word dropped with p_drop (one word always stays),
    and with p_swap one pair of neighbouring words swapped."""
    text = NUMBER.sub(lambda m: _move_number(m, rng) if rng.random() < p_number else m.group(0), text)
    words = text.split()
    if not words:
        return ""
    kept = [w for w in words if rng.random() >= p_drop] or [rng.choice(words)]
    if len(kept) > 2 and rng.random() < p_swap:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return " ".join(kept)


def noisy_copies(texts: list[str], k: int, seed: int, exclude: set[str]) -> list[str]:
    """k distinct noisy copies of each distinct text (fewer where the edits keep giving the text back), none of
    them a text in `exclude` (the training and validation texts), in a seeded order."""
    rng = random.Random(seed)
    out: list[str] = []
    seen = set(exclude)
    for text in sorted(set(texts)):
        seen.add(text)
        made = 0
        for _ in range(4 * k):
            if made == k:
                break
            c = noisy_copy(text, rng)
            if c and c not in seen:
                seen.add(c)
                out.append(c)
                made += 1
    return out
