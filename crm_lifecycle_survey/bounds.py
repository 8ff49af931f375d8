# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checking a number typed into a setting (or sent over RPC) before anything is written:
its type, then its documented bounds, with an error that names the setting and the
bounds. The ORM's own conversion would accept what later breaks a date computation or
overflows a column (int("10000000000"), float("inf")); a constraint alone runs after
Odoo 11 already sent the value to the database."""
import datetime
import math
import re

from odoo import _
from odoo.exceptions import ValidationError

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE = re.compile(r"^\s*[+-]?\d{1,15}\s*$")
_SHOWN = 40  # characters of a refused value an error message repeats


def shown(value):
    """A refused value as an error message repeats it (never thousands of characters)."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def _refuse(label, low, high, value, unit):
    if unit == "days":
        message = _("%s must be a whole number of days from %s to %s (got %s).")
    elif unit == "whole":
        message = _("%s must be a whole number from %s to %s (got %s).")
    else:
        message = _("%s must be a number from %s to %s (got %s).")
    raise ValidationError(message % (label, low, high, shown(value)))


def whole(label, value, low, high, unit="whole"):
    """`value` as an int within [low, high], else a ValidationError."""
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _WHOLE.match(value):
        number = int(value)
    if number is None or not low <= number <= high:
        _refuse(label, low, high, value, unit)
    return number


def real(label, value, low, high):
    """`value` as a finite float within [low, high], else a ValidationError."""
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and len(value) <= _SHOWN:
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or math.isnan(number) or not low <= number <= high:
        _refuse(label, low, high, value, "real")
    return number


def check_vals(model, vals, spec):
    """Check the values of `vals` that `spec` ({field: (low, high, unit)}) bounds, as the
    field's label names it, before a create or write."""
    for name, (low, high, unit) in spec.items():
        if name in vals:
            label = model._fields[name].get_description(model.env)["string"]
            if unit == "real":
                real(label, vals[name], low, high)
            else:
                whole(label, vals[name], low, high, unit)


def day(value):
    """The date a parameter gives as exactly 'YYYY-MM-DD' (or a date), else None."""
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DAY.match(value):
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
