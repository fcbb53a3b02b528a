"""StreamField blocks shared by every page type.

Only Char/Text/RichText/Struct/List/Stream/Embed/ImageBlock content is extracted by
wagtail-localize, so every block here is built from those.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


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

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/streamfield/blocks/video_block.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        template="components/streamfield/blocks/paragraph_block.html",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
