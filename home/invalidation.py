"""Which changes make cached page data stale (see ``home.cache``): saving or deleting a page of
any type, anything from the apps whose models public pages show, and the Wagtail models pages
are made of. Connected per model, so that models nobody shows keep Django's fast bulk delete."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from home.cache import new_content_version

PUBLIC_APPS = {"home", "stories", "events", "handbook", "partners"}
NOT_SHOWN = {"handbook.editionpdf"}  # a stored PDF file: written on first download, shown nowhere


def shown_on_public_pages(model) -> bool:
    wagtail_models = (
        Site,
        Locale,
        PageViewRestriction,
        Collection,
        get_image_model(),
        get_document_model(),
    )
    if model._meta.label_lower in NOT_SHOWN:
        return False
    return (
        model._meta.app_label in PUBLIC_APPS or issubclass(model, Page) or model in wagtail_models
    )


def connect() -> None:
    for model in apps.get_models():
        if shown_on_public_pages(model):
            uid = f"cid-content-version-{model._meta.label_lower}"
            post_save.connect(new_content_version, sender=model, dispatch_uid=uid)
            post_delete.connect(new_content_version, sender=model, dispatch_uid=uid)
    # Moves and unpublications also change rows by queryset updates, which send no post_save.
    post_page_move.connect(new_content_version, dispatch_uid="cid-content-version-move")
    page_unpublished.connect(new_content_version, dispatch_uid="cid-content-version-unpublish")
