"""What the advocacy action forms share: a form described as a list of fields (one template
renders them all), the typed values read back bounded, the advocacy API's 422 messages placed
next to the fields they name, and a command that is audited whether it succeeds or is refused.

A form is plain HTML (it works without JavaScript). On a refusal the page comes back with the
service's status, the values as typed and each message beside its field; messages that name no
field of the form (a 404, a 409) are shown above it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from mmc_gateway.i18n import N_
from mmc_gateway.pages.service_commands import REFUSALS, place_at, send_command
from mmc_gateway.services import ServiceError
from mmc_gateway.web import (
    Staff,
    gateway_of,
    language_of,
    render,
    see_other,
)

Values = dict[str, str | list[str]]
Options = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Field:
    """One field of a form. `kind` is text, textarea, date, number, url, select, checks (several
    values), checkbox (yes/no), lines (a textarea, one item a line) or hidden."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    maxlength: int = 200
    hint: str = ""
    options: Options = ()
    translate_options: bool = False

    @property
    def many(self) -> bool:
        return self.kind == "checks"


@dataclass
class Form:
    """A form as the template shows it: where it posts, its fields, values and messages."""

    title: str
    action: str
    submit: str
    fields: list[Field]
    back: tuple[str, str] | None = None
    intro: str = ""
    values: Values = field(default_factory=dict)
    field_errors: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    about: str = ""
    """What the form is about (a moment's name, a material's title), shown as it is."""


def with_options(fields: list[Field], options: Mapping[str, Options]) -> list[Field]:
    """The fields with the choices known only when the page is asked for (cities, moments)."""
    return [replace(f, options=options[f.name]) if f.name in options else f for f in fields]


TOO_LONG = N_("At most %(count)s characters.")
TOO_MANY = N_("At most %(count)s items.")
HINT_LINES = N_("One a line.")
MAX_LINES = 20
LINE_LENGTH = 200


def day(name: str, label: str, *, required: bool = False, hint: str = "") -> Field:
    """A date field (the browser's date picker; typed as YYYY-MM-DD without one)."""
    return Field(name, label, "date", required, 10, hint)


def listed(name: str, label: str, hint: str = HINT_LINES) -> Field:
    """A list of short texts, one a line."""
    return Field(name, label, "lines", maxlength=MAX_LINES * (LINE_LENGTH + 2), hint=hint)


async def read_values(request: Request, fields: list[Field]) -> tuple[Values, dict[str, list[str]]]:
    """The typed values of `fields` (bounded: what is too long is cut and said so, next to the
    field) and the messages for what the gateway refuses before asking the service."""
    form = await request.form()
    gettext = language_of(request, getattr(request.state, "staff", None)).gettext
    values: Values = {}
    errors: dict[str, list[str]] = {}
    for f in fields:
        if f.many:
            chosen = [str(v)[: f.maxlength] for v in form.getlist(f.name)]
            values[f.name] = chosen[: len(f.options) or MAX_LINES]
            continue
        raw = form.get(f.name)
        text = raw if isinstance(raw, str) else ""
        if len(text) > f.maxlength:
            errors.setdefault(f.name, []).append(gettext(TOO_LONG) % {"count": f.maxlength})
            text = text[: f.maxlength]
        if f.kind == "lines" and len(lines(text)) > MAX_LINES:
            errors.setdefault(f.name, []).append(gettext(TOO_MANY) % {"count": MAX_LINES})
        values[f.name] = text
    return values, errors


def lines(text: str | list[str]) -> list[str]:
    """A textarea's non-empty lines (one audience, topic or author each)."""
    if isinstance(text, list):
        return text
    return [line.strip() for line in text.splitlines() if line.strip()]


def text(values: Values, name: str) -> str:
    value = values.get(name, "")
    return value if isinstance(value, str) else ""


def optional(values: Values, name: str) -> str | None:
    """An optional field: empty means not given."""
    return text(values, name).strip() or None


def number_or_text(value: str) -> int | str:
    """A whole number as a number; anything else as typed, for the service to refuse at its
    field."""
    return int(value) if value.isdecimal() and len(value) < 10 else value


def place_messages(
    messages: list[str], fields: list[Field]
) -> tuple[dict[str, list[str]], list[str]]:
    """The service's messages (`field.sub: message`, as `ServiceError` gives them) next to the
    form's fields; what names no field of the form stays above the form."""
    return place_at(messages, {f.name: f.name for f in fields})


def show(request: Request, form: Form, status_code: int = 200) -> Response:
    return render(request, "advocacy_actions/form.html", status_code, form=form)


async def command(
    request: Request,
    staff: Staff,
    form: Form,
    call: tuple[str, str, dict[str, Any]],
    action: str,
    then: Callable[[Any], str],
) -> Response:
    """Send one command to the advocacy service as `staff`. On success: audited, then to
    `then(answer)`. On a refusal: audited (`failed`) and the form again with the messages."""
    advocacy = gateway_of(request).services.advocacy
    try:
        answer = await send_command(request, staff, advocacy, call, action=action)
    except ServiceError as error:
        if error.status not in REFUSALS:
            raise
        form.field_errors, form.errors = place_messages(error.messages, form.fields)
        return show(request, form, error.status)
    return see_other(then(answer))


def refused_here(request: Request, form: Form, errors: dict[str, list[str]]) -> Response:
    """What the gateway itself refuses (too long, too many): the form again, 422."""
    form.field_errors = errors
    return show(request, form, 422)
