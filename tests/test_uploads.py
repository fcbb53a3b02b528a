"""Uploads through the admin, as a city editor makes them: images and documents over their
limits, of a type not allowed or not what their name says are refused with a message, and
nothing is stored (no row, no file). Documents are served as downloads that never run in the
site's origin, private ones stay private, and nginx's /media/ serves only raster images to be
shown (``pytest -m proxy`` for that one).
"""

import html
import io
import json
import os
import socket
import struct
import zipfile
import zlib
from contextlib import ExitStack, contextmanager
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from PIL import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import CollectionViewRestriction, UploadedFile

from deploy import local_nginx
from tests.factories import person

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
MB = 1024 * 1024


# Files ------------------------------------------------------------------------------------------


def png(size=(40, 30)) -> bytes:
    output = io.BytesIO()
    PillowImage.new("RGB", size, "teal").save(output, "PNG")
    return output.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header declares ``width`` × ``height`` pixels: a
    decompression bomb, as it reaches the server."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    pixels = zlib.compress(b"\0" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def gif_declaring(width: int, height: int) -> bytes:
    """A GIF of a few dozen bytes declaring ``width`` × ``height`` pixels."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x4c\x01\x00"
    return b"GIF89a" + screen + frame + b";"


def animated_gif(size=(20, 20), frames=3) -> bytes:
    output = io.BytesIO()
    images = [PillowImage.new("RGB", size, (80 * number, 0, 0)) for number in range(frames)]
    images[0].save(output, "GIF", save_all=True, append_images=images[1:])
    return output.getvalue()


def office_open_xml(part: str) -> bytes:
    """A .docx, .xlsx or .pptx as far as its container goes: a ZIP archive holding ``part``."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return output.getvalue()


def odt() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return output.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WEB_PAGE = b"<!doctype html><title>Log in</title><script>fetch('/admin/')</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


# The admin, as a city editor --------------------------------------------------------------------


@pytest.fixture
def collection(network):
    return network.alpha.collection


@pytest.fixture
def editor(network, client):
    client.force_login(person("alpha-editor", network.alpha.editors))
    return client


def add_view(kind):
    def post(client, collection, upload):
        data = {"title": "Upload", "file": upload, "collection": collection.pk, "tags": ""}
        return client.post(reverse(f"wagtail{kind}:add"), data)

    return post


def multiple_upload(kind):
    def post(client, collection, upload):
        data = {"files[]": upload, "collection": collection.pk}
        return client.post(reverse(f"wagtail{kind}:add_multiple"), data)

    return post


def chooser_upload(kind):
    prefix = {"images": "image", "docs": "document"}[kind] + "-chooser-upload"

    def post(client, collection, upload):
        data = {"title": "Upload", "file": upload, "collection": collection.pk, "tags": ""}
        data = {f"{prefix}-{name}": value for name, value in data.items()}
        return client.post(reverse(f"wagtail{kind}_chooser:create"), data)

    return post


def views(kind):
    return {
        "add view": add_view(kind),
        "multiple upload": multiple_upload(kind),
        "chooser upload": chooser_upload(kind),
    }


def shown(response) -> str:
    """What the editor reads: the page, the chooser's fragment or the uploader's message."""
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(response.content)
        text = data.get("error_message") or data.get("htmlFragment") or ""
    else:
        text = response.content.decode()
    return html.unescape(text)


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()}


@contextmanager
def nothing_stored():
    models = (Image, Document, UploadedFile)
    before = [model.objects.count() for model in models], media_files()
    yield
    assert ([model.objects.count() for model in models], media_files()) == before


