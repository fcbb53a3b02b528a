"""Demo pictures drawn with Pillow: abstract but friendly scenes, no downloads, no real people.

Each is a 1600×900 JPEG saved as a Wagtail image in the "Demo content" collection, with its
alt text as the image's description. Drawing is seeded, so every run makes the same pictures.
"""

import math
import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

WIDTH, HEIGHT = 1600, 900
COLLECTION = "Demo content"

# Palettes: (sky top, sky bottom, accents …)
DAWN = ("#233d6b", "#f4a970", "#e76f51", "#f4d35e", "#2a9d8f", "#264653")
NOON = ("#8ecae6", "#e0f2f7", "#219ebc", "#ffb703", "#fb8500", "#023047")
DUSK = ("#3d2c5e", "#f08a5d", "#b83b5e", "#f9ed69", "#6a2c70", "#20123a")
MEADOW = ("#a8dadc", "#f1faee", "#457b9d", "#e63946", "#2a9d8f", "#1d3557")
WARM = ("#ffe8d6", "#ddbea9", "#cb997e", "#6b705c", "#a5a58d", "#3f4238")


def _gradient(top: str, bottom: str) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    return ImageOps.colorize(ramp, top, bottom).convert("RGBA")


def _overlay(base: Image.Image, draw_on) -> Image.Image:
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_on(ImageDraw.Draw(layer))
    return Image.alpha_composite(base, layer)


def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    return (*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), alpha)


