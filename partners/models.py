from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Workflow


class Partner(models.Model):
    """A partner of the network and what gives its people their own corner: its city page (one
    per locale, linked by ``translation_key``), collection, groups and review workflow."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    translation_key = models.UUIDField(
        _("translation key of its city page"), unique=True, editable=False
    )
    collection = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="partner", verbose_name=_("collection")
    )
    editors = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="partner_as_editors"
    )
    organisers = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="partner_as_organisers"
    )
    workflow = models.OneToOneField(
        Workflow,
        on_delete=models.PROTECT,
        related_name="partner",
        verbose_name=_("review workflow"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def city_pages(self):
        from home.models import CityPage

        return CityPage.objects.filter(translation_key=self.translation_key)
