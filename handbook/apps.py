from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from handbook import sections  # noqa: F401  (registers the home page section)
