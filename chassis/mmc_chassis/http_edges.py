"""What the HTTP edge answers where no route decides: a method a path does not offer, and a body
that is not JSON text.

* 405 names every method the path offers in `Allow` (Starlette names only the first route's),
  and a path that is a resource of its own (`/cities/export.csv`) offers only its own methods,
  even where a parametrised sibling (`/cities/{city_id}`) would take the method.
* A body that cannot even be read as text (not UTF-8) is malformed input like any other: 422
  at `body`, not FastAPI's bare 400.
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["install_http_edges"]

_UNREADABLE_BODY = "There was an error parsing the body"


def install_http_edges(app: FastAPI) -> None:
    app.add_middleware(_MethodNotAllowed, api=app)
    app.add_exception_handler(HTTPException, _unreadable_body)


async def _unreadable_body(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 400 and error.detail == _UNREADABLE_BODY:
        detail = [{"loc": ["body"], "msg": "must be JSON text (UTF-8)", "type": "json_invalid"}]
        return JSONResponse({"detail": detail}, 422)
    return await http_exception_handler(request, error)


PathMethods = list[tuple[re.Pattern[str], bool, set[str]]]


class _MethodNotAllowed:
    """Answers 405, with every method of the path in `Allow`, before routing takes a method the
    path does not offer. The paths and their methods are the API's own (its OpenAPI document)."""

    def __init__(self, app: ASGIApp, api: FastAPI) -> None:
        self.app = app
        self.api = api
        self._paths: PathMethods | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            allowed = self._allowed(scope["path"])
            if allowed and scope["method"] not in allowed:
                response = JSONResponse(
                    {"detail": "Method Not Allowed"},
                    405,
                    headers={"Allow": ", ".join(sorted(allowed))},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _allowed(self, path: str) -> set[str]:
        """The methods of the API's paths that match; a path without parameters wins."""
        if self._paths is None:
            self._paths = [
                (_template_regex(template), "{" not in template, {m.upper() for m in operations})
                for template, operations in self.api.openapi().get("paths", {}).items()
            ]
        static: set[str] = set()
        parametrised: set[str] = set()
        for regex, is_static, methods in self._paths:
            if regex.match(path):
                (static if is_static else parametrised).update(methods)
        return static or parametrised


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )
