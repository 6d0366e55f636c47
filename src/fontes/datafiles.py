"""Reading the package's YAML data files (lexicons, rules, gazetteer additions, trigger tables)."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's C parser, where PyYAML was built with it (the wheels are): the same result as
# yaml.safe_load, about eight times faster; every command reads a dozen of these files at start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, with the C parser when PyYAML has it."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader: CSafeLoader or SafeLoader
