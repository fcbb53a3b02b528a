"""The translation overview: how much of the network's content each language has, and what waits
for its translators (Reports → Translation overview, and a panel on a translator's dashboard).

For every configured language and every kind of content page (``CONTENT_TYPES``), the **source
pages** are the live pages whose original is in another language; the original is the earliest
live page of a ``translation_key``, as ``home.localization.one_per_translation`` has it. In the
language, each source page is:

- **missing** when no live page of its ``translation_key`` is there (a translation that was
  started but never published counts as missing; its row leads to the translation editor);
- **out of date** when a live translation is there but does not show the source's current text
  in the language;
- **translated** when a live translation is there and up to date.

When is a translation out of date? wagtail-localize 1.14 keeps no "last synced" date per
translation (``Translation.source_last_updated_at`` was dropped in its migration 0014). What it
does keep: ``TranslationSource.last_updated_at``, set when it reads the source page again ("Sync
translated pages"; a first submission); a ``TranslationLog`` each time it writes a translated page
(creating it, publishing from the translation editor, syncing with "Publish immediately"); and the
source's strings with their translations. A translation made by wagtail-localize (an enabled
``Translation``) is out of date when:

1. **not synced**: its source page was published after wagtail-localize last read it. The change
   reaches no translation until someone syncs; "Translate this page" into another language does
   not read the source again either (``Reason.NOT_SYNCED``);
2. **not published**: it was synced after wagtail-localize last wrote the translated page, so the
   translation editor shows the new text and the live page does not (``Reason.NOT_PUBLISHED``);
3. **strings waiting**: some of the source's strings have no translation in the language, which
   wagtail-localize's own Translations report calls "Waiting for translations" and the demo
   calls not fully translated (``Reason.STRINGS_WAITING``). The live page shows those strings in
   the source's language: after a sync with "Publish immediately", and right after "Translate this
   page", which publishes the translation of a live page at once (wagtail-localize's
   ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE``), every string still in the original.

A translated page without an enabled ``Translation`` (a copy made with ``copy_for_translation``,
or one whose synchronisation was stopped so that it is edited like any page) has no record of what
it was made from; publication times are the only evidence, so it is out of date when the original
was published after it (``Reason.REPUBLISHED``).

Coordinators see every language. A translator (``Translators: <code>``, ``partners.roles``) sees
the languages of their groups, and is refused the lists of any other. The counts of one language
take one query, whatever the number of pages.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
)

from events.models import EventPage, EventReportPage
from handbook.models import HandbookChapterPage, PracticePage
from home.listing import under_any
from home.models import StandardPage
from partners.models import Partner
from partners.roles import translators_group_name
from partners.scope import CITY_PATH_LENGTH, city_paths
from partners.views import partner_policy
from stories.models import StoryPage

PAGE_SIZE = 50
PANEL_ITEMS = 5


@dataclass(frozen=True)
class ContentKind:
    """A kind of content page as the overview counts it: ``key`` is its name in URLs."""

    key: str
    model: type[Page]
    label: str


# The content pages, which exist in the language they were written in plus their translations.
# The structural ones (HomePage, CityPage, the index pages, StoriesPage, EventsPage, HandbookPage:
# ``in_every_locale``) exist in every language from setup and onboarding; a test checks that every
# other page type is here.
CONTENT_TYPES = (
    ContentKind("story", StoryPage, _("Stories")),
    ContentKind("event", EventPage, _("Events")),
    ContentKind("report", EventReportPage, _("Event reports")),
    ContentKind("practice", PracticePage, _("Practices")),
    ContentKind("chapter", HandbookChapterPage, _("Handbook chapters")),
    ContentKind("standard", StandardPage, _("Standard pages")),
)
TYPES_BY_KEY = {kind.key: kind for kind in CONTENT_TYPES}


class State(models.TextChoices):
    TRANSLATED = "translated", _("Translated")
    OUT_OF_DATE = "out-of-date", _("Out of date")
    MISSING = "missing", _("Missing")


class Reason(models.TextChoices):
    """Why a source page is in its state; ``reason`` of ``source_pages()``."""

    UP_TO_DATE = "up-to-date", _("Up to date")
    NOT_SYNCED = "not-synced", _("The original changed after its last sync")
    NOT_PUBLISHED = "not-published", _("Synced, but not published in this language since")
    STRINGS_WAITING = "strings-waiting", _("Some strings are not translated yet")
    REPUBLISHED = "republished", _("The original was published after this translation")
    NOT_STARTED = "not-started", _("Not translated")
    DRAFT = "draft", _("Translation started, not published")


STATE_OF = {
    Reason.UP_TO_DATE: State.TRANSLATED,
    Reason.NOT_SYNCED: State.OUT_OF_DATE,
    Reason.NOT_PUBLISHED: State.OUT_OF_DATE,
    Reason.STRINGS_WAITING: State.OUT_OF_DATE,
    Reason.REPUBLISHED: State.OUT_OF_DATE,
    Reason.NOT_STARTED: State.MISSING,
    Reason.DRAFT: State.MISSING,
}
# What a translator does first: fix what readers already see out of date, then translate.
TODO_ORDER = (State.OUT_OF_DATE, State.MISSING)


def reasons_of(*states: State) -> list[str]:
    return [reason for reason, state in STATE_OF.items() if state in states]


def content_type_ids(kinds=CONTENT_TYPES) -> dict[int, ContentKind]:
    found = ContentType.objects.get_for_models(*(kind.model for kind in kinds))
    return {found[kind.model].pk: kind for kind in kinds}


# Who sees which languages ----------------------------------------------------------------------


def is_coordinator(user) -> bool:
    return partner_policy.user_has_permission(user, "add")


def translator_language_codes(user) -> set[str]:
    """The languages of the user's "Translators: <code>" groups."""
    prefix = translators_group_name("")
    names = user.groups.filter(name__startswith=prefix).values_list("name", flat=True)
    return {name.removeprefix(prefix) for name in names}


