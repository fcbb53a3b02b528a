"""Render time, page count and size of a whole-handbook PDF, and the time to serve it stored.

    .venv/bin/python bench/handbook_pdf.py

Builds, in a throwaway SQLite database and media folder, a handbook of 5 chapters × 10
practices (about 1,500 words each, two paragraphs per section; one in five with a photo),
publishes an edition, renders its PDF once cold (making the image renditions) and 3 times
warm, then downloads it through the site: the first download renders and stores it, the next
ones are served from storage. Times are wall clock, with the process's CPU time beside them
(the two differ on a busy machine).
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
scratch = Path(tempfile.mkdtemp(prefix="cid-bench-pdf-"))
os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(scratch / "media")
os.environ["DEBUG"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

import io  # noqa: E402

import wagtail_factories  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from handbook.editions import publish_edition  # noqa: E402
from handbook.models import EditionPDF, HandbookEdition  # noqa: E402
from handbook.pdf import render_pdf  # noqa: E402
from home.setup import setup_site  # noqa: E402
from tests.factories import build_handbook  # noqa: E402

SENTENCE = (
    "The city and the residents' associations met every second week in the library, where "
    "newcomers and long-time neighbours planned the next steps together and wrote down what "
    "worked, what did not, and what they would change for the following season. "
)
SECTIONS = ("problem", "approach", "who_was_involved", "results", "cost_effort", "watch_out_for")


def paragraphs(count=2, sentences=3) -> str:
    return "".join(f"<p>{SENTENCE * sentences}</p>" for _ in range(count))


def build():
    call_command("migrate", verbosity=0)
    setup_site()
    built = build_handbook(
        chapters=5, practices_per_chapter=10, countries=("SE", "IT", "DE", "ES", "GR"), themes=6
    )
    for chapter in built.chapters:
        chapter.introduction = paragraphs(2)
        chapter.save_revision().publish()
    for number, practice in enumerate(built.practices):
        for section in SECTIONS:
            setattr(practice, section, paragraphs())
        if number % 5 == 0:
            practice.image = wagtail_factories.ImageFactory(width=1600, height=1200)
            practice.image_alt = "Residents around a table in the library"
        practice.save_revision().publish()
    return built, publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)


def timed(function):
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    return (time.perf_counter() - started, time.process_time() - cpu), result


def median(timings) -> str:
    wall = statistics.median(wall for wall, _cpu in timings)
    cpu = statistics.median(cpu for _wall, cpu in timings)
    return f"{wall:.2f} s (CPU {cpu:.2f} s)"


def main():
    built, edition = build()
    locale = Locale.get_default()
    cold, data = timed(lambda: render_pdf(edition, locale))
    warm = [timed(lambda: render_pdf(edition, locale))[0] for _ in range(3)]
    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"practices: {len(built.practices)}, pages: {pages}, size: {len(data) / 1024:.0f} KiB")
    print(f"render, cold (makes the renditions): {median([cold])}")
    print(f"render, median of 3: {median(warm)}")

    client = Client(HTTP_HOST="localhost")
    url = f"{built.handbook.url}editions/{edition.slug}/pdf/"

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    first, _ = timed(download)
    served = [timed(download)[0][0] for _ in range(5)]
    stored = EditionPDF.objects.get(edition=edition, chapter_number=EditionPDF.WHOLE)
    print(f"first download (renders and stores): {median([first])}")
    print(f"stored download, median of 5: {statistics.median(served) * 1000:.1f} ms")
    print(f"stored: {stored.file.name}, {stored.size / 1024:.0f} KiB")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(scratch)
