"""PDFs of an edition: rendered with WeasyPrint on first download, stored, served from storage
after that; in every language the edition holds, right to left for Arabic, untranslated pieces
marked. Needs WeasyPrint, Pango and the Noto fonts: without them these tests fail."""

import io
import re

import pytest
import wagtail_factories
import weasyprint  # noqa: F401  (fail here, not skip, when WeasyPrint or Pango is missing)
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import get_language_info, gettext
from pypdf import PdfReader
from wagtail.models import Locale

import handbook.pdf
from handbook.editions import publish_edition
from handbook.models import EditionPDF, HandbookEdition
from tests.factories import build_handbook, translate_page

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")


def publish(built):
    return publish_edition(built.handbook, kind=HandbookEdition.Kind.EDITION)


def pdf_url(handbook_page, edition, chapter=None):
    return f"{handbook_page.url}editions/{edition.slug}/{f'{chapter}/' if chapter else ''}pdf/"


def read(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def text_of(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def built():
    return build_handbook(chapters=2, practices_per_chapter=3)


def test_the_whole_handbook(client, built):
    edition = publish(built)
    response = client.get(pdf_url(built.handbook, edition))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="handbook-edition-1-en.pdf"'
    assert response["Cache-Control"] == "public, max-age=86400"
    pdf = read(response)
    # Cover, contents, two chapters, six practices (a page each, at least), comparison.
    assert len(pdf.pages) >= 11
    text = text_of(pdf)
    for expected in ("Contents", "Chapter 1", "Chapter 2", "Practice 1", "Practice 6"):
        assert expected in text
    assert "The problem" in text and "Neighbours did not know each other." in text
    assert "Funded by the European Union" in text
    assert "Comparison across countries" in text and "Sweden" in text
    assert re.search(r"Page 3 of \d+", text)
    assert pdf.metadata.title == f"Handbook · {edition.label}"
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged


def test_second_download_serves_the_stored_file(client, built, monkeypatch):
    edition = publish(built)
    first = b"".join(client.get(pdf_url(built.handbook, edition)).streaming_content)
    stored = EditionPDF.objects.get()
    assert (stored.language_code, stored.chapter_number, stored.size) == ("en", 0, len(first))
    assert stored.render_seconds > 0

    def render_again(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(handbook.pdf, "render_pdf", render_again)
    second = client.get(pdf_url(built.handbook, edition))
    assert b"".join(second.streaming_content) == first
    assert EditionPDF.objects.count() == 1


def test_a_stored_pdf_whose_file_is_gone_is_rendered_again(client, built):
    edition = publish(built)
    client.get(pdf_url(built.handbook, edition))
    default_storage.delete(EditionPDF.objects.get().file.name)
    pdf = read(client.get(pdf_url(built.handbook, edition)))
    assert "Chapter 2" in text_of(pdf)
    stored = EditionPDF.objects.get()
    assert default_storage.exists(stored.file.name)


def test_of_two_first_downloads_the_first_stored_wins(client, built, monkeypatch):
    """The other request rendered too, but finds a row when it stores its own: it serves that
    one and drops its file."""
    edition = publish(built)
    render = handbook.pdf.render_pdf

    def render_while_another_request_stores(edition, locale, chapter_number=0):
        data = render(edition, locale, chapter_number)
        winner = EditionPDF(edition=edition, language_code="en", chapter_number=0, size=3)
        winner.file.save("winner.pdf", io.BytesIO(b"%PDF"), save=True)
        return data

    monkeypatch.setattr(handbook.pdf, "render_pdf", render_while_another_request_stores)
    response = client.get(pdf_url(built.handbook, edition))
    assert b"".join(response.streaming_content) == b"%PDF"
    stored = EditionPDF.objects.get()
    directory = stored.file.name.rsplit("/", 1)[0]
    assert default_storage.listdir(directory)[1] == [stored.file.name.rsplit("/", 1)[1]]


def test_a_chapter(client, built):
    edition = publish(built)
    response = client.get(pdf_url(built.handbook, edition, 2))
    assert 'filename="handbook-edition-1-chapter-2-en.pdf"' in response["Content-Disposition"]
    text = text_of(read(response))
    assert "Chapter 2" in text and "Practice 4" in text and "Practice 6" in text
    assert "Practice 1" not in text and "Chapter 1" not in text
    assert EditionPDF.objects.get().chapter_number == 2


def test_not_found(client, built):
    """An unknown edition or chapter, or a language the edition holds nothing in (the
    edition's pages link to the PDF in the original language instead)."""
    edition = publish(built)
    assert client.get(f"{built.handbook.url}editions/edition-9/pdf/").status_code == 404
    assert client.get(pdf_url(built.handbook, edition, 3)).status_code == 404
    in_polish = pdf_url(built.handbook, edition).replace("/en/", "/pl/", 1)
    assert client.get(in_polish).status_code == 404
    assert not EditionPDF.objects.exists()


def test_arabic_right_to_left_with_untranslated_pieces_marked(client, built):
    handbook_ar = translate_page(built.handbook, "ar", title="دليل الممارسات")
    translate_page(
        built.chapters[0], "ar", title="أماكن اللقاء", introduction="<p>لماذا تهم أماكن اللقاء.</p>"
    )
    practice = built.practices[0]
    practice_index = practice.get_parent()
    translate_page(practice_index.get_parent(), "ar")
    translate_page(practice_index, "ar")
    translate_page(
        practice, "ar", title="المطبخ المشترك", problem="<p>الجيران لا يعرفون بعضهم.</p>"
    )
    edition = publish(built)

    response = client.get(pdf_url(handbook_ar, edition))
    assert response["Content-Disposition"] == 'inline; filename="handbook-edition-1-ar.pdf"'
    pdf = read(response)
    assert pdf.trailer["/Root"]["/Lang"] == "ar"
    assert ARABIC.search(pdf.metadata.title)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Naskh-Arabic" in font for font in fonts), fonts
    text = text_of(pdf)
    assert len(ARABIC.findall(text)) > 200
    assert "Practice 2" in text  # not translated: shown in English
    with translation.override("ar"):
        english = str(get_language_info("en")["name_translated"])
        marker = gettext("Not yet translated into %(current)s; shown in %(original)s.")
    # One mark for each untranslated piece: chapter 2 and five practices.
    lead = marker.split("%(current)s")[0].strip()
    assert text.count(lead) == 6
    assert text.count(english) >= 6
    html = BeautifulSoup(handbook.pdf.render_html(edition, handbook_ar.locale), "html.parser")
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    translated, untranslated = html.find(id="piece-1.1"), html.find(id="piece-1.2")
    assert not translated.select("[lang]")
    texts = untranslated.select(".prose")
    assert texts and all((t["lang"], t["dir"]) == ("en", "ltr") for t in texts)


def test_an_edition_keeps_its_pinned_text(client, built):
    practice = built.practices[0]
    practice.problem = "<p>Nobody knew the neighbours.</p>"
    practice.save_revision().publish()
    edition = publish(built)
    practice.refresh_from_db()
    practice.problem = "<p>Rewritten after the edition.</p>"
    practice.save_revision().publish()
    text = text_of(read(client.get(pdf_url(built.handbook, edition))))
    assert "Nobody knew the neighbours." in text
    assert "Rewritten after the edition." not in text


def test_images_come_from_storage_and_a_missing_file_is_skipped(built):
    first, second = built.practices[:2]
    for practice in (first, second):
        practice.image = wagtail_factories.ImageFactory()
        practice.image_alt = "Neighbours around a table"
        practice.save_revision().publish()
    second.image.file.storage.delete(second.image.file.name)
    edition = publish(built)
    pdf = PdfReader(io.BytesIO(handbook.pdf.render_pdf(edition, Locale.get_default(), 1)))
    photos = {image.name for page in pdf.pages for image in page.images}
    assert len(photos) == 1  # the second photo's file is gone (the EU emblem is drawn: SVG)
    fetcher = handbook.pdf.offline_fetcher("http://localhost/en/handbook/")
    with pytest.raises(ValueError, match="Not fetched"):
        fetcher("https://example.org/photo.jpg")


def test_deleting_an_edition_deletes_its_pdf_files(
    client, built, django_capture_on_commit_callbacks
):
    edition = publish(built)
    client.get(pdf_url(built.handbook, edition))
    name = EditionPDF.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        edition.delete()
    assert not default_storage.exists(name)
