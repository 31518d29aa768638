"""Search over the knowledge repository without a text index (FerretDB has no `$text`).

Each resource stores its search terms, computed here when it is saved: per field (title, tags,
summary) the words folded (case and accents ignored: "Migración" -> "migracion") and their
Snowball stems in the resource's language and in English ("refugees" -> "refuge"). A query is
folded and stemmed the same way, in every supported language (a visitor does not say which
language they type in); the database pre-filters on any shared term (`$in` on
`search_terms`), and `rank` orders what it returns: a word in the title counts most, then the
tags, then the summary; an exact word more than a shared stem; a resource that matches every
word of the query, or holds it as a phrase in its title, comes first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import snowballstemmer

__all__ = [
    "STEMMED_LANGUAGES",
    "Query",
    "SearchFields",
    "fold",
    "index_fields",
    "parse_query",
    "rank",
    "score",
    "words",
]

STEMMED_LANGUAGES: dict[str, str] = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "de": "german",
    "it": "italian",
    "ar": "arabic",
    "tr": "turkish",
}
"""ISO 639-1 code -> Snowball algorithm."""

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
        "al",
        "con",
        "del",
        "el",
        "las",
        "los",
        "para",
        "por",
        "una",
        "y",
        "o",
        "da",
        "das",
        "do",
        "dos",
        "e",
        "em",
        "na",
        "nas",
        "no",
        "nos",
        "os",
        "um",
        "uma",
    }
)

WEIGHTS = {"title": 5.0, "tags": 3.0, "summary": 1.0}
STEM_FACTOR = 0.7
ALL_WORDS_BONUS = 6.0
PHRASE_BONUS = 8.0


def fold(text: str) -> str:
    """Lower case, no accents, words separated by one space: "Ciudades Solidarias!" ->
    "ciudades solidarias"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


def words(text: str) -> list[str]:
    """The text's words, case-folded but with their accents (the stemmers need them)."""
    cleaned = "".join(c if c.isalnum() else " " for c in unicodedata.normalize("NFC", text))
    return cleaned.casefold().split()


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    algorithm = STEMMED_LANGUAGES.get(language)
    return None if algorithm is None else snowballstemmer.stemmer(algorithm)


@cache
def stems(word: str, language: str) -> frozenset[str]:
    """The word's stems in `language`, folded; from the accented and the folded word alike, so a
    query typed without accents meets a text written with them."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return frozenset()
    folded = fold(word)
    return frozenset(
        fold(stem) for stem in (stemmer.stemWord(word), stemmer.stemWord(folded)) if stem
    )


@dataclass(frozen=True)
class SearchFields:
    """A resource's stored search terms, per field."""

    id: str
    title: str
    title_words: frozenset[str]
    title_stems: frozenset[str]
    tag_words: frozenset[str]
    tag_stems: frozenset[str]
    summary_words: frozenset[str]
    summary_stems: frozenset[str]


def _field_terms(text: str, languages: Sequence[str]) -> tuple[list[str], list[str]]:
    folded = sorted({fold(w) for w in words(text) if fold(w)})
    stemmed = sorted({s for w in words(text) for lang in languages for s in stems(w, lang)})
    return folded, stemmed


def index_fields(
    title: str, tags: Iterable[str], summary: str, language: str
) -> dict[str, list[str]]:
    """The search terms to store with a resource (lists, sorted: stable documents)."""
    languages = [language] if language == "en" else [language, "en"]
    title_words, title_stems = _field_terms(title, languages)
    tag_words, tag_stems = _field_terms(" ".join(tags), languages)
    summary_words, summary_stems = _field_terms(summary, languages)
    fields = {
        "title_words": title_words,
        "title_stems": title_stems,
        "tag_words": tag_words,
        "tag_stems": tag_stems,
        "summary_words": summary_words,
        "summary_stems": summary_stems,
    }
    everything = {term for terms in fields.values() for term in terms}
    return {**fields, "search_terms": sorted(everything)}


@dataclass(frozen=True)
class QueryWord:
    folded: str
    stems: frozenset[str]


@dataclass(frozen=True)
class Query:
    text: str
    phrase: str
    words: tuple[QueryWord, ...]

    @property
    def terms(self) -> list[str]:
        """Every term a matching resource holds at least one of (the database pre-filter)."""
        return sorted({t for w in self.words for t in (w.folded, *w.stems)})


def parse_query(text: str) -> Query:
    """The query's words (stop words dropped, unless nothing else is left) and their stems in
    every supported language."""
    raw = words(text)
    kept = [w for w in raw if fold(w) not in STOPWORDS] or raw
    seen: dict[str, QueryWord] = {}
    for word in kept:
        folded = fold(word)
        if folded and folded not in seen:
            variants = {s for lang in STEMMED_LANGUAGES for s in stems(word, lang)}
            # Very short stems ("f" of "f...") would match everything: keep the word alone.
            seen[folded] = QueryWord(folded, frozenset(s for s in variants if len(s) >= 3))
    return Query(text=text, phrase=fold(text), words=tuple(seen.values()))


def score(query: Query, fields: SearchFields) -> float:
    """How well the resource answers the query; 0 when no word matches."""
    total = 0.0
    matched = 0
    pairs = (
        ("title", fields.title_words, fields.title_stems),
        ("tags", fields.tag_words, fields.tag_stems),
        ("summary", fields.summary_words, fields.summary_stems),
    )
    for word in query.words:
        best = 0.0
        for name, exact, stemmed in pairs:
            if word.folded in exact:
                best = max(best, WEIGHTS[name])
            elif word.stems & stemmed or word.folded in stemmed:
                best = max(best, WEIGHTS[name] * STEM_FACTOR)
        if best:
            matched += 1
            total += best
    if not matched:
        return 0.0
    if matched == len(query.words):
        total += ALL_WORDS_BONUS
    if len(query.words) > 1 and query.phrase and query.phrase in fold(fields.title):
        total += PHRASE_BONUS
    return total


def rank(query: Query, candidates: Iterable[SearchFields]) -> list[tuple[str, float]]:
    """The matching resources' ids, best first (then the shorter title, then the id)."""
    scored = [(fields, score(query, fields)) for fields in candidates]
    ordered = sorted(
        ((f, s) for f, s in scored if s > 0), key=lambda p: (-p[1], len(p[0].title), p[0].id)
    )
    return [(fields.id, s) for fields, s in ordered]
