from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="cog")
class NetworkSettings(BaseGenericSetting):
    contact_email = models.EmailField(_("network contact email"), blank=True)
    demo_content = models.BooleanField(
        _("this site shows demo content"),
        default=False,
        help_text=_(
            "Shows a notice on every page that the stories, people and events are invented."
        ),
    )

    class Meta:
        verbose_name = _("network settings")
