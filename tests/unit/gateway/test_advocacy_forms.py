"""The advocacy action forms' pure helpers: the API's messages placed beside the form's fields,
figures read from `name = number` lines, lists from a textarea's lines."""

from __future__ import annotations

from mmc_gateway.pages.advocacy_action_fields import CAMPAIGN, REPORT, figures
from mmc_gateway.pages.advocacy_forms import lines, number_or_text, place_messages


def test_a_message_goes_beside_the_field_its_location_names() -> None:
    placed, general = place_messages(
        [
            "ends_on: must not be before starts_on",
            "audiences.3: String should have at most 200 characters",
            "the campaign changed meanwhile",
            "consent.given_on: must not be after today",
        ],
        CAMPAIGN,
    )
    assert placed == {
        "ends_on": ["must not be before starts_on"],
        "audiences": ["String should have at most 200 characters"],
    }
    assert general == [
        "the campaign changed meanwhile",
        "consent.given_on: must not be after today",
    ]


def test_figures_are_read_from_name_equals_number_lines() -> None:
    assert figures("learners = 340\n\n schools=2 \nbudget = 1,200.5") == {
        "learners": 340.0,
        "schools": 2.0,
        "budget": 1200.5,
    }
    assert figures("") == {}
    assert figures("learners = many") == {"learners": "many"}  # the API refuses it at its name
    assert figures("learners 340") is None
    assert any(f.name == "figures" for f in REPORT)


def test_lists_and_numbers_from_a_form() -> None:
    assert lines("  UN agencies \n\nnational delegations\n") == [
        "UN agencies",
        "national delegations",
    ]
    assert lines(["15", "16"]) == ["15", "16"]
    assert number_or_text("16") == 16
    assert number_or_text("sixteen") == "sixteen"
    assert number_or_text("99999999999") == "99999999999"
