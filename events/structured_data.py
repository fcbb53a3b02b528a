"""schema.org Event data for an event page (JSON-LD), as search engines and calendars read it."""

from django.utils.translation import get_language

SCHEMA = "https://schema.org/"

EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "cancelled": "EventCancelled",
}
ATTENDANCE_MODE = {
    "in_person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}


def event_data(page, *, url: str, image_url: str = "", speakers=()) -> dict:
    """The JSON-LD object for ``page`` (an EventPage whose host city is attached)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.listing_summary or page.lead,
        "url": url,
        "inLanguage": page.locale.language_code if page.is_stand_in else get_language(),
        "startDate": page.local_start.isoformat(),
        "endDate": page.local_end.isoformat(),
        "eventStatus": SCHEMA + EVENT_STATUS[page.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[page.attendance],
        "location": locations(page),
        "organizer": organizer(page),
    }
    if image_url:
        data["image"] = [image_url]
    if page.capacity:
        data["maximumAttendeeCapacity"] = page.capacity
    if speakers:
        data["performer"] = [{"@type": "Person", "name": person.name} for person in speakers]
    return data


def locations(page) -> list[dict]:
    places = []
    if page.attendance != "online":
        city = page.host_city
        address = {"@type": "PostalAddress"}
        if page.address:
            address["streetAddress"] = ", ".join(
                line.strip() for line in page.address.splitlines() if line.strip()
            )
        if city is not None:
            address["addressLocality"] = city.title
            address["addressCountry"] = str(city.country)
        places.append(
            {
                "@type": "Place",
                "name": page.venue or (city.title if city else ""),
                "address": address,
            }
        )
    if page.attendance != "in_person" and page.online_url:
        places.append({"@type": "VirtualLocation", "url": page.online_url})
    return places


def organizer(page) -> dict:
    data = {"@type": "Organization", "name": page.organiser}
    if page.contact_email:
        data["email"] = page.contact_email
    return data
