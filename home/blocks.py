"""StreamField blocks shared by every page type.

Only Char/Text/RichText/Struct/List/Stream/Embed/ImageBlock content is extracted by
wagtail-localize, so every block here is built from those.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from home.content_rules import validate_link_text

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text whose links say where they go (``home.content_rules``)."""

    def clean(self, value):
        value = super().clean(value)
        validate_link_text(value)
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/streamfield/blocks/quote_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/streamfield/blocks/captioned_image_block.html"


class VideoBlock(blocks.StructBlock):
    """A third-party video, loaded only after the reader asks for it."""

    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(label=_("Title"), help_text=_("What the video shows."))
    transcript = blocks.TextBlock(
        required=False,
        label=_("Transcript or captions"),
        help_text=_("For readers who cannot watch or hear the video."),
    )
    has_captions = blocks.BooleanBlock(
        required=False,
        label=_("The video has captions"),
        help_text=_("Tick only if the video shows captions in its own player."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/streamfield/blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value["transcript"].strip() and not value["has_captions"]:
            raise StructBlockValidationError(
                block_errors={
                    "transcript": ValidationError(
                        _(
                            "Add a transcript, or tick “The video has captions” if its player "
                            "shows them: readers who cannot hear or see the video need one."
                        )
                    )
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        template="components/streamfield/blocks/paragraph_block.html",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
