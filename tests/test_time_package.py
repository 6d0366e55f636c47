"""Tests of the time stage's layout: one module per step, no import circle, the old names still work."""

from __future__ import annotations

import ast
from importlib import resources

import pytest

ORDER = ["lexicon", "anchors", "conversion", "calendars", "grammar", "anchoring", "values", "dates", "doubles", "durations", "relative", "russian", "ranges",
         "normalise", "switchover", "stage"]


def imports_of(module: str) -> set[str]:
    source = resources.files("fontes.time").joinpath(f"{module}.py").read_text("utf-8")
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("fontes.time"):
            names = [node.module.split(".")[2]] if node.module.count(".") >= 2 else [a.name for a in node.names]
            found.update(names)
    return found


@pytest.mark.parametrize("module", ORDER)
def test_time_package_modules_import_only_earlier_steps(module: str) -> None:
    earlier = set(ORDER[:ORDER.index(module)])
    assert imports_of(module) <= earlier, f"{module} imports {imports_of(module) - earlier}"


def test_time_old_module_names_still_work() -> None:
    from fontes import calendars, timex
    from fontes.time import calendars as new_calendars
    from fontes.time import find_timexes, tag

    assert timex.tag is tag and timex.find_timexes is find_timexes
    assert calendars.convert_value is new_calendars.convert_value and calendars.redecide is new_calendars.redecide
