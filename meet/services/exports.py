"""Registrations as CSV and XLSX for the organizers' spreadsheets, safe to open in Excel or WPS.

Riders type their own names and stations, so a cell could start with "=" and run as a formula
when the file is opened (CSV/formula injection). Every such cell gets a leading apostrophe."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from meet.labels import PLATFORM
from meet.models import Meet
from meet.services.registration.queries import RiderEntry, list_registrations

# A spreadsheet treats text starting with these as a formula (tab and CR too, per OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def registration_rows(meet: Meet) -> list[list[Any]]:
    """A header row, then one row per rider by bib."""
    rows: list[list[Any]] = [
        [
            _("Bib"),
            _("Full name"),
            _("Mobile number"),
            _("Platform"),
            _("Station"),
            _("Events"),
            _("Emergency contact"),
            _("Registered at"),
            _("Checked in at"),
        ]
    ]
    for rider, entries in list_registrations(meet):
        rows.append(
            [
                rider.bib,
                rider.name,
                rider.phone,
                str(PLATFORM.get(rider.platform, rider.platform)),
                rider.station,
                "; ".join(_describe(item) for item in entries),
                rider.emergency_contact,
                _local(rider.created_at),
                _local(rider.checked_in_at),
            ]
        )
    return [[safe_cell(value) for value in row] for row in rows]


def _describe(item: RiderEntry) -> str:
    text = item.event.name
    if item.team is not None:
        text += f" [{item.team.name}]"
    if item.status == "waitlisted":
        text += " (" + _("waitlist %(position)s", position=item.position) + ")"
    elif item.status == "withdrawn":
        text += " (" + _("withdrawn") + ")"
    return text


def _local(moment: datetime | None) -> str:
    return to_user_timezone(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def registrations_csv(meet: Meet) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(registration_rows(meet))
    # The byte order mark makes Excel on Chinese Windows read UTF-8 instead of GBK.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def registrations_xlsx(meet: Meet) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    for row in registration_rows(meet):
        sheet.append(row)
    for index, width in enumerate((6, 14, 14, 10, 20, 40, 20, 17, 17), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
