"""Compatibility: the time stage is the package ``fontes.time``; this module re-exports it."""

from fontes.time import find_timexes, tag
from fontes.time.lexicon import MONTHS, ORDINALS, WEEKDAYS

__all__ = ["MONTHS", "ORDINALS", "WEEKDAYS", "find_timexes", "tag"]