def content_locales() -> list[Locale]:
    """Every configured locale, in the configured order (the default language first)."""
    order = {code: position for position, code in enumerate(get_content_languages())}
    locales = Locale.objects.filter(language_code__in=order)
    return sorted(locales, key=lambda locale: order[locale.language_code])


def visible_locales(user, locales: list[Locale]) -> list[Locale]:
    """Of ``locales``: all for coordinators, their groups' for translators, none for others."""
    if is_coordinator(user):
        return locales
    codes = translator_language_codes(user)
    return [locale for locale in locales if locale.language_code in codes]


def may_view_overview(user) -> bool:
    return is_coordinator(user) or bool(translator_language_codes(user))


class TranslationOverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_overview(request.user)


# The numbers -----------------------------------------------------------------------------------


def source_pages(locale: Locale, kinds=CONTENT_TYPES, paths=None) -> QuerySet:
    """The live originals of content pages written in another language than ``locale``, each with
    its ``reason`` (``Reason``) and, where they exist in ``locale``, the live translation's id
    (``target_id``), an unpublished one's (``draft_id``) and the wagtail-localize source it is
    synchronised from (``sync_source_id``). ``paths``: only originals under any of these."""
    key = OuterRef("translation_key")
    live = Page.objects.filter(translation_key=key, live=True)
    here = Page.objects.filter(translation_key=key, locale=locale)
    translation = Translation.objects.filter(
        source__object_id=key, target_locale=locale, enabled=True
    ).order_by("-created_at")
    pages = (
        Page.objects.filter(content_type__in=list(content_type_ids(kinds)), live=True)
        .exclude(locale=locale)
        .filter(pk=Subquery(live.order_by("pk").values("pk")[:1]))
    )
    if paths is not None:
        pages = pages.filter(under_any(paths))
    return (
        pages.annotate(
            target_id=Subquery(here.filter(live=True).values("pk")[:1]),
            draft_id=Subquery(here.filter(live=False).values("pk")[:1]),
            sync_source_id=Subquery(translation.values("source_id")[:1]),
        )
        .alias(
            target_published_at=Subquery(here.filter(live=True).values("last_published_at")[:1]),
            synced_at=Subquery(translation.values("source__last_updated_at")[:1]),
            sync_locale_id=Subquery(translation.values("source__locale_id")[:1]),
        )
        .alias(
            source_published_at=Subquery(
                Page.objects.filter(
                    translation_key=key, locale_id=OuterRef("sync_locale_id")
                ).values("last_published_at")[:1]
            ),
            written_at=Subquery(
                TranslationLog.objects.filter(source_id=OuterRef("sync_source_id"), locale=locale)
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            strings_waiting=Exists(
                StringSegment.objects.filter(source_id=OuterRef("sync_source_id")).filter(
                    ~Exists(
                        StringTranslation.objects.filter(
                            translation_of_id=OuterRef("string_id"),
                            context_id=OuterRef("context_id"),
                            locale=locale,
                            has_error=False,
                        )
                    )
                )
            ),
        )
        .annotate(
            reason=Case(
                When(target_id__isnull=True, draft_id__isnull=False, then=Value(Reason.DRAFT)),
                When(target_id__isnull=True, then=Value(Reason.NOT_STARTED)),
                When(
                    sync_source_id__isnull=True,
                    last_published_at__gt=F("target_published_at"),
                    then=Value(Reason.REPUBLISHED),
                ),
                When(sync_source_id__isnull=True, then=Value(Reason.UP_TO_DATE)),
                When(source_published_at__gt=F("synced_at"), then=Value(Reason.NOT_SYNCED)),
                When(
                    Q(written_at__isnull=True) | Q(written_at__lt=F("synced_at")),
                    then=Value(Reason.NOT_PUBLISHED),
                ),
                When(strings_waiting=True, then=Value(Reason.STRINGS_WAITING)),
                default=Value(Reason.UP_TO_DATE),
                output_field=models.CharField(),
            )
        )
    )


@dataclass
class Counts:
    translated: int = 0
    out_of_date: int = 0
    missing: int = 0

    @property
    def sources(self) -> int:
        return self.translated + self.out_of_date + self.missing

    def of(self, state: State) -> int:
        return getattr(self, state.name.lower())

    def add(self, state: State, number: int) -> None:
        attribute = state.name.lower()
        setattr(self, attribute, getattr(self, attribute) + number)

    @classmethod
    def total(cls, many) -> "Counts":
        total = cls()
        for counts in many:
            for state in State:
                total.add(state, counts.of(state))
        return total


def count_states(locale: Locale, kinds=CONTENT_TYPES, paths=None) -> dict[str, Counts]:
    """``Counts`` of the source pages in ``locale``, by content type key. One query."""
    by_id = content_type_ids(kinds)
    counts = {kind.key: Counts() for kind in kinds}
    rows = (
        source_pages(locale, kinds, paths)
        .values("content_type_id", "reason")
        .annotate(number=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[by_id[row["content_type_id"]].key].add(STATE_OF[row["reason"]], row["number"])
    return counts


def partner_paths(partner: Partner | None) -> list[str] | None:
    """The paths of every locale's copy of ``partner``'s city; ``None`` for the whole network."""
    if partner is None:
        return None
    return city_paths([partner]).get(partner.pk, [])


# Links -----------------------------------------------------------------------------------------


def overview_url(**params) -> str:
    url = reverse("translation_overview:index")
    query = urlencode({name: value for name, value in params.items() if value})
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class Action:
    label: str
    url: str


def actions(page, next_url: str = "") -> list[Action]:
    """What to do about a source page in the list's language: translate it, or open its
    translation (wagtail-localize's translation editor, where it has one), syncing it first if the
    original changed since. Links to wagtail-localize's views come back to ``next_url``."""

    def coming_back(url):
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    if page.target_id is None and page.draft_id is None:
        submit = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        return [Action(gettext("Translate this page"), coming_back(submit))]
    found = []
    if page.reason == Reason.NOT_SYNCED:
        sync = reverse("wagtail_localize:update_translations", args=[page.sync_source_id])
        found.append(Action(gettext("Sync translated pages"), coming_back(sync)))
    if page.target_id is None:
        label = gettext("Continue the translation")
    elif page.reason == Reason.UP_TO_DATE:
        label = gettext("Open the translation")
    else:
        label = gettext("Update the translation")
    edit = reverse("wagtailadmin_pages:edit", args=[page.target_id or page.draft_id])
    found.append(Action(label, edit))
    return found


# The admin view --------------------------------------------------------------------------------


class OverviewForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=Partner.objects.filter(archived_at__isnull=True),
        empty_label=_("All cities and the network's pages"),
        required=False,
    )
    locale = forms.ChoiceField(label=_("Language"), required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *((kind.key, kind.label) for kind in CONTENT_TYPES)],
        required=False,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("all", _("All")), *State.choices], required=False
    )

    def __init__(self, *args, locales, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [("", _("All languages"))] + [
            (locale.language_code, locale.get_display_name()) for locale in locales
        ]


@dataclass
class LocaleRow:
    kind: ContentKind
    counts: Counts
    links: dict[str, str]


@dataclass
class LocaleOverview:
    locale: Locale
    rows: list[LocaleRow]
    total: Counts
    links: dict[str, str]


@dataclass
class ListedPage:
    page: Page
    kind: ContentKind
    state: State
    reason: str
    city: str
    language_code: str
    original_language: str
    actions: list[Action]


def listed_pages(pages, next_url: str = "") -> list[ListedPage]:
    """Describe source pages (rows of ``source_pages()``) for a list. Three queries."""
    by_id = content_type_ids()
    partners = list(Partner.objects.all())
    names = {partner.pk: partner.name for partner in partners}
    city_of = {
        path: names[partner_id]
        for partner_id, paths in city_paths(partners).items()
        for path in paths
    }
    locales = {locale.pk: locale for locale in content_locales()}
    listed = []
    for page in pages:
        state = STATE_OF[page.reason]
        locale = locales.get(page.locale_id)
        listed.append(
            ListedPage(
                page=page,
                kind=by_id[page.content_type_id],
                state=state,
                reason=Reason(page.reason).label,
                city=city_of.get(page.path[:CITY_PATH_LENGTH], ""),
                language_code=locale.language_code if locale else "",
                original_language=locale.get_display_name() if locale else "",
                actions=actions(page, next_url),
            )
        )
    return listed


def state_links(locale: Locale, counts: Counts, **params) -> dict[str, str]:
    """The list behind each number of ``counts`` (none where it is 0): "sources", "translated",
    "out_of_date" and "missing"."""
    links = {}
    if counts.sources:
        links["sources"] = overview_url(locale=locale.language_code, state="all", **params)
    for state in State:
        if counts.of(state):
            links[state.name.lower()] = overview_url(
                locale=locale.language_code, state=state.value, **params
            )
    return links


class TranslationOverviewView(WagtailAdminTemplateMixin, TemplateView):
    """The overview (a table per language) and, with ``locale`` and ``state``, the list of the
    pages behind one of its numbers. ``city`` (a partner's id) keeps the pages under any copy of
    that city; the handbook's chapters and the standard pages are under no city."""

    template_name = "partners/admin/translation_overview.html"
    page_title = _("Translation overview")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        all_locales = content_locales()
        self.locales = visible_locales(request.user, all_locales)
        if not self.locales:
            return permission_denied(request)
        self.form = OverviewForm(request.GET, locales=all_locales)
        if not self.form.is_valid():
            raise Http404
        code = self.form.cleaned_data["locale"]
        if code and code not in {locale.language_code for locale in self.locales}:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filters(self) -> dict:
        data = self.form.cleaned_data
        return {
            "city": data["city"],
            "locale": next(
                (locale for locale in self.locales if locale.language_code == data["locale"]),
                None,
            ),
            "kind": TYPES_BY_KEY.get(data["type"]),
            "state": data["state"],
        }

    @property
    def is_list(self) -> bool:
        return self.filters["locale"] is not None and bool(self.filters["state"])

    @cached_property
    def city_params(self) -> dict:
        city = self.filters["city"]
        return {"city": city.pk} if city else {}

    def get_page_subtitle(self):
        if not self.is_list:
            return ""
        return self.list_heading

    @cached_property
    def list_heading(self) -> str:
        kind, locale, state = self.filters["kind"], self.filters["locale"], self.filters["state"]
        heading = {
            "all": _("%(what)s to translate into %(language)s"),
            State.TRANSLATED: _("%(what)s translated into %(language)s"),
            State.OUT_OF_DATE: _("%(what)s out of date in %(language)s"),
            State.MISSING: _("%(what)s missing in %(language)s"),
        }[state]
        return heading % {
            "what": kind.label if kind else _("All content"),
            "language": locale.get_display_name(),
        }

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": overview_url(), "label": self.page_title}]
        if self.is_list:
            items[-1]["url"] = overview_url(
                locale=self.filters["locale"].language_code, **self.city_params
            )
            items.append({"url": "", "label": self.list_heading})
        return items

    def overview(self) -> list[LocaleOverview]:
        paths = partner_paths(self.filters["city"])
        locales = [self.filters["locale"]] if self.filters["locale"] else self.locales
        sections = []
        for locale in locales:
            counts = count_states(locale, paths=paths)
            total = Counts.total(counts.values())
            rows = [
                LocaleRow(
                    kind,
                    counts[kind.key],
                    state_links(locale, counts[kind.key], type=kind.key, **self.city_params),
                )
                for kind in CONTENT_TYPES
            ]
            sections.append(
                LocaleOverview(locale, rows, total, state_links(locale, total, **self.city_params))
            )
        return sections

    def listing(self):
        locale, kind, state = self.filters["locale"], self.filters["kind"], self.filters["state"]
        pages = source_pages(
            locale, [kind] if kind else CONTENT_TYPES, partner_paths(self.filters["city"])
        )
        if state != "all":
            pages = pages.filter(reason__in=reasons_of(State(state)))
        pages = pages.order_by(F("last_published_at").desc(nulls_last=True), "-pk")
        listed = Paginator(pages, PAGE_SIZE).get_page(self.request.GET.get("p"))
        return listed, listed_pages(listed.object_list, self.request.get_full_path())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, is_list=self.is_list, **kwargs)
        if self.is_list:
            listed, items = self.listing()
            context.update(
                items=items,
                listed=listed,
                elided_page_range=listed.paginator.get_elided_page_range(listed.number),
                show_kind=self.filters["kind"] is None,
                show_state=self.filters["state"] == "all",
            )
        else:
            context["sections"] = self.overview()
        return context