def upload(content: bytes, name: str, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Images -----------------------------------------------------------------------------------------

TOO_MANY_PIXELS = "This file has too many pixels ({}). Maximum pixels 40,000,000."
NOT_AN_IMAGE = (
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
)
REFUSED_IMAGES = {
    "PNG bomb, 30,000 × 30,000": (
        lambda: upload(png_declaring(30_000, 30_000), "bomb.png", "image/png"),
        TOO_MANY_PIXELS.format("unknown number"),
    ),
    "GIF bomb, 30,000 × 30,000": (
        lambda: upload(gif_declaring(30_000, 30_000), "bomb.gif", "image/gif"),
        TOO_MANY_PIXELS.format("unknown number"),
    ),
    "PNG of 100 megapixels": (
        lambda: upload(png_declaring(10_000, 10_000), "large.png", "image/png"),
        TOO_MANY_PIXELS.format("100,000,000"),
    ),
    "PNG of 64 megapixels": (
        lambda: upload(png_declaring(8_000, 8_000), "large.png", "image/png"),
        TOO_MANY_PIXELS.format("64,000,000"),
    ),
    "over 10 MB": (
        lambda: upload(png() + b"\0" * int(10.5 * MB), "heavy.png", "image/png"),
        "This file is too big (10.5\xa0MB). Maximum filesize 10.0\xa0MB.",
    ),
    "SVG": (
        lambda: upload(SVG, "logo.svg", "image/svg+xml"),
        "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP, AVIF.",
    ),
    "SVG named .png": (
        lambda: upload(SVG, "logo.png", "image/png"),
        "Not a valid .png image. The extension does not match the file format (svg)",
    ),
    "web page named .png": (lambda: upload(WEB_PAGE, "photo.png", "image/png"), NOT_AN_IMAGE),
    "PNG named .jpg": (
        lambda: upload(png(), "photo.jpg", "image/jpeg"),
        "Not a valid .jpeg image. The extension does not match the file format (png)",
    ),
    "truncated PNG": (
        lambda: upload(png((400, 300))[:-40], "cut.png", "image/png"),
        NOT_AN_IMAGE,
    ),
    "BMP": (
        lambda: upload(b"BM" + b"\0" * 60, "old.bmp", "image/bmp"),
        "Not a supported image format.",
    ),
}


@pytest.mark.parametrize("view", views("images").values(), ids=views("images").keys())
@pytest.mark.parametrize("case", REFUSED_IMAGES.values(), ids=REFUSED_IMAGES.keys())
def test_a_refused_image_is_named_and_nothing_is_stored(
    editor, collection, view, case, monkeypatch
):
    # As in a process that has rendered a PDF: WeasyPrint makes Pillow accept truncated files.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    make_file, message = case
    with nothing_stored():
        response = view(editor, collection, make_file())
    assert message in shown(response)


def test_the_file_input_is_wagtails_own(editor, settings):
    """Same widget, attributes and help text as Wagtail's field: only the checks differ."""
    ours = str(get_image_form(Image)()["file"])
    settings.WAGTAILIMAGES_IMAGE_FORM_BASE = ""
    assert ours == str(get_image_form(Image)()["file"])
    page = editor.get(reverse("wagtailimages:add")).content.decode()
    assert "Supported formats: GIF, JPG, JPEG, PNG, WEBP, AVIF. Maximum filesize: 10.0" in page


@pytest.mark.parametrize("view", views("images").values(), ids=views("images").keys())
def test_an_ordinary_image_is_still_stored(editor, collection, view):
    view(editor, collection, upload(png(), "square.png", "image/png"))
    image = Image.objects.get()
    assert (image.width, image.height, image.collection) == (40, 30, collection)


def test_every_frame_of_an_animation_counts(editor, collection, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    with nothing_stored():
        response = add_view("images")(editor, collection, upload(animated_gif(), "a.gif"))
    assert "This file has too many pixels (1,200). Maximum pixels 1,000." in shown(response)


def test_a_bomb_cannot_replace_an_images_file(editor, collection):
    image = Image.objects.create(
        title="Harbour", file=ContentFile(png(), name="harbour.png"), collection=collection
    )
    originals = {path for path in media_files() if path.parts[0] == "original_images"}
    data = {
        "title": "Harbour",
        "file": upload(png_declaring(30_000, 30_000), "bomb.png", "image/png"),
        "collection": collection.pk,
        "tags": "",
    }
    response = editor.post(reverse("wagtailimages:edit", args=[image.pk]), data)
    assert TOO_MANY_PIXELS.format("unknown number") in shown(response)
    image.refresh_from_db()
    assert (image.file.name, image.width) == ("original_images/harbour.png", 40)
    assert {path for path in media_files() if path.parts[0] == "original_images"} == originals


# Documents --------------------------------------------------------------------------------------

NOT_ALLOWED = (
    "File extension “{}” is not allowed. "
    "Allowed extensions are: csv, docx, odt, pdf, pptx, rtf, txt, xlsx."
)
NOT_WHAT_IT_SAYS = "Not a valid .{} file: its content does not match its extension."
REFUSED_DOCUMENTS = {
    "over 20 MB": (
        lambda: upload(PDF + b"\0" * int(20.5 * MB), "report.pdf", "application/pdf"),
        "This file is too big (20.5\xa0MB). Maximum filesize 20.0\xa0MB.",
    ),
    "web page": (lambda: upload(WEB_PAGE, "page.html", "text/html"), NOT_ALLOWED.format("html")),
    "SVG": (lambda: upload(SVG, "logo.svg", "image/svg+xml"), NOT_ALLOWED.format("svg")),
    "program": (lambda: upload(b"MZ\x90\0", "setup.exe"), NOT_ALLOWED.format("exe")),
    "web page named .pdf": (
        lambda: upload(WEB_PAGE, "report.pdf", "application/pdf"),
        NOT_WHAT_IT_SAYS.format("pdf"),
    ),
    "ZIP archive named .docx": (
        lambda: upload(odt(), "minutes.docx"),
        NOT_WHAT_IT_SAYS.format("docx"),
    ),
    "PDF named .odt": (lambda: upload(PDF, "minutes.odt"), NOT_WHAT_IT_SAYS.format("odt")),
    "program named .txt": (
        lambda: upload(b"\x7fELF\x02\x01\x01\0\0\0", "notes.txt", "text/plain"),
        NOT_WHAT_IT_SAYS.format("txt"),
    ),
}


@pytest.mark.parametrize("view", views("docs").values(), ids=views("docs").keys())
@pytest.mark.parametrize("case", REFUSED_DOCUMENTS.values(), ids=REFUSED_DOCUMENTS.keys())
def test_a_refused_document_is_named_and_nothing_is_stored(editor, collection, view, case):
    make_file, message = case
    with nothing_stored():
        response = view(editor, collection, make_file())
    assert message in shown(response)


ACCEPTED_DOCUMENTS = {
    "report.pdf": PDF,
    "minutes.docx": office_open_xml("word/document.xml"),
    "budget.xlsx": office_open_xml("xl/workbook.xml"),
    "slides.pptx": office_open_xml("ppt/presentation.xml"),
    "minutes.odt": odt(),
    "budget.csv": "city;amount\nMalmö;1200\n".encode(),
    "notes.txt": "Anteckningar från mötet\n".encode("utf-16"),
    "letter.rtf": rb"{\rtf1\ansi Hello}",
}


@pytest.mark.parametrize("name", ACCEPTED_DOCUMENTS)
def test_a_document_that_is_what_it_says_is_stored(editor, collection, name):
    response = add_view("docs")(editor, collection, upload(ACCEPTED_DOCUMENTS[name], name))
    assert response.status_code == 302
    assert Document.objects.get().file.read() == ACCEPTED_DOCUMENTS[name]


def document(collection, name, content):
    return Document.objects.create(
        title=name, file=ContentFile(content, name=name), collection=collection
    )


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("report.pdf", PDF, "application/pdf"),
        ("budget.csv", b"city;amount\n", "text/csv"),
        # Stored before the extension rule, or by code: still never rendered.
        ("page.html", WEB_PAGE, "text/html"),
    ],
)
def test_a_document_is_a_download_that_never_runs_in_the_sites_origin(
    client, collection, name, content, content_type
):
    response = client.get(document(collection, name, content).url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_private_document_stays_private(client, network, collection):
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    private = document(collection, "salaries.pdf", PDF)

    client.force_login(person("alpha-editor", network.alpha.editors))
    assert client.get(private.url).status_code == 200
    client.logout()
    response = client.get(private.url)  # after a reader who could see it: nothing cached
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert not hasattr(response, "streaming_content")


# nginx's /media/ ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def media_nginx(tmp_path):
    """The shipped nginx serving a media folder of its own; no app behind it."""
    missing = [
        path for path in (local_nginx.NGINX, local_nginx.PURGE_MODULE) if not Path(path).exists()
    ]
    if missing:
        reason = (
            f"{', '.join(missing)} missing: apt-get install nginx libnginx-mod-http-cache-purge"
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    media = tmp_path / "media"
    files = {
        "original_images/harbour.png": png(),
        "images/harbour.width-400.webp": b"RIFF\0\0\0\0WEBP",
        "original_images/logo.svg": SVG,
        "original_images/page.html": WEB_PAGE,
        "documents/salaries.pdf": PDF,
    }
    for name, content in files.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    port = free_port()
    (tmp_path / "nginx").mkdir()
    conf = local_nginx.render(
        tmp_path / "nginx",
        listen_port=port,
        app_port=free_port(),
        purge_port=free_port(),
        static_root=tmp_path,
        media_root=media,
    )
    with ExitStack() as stack:
        local_nginx.start(stack, conf, port=port)
        yield port


def nginx_get(port: int, path: str):
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


@pytest.mark.proxy
@pytest.mark.parametrize(
    "path, shown_inline",
    [
        ("/media/original_images/harbour.png", True),
        ("/media/images/harbour.width-400.webp", True),
        ("/media/original_images/logo.svg", False),
        ("/media/original_images/page.html", False),
    ],
)
def test_nginx_shows_only_raster_images_from_media(media_nginx, path, shown_inline):
    response = nginx_get(media_nginx, path)
    assert response.status == 200
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Security-Policy") == "default-src 'none'; sandbox"
    assert response.getheader("Cache-Control") == "max-age=2592000"  # expires 30d
    assert (response.getheader("Content-Disposition") is None) is shown_inline
    if not shown_inline:
        assert response.getheader("Content-Disposition") == "attachment"


@pytest.mark.proxy
def test_nginx_never_serves_documents_from_media(media_nginx):
    """Documents go through the app, which applies collection privacy."""
    assert nginx_get(media_nginx, "/media/documents/salaries.pdf").status == 404
