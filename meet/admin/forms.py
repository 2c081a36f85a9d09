"""Forms of the organizer desk, and the messages for what the services refuse.

Forms only parse what was typed; the rules (a taken slug, capacity below the entries, a sport's
rules) are checked by the services, whose refusals land next to the field they concern."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    Field,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from meet.labels import MEET_STATUS
from meet.services.events import EventDetails
from meet.services.meets import ChangeRefused, MeetDetails, Refusal
from meet.sports.desk import RuleField
from meet.sports.registry import sport_choices, sport_desk

REQUIRED = _l("Required.")
# What an HTML datetime-local input sends; the seconds forms are what older browsers may send.
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this computer"))


def choices(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as the options of a select or a checkbox list."""
    return [SelectChoice(value, label) for value, label in pairs]


def china_time(moment: datetime | None) -> datetime | None:
    """A stored naive UTC time as the naive China time the form shows."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment is not None else None


def stored_time(typed: datetime | None) -> datetime | None:
    """A naive China time typed in a form as the naive UTC time the database keeps."""
    return to_utc(typed) if typed is not None else None


def _local_time_field(label: Any) -> DateTimeLocalField:
    return DateTimeLocalField(label, format=LOCAL_FORMATS, validators=[Optional()])


class MeetForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED), Length(max=120)])
    slug = StringField(
        _l("Web address"),
        validators=[InputRequired(REQUIRED), Length(max=60)],
        description=_l("Lowercase letters, digits and hyphens; part of the poster's QR code."),
    )
    starts_on = DateField(_l("First day"), validators=[InputRequired(REQUIRED)])
    ends_on = DateField(_l("Last day"), validators=[InputRequired(REQUIRED)])
    venue = StringField(_l("Venue"), validators=[Length(max=200)])
    organizer_name = StringField(
        _l("Organizer (printed on certificates)"), validators=[Length(max=200)]
    )
    seal_text = StringField(_l("Seal text (printed on certificates)"), validators=[Length(max=200)])
    registration_opens_at = _local_time_field(_l("Registration opens (China time)"))
    registration_closes_at = _local_time_field(_l("Registration closes (China time)"))

    def fill_from(self, meet: Any) -> None:
        self.process(obj=meet)
        self.registration_opens_at.data = china_time(meet.registration_opens_at)
        self.registration_closes_at.data = china_time(meet.registration_closes_at)

    def details(self) -> MeetDetails:
        return MeetDetails(
            slug=self.slug.data or "",
            name=self.name.data or "",
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            venue=self.venue.data or "",
            organizer_name=self.organizer_name.data or "",
            seal_text=self.seal_text.data or "",
            registration_opens_at=stored_time(self.registration_opens_at.data),
            registration_closes_at=stored_time(self.registration_closes_at.data),
        )


class CopyMeetForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED), Length(max=120)])
    slug = StringField(
        _l("Web address"),
        validators=[InputRequired(REQUIRED), Length(max=60)],
        description=_l("Lowercase letters, digits and hyphens; part of the poster's QR code."),
    )
    starts_on = DateField(_l("First day"), validators=[InputRequired(REQUIRED)])
    ends_on = DateField(_l("Last day"), validators=[InputRequired(REQUIRED)])
    venue = StringField(_l("Venue"), validators=[Length(max=200)])


class StatusForm(FlaskForm):
    status = SelectField(choices=choices(MEET_STATUS.items()), validate_choice=False)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class PointsForm(FlaskForm):
    points_table = StringField(
        _l("Points for 1st, 2nd, 3rd… place"),
        validators=[InputRequired(REQUIRED)],
        description=_l("Separated by commas, e.g. 7, 5, 4, 3, 2, 1."),
    )
    team_event_multiplier = IntegerField(
        _l("Team events count times"), validators=[InputRequired(REQUIRED)]
    )

    def table(self) -> list[Any]:
        """The typed places' points; anything not a whole number is passed on as typed, so the
        points table's own check names the mistake."""
        parts = [part for part in re.split(r"[\s,，、;；]+", self.points_table.data or "") if part]
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        return [int(part) if part.isdecimal() else part for part in parts]


KINDS = (("individual", _l("Individual")), ("team", _l("Team")))


class EventForm(FlaskForm):
    """The fields every event has; event_form_class adds the sport's rules."""

    # No InputRequired: the service refuses an empty name, with every other problem at once.
    name = StringField(_l("Name"), validators=[Length(max=120)])
    kind = SelectField(_l("Individual or team"), choices=choices(KINDS), default="individual")
    starts_at = _local_time_field(_l("Starts at (China time)"))
    place = StringField(_l("Place"), validators=[Length(max=120)])
    capacity = IntegerField(
        _l("Places"),
        validators=[Optional()],
        description=_l("Entries (teams in a team event); empty for no limit."),
    )
    team_size_min = IntegerField(_l("Smallest team"), validators=[Optional()])
    team_size_max = IntegerField(_l("Largest team"), validators=[Optional()])
    points_multiplier = IntegerField(
        _l("Team standings multiplier"),
        validators=[Optional()],
        description=_l("Empty: the meet's rule (team events count double)."),
    )

    sport_key: str = ""

    def rule_fields(self) -> list[tuple[RuleField, Field]]:
        return [(spec, self[spec.name]) for spec in sport_desk(self.sport_key).rule_fields]

    def fill_rules(self, rules: dict[str, Any]) -> None:
        for spec, field in self.rule_fields():
            value: Any = rules
            for part in spec.path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            field.data = "" if value is None else str(value)

    def fill_from(self, event: Any) -> None:
        self.process(obj=event)
        self.starts_at.data = china_time(event.starts_at)
        self.fill_rules(event.rules or {})

    def rules(self) -> dict[str, Any]:
        """The typed rules as the sport reads them: whole numbers as numbers, the rest as typed,
        so the sport's own check names any mistake."""
        rules: dict[str, Any] = {}
        for spec, field in self.rule_fields():
            raw = (field.data or "").strip()
            value: Any = raw if spec.text or spec.choices else _number(raw)
            *parents, last = spec.path.split(".")
            target = rules
            for part in parents:
                target = target.setdefault(part, {})
            target[last] = value
        return rules

    def details(self) -> EventDetails:
        has_team_fields = "team_size_min" in self
        return EventDetails(
            sport=self.sport_key,
            name=self.name.data or "",
            kind=self.kind.data if "kind" in self else "individual",
            rules=self.rules(),
            capacity=self.capacity.data,
            team_size_min=self.team_size_min.data if has_team_fields else None,
            team_size_max=self.team_size_max.data if has_team_fields else None,
            starts_at=stored_time(self.starts_at.data),
            place=self.place.data or "",
            points_multiplier=self.points_multiplier.data,
        )


