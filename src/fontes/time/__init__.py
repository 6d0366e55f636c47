"""Time stage: find time expressions and normalise them to TIMEX3 values in both calendars.

The steps, one module each, in the order they import one another (no circle):
``lexicon`` (the words, from ``data/time_lexicon/``) → ``grammar`` (text → candidate expressions
and the parts of a date) → ``anchoring`` (the reference time in scope) → ``normalise`` (TIMEX3
values; ``tag`` on a plain text) → ``stage`` (``find_timexes``: the pipeline step), with
``calendars`` (Julian/Gregorian/Swedish conversion, switch dates, the calendar decision) beside them.
"""

from fontes.time.normalise import tag
from fontes.time.stage import find_timexes

__all__ = ["find_timexes", "tag"]
