"""Indexes the site needs at scale on tables that Wagtail owns (docs/decisions.md §28).

- ``wagtailcore_page.url_path``: the router fetches the pages along a request's path by their
  URL paths (``home.models.base._child``), and Wagtail's ``get_by_natural_key`` looks pages up
  by it; without an index each request reads the whole page table. On PostgreSQL a hash index:
  only equality is asked, and a B-tree entry is limited to about 2.7 kB, which a deep path of
  long non-Latin slugs could pass.
- ``wagtailcore_page.depth``: Wagtail finds the tree's root (``depth = 1``) on every admin
  request, which read the whole table (20 ms at 100,000 pages).
- ``wagtailsearch_indexentry (title || body)`` on PostgreSQL: the search backend matches the
  query against the two vectors joined, which the per-column GIN indexes do not serve, so every
  search read the whole index table.

Built ``CONCURRENTLY`` on PostgreSQL, so that a live site goes on writing while they are made.
"""

from django.db import migrations

POSTGRESQL = [
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS cid_page_url_path "
        "ON wagtailcore_page USING hash (url_path)",
        "DROP INDEX CONCURRENTLY IF EXISTS cid_page_url_path",
    ),
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS cid_page_depth ON wagtailcore_page (depth)",
        "DROP INDEX CONCURRENTLY IF EXISTS cid_page_depth",
    ),
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS cid_search_title_body "
        "ON wagtailsearch_indexentry USING gin ((title || body))",
        "DROP INDEX CONCURRENTLY IF EXISTS cid_search_title_body",
    ),
]
SQLITE = [
    (
        "CREATE INDEX IF NOT EXISTS cid_page_url_path ON wagtailcore_page (url_path)",
        "DROP INDEX IF EXISTS cid_page_url_path",
    ),
    (
        "CREATE INDEX IF NOT EXISTS cid_page_depth ON wagtailcore_page (depth)",
        "DROP INDEX IF EXISTS cid_page_depth",
    ),
]


def run(apps, schema_editor, *, forward: bool):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, [])
    for create, drop in statements if forward else reversed(statements):
        schema_editor.execute(create if forward else drop)


def create(apps, schema_editor):
    run(apps, schema_editor, forward=True)


def drop(apps, schema_editor):
    run(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("home", "0004_body_links_and_video_captions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
