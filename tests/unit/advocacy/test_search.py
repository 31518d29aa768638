"""Search ranking: accents and case ignored, stems per language, title before tags before
summary, every word before some."""

from __future__ import annotations

from mmc_advocacy.domain.resource import search_fields_of
from mmc_advocacy.domain.search import SearchFields, fold, index_fields, parse_query, rank


def doc(rid: str, title: str, tags: list[str], summary: str, language: str) -> SearchFields:
    return search_fields_of(rid, title, index_fields(title, tags, summary, language))


LIBRARY = [
    doc(
        "climate-en",
        "Climate migration in African cities",
        ["climate mobility"],
        "How mayors respond to people moving because of climate change.",
        "en",
    ),
    doc(
        "inclusion-es",
        "Guía de inclusión de migrantes en ciudades",
        ["inclusión", "servicios"],
        "Cómo las ciudades latinoamericanas incluyen a las personas migrantes.",
        "es",
    ),
    doc(
        "refugees-fr",
        "Accueillir les réfugiés : guide pour les villes",
        ["réfugiés"],
        "Les municipalités et l'accueil des personnes réfugiées.",
        "fr",
    ),
    doc(
        "health-en",
        "Health services",
        ["health"],
        "Access to health care for refugees and migrants in cities.",
        "en",
    ),
]


def first(query: str) -> str:
    return rank(parse_query(query), LIBRARY)[0][0]


def test_fold_removes_case_accents_and_punctuation() -> None:
    assert fold("  Migración, CLIMÁTICA!  Zürich ") == "migracion climatica zurich"


def test_accents_and_case_do_not_matter() -> None:
    assert first("GUIA INCLUSION") == "inclusion-es"
    assert first("refugies") == "refugees-fr"
    assert first("réfugiés") == "refugees-fr"


def test_stems_match_other_forms_of_a_word() -> None:
    assert first("migrants inclusion") == "inclusion-es"
    assert first("climatic migrations") == "climate-en"
    assert first("accueil réfugié") == "refugees-fr"


def test_title_outranks_summary_and_all_words_outrank_some() -> None:
    ranked = [rid for rid, _ in rank(parse_query("refugees"), LIBRARY)]
    assert ranked.index("refugees-fr") < ranked.index("health-en")
    assert first("health refugees") == "health-en"


def test_no_match_and_stop_words_only() -> None:
    assert rank(parse_query("zzzz"), LIBRARY) == []
    assert parse_query("the of").words  # nothing but stop words: they are searched for
    assert parse_query("").words == ()


def test_prefilter_terms_cover_every_variant() -> None:
    query = parse_query("Migración")
    assert "migracion" in query.terms
