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

        page_context.register(comments_context)