class TranslationOverviewViewSet(ViewSet):
    name = "translation_overview"
    url_prefix = "reports/translations"

    def get_urlpatterns(self):
        return [path("", TranslationOverviewView.as_view(), name="index")]


# The translator's dashboard panel --------------------------------------------------------------


@dataclass
class TranslatorWork:
    locale: Locale
    counts: Counts
    links: dict[str, str]
    items: list[ListedPage]


class TranslatorPanel(Component):
    """For translators: in each of their languages, how many pages are missing and out of date,
    with links into the overview, and the first few to do (out of date first, latest first)."""

    name = "translator_work"
    template_name = "partners/dashboard/translator_panel.html"
    order = 130

    def __init__(self, locales):
        self.locales = list(locales)

    def work(self, locale: Locale) -> TranslatorWork:
        total = Counts.total(count_states(locale).values())
        first = (
            source_pages(locale)
            .filter(reason__in=reasons_of(*TODO_ORDER))
            .alias(
                todo=Case(
                    When(reason__in=reasons_of(State.OUT_OF_DATE), then=Value(0)),
                    default=Value(1),
                )
            )
            .order_by("todo", F("last_published_at").desc(nulls_last=True), "-pk")[:PANEL_ITEMS]
        )
        items = listed_pages(first)
        links = {
            "overview": overview_url(locale=locale.language_code),
            **state_links(locale, total),
        }
        return TranslatorWork(locale, total, links, items)

    def get_context_data(self, parent_context):
        return {"languages": [self.work(locale) for locale in self.locales]}


def translator_panel(user) -> TranslatorPanel | None:
    """The panel for a user in a translators' group; ``None`` for anyone else."""
    codes = translator_language_codes(user)
    if not codes:
        return None
    locales = [locale for locale in content_locales() if locale.language_code in codes]
    return TranslatorPanel(locales) if locales else None
