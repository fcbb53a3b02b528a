import datetime as dt

from django.utils.translation import gettext as _

from home.admin_forms import ThemedPageForm


class EventPageForm(ThemedPageForm):
    """Checks that the event ends after it starts and that every session lies inside it,
    comparing wall-clock times in the host city's time zone."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The event must end after it starts."))
            return cleaned
        city = self.instance.city if self.instance.pk else None
        if city is None and self.parent_page is not None:
            city = self.parent_page.specific.city
        agenda = cleaned.get("agenda")
        if not (start and end and city and agenda):
            return cleaned
        local_start = start.astimezone(city.zone).replace(tzinfo=None)
        local_end = end.astimezone(city.zone).replace(tzinfo=None)
        for position, block in enumerate(agenda, start=1):
            session = block.value
            if not (session["date"] and session["start"] and session["end"]):
                continue
            begins = dt.datetime.combine(session["date"], session["start"])
            ends = dt.datetime.combine(session["date"], session["end"])
            if begins < local_start or ends > local_end:
                self.add_error(
                    "agenda",
                    _(
                        "Session %(number)s (“%(title)s”) lies outside the event's times "
                        "(%(start)s – %(end)s, %(zone)s)."
                    )
                    % {
                        "number": position,
                        "title": session["title"],
                        "start": local_start.strftime("%Y-%m-%d %H:%M"),
                        "end": local_end.strftime("%Y-%m-%d %H:%M"),
                        "zone": city.time_zone,
                    },
                )
        return cleaned
