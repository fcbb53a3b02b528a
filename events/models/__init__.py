from events.models.events import EventPage
from events.models.indexes import EventIndexPage, EventsPage, event_listing
from events.models.people import Person
from events.models.reports import EventReportPage, ReportParticipants

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventReportPage",
    "EventsPage",
    "Person",
    "ReportParticipants",
    "event_listing",
]
