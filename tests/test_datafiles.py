"""The package's YAML data files read with the C parser give what the pure-Python safe loader gives."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from fontes.datafiles import load_yaml

DATA = resources.files("fontes").joinpath("data")


def _yaml_files(folder, prefix: str = "") -> list[str]:
    out = []
    for entry in folder.iterdir():
        if entry.is_dir():
            out += _yaml_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".yaml"):
            out.append(prefix + entry.name)
    return sorted(out)


FILES = _yaml_files(DATA)


@pytest.mark.parametrize("name", FILES)
def test_datafiles_c_loader_reads_every_data_file_as_safe_load_does(name: str) -> None:
    text = DATA.joinpath(*name.split("/")).read_text("utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_datafiles_loader_stays_safe() -> None:
    with pytest.raises(yaml.YAMLError):  # no Python objects from a hostile file
        load_yaml("!!python/object/apply:os.system ['true']")
    assert load_yaml("1917-11-09") == yaml.safe_load("1917-11-09")
