"""Backups (deploy/backup.sh, deploy/restore.sh): a real round trip on PostgreSQL, from content
in the test database to a fresh database and media folder where it is all found again, and
the refusals that keep an operator from restoring the wrong thing or over live data.

The round trip commits its content (``transaction=True``: pg_dump only sees committed rows) in
this worker's own test database, like the browser tests; the flush that follows it, and
conftest's rebuild of what ``setup_site`` made, are the same as theirs. The restore goes into a
database of its own with a unique name, created here and dropped afterwards.
"""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from psycopg import sql
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from participation.models import Comment
from tests.factories import (
    CityPageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    translate_page,
)

ROOT = Path(__file__).resolve().parent.parent
BACKUP = ROOT / "deploy" / "backup.sh"
RESTORE = ROOT / "deploy" / "restore.sh"

ON_POSTGRESQL = connection.vendor == "postgresql"
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="backups are of PostgreSQL (pg_dump); run with DATABASE_URL=postgres://... to test them",
)
# Never connected to: the refusals below come before any connection.
UNREACHABLE_URL = "postgres://nobody@127.0.0.1:1/never"


def run(script, *args, **env):
    """Run a backup script with the given environment on top of this one's; its result."""
    return subprocess.run(
        ["bash", str(script), *map(str, args)],
        env={**os.environ, **{key: str(value) for key, value in env.items()}},
        capture_output=True,
        text=True,
        timeout=120,
    )


def succeeded(result):
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def refused(result, reason):
    assert result.returncode != 0, f"not refused:\n{result.stdout}\n{result.stderr}"
    assert reason in result.stderr
    return result


