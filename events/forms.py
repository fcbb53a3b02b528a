import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.admin_forms import ThemedPageForm
from home.forms import ListingFilterForm


class HostZoneDateTimeField(forms.DateTimeField):
    """A date and time entered and shown in a given time zone (the host city's), whatever the
    time zone of the editor's profile. Stored, like every datetime, as an aware value."""

    def __init__(self, *, zone, **kwargs):
        self.zone = zone
        super().__init__(**kwargs)

    def prepare_value(self, value):
        with timezone.override(self.zone):
            return super().prepare_value(value)

    def to_python(self, value):
        # A time the zone skips or repeats (daylight saving) is refused with Django's message.
        with timezone.override(self.zone):
            return super().to_python(value)


class EventPageForm(ThemedPageForm):
    """Times in the host city's zone; the event ends after it starts; every session lies
    inside it (sessions are wall-clock times in the host city)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.city = self._host_city()
        if self.city is None:
            return
        for name in ("start", "end"):
            if name not in self.fields:
                continue
            field = self.fields[name]
            self.fields[name] = HostZoneDateTimeField(
                zone=self.city.zone,
                label=field.label,
                required=field.required,
                widget=field.widget,
                help_text=_("Local time in %(city)s (%(zone)s).")
                % {"city": self.city.title, "zone": self.city.time_zone},
            )

    def _host_city(self):
        if self.instance.pk:
            return self.instance.city
        if self.parent_page is not None:
            return self.parent_page.specific.city
        return None

    def clean(self):
        cleaned = super().clean()
        self._check_where(cleaned)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", gettext("The event must end after it starts."))
            return cleaned
        agenda = cleaned.get("agenda")
        if not (start and end and self.city and agenda):
            return cleaned
        zone = self.city.zone
        local_start = start.astimezone(zone).replace(tzinfo=None)
        local_end = end.astimezone(zone).replace(tzinfo=None)
        for position, block in enumerate(agenda, start=1):
            session = block.value
            if not (session["date"] and session["start"] and session["end"]):
                continue
            begins = dt.datetime.combine(session["date"], session["start"])
            ends = dt.datetime.combine(session["date"], session["end"])
            if begins < local_start or ends > local_end:
                self.add_error(
                    "agenda",
                    gettext(
                        "Session %(number)s (“%(title)s”) lies outside the event's times "
                        "(%(start)s – %(end)s, %(zone)s)."
                    )
                    % {
                        "number": position,
                        "title": session["title"],
                        "start": local_start.strftime("%Y-%m-%d %H:%M"),
                        "end": local_end.strftime("%Y-%m-%d %H:%M"),
                        "zone": self.city.time_zone,
                    },
                )
        return cleaned

    def _check_where(self, cleaned):
        attendance = cleaned.get("attendance")
        if attendance in ("online", "hybrid") and not cleaned.get("online_url"):
            self.add_error(
                "online_url", gettext("An event people can join online needs a joining link.")
            )
        if attendance in ("in_person", "hybrid") and not (
            cleaned.get("venue") or cleaned.get("address")
        ):
            self.add_error(
                "venue", gettext("Say where the event takes place: a venue or an address.")
            )


class EventReportPageForm(ThemedPageForm):
    """Participants by country add up to no more than the total."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("participants_by_country")
        total = cleaned.get("participants_total")
        if formset is None or not formset.is_valid():
            return cleaned
        counted = sum(
            form.cleaned_data.get("participants") or 0
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if counted and total is None:
            cleaned["participants_total"] = counted
        elif total is not None and counted > total:
            self.add_error(
                "participants_total",
                gettext(
                    "The participants by country add up to %(counted)s, more than the total "
                    "of %(total)s."
                )
                % {"counted": counted, "total": total},
            )
        return cleaned


class EventFilterForm(ListingFilterForm):
    """The shared filters plus the kind of event."""

    kind = forms.ChoiceField(required=False, label=_("Kind"))

    def __init__(self, data, **kwargs):
        from events.models import EventPage

        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *EventPage.Kind.choices]

    def apply(self, queryset, date_field):
        queryset = super().apply(queryset, date_field)
        if self.cleaned_data.get("kind"):
            queryset = queryset.filter(kind=self.cleaned_data["kind"])
        return queryset

    @property
    def is_filtered(self) -> bool:
        return super().is_filtered or bool(self.cleaned_data.get("kind"))

    def chosen(self) -> tuple:
        """The valid choices, one per filter (None where there is none): what the events
        listed depend on, as a part of a cache key."""
        self.is_valid()
        return tuple(self.cleaned_data.get(name) for name in self.fields)
