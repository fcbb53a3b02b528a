from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock


class SessionBlock(blocks.StructBlock):
    """One agenda item. Times are wall-clock times in the host city's time zone."""

    date = blocks.DateBlock(label=_("Date"))
    start = blocks.TimeBlock(label=_("Starts"))
    end = blocks.TimeBlock(label=_("Ends"))
    title = blocks.CharBlock(label=_("Title"))
    description = blocks.TextBlock(required=False, label=_("Description"))
    speakers = blocks.ListBlock(
        SnippetChooserBlock("events.Person", label=_("Speaker")), default=[], label=_("Speakers")
    )
    room = blocks.CharBlock(required=False, label=_("Room"))
    languages = blocks.CharBlock(
        required=False,
        label=_("Languages"),
        help_text=_("Spoken in the session, e.g. English, Swedish"),
    )
    interpretation = blocks.CharBlock(
        required=False,
        label=_("Interpretation"),
        help_text=_("e.g. Interpretation into Arabic and sign language"),
    )

    class Meta:
        icon = "time"
        label = _("Session")
        template = "components/streamfield/blocks/session_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value["start"] and value["end"] and value["end"] <= value["start"]:
            raise StructBlockValidationError(
                block_errors={"end": ValidationError(_("A session must end after it starts."))}
            )
        return value