def _skyline(draw: ImageDraw.ImageDraw, rng, colour: str, base_y: int, height: int, window: str):
    x = -20
    while x < WIDTH:
        width = rng.randint(60, 150)
        top = base_y - rng.randint(height // 3, height)
        draw.rectangle((x, top, x + width, HEIGHT), fill=colour)
        if rng.random() < 0.25:
            draw.polygon([(x, top), (x + width // 2, top - 50), (x + width, top)], fill=colour)
        for wy in range(top + 20, base_y - 10, 34):
            for wx in range(x + 12, x + width - 20, 28):
                if rng.random() < 0.45:
                    draw.rectangle((wx, wy, wx + 12, wy + 16), fill=window)
        x += width + rng.randint(0, 12)


def _person(draw: ImageDraw.ImageDraw, x: int, ground: int, scale: float, colour):
    head = int(34 * scale)
    body_w, body_h = int(110 * scale), int(200 * scale)
    top = ground - body_h
    draw.rounded_rectangle(
        (x - body_w // 2, top, x + body_w // 2, ground + 40), radius=int(48 * scale), fill=colour
    )
    draw.ellipse((x - head, top - 2 * head - 10, x + head, top - 10), fill=colour)


def city_at_dawn(rng) -> Image.Image:
    img = _gradient(DAWN[0], DAWN[1])
    img = _overlay(img, lambda d: d.ellipse((1050, 330, 1330, 610), fill=_rgba(DAWN[3], 230)))
    img = _overlay(img, lambda d: _skyline(d, rng, _rgba("#3a4f7a", 255), 700, 330, "#f6c177"))
    return _overlay(img, lambda d: _skyline(d, rng, _rgba(DAWN[5], 255), 800, 260, "#f4d35e"))


def city_at_dusk(rng) -> Image.Image:
    img = _gradient(DUSK[0], DUSK[1])
    img = _overlay(img, lambda d: d.ellipse((260, 420, 560, 720), fill=_rgba(DUSK[3], 200)))
    img = _overlay(img, lambda d: _skyline(d, rng, _rgba(DUSK[4], 255), 720, 380, "#f9ed69"))
    return _overlay(img, lambda d: _skyline(d, rng, _rgba(DUSK[5], 255), 820, 240, "#f08a5d"))


def conversation_circles(rng) -> Image.Image:
    img = _gradient(NOON[1], "#ffffff")

    def draw(d):
        for _ in range(26):
            r = rng.randint(60, 240)
            x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
            d.ellipse((x - r, y - r, x + r, y + r), fill=_rgba(rng.choice(NOON[2:]), 90))

    return _overlay(img, draw)


def speech_bubbles(rng) -> Image.Image:
    img = _gradient(MEADOW[0], MEADOW[1])

    def draw(d):
        bubbles = [
            (180, 170, 820, 470, MEADOW[2], (300, 470), (260, 590)),
            (760, 380, 1420, 690, MEADOW[4], (1250, 690), (1320, 810)),
            (520, 560, 980, 780, MEADOW[3], (640, 780), (590, 870)),
        ]
        for x0, y0, x1, y1, colour, root, tip in bubbles:
            d.rounded_rectangle((x0, y0, x1, y1), radius=80, fill=_rgba(colour, 215))
            d.polygon([root, (root[0] + 90, root[1]), tip], fill=_rgba(colour, 215))
            for line in range(3):
                ly = y0 + 70 + line * 60
                if ly < y1 - 40:
                    length = rng.randint((x1 - x0) // 2, x1 - x0 - 140)
                    d.rounded_rectangle(
                        (x0 + 70, ly, x0 + 70 + length, ly + 22),
                        radius=11,
                        fill=(255, 255, 255, 170),
                    )

    return _overlay(img, draw)


def people_together(rng) -> Image.Image:
    img = _gradient(WARM[0], WARM[1])

    def draw(d):
        d.rectangle((0, 760, WIDTH, HEIGHT), fill=_rgba(WARM[3], 255))
        colours = ["#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#6d597a", "#457b9d", "#b56576"]
        for i, x in enumerate(range(150, WIDTH, 185)):
            scale = rng.uniform(0.85, 1.25)
            _person(d, x + rng.randint(-25, 25), 780, scale, _rgba(colours[i % len(colours)], 255))

    return _overlay(img, draw)


def long_table(rng) -> Image.Image:
    img = _gradient("#fff4e6", "#ffd8a8")

    def draw(d):
        d.rounded_rectangle((200, 330, 1400, 570), radius=40, fill=_rgba("#b08968", 255))
        colours = ["#e76f51", "#2a9d8f", "#e9c46a", "#264653", "#f4a261", "#8d99ae"]
        for i, x in enumerate(range(290, 1360, 150)):
            for y, dy in ((250, -1), (650, 1)):
                d.ellipse((x - 48, y - 48, x + 48, y + 48), fill=_rgba(colours[(i + dy) % 6], 255))
            for y in (390, 510):
                d.ellipse((x - 40, y - 40, x + 40, y + 40), fill=(255, 255, 255, 235))
                d.ellipse((x - 22, y - 22, x + 22, y + 22), fill=_rgba(rng.choice(colours), 200))

    return _overlay(img, draw)


def football_pitch(rng) -> Image.Image:
    img = Image.new("RGBA", (WIDTH, HEIGHT), _rgba("#2d6a4f", 255))

    def draw(d):
        for i in range(0, WIDTH, 200):
            d.rectangle((i, 0, i + 100, HEIGHT), fill=_rgba("#40916c", 255))
        line = (255, 255, 255, 200)
        d.rectangle((80, 80, WIDTH - 80, HEIGHT - 80), outline=line, width=8)
        d.line((WIDTH // 2, 80, WIDTH // 2, HEIGHT - 80), fill=line, width=8)
        d.ellipse((WIDTH // 2 - 130, HEIGHT // 2 - 130, WIDTH // 2 + 130, HEIGHT // 2 + 130),
                  outline=line, width=8)  # fmt: skip
        d.rectangle((80, 260, 330, 640), outline=line, width=8)
        d.rectangle((WIDTH - 330, 260, WIDTH - 80, 640), outline=line, width=8)
        shirts = ["#ffb703", "#fb8500", "#8ecae6", "#e63946"]
        for _ in range(12):
            x, y = rng.randint(200, WIDTH - 200), rng.randint(160, HEIGHT - 160)
            d.ellipse((x - 26, y - 26, x + 26, y + 26), fill=_rgba(rng.choice(shirts), 255))
        d.ellipse((990, 400, 1020, 430), fill=(255, 255, 255, 255))

    return _overlay(img, draw)


def bookshelves(rng) -> Image.Image:
    img = Image.new("RGBA", (WIDTH, HEIGHT), _rgba("#6f4e37", 255))

    def draw(d):
        colours = ["#e63946", "#f1faee", "#a8dadc", "#457b9d", "#1d3557", "#ffb703", "#2a9d8f",
                   "#e76f51", "#8338ec", "#f4a261"]  # fmt: skip
        for shelf_top in range(60, HEIGHT, 280):
            d.rectangle((0, shelf_top + 230, WIDTH, shelf_top + 260), fill=_rgba("#3b2a1e", 255))
            x = 40
            while x < WIDTH - 60:
                width, height = rng.randint(28, 62), rng.randint(150, 225)
                d.rectangle((x, shelf_top + 230 - height, x + width, shelf_top + 230),
                            fill=_rgba(rng.choice(colours), 255))  # fmt: skip
                x += width + rng.randint(2, 8)

    return _overlay(img, draw)


def bridge_over_water(rng) -> Image.Image:
    img = _gradient("#fde2e4", "#bee1e6")

    def draw(d):
        d.rectangle((0, 560, WIDTH, HEIGHT), fill=_rgba("#5e81ac", 255))
        for y in range(590, HEIGHT, 38):
            x = rng.randint(-100, 100)
            while x < WIDTH:
                d.line((x, y, x + 120, y), fill=(255, 255, 255, 90), width=5)
                x += rng.randint(200, 360)
        d.arc((150, 260, 1450, 860), 180, 360, fill=_rgba("#bf616a", 255), width=40)
        d.rectangle((100, 540, 1500, 570), fill=_rgba("#3b4252", 255))
        for x in range(250, 1400, 100):
            arch = 560 - 300 * math.sqrt(max(0.0, 1 - ((x - 800) / 630) ** 2))
            d.line((x, arch + 20, x, 540), fill=_rgba("#3b4252", 200), width=6)

    return _overlay(img, draw)


def network_map(rng) -> Image.Image:
    img = _gradient("#14213d", "#1f3b73")
    points = [
        (x + rng.randint(-90, 90), y + rng.randint(-70, 70))
        for x in range(200, WIDTH, 300)
        for y in range(180, HEIGHT, 270)
    ]

    def draw(d):
        for x, y in points:
            nearest = sorted(points, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[1:4]
            for x2, y2 in nearest:
                d.line((x, y, x2, y2), fill=(252, 163, 17, 120), width=4)
        for x, y in points:
            d.ellipse((x - 34, y - 34, x + 34, y + 34), fill=(252, 163, 17, 150))
            d.ellipse((x - 14, y - 14, x + 14, y + 14), fill=(255, 255, 255, 240))

    return _overlay(img, draw)


def row_of_houses(rng) -> Image.Image:
    img = _gradient(NOON[0], NOON[1])

    def draw(d):
        d.rectangle((0, 780, WIDTH, HEIGHT), fill=_rgba("#6a994e", 255))
        colours = ["#f28482", "#f6bd60", "#84a59d", "#f5cac3", "#90be6d", "#577590"]
        for i, x in enumerate(range(40, WIDTH - 100, 220)):
            top = 420 + rng.randint(-40, 40)
            d.rectangle((x, top, x + 200, 790), fill=_rgba(colours[i % 6], 255))
            d.polygon(
                [(x - 15, top), (x + 100, top - 120), (x + 215, top)], fill=_rgba("#6d3b47", 255)
            )
            d.rounded_rectangle((x + 75, 660, x + 125, 790), radius=18, fill=_rgba("#3d405b", 255))
            for wx in (x + 25, x + 135):
                d.rectangle((wx, top + 50, wx + 40, top + 100), fill=(255, 255, 255, 220))

    return _overlay(img, draw)


def sunset_hills(rng) -> Image.Image:
    img = _gradient("#ffcdb2", "#ffb4a2")
    img = _overlay(img, lambda d: d.ellipse((620, 200, 980, 560), fill=(255, 244, 214, 230)))
    for i, colour in enumerate(["#e5989b", "#b5838d", "#6d6875", "#3d3a4b"]):
        base = 430 + i * 110

        def draw(d, base=base, colour=colour):
            pts = [(0, HEIGHT)]
            for x in range(0, WIDTH + 100, 100):
                pts.append((x, base + rng.randint(-60, 60)))
            pts.append((WIDTH, HEIGHT))
            d.polygon(pts, fill=_rgba(colour, 255))

        img = _overlay(img, draw)
    return img.filter(ImageFilter.SMOOTH)


def mosaic(rng) -> Image.Image:
    img = Image.new("RGBA", (WIDTH, HEIGHT), (250, 246, 240, 255))
    colours = ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#f1faee", "#a8dadc"]

    def draw(d):
        size = 100
        for x in range(0, WIDTH, size):
            for y in range(0, HEIGHT, size):
                shape = rng.random()
                colour = _rgba(rng.choice(colours), 255)
                if shape < 0.4:
                    d.rectangle((x + 6, y + 6, x + size - 6, y + size - 6), fill=colour)
                elif shape < 0.75:
                    d.ellipse((x + 6, y + 6, x + size - 6, y + size - 6), fill=colour)
                else:
                    d.pieslice((x - size + 6, y + 6, x + size - 6, y + 2 * size - 6), 270, 360,
                               fill=colour)  # fmt: skip

    return _overlay(img, draw)


def market_awnings(rng) -> Image.Image:
    img = _gradient("#fefae0", "#faedcd")

    def draw(d):
        stripes = [("#bc4749", "#ffffff"), ("#386641", "#f2e8cf"), ("#1d3557", "#a8dadc")]
        for i, x in enumerate(range(40, WIDTH, 520)):
            a, b = stripes[i % 3]
            for j, sx in enumerate(range(x, x + 480, 60)):
                d.rectangle((sx, 220, sx + 60, 420), fill=_rgba(a if j % 2 else b, 255))
                d.pieslice((sx, 390, sx + 60, 450), 0, 180, fill=_rgba(a if j % 2 else b, 255))
            d.rectangle((x + 20, 420, x + 460, 700), fill=_rgba("#dda15e", 255))
            for fx in range(x + 50, x + 440, 70):
                d.ellipse((fx, 600, fx + 50, 650), fill=_rgba(rng.choice(["#e63946", "#ffb703",
                          "#90be6d", "#f77f00"]), 255))  # fmt: skip

    return _overlay(img, draw)


def harbour(rng) -> Image.Image:
    img = _gradient("#caf0f8", "#90e0ef")

    def draw(d):
        d.rectangle((0, 520, WIDTH, HEIGHT), fill=_rgba("#0077b6", 255))
        for y in range(550, HEIGHT, 45):
            for x in range(rng.randint(-80, 0), WIDTH, 170):
                d.arc((x, y, x + 90, y + 30), 200, 340, fill=(255, 255, 255, 120), width=4)
        for x in (260, 640, 1080, 1360):
            d.polygon([(x - 110, 560), (x + 110, 560), (x + 80, 610), (x - 80, 610)],
                      fill=_rgba("#f8f9fa", 255))  # fmt: skip
            d.line((x, 560, x, 330), fill=_rgba("#343a40", 255), width=6)
            d.polygon([(x + 6, 340), (x + 6, 545), (x + 120, 545)],
                      fill=_rgba(rng.choice(["#ef476f", "#ffd166", "#06d6a0"]), 255))  # fmt: skip
        d.ellipse((1250, 90, 1400, 240), fill=(255, 209, 102, 255))

    return _overlay(img, draw)


def classroom(rng) -> Image.Image:
    img = Image.new("RGBA", (WIDTH, HEIGHT), _rgba("#f1e3d3", 255))

    def draw(d):
        d.rounded_rectangle((260, 90, 1340, 470), radius=20, fill=_rgba("#2f3e46", 255))
        for i, y in enumerate(range(160, 420, 70)):
            d.line((330, y, 330 + rng.randint(350, 900), y), fill=(255, 255, 255, 150 - i * 20),
                   width=8)  # fmt: skip
        colours = ["#e07a5f", "#81b29a", "#f2cc8f", "#3d405b", "#6a4c93", "#1982c4"]
        for i, x in enumerate(range(240, 1400, 230)):
            d.rectangle((x - 90, 700, x + 90, 720), fill=_rgba("#8d6e63", 255))
            _person(d, x, 760, 0.8, _rgba(colours[i % 6], 255))

    return _overlay(img, draw)


# key: (title, alt text, painter)
PICTURES = {
    "city-dawn": (
        "City skyline at dawn",
        "Illustration: a city skyline in silhouette against an orange dawn sky with a rising sun.",
        city_at_dawn,
    ),
    "city-dusk": (
        "City skyline at dusk",
        "Illustration: tower blocks with lit windows under a purple evening sky.",
        city_at_dusk,
    ),
    "circles": (
        "Overlapping circles",
        "Abstract illustration: translucent blue and orange circles overlapping on a pale background.",
        conversation_circles,
    ),
    "speech-bubbles": (
        "Speech bubbles",
        "Illustration: three coloured speech bubbles answering one another.",
        speech_bubbles,
    ),
    "people": (
        "People side by side",
        "Illustration: a row of stylised people of different sizes and colours standing together.",
        people_together,
    ),
    "long-table": (
        "A long table",
        "Illustration: a long table seen from above, with plates and people seated on both sides.",
        long_table,
    ),
    "football": (
        "Football pitch",
        "Illustration: a striped football pitch seen from above with players in different shirts.",
        football_pitch,
    ),
    "bookshelves": (
        "Library shelves",
        "Illustration: wooden shelves full of books with colourful spines.",
        bookshelves,
    ),
    "bridge": (
        "Bridge over water",
        "Illustration: a red arched bridge over a calm river in the morning.",
        bridge_over_water,
    ),
    "network": (
        "Network of points",
        "Abstract illustration: glowing points joined by lines on a dark blue background, like a map of connected cities.",
        network_map,
    ),
    "houses": (
        "Row of houses",
        "Illustration: a row of small colourful houses with gardens under a blue sky.",
        row_of_houses,
    ),
    "hills": (
        "Hills at sunset",
        "Illustration: layered pink and violet hills under a pale setting sun.",
        sunset_hills,
    ),
    "mosaic": (
        "Mosaic of shapes",
        "Abstract illustration: a mosaic of squares, circles and quarter circles in warm colours.",
        mosaic,
    ),
    "market": (
        "Market stalls",
        "Illustration: market stalls with striped awnings and baskets of fruit.",
        market_awnings,
    ),
    "harbour": (
        "Harbour",
        "Illustration: sailing boats with coloured sails in a harbour under the sun.",
        harbour,
    ),
    "classroom": (
        "Classroom",
        "Illustration: a blackboard and a row of pupils at their desks.",
        classroom,
    ),
}


def demo_collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION)


def _jpeg(painter, seed: int) -> BytesIO:
    picture = painter(random.Random(seed)).convert("RGB")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    buffer.seek(0)
    return buffer


def ensure_images() -> dict[str, WagtailImage]:
    """Every demo picture as a Wagtail image, by key; drawn only if missing."""
    collection = demo_collection()
    existing = {image.title: image for image in WagtailImage.objects.filter(collection=collection)}
    images = {}
    for seed, (key, (title, alt, painter)) in enumerate(PICTURES.items()):
        image = existing.get(title)
        if image is None:
            image = WagtailImage(title=title, description=alt, collection=collection)
            image.file = ImageFile(_jpeg(painter, seed), name=f"demo-{key}.jpg")
            image.save()
        images[key] = image
    return images
