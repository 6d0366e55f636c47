"""Compatibility: calendars are part of the time stage, ``fontes.time.calendars``; re-exported here."""

from fontes.time.calendars import *  # noqa: F403
from fontes.time.calendars import (  # noqa: F401  (names used by other modules, spelled out)
    GREGORIAN_START, Country, Decision, assign_calendars, convert_value, countries, decide_calendar, dual_value,
    find_country, historical_year, in_dual_era, julian_to_gregorian, gregorian_to_julian, month_length,
    place_scores, redecide, shift_days, split_double_year, value_bounds,
)