def database_url(name):
    """A postgres:// URL for database ``name`` on the test database's server."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{quote(name, safe='')}"


def connect(name="postgres"):
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or 5432,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=name,
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    """The name of a new, empty database of this test's own; dropped after it. Made from
    template0, which nobody connects to (a session on template1 would make this fail)."""
    name = f"cid_restore_{uuid.uuid4().hex[:12]}"
    with connect() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    yield name
    with connect() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def fake_backup(folder):
    """A backup folder whose files are junk but whose SHA256SUMS matches them."""
    folder.mkdir()
    for name in ("database.dump", "media.tar.gz", "MANIFEST"):
        (folder / name).write_text(f"not really a {name}\n")
    (folder / "SHA256SUMS").write_text(
        "".join(
            f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n"
            for name in ("database.dump", "media.tar.gz", "MANIFEST")
        )
    )
    return folder


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# The round trip --------------------------------------------------------------------------------


# Committed rows, for pg_dump to see. Transactional only on PostgreSQL: conftest rebuilds the
# site after every transactional test, skipped or not, and on SQLite there may be no database.
@needs_postgresql
@pytest.mark.django_db(transaction=ON_POSTGRESQL)
def test_a_backup_restored_into_a_fresh_database_holds_the_content_and_the_files(
    settings, tmp_path, fresh_database
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    city = CityPageFactory(title="Malmö", slug="malmo")
    stories = StoryIndexPageFactory(parent=city)
    translate_page(city, "sv")
    translate_page(stories, "sv")
    image = Image.objects.create(title="Harbour", file=get_test_image_file(colour="red"))
    document = Document.objects.create(title="Minutes")
    document.file.save("minutes.txt", ContentFile(b"What the neighbours agreed.\n"))
    story = StoryPageFactory(
        parent=stories,
        title="The language café on Möllan",
        slug="language-cafe",
        image=image,
        image_alt="The harbour at dawn",
    )
    story.body = [("paragraph", RichText("<p>Every Thursday, neighbours teach each other.</p>"))]
    story.save_revision().publish()
    swedish = translate_page(story, "sv", title="Språkcaféet på Möllan")
    comment = Comment.objects.create(
        page=story,
        thread_key=story.translation_key,
        name="Amira",
        text="I came for the coffee and stayed for the Swedish.",
        language="en",
        status=Comment.Status.APPROVED,
    )

    backups = tmp_path / "backups"
    backups.mkdir()
    # Three older backups and a file of the operator's: BACKUP_KEEP=2 keeps the newest old one
    # and the new one, and never touches what is not a backup.
    for stamp in ("20240101T020000Z", "20240102T020000Z", "20240103T020000Z"):
        (backups / f"cid-{stamp}").mkdir()
    (backups / "notes.txt").write_text("offsite copy every night\n")
    source_url = database_url(connection.settings_dict["NAME"])
    succeeded(
        run(BACKUP, backups, DATABASE_URL=source_url, MEDIA_ROOT=settings.MEDIA_ROOT, BACKUP_KEEP=2)
    )
    kept = sorted(path.name for path in backups.iterdir())
    assert kept[0] == "cid-20240103T020000Z" and kept[-1] == "notes.txt" and len(kept) == 3
    backup = backups / kept[1]
    assert sorted(path.name for path in backup.iterdir()) == [
        "MANIFEST",
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]
    assert f"database: {connection.settings_dict['NAME']}" in (backup / "MANIFEST").read_text()

    restored_media = tmp_path / "restored-media"
    target_url = database_url(fresh_database)
    succeeded(run(RESTORE, backup, DATABASE_URL=target_url, MEDIA_ROOT=restored_media))

    with connect(fresh_database) as restored:
        titles = dict(
            restored.execute(
                "select l.language_code, p.title from wagtailcore_page p"
                " join wagtailcore_locale l on l.id = p.locale_id"
                " where p.translation_key = %s and p.live",
                [story.translation_key],
            ).fetchall()
        )
        assert titles == {"en": story.title, "sv": swedish.title}
        body, alt = restored.execute(
            "select body::text, image_alt from stories_storypage where page_ptr_id = %s", [story.pk]
        ).fetchone()
        assert "Every Thursday, neighbours teach each other." in body
        assert alt == "The harbour at dawn"
        assert restored.execute(
            "select name, text, status from participation_comment where id = %s", [comment.pk]
        ).fetchone() == ("Amira", comment.text, "approved")
        image_file, document_file = restored.execute(
            "select i.file, d.file from wagtailimages_image i, wagtaildocs_document d"
            " where i.id = %s and d.id = %s",
            [image.pk, document.pk],
        ).fetchone()
        # The search index is a table like the others: the story is found without reindexing.
        assert restored.execute(
            "select count(*) from wagtailsearch_indexentry"
            " where object_id = %s and title @@ plainto_tsquery('simple', %s)",
            [str(story.pk), "Möllan"],
        ).fetchone() == (1,)
        # What `manage.py migrate` would check: every migration of this code is recorded as
        # applied, so it has nothing to do.
        applied = set(restored.execute("select app, name from django_migrations").fetchall())
        assert set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes) <= applied
    assert sha256(restored_media / image_file) == sha256(image.file.path)
    assert sha256(restored_media / document_file) == sha256(document.file.path)

    # Once restored, the database is no longer empty: a second restore is refused, before it
    # changes anything, unless --force.
    refused(
        run(RESTORE, backup, DATABASE_URL=target_url, MEDIA_ROOT=tmp_path / "elsewhere"),
        "the database is not empty",
    )
    assert not (tmp_path / "elsewhere").exists()
    with connect(fresh_database) as restored:
        restored.execute("update participation_comment set text = 'Changed since.'")
    (restored_media / image_file).unlink()
    succeeded(run(RESTORE, "--force", backup, DATABASE_URL=target_url, MEDIA_ROOT=restored_media))
    with connect(fresh_database) as restored:
        assert restored.execute(
            "select text from participation_comment where id = %s", [comment.pk]
        ).fetchone() == (comment.text,)
    assert sha256(restored_media / image_file) == sha256(image.file.path)


# Refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", [BACKUP, RESTORE])
def test_sqlite_is_refused_with_what_to_do_instead(script, tmp_path):
    result = refused(
        run(script, tmp_path / "backup", DATABASE_URL="sqlite:///db.sqlite3", MEDIA_ROOT=tmp_path),
        "DATABASE_URL is SQLite",
    )
    assert "copy" in result.stderr
    assert not (tmp_path / "backup").exists()


@pytest.mark.parametrize("script", [BACKUP, RESTORE])
def test_no_database_url_is_refused(script, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(
        ["bash", str(script), str(tmp_path / "backup")], env=env, capture_output=True, text=True
    )
    refused(result, "DATABASE_URL is not set")


def test_a_backup_without_a_media_folder_is_refused(tmp_path):
    refused(
        run(
            BACKUP, tmp_path / "backups", DATABASE_URL=UNREACHABLE_URL, MEDIA_ROOT=tmp_path / "none"
        ),
        "is not a folder",
    )
    assert not (tmp_path / "backups").exists()


def test_a_backup_with_a_missing_file_is_refused(tmp_path):
    backup = fake_backup(tmp_path / "cid-20240101T020000Z")
    (backup / "media.tar.gz").unlink()
    refused(
        run(RESTORE, backup, DATABASE_URL=UNREACHABLE_URL, MEDIA_ROOT=tmp_path / "media"),
        "media.tar.gz is missing",
    )
    refused(
        run(RESTORE, tmp_path / "nothing", DATABASE_URL=UNREACHABLE_URL, MEDIA_ROOT=tmp_path),
        "is not a folder",
    )


def test_a_damaged_backup_is_refused(tmp_path):
    backup = fake_backup(tmp_path / "cid-20240101T020000Z")
    with (backup / "database.dump").open("a") as dump:
        dump.write("a flipped bit\n")
    refused(
        run(RESTORE, backup, DATABASE_URL=UNREACHABLE_URL, MEDIA_ROOT=tmp_path / "media"),
        "does not match its SHA256SUMS",
    )


@pytest.mark.parametrize(("script", "tool"), [(BACKUP, "pg_dump"), (RESTORE, "psql")])
def test_the_password_reaches_the_tools_in_their_environment_not_their_command_line(
    script, tool, tmp_path
):
    """Every user of the machine can read a command line (ps). The first PostgreSQL tool each
    script runs is replaced by one that writes down what it was given, then fails."""
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / tool
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s" "$*" > "{tmp_path}/arguments"\n'
        f'printf "%s" "$PGPASSWORD" > "{tmp_path}/password"\n'
        "exit 3\n"
    )
    fake.chmod(0o755)
    media = tmp_path / "media"
    media.mkdir()
    target = tmp_path / "backups" if script == BACKUP else fake_backup(tmp_path / "cid-backup")
    result = run(
        script,
        target,
        DATABASE_URL="postgres://cid:s%40cr%20t@db.example:5432/cid",
        MEDIA_ROOT=media,
        PATH=f"{tools}:{os.environ['PATH']}",
    )
    assert result.returncode != 0
    arguments = (tmp_path / "arguments").read_text()
    assert "--dbname=postgres://cid@db.example:5432/cid " in arguments
    assert "s%40cr" not in arguments and "s@cr" not in arguments
    assert (tmp_path / "password").read_text() == "s@cr t"


@needs_postgresql
def test_media_is_not_restored_over_files_without_force(tmp_path, fresh_database):
    backup = fake_backup(tmp_path / "cid-20240101T020000Z")
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "live.jpg").write_bytes(b"a photo in use")
    refused(
        run(RESTORE, backup, DATABASE_URL=database_url(fresh_database), MEDIA_ROOT=media),
        f"MEDIA_ROOT {media} is not empty",
    )
    assert (media / "original_images" / "live.jpg").read_bytes() == b"a photo in use"
