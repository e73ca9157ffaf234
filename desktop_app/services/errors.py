"""Typed errors the services raise: each carries a Chinese message fit to show a clerk."""

from __future__ import annotations

from desktop_app.core.findings import Finding


class ServiceError(Exception):
    """An error a user can cause; `str(exc)` is a complete Chinese sentence."""


class NotFound(ServiceError):
    pass


class ValidationFailed(ServiceError):
    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class Cancelled(ServiceError):
    """The clerk pressed 取消: the use case stopped before writing; nothing was changed."""

    def __init__(self, message: str = "操作已取消，数据未作改动。") -> None:
        super().__init__(message)


class NotConfigured(ServiceError):
    pass
