from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import handbook.pdf  # noqa: F401  (deletes a stored PDF's file with its row)
        from handbook import sections  # noqa: F401  (registers the home page section)
