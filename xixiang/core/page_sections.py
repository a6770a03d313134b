"""Sections a higher app adds to a lower app's page, the way apps register history pages.

The village page (households) shows the village's archives without importing `archives`:
archives registers, in its `AppConfig.ready()`,

    page_sections.register("village", template="archives/village_panel.html", context=provider)

where `provider(request, village)` is a selector returning the section's context (or None to
show nothing). The page's view passes `page_sections.collect("village", request, village)` to
its template, which includes each section with its own context:

    {% for section in sections %}{% include section.template with section=section.context %}{% endfor %}

so the section's template reads `section.<name>`, and no template tag reads the request.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template: str
    context: dict


_providers: dict[str, list[tuple[str, Callable[[HttpRequest, object], dict | None]]]] = {}


def register(page: str, *, template: str, context: Callable[[HttpRequest, object], dict | None]) -> None:
    """Add a section to `page`, in registration order (the order of INSTALLED_APPS); registering
    the same template again replaces its provider."""
    providers = [entry for entry in _providers.get(page, []) if entry[0] != template]
    _providers[page] = [*providers, (template, context)]


def collect(page: str, request: HttpRequest, obj) -> list[Section]:
    """The sections of `page` for `obj`, each with the context its provider returned."""
    sections = []
    for template, provider in _providers.get(page, []):
        context = provider(request, obj)
        if context is not None:
            sections.append(Section(template, context))
    return sections
