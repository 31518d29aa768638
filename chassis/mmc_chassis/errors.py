"""Failures the chassis reports to a service; the HTTP layer maps them to 404 and 409."""


class NotFound(LookupError):
    def __init__(self, kind: str, identifier: str) -> None:
        super().__init__(f"{kind} {identifier!r} not found")
        self.kind, self.identifier = kind, identifier


class Conflict(Exception):
    """The request contradicts the current state (HTTP 409)."""


class AlreadyExists(Conflict):
    def __init__(self, kind: str, identifier: str) -> None:
        super().__init__(f"{kind} {identifier!r} already exists")


class StaleVersion(Conflict):
    def __init__(self, kind: str, identifier: str, expected: int) -> None:
        super().__init__(
            f"{kind} {identifier!r} was changed by someone else (expected version {expected});"
            " reload it and try again"
        )
        self.expected = expected
