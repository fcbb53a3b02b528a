from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import wagtail_localize_po_upload, wagtail_localize_related_objects  # noqa: F401
        from home.cache import install_locale_memo
        from home.invalidation import connect

        install_locale_memo()
        connect()
