from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events import sections  # noqa: F401  (registers the home page section)
        from events.models.events import next_change
        from home.pagecache import register_expiry

        register_expiry(next_change)
