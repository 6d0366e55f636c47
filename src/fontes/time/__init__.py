"""Time stage: find time expressions and normalise them to TIMEX3 values in both calendars.

The steps, one module each, in the order they import one another (no circle):
``lexicon`` (the words, from ``data/time_lexicon/``) → ``grammar`` (text → candidate expressions
and the parts of a date) → ``anchoring`` (the reference time in scope) → the normalisers by
concern over the shared ``values``: ``dates`` (absolute dates), ``doubles`` (one day in two
calendars, dual years), ``durations`` (durations and sets), ``relative`` (weekdays, "the next
day", clock times), ``russian`` (the Russian relative days, phases and centuries) → ``ranges`` ("1853–1856" as one ``start/end`` value) → ``normalise`` (the
dispatch; ``tag`` on a plain text) → ``switchover`` (the last Julian and first Gregorian day of a
reform) → ``stage`` (``find_timexes``: the pipeline step), with ``calendars`` (switch dates and
the calendar decision, over ``conversion``'s Julian/Gregorian day arithmetic, fed by ``anchors``:
the known happenings of ``data/calendar_anchors.yaml`` a text dates, as calendar votes) beside them.
"""

from fontes.time.normalise import tag
from fontes.time.stage import find_timexes

__all__ = ["find_timexes", "tag"]
