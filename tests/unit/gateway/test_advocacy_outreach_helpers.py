"""The gateway's pure helpers for advocacy and outreach: the amplification bar chart, who may
approve a material, when an inquiry is past its response target; and `make run` printing the
staff UI's address first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mmc_gateway.ao_charts import Bar, bars_chart
from mmc_gateway.pages.advocacy import may_approve, writers
from mmc_gateway.pages.outreach import past_target

ROOT = Path(__file__).resolve().parents[3]


def test_the_bar_chart_scales_to_the_largest_value_and_escapes_labels() -> None:
    svg = bars_chart([Bar("<op-ed>", 200), Bar("social", 50)], "Reach & more")
    assert svg.startswith("<svg")
    assert '<title id="bars-chart-title">Reach &amp; more</title>' in svg
    assert "&lt;op-ed&gt;: 200" in svg
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 4 * widths[1]
    assert bars_chart([], "nothing") == ""


@dataclass
class FakeAccount:
    staff_id: str
    approver: bool


@dataclass
class FakeStaff:
    account: FakeAccount
    permitted: bool = True

    @property
    def staff_id(self) -> str:
        return self.account.staff_id

    def can(self, permission: str) -> bool:
        return self.permitted


def material(status: str = "in_review") -> dict[str, Any]:
    return {
        "status": status,
        "author": "staff-a",
        "versions": [{"written_by": "staff-a"}, {"written_by": "staff-b"}],
    }


def test_only_an_approver_who_wrote_none_of_the_text_approves_a_material_in_review() -> None:
    assert writers(material()) == {"staff-a", "staff-b"}
    ok: Any = FakeStaff(FakeAccount("staff-c", approver=True))
    assert may_approve(ok, material())
    assert not may_approve(ok, material("draft"))
    assert not may_approve(FakeStaff(FakeAccount("staff-b", approver=True)), material())  # type: ignore[arg-type]
    assert not may_approve(FakeStaff(FakeAccount("staff-c", approver=False)), material())  # type: ignore[arg-type]
    assert not may_approve(FakeStaff(FakeAccount("staff-c", True), permitted=False), material())  # type: ignore[arg-type]


def test_an_open_unanswered_inquiry_is_past_its_target_after_48_hours() -> None:
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    asked = {"received_at": "2026-11-30T11:00:00Z", "answers": [], "status": "triaged"}
    assert past_target(asked, now)
    assert not past_target({**asked, "received_at": "2026-11-30T13:00:00Z"}, now)
    assert not past_target({**asked, "answers": [{"text": "yes"}]}, now)
    assert not past_target({**asked, "status": "closed"}, now)


def test_make_run_prints_the_gateway_address_before_anything_else() -> None:
    script = (ROOT / "deploy" / "local" / "run.sh").read_text()
    first_output = next(
        line for line in script.splitlines() if re.match(r"\s*(echo|printf|\"\$HERE)", line)
    )
    assert "http://127.0.0.1:8100" in first_output
