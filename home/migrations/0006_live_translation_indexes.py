"""Partial indexes on the live rows of ``wagtailcore_page``, for choosing and counting one page
per translation (``home.localization``; docs/decisions.md §28).

- ``(translation_key, locale_id, id) WHERE live``: ``one_per_translation`` asks, for each row
  of a listing, whether its key has a live page in the reader's language and whether it has an
  older live page. With this index both are answered from the index alone (before, each read
  the page table's rows: 12,000 upcoming events counted in 50–60 ms at 100,000 pages, now
  30–35 ms).
- ``(content_type_id, translation_key) WHERE live``: ``count_per_translation`` counts the live
  translation keys of a type (every story: 25 ms, now 4 ms).

Both are partial (``WHERE live``) on PostgreSQL and SQLite alike, and built ``CONCURRENTLY`` on
PostgreSQL, so that a live site goes on writing while they are made.
"""

from django.db import migrations

INDEXES = [
    ("cid_page_live_keys", "(translation_key, locale_id, id)"),
    ("cid_page_live_types", "(content_type_id, translation_key)"),
]


def run(apps, schema_editor, *, forward: bool):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    concurrently = " CONCURRENTLY" if vendor == "postgresql" else ""
    for name, columns in INDEXES if forward else reversed(INDEXES):
        if forward:
            schema_editor.execute(
                f"CREATE INDEX{concurrently} IF NOT EXISTS {name} "
                f"ON wagtailcore_page {columns} WHERE live"
            )
        else:
            schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {name}")


def create(apps, schema_editor):
    run(apps, schema_editor, forward=True)


def drop(apps, schema_editor):
    run(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("home", "0005_scale_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
