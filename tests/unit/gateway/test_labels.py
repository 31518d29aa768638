"""The services' enumerated values shown through the catalogs, and the seats timeline."""

from __future__ import annotations

from datetime import date

from mmc_contracts.board import MembershipEndReason, NominationStatus, RoundStatus, SeatedVia
from mmc_contracts.cities import (
    AssistanceKind,
    AssistanceStatus,
    MigrationContext,
    PartnershipStatus,
    SizeClass,
)
from mmc_gateway.board_charts import SeatTerm, seats_chart
from mmc_gateway.i18n import Language
from mmc_gateway.labels import LABELS, labeller


def test_every_value_the_pages_show_has_a_label() -> None:
    shown = [
        *PartnershipStatus,
        *SizeClass,
        *MigrationContext,
        *AssistanceKind,
        *AssistanceStatus,
        *NominationStatus,
        *RoundStatus,
        *SeatedVia,
        *MembershipEndReason,
    ]
    assert [value for value in shown if value not in LABELS] == []


def test_a_value_is_translated_and_an_unknown_one_shown_as_sent() -> None:
    arabic = labeller(Language("ar").gettext)
    assert arabic("refugee_hosting") == "استضافة اللاجئين"
    assert arabic(NominationStatus.NOT_SELECTED) == "لم يُختر"
    assert labeller(Language("fr").gettext)("Western Africa") == "Afrique de l'Ouest"
    assert labeller(Language("en").gettext)("not_selected") == "not selected"
    assert arabic("a_value_added_later") == "a_value_added_later"
    assert arabic(None) == ""


def test_the_seats_chart_has_a_row_per_seat_and_a_bar_per_term() -> None:
    terms = [
        SeatTerm(1, "Yvonne Aki-Sawyerr", "Freetown", date(2018, 12, 1), date(2020, 11, 30)),
        SeatTerm(1, "Ama <Owusu>", "Kumasi", date(2025, 12, 1), date(2027, 11, 30)),
        SeatTerm(2, "Luis Peña", "Cúcuta", date(2019, 1, 1), date(2020, 12, 31)),
    ]
    svg = seats_chart(terms, date(2026, 12, 2), "Who held which seat", "Seat")
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert svg.count("<rect") == 3
    assert "Seat 1" in svg
    assert "Seat 2" in svg
    assert "Seat 3" not in svg
    assert "Ama &lt;Owusu&gt;" in svg, "names are escaped"
    assert 'class="today"' in svg
    assert ">2026<" in svg
    assert seats_chart([], date(2026, 12, 2), "t", "Seat") == ""
