from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import page_context
        from participation import notifications  # noqa: F401  (connects its receivers)
        from participation.context import comments_context
        from participation.models import connect_content_version

        page_context.register(comments_context)
        connect_content_version()
