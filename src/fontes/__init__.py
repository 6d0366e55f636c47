"""fontes: from a pile of historical sources to a cited, calendar-correct chronology."""

__version__ = "0.1.0"
