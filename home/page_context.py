"""A registry through which other apps add to every page's context (the participation app adds
a page's comments). The home app imports none of them; they register in ``AppConfig.ready``."""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    """``provider(page, request) -> dict`` is merged into each page's template context."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def providers() -> list[Callable]:
    return list(_providers)
