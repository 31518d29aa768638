"""Search over 1,000 resources on the real database (FerretDB has no `$text`): twenty typical
queries, with accents left out or put in, in English, Spanish, French and Portuguese, each
returns the resource it is after first; the p95 latency through the HTTP API is printed.

Twenty resources are the ones searched for; 980 more are made from the same vocabulary of the
field (cities, migrants, refugees, policy, guides...) so that every query has competition.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime

import pytest

from mmc_advocacy.domain import Resource
from mmc_contracts import EventContext
from mmc_contracts.advocacy import ResourceKind
from tests.integration.advocacy.conftest import Advocacy

pytestmark = pytest.mark.integration

# (title, tags, summary, language, query)
TARGETS: list[tuple[str, list[str], str, str, str]] = [
    ("Climate migration in African secondary cities", ["climate mobility"],
     "How mayors respond to people moving because of climate change.", "en",
     "climate migration African cities"),
    ("Guía para la inclusión de personas migrantes venezolanas", ["inclusión"],
     "Prácticas de ciudades colombianas.", "es", "inclusion migrantes venezolanos"),
    ("Accueil des réfugiés ukrainiens dans les villes européennes", ["accueil"],
     "Retour d'expérience des municipalités.", "fr", "refugies ukrainiens"),
    ("Municipal cash assistance for displaced households", ["humanitarian cash"],
     "Lessons from city-led cash programmes.", "en", "cash assistance displaced"),
    ("Health access for undocumented residents", ["health"],
     "City health services open to everyone.", "en", "Health UNDOCUMENTED"),
    ("Cities and the Global Compact for Migration: a guide to the review", ["GCM"],
     "What cities bring to the review of the compact.", "en", "global compact review guide"),
    ("The Mayors Mechanism at the GFMD: lessons from Quito", ["GFMD"],
     "How mayors joined the Global Forum.", "en", "GFMD mayors mechanism"),
    ("Labour market integration of refugee women", ["livelihoods"],
     "Employment programmes run by cities.", "en", "labour integration refugee women"),
    ("Ciudades solidarias: respuesta a la movilidad humana en América Latina", ["movilidad"],
     "Cómo responden los gobiernos locales.", "es", "movilidad humana ciudades solidarias"),
    ("Xenophobia prevention toolkit for local governments", ["social cohesion"],
     "Communication and community tools.", "en", "xenophobia toolkit"),
    ("Migração e cidades: guia de acolhimento", ["acolhimento"],
     "Experiências de municípios brasileiros.", "pt", "acolhimento migracao"),
    ("Data on internal displacement in urban areas", ["internal displacement"],
     "Measuring displacement in cities.", "en", "internal displacement data"),
    ("Financing urban refugee responses: Global Cities Fund evaluation", ["finance"],
     "What the fund's grants achieved.", "en", "global cities fund evaluation"),
    ("Heat waves and migrant workers in cities", ["climate"],
     "Protecting outdoor workers.", "en", "heat waves migrant workers"),
    ("Language access policies for city services", ["language access"],
     "Interpretation and translation in city halls.", "en", "language access"),
    ("Éducation des enfants migrants à l'école", ["éducation"],
     "Scolariser tous les enfants.", "fr", "education enfants migrants"),
    ("Housing for asylum seekers: municipal approaches", ["housing"],
     "Reception and housing in cities.", "en", "asylum seekers housing"),
    ("Digital identity for refugees in cities", ["digital identity"],
     "Civil registration and city ID cards.", "en", "digital identity"),
    ("Participación política de migrantes en gobiernos locales", ["participación"],
     "Consejos consultivos de migrantes.", "es", "participacion politica"),
    ("Return and reintegration of migrants in cities of origin", ["return"],
     "Cities of origin welcome returnees.", "en", "return reintegration origin"),
]  # fmt: skip

VOCABULARY = {
    "en": [
        "cities",
        "city",
        "urban",
        "local",
        "policy",
        "guide",
        "report",
        "review",
        "data",
        "global",
        "migrants",
        "refugees",
        "refugee",
        "governance",
        "network",
        "mayors",
        "dialogue",
        "practice",
        "annual",
        "regional",
        "services",
        "women",
        "workers",
        "inclusion",
        "partnership",
        "strategy",
        "brief",
    ],
    "es": [
        "ciudades",
        "ciudad",
        "urbana",
        "local",
        "política",
        "guía",
        "informe",
        "migrantes",
        "refugiados",
        "gobiernos",
        "alcaldes",
        "red",
        "práctica",
        "regional",
        "servicios",
        "mujeres",
    ],
    "fr": [
        "villes",
        "ville",
        "urbaine",
        "locale",
        "politique",
        "guide",
        "rapport",
        "migrants",
        "réfugiés",
        "maires",
        "réseau",
        "pratique",
        "régionale",
        "services",
        "femmes",
    ],
    "pt": [
        "cidades",
        "cidade",
        "urbana",
        "local",
        "política",
        "guia",
        "relatório",
        "migrantes",
        "refugiados",
        "prefeitos",
        "rede",
        "prática",
        "regional",
        "serviços",
        "mulheres",
    ],
}
TOTAL = int(os.environ.get("MMC_SEARCH_TEST_TOTAL", "1000"))
ROUNDS = 3


def filler(index: int, rng: random.Random) -> tuple[str, list[str], str, str]:
    language = rng.choice(list(VOCABULARY))
    words = VOCABULARY[language]
    title = " ".join(rng.sample(words, 4)).capitalize() + f" {index}"
    summary = " ".join(rng.sample(words, 8))
    return title, rng.sample(words, 2), summary, language


async def test_twenty_queries_find_their_resource_first_among_a_thousand(
    advocacy: Advocacy,
) -> None:
    assert advocacy.service is not None
    resources = advocacy.service.repos.resources
    context = EventContext(actor="search-test", at=datetime(2026, 12, 1, tzinfo=UTC))
    rng = random.Random(7)
    rows = [(t, g, s, lang) for t, g, s, lang, _ in TARGETS]
    rows += [filler(i, rng) for i in range(TOTAL - len(TARGETS))]
    rng.shuffle(rows)
    ids: dict[str, str] = {}
    documents = []
    started = time.perf_counter()
    for index, (title, tags, summary, language) in enumerate(rows):
        resource = Resource.add(
            f"r{index:04d}",
            kind=ResourceKind.REPORT,
            title=title,
            summary=summary,
            topics=tags,
            language=language,
            context=context,
        )
        documents.append(resource.to_document())
        ids[title] = resource.id
    # The documents the store would write (the domain's own), in bulk: this measures search,
    # not the write path, on a database the whole team shares.
    for batch in range(0, TOTAL, 100):
        await resources.collection.insert_many(documents[batch : batch + 100])
    # Written behind the service's back: its index learns them at its next refresh.
    await advocacy.service.search.refresh()
    loaded = time.perf_counter() - started
    print(f"\nloaded {TOTAL} in {loaded:.1f}s", flush=True)
    assert await resources.count({}) == TOTAL

    timings: list[float] = []
    misses: list[str] = []
    for _ in range(ROUNDS):
        for title, _tags, _summary, _language, query in TARGETS:
            began = time.perf_counter()
            page = await advocacy.ok("GET", "/resources", params={"q": query, "limit": 5})
            timings.append(time.perf_counter() - began)
            first = page["items"][0]["id"] if page["items"] else None
            if first != ids[title]:
                misses.append(f"{query!r}: got {page['items'][:1]}, wanted {title!r}")
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"\nsearch: {TOTAL} resources loaded in {loaded:.1f}s; {len(timings)} queries,"
        f" median {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )
    assert not misses, "\n".join(misses)
    assert p95 < 2.0
