from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from events.forms import EventReportPageForm
from home.blocks import RICH_TEXT_FEATURES, BodyBlock, CaptionedImageBlock
from home.listing import decorate
from home.localization import one_per_translation
from home.models import BasePage


class ReportParticipants(Orderable):
    """How many participants came from one country: what the network reports to its funder."""

    report = ParentalKey(
        "events.EventReportPage", on_delete=models.CASCADE, related_name="participants_by_country"
    )
    country = CountryField(_("country"))
    participants = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])

    panels = [FieldPanel("country"), FieldPanel("participants")]

    class Meta(Orderable.Meta):
        verbose_name = _("participants from a country")
        verbose_name_plural = _("participants by country")
        constraints = [
            models.UniqueConstraint(fields=["report", "country"], name="one_row_per_country")
        ]


class EventReportPage(BasePage):
    """What happened at an event: outcomes, who took part, photos, the practices it fed."""

    outcomes = RichTextField(_("outcomes"), features=RICH_TEXT_FEATURES)
    participants_total = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("Everyone who took part, including those whose country is not known."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("report"), blank=True)
    gallery = StreamField(
        [("photo", CaptionedImageBlock())], verbose_name=_("photo gallery"), blank=True
    )
    practices = ParentalManyToManyField(
        "handbook.PracticePage",
        verbose_name=_("practices it fed"),
        blank=True,
        related_name="event_reports",
    )

    parent_page_types = ["events.EventPage"]
    subpage_types = []
    comments_open = True
    max_count_per_parent = 1
    base_form_class = EventReportPageForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("participants_total"),
                InlinePanel("participants_by_country", label=_("Participants from a country")),
            ],
            heading=_("Who took part"),
        ),
        *BasePage.image_panels,
        FieldPanel("body"),
        FieldPanel("gallery"),
        FieldPanel("practices"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("outcomes"),
        index.SearchField("body"),
    ]
    translatable_fields = [
        *BasePage.translatable_fields,
        TranslatableField("outcomes"),
        TranslatableField("body"),
        TranslatableField("gallery"),
        SynchronizedField("participants_total"),
        SynchronizedField("participants_by_country"),
        SynchronizedField("practices"),
    ]

    class Meta:
        verbose_name = _("event report")

    @property
    def event(self):
        return self.get_parent().specific

    def shared_context(self, request) -> dict:
        context = super().shared_context(request)
        locale = Locale.get_active()
        keys = self.practices.values("translation_key")
        practices = (
            one_per_translation(
                self.practices.model.objects.filter(translation_key__in=keys), locale
            )
            .select_related("locale")
            .prefetch_related("themes")
            .order_by("title")
        )
        context["practices"] = decorate(practices, locale, request)
        rows = self.participants_by_country.all()
        context["countries"] = sorted(
            ({"country": row.country, "participants": row.participants} for row in rows),
            key=lambda row: (-row["participants"], row["country"].name),
        )
        return context
