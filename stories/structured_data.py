"""schema.org Article data for a story page (JSON-LD), as search engines read it."""

from django.utils.translation import get_language

from home.setup import SITE_NAME


def article_data(page, *, url: str, image_url: str = "") -> dict:
    """The JSON-LD object for ``page`` (a StoryPage whose city is attached)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title[:110],
        "description": page.listing_summary or page.lead,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": page.locale.language_code if page.is_stand_in else get_language(),
        "datePublished": page.date.isoformat(),
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "keywords": [theme.name for theme in getattr(page, "localized_themes", [])],
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.teller_name:
        data["author"] = {"@type": "Person", "name": page.teller_name}
    city = getattr(page, "city_page", None)
    if city is not None:
        data["contentLocation"] = {
            "@type": "Place",
            "name": city.title,
            "address": {"@type": "PostalAddress", "addressCountry": str(city.country)},
        }
    if image_url:
        data["image"] = [image_url]
    return data
