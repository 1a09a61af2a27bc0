"""Readability formulas per language, and counting the sentences and words they need.

The constants, from the original publications:

- Flesch Reading Ease (en): 206.835 − 1.015·ASL − 84.6·ASW (Flesch 1948,
  "A new readability yardstick", J Appl Psychol 32:221–233).
- Flesch–Douma (nl): 206.84 − 0.93·ASL − 77·ASW (Douma 1960; he writes 0.77 per
  100 words, which is 77 per word).
- Kandel–Moles (fr): 207 − 1.015·ASL − 73.6·ASW (Kandel & Moles 1958, Cahiers
  d'études de radio-télévision 19:253–274).
- Amstad (de): 180 − ASL − 58.5·ASW (Amstad 1978, "Wie verständlich sind unsere
  Zeitungen?", Universität Zürich).
- LIX (da, sv, nb, nn and any other alphabetic language): words/sentences + 100·long
  words/words, a long word having more than 6 letters (Björnsson 1968, "Läsbarhet").

ASL is words per sentence, ASW syllables per word. Flesch-type scores rise as text
gets easier; LIX rises as it gets harder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from leafprint.languages import profile

from .syllables import count_syllables

# A word: letters, joined by inner hyphens or apostrophes (out-of-hours, Crohn's, l'effet)
# or a zero-width non-joiner, which is part of Persian words (نکته‌ها, می‌خوابم).
ZWNJ = "\u200c"
WORD = re.compile(rf"[^\W\d_]+(?:['’\-{ZWNJ}][^\W\d_]+)*")
# A sentence ends at . ! ? … (or Arabic ؟) followed by a space and no lower-case letter.
_SENTENCE_END = re.compile(r"(?<=[.!?…؟])[\"'”’»)\]]*\s+(?![a-zà-öø-ÿ])")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:dr|drs|mr|mrs|ms|prof|st|nr|no|dhr|mevr|ca|evt|bijv|bzw|ggf|z\.b|jf|"
    r"f\.eks|bl\.a|mme|mlle|etc|e\.g|i\.e|vs)\.$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Counts:
    """What a formula needs from a text, plus what explains a bad score."""

    sentences: tuple[tuple[str, int], ...]  # each sentence with its number of words
    words: tuple[str, ...]
    syllables: int

    @property
    def long_words(self) -> int:
        return sum(1 for word in self.words if letters(word) > 6)

    def longest_sentences(self, count: int = 2) -> list[tuple[str, int]]:
        ranked = sorted(enumerate(self.sentences), key=lambda item: (-item[1][1], item[0]))
        return [sentence for _, sentence in ranked[:count]]

    def longest_words(self, count: int = 3) -> list[str]:
        unique = {word.lower(): word for word in reversed(self.words)}
        ranked = sorted(unique.values(), key=lambda word: (-letters(word), word.lower()))
        return ranked[:count]


def letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha())


def split_sentences(block: str) -> list[str]:
    """Sentences of one block (a paragraph, list item or heading)."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(block):
        if _ABBREVIATION.search(block[start : match.start()]):
            continue
        sentences.append(block[start : match.start()].strip())
        start = match.end()
    sentences.append(block[start:].strip())
    return [sentence for sentence in sentences if WORD.search(sentence)]


def count_text(blocks: list[str], language: str) -> Counts:
    """Sentences, words and syllables of plain-text blocks in *language*."""
    sentences: list[tuple[str, int]] = []
    words: list[str] = []
    for block in blocks:
        for sentence in split_sentences(block):
            found = WORD.findall(sentence)
            sentences.append((sentence, len(found)))
            words += found
    syllables = sum(count_syllables(word, language) for word in words)
    return Counts(tuple(sentences), tuple(words), syllables)


@dataclass(frozen=True)
class Formula:
    name: str  # "Flesch Reading Ease"
    short: str  # "Flesch", shown next to a score
    higher_is_easier: bool
    compute: Callable[[Counts], float]

    def score(self, counts: Counts) -> float | None:
        if not counts.words or not counts.sentences:
            return None
        return round(self.compute(counts), 1)

    def meets(self, score: float, target: float) -> bool:
        return score >= target if self.higher_is_easier else score <= target

    def target_text(self, target: float) -> str:
        return f"{'≥' if self.higher_is_easier else '≤'} {target:g}"


def _asl(counts: Counts) -> float:
    return len(counts.words) / len(counts.sentences)


def _asw(counts: Counts) -> float:
    return counts.syllables / len(counts.words)


FLESCH = Formula(
    "Flesch Reading Ease", "Flesch", True, lambda c: 206.835 - 1.015 * _asl(c) - 84.6 * _asw(c)
)
DOUMA = Formula("Flesch–Douma", "Douma", True, lambda c: 206.84 - 0.93 * _asl(c) - 77 * _asw(c))
KANDEL_MOLES = Formula(
    "Kandel–Moles", "Kandel–Moles", True, lambda c: 207 - 1.015 * _asl(c) - 73.6 * _asw(c)
)
AMSTAD = Formula("Amstad", "Amstad", True, lambda c: 180 - _asl(c) - 58.5 * _asw(c))
LIX = Formula("LIX", "LIX", False, lambda c: _asl(c) + 100 * c.long_words / len(c.words))

FORMULAS = {f.name: f for f in (FLESCH, DOUMA, KANDEL_MOLES, AMSTAD, LIX)}


def formula_for(language: str) -> Formula | None:
    """The formula a language tag's profile names (LIX for most alphabetic languages);
    None for scripts written without spaces between words."""
    name = profile(language).formula
    return FORMULAS[name] if name else None
