from wagtail.admin.forms import WagtailAdminPageForm

from home.models.snippets import Theme


class ThemedPageForm(WagtailAdminPageForm):
    """Offers only the themes of the page's own locale, not every translation of each theme."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            locale_id = self.instance.locale_id or (self.parent_page and self.parent_page.locale_id)
            if locale_id:
                self.fields["themes"].queryset = Theme.objects.filter(locale_id=locale_id)
