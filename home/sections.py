"""A registry through which the other apps contribute blocks to the home and city pages.

The home app imports no other app of ours; stories, events and handbook register what they
show here in their ``AppConfig.ready`` instead.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    template: str
    get_context: Callable  # (request, locale, city) -> dict, or None to hide the section


_sections: dict[str, Section] = {}


def register(key: str, *, order: int, template: str):
    def decorator(func):
        _sections[key] = Section(key, order, template, func)
        return func

    return decorator


def gather(request, locale, city=None) -> list[dict]:
    """Every registered section's context, in order, leaving out the empty ones."""
    gathered = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        context = section.get_context(request, locale, city)
        if context:
            gathered.append({"template": section.template, **context})
    return gathered
