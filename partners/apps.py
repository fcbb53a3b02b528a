from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and roles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners import (  # noqa: F401
            signals,
            wagtail_localize_translator_locales,
            wagtail_page_chooser_drafts,
            wagtail_structural_pages,
        )
