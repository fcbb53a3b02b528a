from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A shared taxonomy for stories, events and practices: citizenship, anti-racism …"""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(
        required=False, label=_("Label"), help_text=_("Leave empty to use the page's title.")
    )

    class Meta:
        icon = "link"
        label = _("Link")


class OnePerLocale(TranslatableMixin):
    """A translatable snippet of which each locale has exactly one."""

    class Meta(TranslatableMixin.Meta):
        abstract = True
        constraints = []

    @classmethod
    def for_locale(cls, locale):
        """The instance in ``locale``, or the default locale's as a stand-in."""
        found = {obj.locale_id: obj for obj in cls.objects.select_related("locale")}
        if locale is not None and locale.pk in found:
            return found[locale.pk]
        return next((obj for obj in found.values() if obj.locale.is_default), None)


class MainMenu(OnePerLocale, models.Model):
    items = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True)

    panels = [FieldPanel("items")]
    translatable_fields = [TranslatableField("items")]

    class Meta(OnePerLocale.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")
        constraints = [models.UniqueConstraint("locale", name="one_main_menu_per_locale")]

    def __str__(self):
        return str(_("Main menu ({language})").format(language=self.locale.get_display_name()))


class SiteFooter(OnePerLocale, models.Model):
    funding_acknowledgement = models.TextField(
        _("funding acknowledgement"),
        help_text=_("The disclaimer the funding programme requires, shown beside the EU emblem."),
    )
    show_eu_emblem = models.BooleanField(_("show the EU emblem"), default=True)
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True)

    panels = [
        FieldPanel("funding_acknowledgement"),
        FieldPanel("show_eu_emblem"),
        FieldPanel("links"),
    ]
    translatable_fields = [
        TranslatableField("funding_acknowledgement"),
        TranslatableField("links"),
        SynchronizedField("show_eu_emblem"),
    ]

    class Meta(OnePerLocale.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")
        constraints = [models.UniqueConstraint("locale", name="one_footer_per_locale")]

    def __str__(self):
        return str(_("Footer ({language})").format(language=self.locale.get_display_name()))
