"""The policy calendar the demo is seeded with: the real global moments the MMC works towards.

Past moments are public record. For the coming ones, the series, host and venue are public but
the exact days were not all fixed when this was written: those carry `dates_confirmed: false`
and the days are planning placeholders, to be checked against the organisers' announcements.
Checked on 2026-12-02 against public pages (sources in comments): COP31's days and venue are
confirmed; no public source was found for the days of the IMRF 2026, the GFMD summit and its
Mayors Mechanism day, COP32 (its host city, Addis Ababa, is public) or the Global Refugee Forum
2027, so those stay placeholders.
"""

from __future__ import annotations

from typing import Any

CALENDAR: list[dict[str, Any]] = [
    {
        "name": "International Migration Review Forum 2022",
        "series": "imrf",
        "scope": "global",
        "starts_on": "2022-05-17",
        "ends_on": "2022-05-20",
        "venue": "United Nations Headquarters, New York",
        "description": "The first review of the Global Compact for Migration.",
        "url": "https://www.un.org/en/migration2022",
    },
    {
        "name": "Global Refugee Forum 2023",
        "series": "grf",
        "scope": "global",
        "starts_on": "2023-12-13",
        "ends_on": "2023-12-15",
        "venue": "Palais des Nations, Geneva",
        "description": "The second Global Refugee Forum under the Global Compact on Refugees.",
        "url": "https://www.unhcr.org/global-refugee-forum-2023",
    },
    {
        # https://www.unhcr.org/us/about-unhcr/who-we-are/global-compact-refugees/high-level-officials-meeting/frequently-asked
        "name": "Global Refugee Forum Progress Review 2025",
        "series": "grf",
        "scope": "global",
        "starts_on": "2025-12-15",
        "ends_on": "2025-12-17",
        "venue": "Centre International de Conférences de Genève (CICG), Geneva",
        "description": "The second high-level officials meeting under the Global Compact on "
        "Refugees: the pledges of the 2023 Forum taken stock of.",
        "url": "https://www.unhcr.org/us/about-unhcr/who-we-are/global-compact-refugees/"
        "high-level-officials-meeting/frequently-asked",
    },
    {
        "name": "UN Climate Change Conference COP28",
        "series": "unfccc_cop",
        "scope": "global",
        "starts_on": "2023-11-30",
        "ends_on": "2023-12-12",
        "venue": "Expo City, Dubai",
        "url": "https://unfccc.int/cop28",
    },
    {
        "name": "International Migration Review Forum 2026",
        "series": "imrf",
        "scope": "global",
        "starts_on": "2026-05-05",
        "ends_on": "2026-05-08",
        "venue": "United Nations Headquarters, New York",
        "description": "The second review of the Global Compact for Migration.",
        "dates_confirmed": False,
    },
    {
        # Dates and venue announced by Türkiye's Ministry of Environment, Urbanization and
        # Climate Change: https://www.azernews.az/region/252475.html (2 January 2026); venue
        # (Expo Center, Antalya): https://en.wikipedia.org/wiki/2026_United_Nations_Climate_Change_Conference
        "name": "UN Climate Change Conference COP31",
        "series": "unfccc_cop",
        "scope": "global",
        "starts_on": "2026-11-09",
        "ends_on": "2026-11-20",
        "venue": "Expo Center, Antalya, Türkiye",
        "url": "https://www.azernews.az/region/252475.html",
        "dates_confirmed": True,
    },
    {
        "name": "GFMD Summit and the Mayors Mechanism's Local and Regional Governments Day",
        "series": "gfmd",
        "scope": "global",
        "starts_on": "2027-01-20",
        "ends_on": "2027-01-22",
        "venue": "Host to be announced by the GFMD Chair",
        "description": "The Global Forum on Migration and Development's summit; the Mayors "
        "Mechanism (steered by the MMC, UCLG and IOM) brings local governments' voice to it.",
        "url": "https://www.gfmd.org",
        "dates_confirmed": False,
    },
    {
        # Host city public (Addis Ababa, endorsed at COP30: https://wikimili.com/en/2027_United_Nations_Climate_Change_Conference);
        # no public source found for the days: placeholders.
        "name": "UN Climate Change Conference COP32",
        "series": "unfccc_cop",
        "scope": "global",
        "starts_on": "2027-11-08",
        "ends_on": "2027-11-19",
        "venue": "Addis Ababa, Ethiopia",
        "dates_confirmed": False,
    },
    {
        "name": "Global Refugee Forum 2027",
        "series": "grf",
        "scope": "global",
        "starts_on": "2027-12-14",
        "ends_on": "2027-12-16",
        "venue": "Geneva",
        "description": "The third Global Refugee Forum; pledges are reviewed and renewed.",
        "dates_confirmed": False,
    },
]
