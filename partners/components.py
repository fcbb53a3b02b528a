"""The dashboard's panels on the work waiting in each partner's corner.

Each kind of work is a ``WorkSource``, gathered from the ``register_partner_work`` hook: this app
registers pages in draft and pages in moderation (``partners.wagtail_hooks``); another app adds its
own kind, e.g. comments or submitted stories awaiting moderation, by registering a source there,
without the panels knowing about it.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from home.listing import under_any
from partners.models import Partner
from partners.scope import city_path, city_paths

WORK_HOOK = "register_partner_work"
LIST_LIMIT = 10


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    locale_id: int | None
    note: str
    since: dt.datetime | None


@dataclass(frozen=True)
class WorkList:
    heading: str
    items: list[WorkItem]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.items)


class WorkSource:
    """One kind of work waiting in partners' corners."""

    heading = ""

    def listing(self, paths: list[str], limit: int) -> WorkList:
        """The latest ``limit`` items of one partner (``paths``: its city's copies) and how many
        there are, in a fixed number of queries."""
        raise NotImplementedError

    def counts(self, partner_by_city_path: dict[str, int]) -> dict[int, int]:
        """How many items each partner has, by partner id, in a fixed number of queries."""
        raise NotImplementedError


def work_sources() -> list[WorkSource]:
    return [make_source() for make_source in hooks.get_hooks(WORK_HOOK)]


def in_moderation():
    """Whether a page is in a workflow that is in progress (awaiting a task's reviewers)."""
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=get_default_page_content_type(),
            object_id=Cast(OuterRef("pk"), CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )


class PageWorkSource(WorkSource):
    def pages(self):
        raise NotImplementedError

    def with_details(self, pages):
        return pages

    def note(self, page) -> str:
        raise NotImplementedError

    def since(self, page):
        return page.latest_revision_created_at

    def listing(self, paths, limit):
        pages = self.pages().filter(under_any(paths))
        found = list(
            self.with_details(pages).order_by("-latest_revision_created_at", "-pk")[:limit]
        )
        items = [
            WorkItem(
                title=page.get_admin_display_title(),
                url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                locale_id=page.locale_id,
                note=self.note(page),
                since=self.since(page),
            )
            for page in found
        ]
        return WorkList(str(self.heading), items, pages.count())

    def counts(self, partner_by_city_path):
        rows = (
            self.pages()
            .annotate(city_path=city_path())
            .filter(city_path__in=list(partner_by_city_path))
            .values("city_path")
            .annotate(count=Count("pk"))
            .order_by()
        )
        totals = defaultdict(int)
        for row in rows:
            totals[partner_by_city_path[row["city_path"]]] += row["count"]
        return totals


class DraftPages(PageWorkSource):
    """Pages never published or with unpublished changes, not (or no longer) in moderation."""

    heading = _("Drafts and unpublished changes")

    def pages(self):
        return Page.objects.filter(Q(live=False) | Q(has_unpublished_changes=True)).exclude(
            in_moderation()
        )

    def note(self, page):
        return gettext("Unpublished changes") if page.live else gettext("Draft")


class PagesInModeration(PageWorkSource):
    """Pages submitted to a workflow, with the task they wait for and who submitted them."""

    heading = _("In moderation")

    def pages(self):
        return Page.objects.filter(in_moderation())

    def with_details(self, pages):
        states = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS
        ).select_related("current_task_state__task", "requested_by")
        return pages.prefetch_related(
            Prefetch("_workflow_states", queryset=states, to_attr="_current_workflow_states")
        )

    def note(self, page):
        state = page.current_workflow_state
        task = state.current_task_state.task.name if state.current_task_state else ""
        if state.requested_by is None:
            return task
        return gettext("%(task)s, submitted by %(user)s") % {
            "task": task,
            "user": state.requested_by.get_full_name() or state.requested_by.get_username(),
        }

    def since(self, page):
        state = page.current_workflow_state.current_task_state
        return state.started_at if state else None


class CityWorkPanel(Component):
    """For city editors and organisers: what waits in each of their partners' corners."""

    name = "city_work"
    template_name = "partners/dashboard/city_work.html"
    order = 140

    def __init__(self, partners, sources=None):
        self.partners = list(partners)
        self.sources = work_sources() if sources is None else sources

    def get_context_data(self, parent_context):
        paths = city_paths(self.partners)
        corners = [
            {
                "partner": partner,
                "lists": [source.listing(paths[partner.pk], LIST_LIMIT) for source in self.sources],
            }
            for partner in self.partners
        ]
        return {"corners": corners}


class NetworkWorkPanel(Component):
    """For coordinators: how much waits in every active partner's corner."""

    name = "network_work"
    template_name = "partners/dashboard/network_work.html"
    order = 140

    def __init__(self, sources=None):
        self.sources = work_sources() if sources is None else sources

    def get_context_data(self, parent_context):
        partners = list(Partner.objects.filter(archived_at__isnull=True))
        partner_by_city_path = {
            path: partner_id for partner_id, paths in city_paths(partners).items() for path in paths
        }
        counts = [source.counts(partner_by_city_path) for source in self.sources]
        history_url = reverse("partners:history")
        rows = [
            {
                "partner": partner,
                "history_url": f"{history_url}?partner={partner.pk}",
                "counts": [by_partner.get(partner.pk, 0) for by_partner in counts],
            }
            for partner in partners
        ]
        return {"headings": [str(source.heading) for source in self.sources], "rows": rows}
