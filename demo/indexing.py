"""Search and reference indexing deferred to the end of a bulk load.

A page is saved four or five times while it is created, translated and published, and each save
updates the search index and Wagtail's reference index. In a bulk load that is most of the time
spent; indexing each saved object once at the end gives the same indexes.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_indexing():
    """Inside the block, saves only note what to index; when the block ends without an error,
    every noted object is indexed once. The search signal is switched off for the whole
    process meanwhile, so use this in management commands, not in a serving process."""
    saved: dict[type, set] = defaultdict(set)
    searchable = {
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    }

    def note(sender, instance, raw=False, **kwargs):
        if not raw and (sender in searchable or ReferenceIndex.is_indexed(sender)):
            saved[sender].add(instance.pk)

    for model in searchable:
        post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(note, weak=False, dispatch_uid="demo.deferred_indexing")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo.deferred_indexing")
        for model in searchable:
            post_save.connect(post_save_signal_handler, sender=model)
    _index(saved, searchable)


def _saved_objects(saved: dict[type, set]):
    page_ids = set()
    for model, pks in saved.items():
        if issubclass(model, Page):
            page_ids |= pks
        else:
            yield from model._default_manager.filter(pk__in=pks)
    yield from Page.objects.filter(pk__in=page_ids).specific()


@transaction.atomic
def _index(saved: dict[type, set], searchable: set[type]) -> None:
    by_model = defaultdict(list)
    for obj in _saved_objects(saved):
        by_model[type(obj)].append(obj)
    backends = list(get_search_backends(with_auto_update=True))
    for model, objects in by_model.items():
        if model in searchable:
            for backend in backends:
                backend.add_bulk(model, objects)
        if ReferenceIndex.is_indexed(model):
            for obj in objects:
                ReferenceIndex.create_or_update_for_object(obj)