def _number(raw: str) -> Any:
    return int(raw) if re.fullmatch(r"-?\d+", raw) else raw


@cache
def event_form_class(sport: str) -> type[EventForm]:
    """The event form for one sport: its rules' inputs, and only the fields that sport uses."""
    desk = sport_desk(sport)
    attributes: dict[str, Any] = {"sport_key": sport}
    for spec in desk.rule_fields:
        if spec.choices:
            attributes[spec.name] = SelectField(
                spec.label, choices=choices(spec.choices), validate_choice=False
            )
        else:
            attributes[spec.name] = StringField(
                spec.label,
                validators=[Length(max=40)],
                render_kw={} if spec.text else {"inputmode": "numeric"},
            )
    if len(desk.kinds) == 1:
        attributes["kind"] = None  # the sport decides (see services.events.sport_kind)
    if "team" not in desk.kinds:
        attributes["team_size_min"] = attributes["team_size_max"] = None
    return type(f"{sport.title().replace('_', '')}EventForm", (EventForm,), attributes)


class SportForm(FlaskForm):
    sport = SelectField(
        _l("Sport"),
        choices=choices(sport_choices()),
        validate_choice=False,
    )


class RefereeAccessForm(FlaskForm):
    name = StringField(
        _l("Who holds it"),
        validators=[Length(max=80)],
        description=_l("For example: pitch-pot tablet 1."),
    )
    # The choices are the meet's events, but a tampered form may name any id: the service refuses
    # another meet's event with a message instead of the form's generic "not a valid choice".
    events = SelectMultipleField(
        _l("Events"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("None ticked: every event of the meet."),
    )


REFUSAL_MESSAGES = {
    "required": REQUIRED,
    "slug_format": _l("Use %(low)s to %(high)s lowercase letters, digits and hyphens."),
    "slug_taken": _l("Another meet already uses this web address."),
    "slug_locked": _l(
        "The web address cannot change once registration has opened: posters point to it."
    ),
    "ends_before_starts": _l("The last day cannot be before the first day."),
    "closes_before_opens": _l("Registration must close after it opens."),
    "bad_transition": _l("A meet cannot go from “%(current)s” to “%(wanted)s”."),
    "no_events": _l("Add at least one event before opening registration."),
    "at_least_one": _l("Must be at least 1."),
    "capacity_below_entered": _l(
        "%(entered)s entries are registered already: the places cannot be fewer."
    ),
    "team_size_order": _l("The smallest team cannot be larger than the largest."),
    "kind_locked": _l(
        "Riders have entered already, so the event cannot switch between individual and team."
    ),
    "sport_locked": _l("This event has results already, so its sport cannot change."),
    "has_results": _l(
        "This event has results, so it cannot be deleted: results are never thrown away. "
        "Leave it in the programme instead."
    ),
    "not_a_choice": _l("Choose one of the options."),
    "out_of_range": _l("Enter a number from %(low)s to %(high)s."),
    "not_an_integer": _l("Enter a whole number."),
    "not_odd": _l("Enter an odd number, so that a match cannot end in a draw."),
    "too_long": _l("At most %(high)s characters."),
    "not_text": _l("Enter text."),
    "bad_points": _l("Enter 1 to 20 whole numbers from 0 to 100, separated by commas."),
    "rising_points": _l("A lower place cannot earn more points than a higher one."),
    "foreign_event": _l("Event %(event)s is not an event of this meet."),
    "name_too_long": _l("At most %(high)s characters."),
}
INVALID = _l("This value is not valid.")


def refusal_message(refusal: Refusal) -> str:
    """The organizer's-language message for a refusal, its limits filled in from its params."""
    params = dict(refusal.params)
    if refusal.code == "bad_transition":
        params = {key: MEET_STATUS.get(value, value) for key, value in params.items()}
    template = str(REFUSAL_MESSAGES.get(refusal.code, INVALID))
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return str(INVALID)


def show_refusals(form: FlaskForm, refused: ChangeRefused) -> list[str]:
    """Put each refusal next to its field; return the messages of those without a field."""
    loose = []
    for name, refusal in refused.problems.items():
        message = refusal_message(refusal)
        field_name = name.replace(".", "_")
        if field_name in form:
            form[field_name].errors = [*form[field_name].errors, message]
        else:
            loose.append(message)
    return loose
