"""Output a historian reads: canonical names never OCR-damaged, titles shown as roles and not as names."""

from __future__ import annotations

from collections import Counter

from fontes.aliases import _canonical, is_damaged
from fontes.store import names_not_roles


def test_damaged_names_are_never_canonical() -> None:
    assert is_damaged("Russian Repub]ic") and is_damaged("Petr0grad") and is_damaged("Lenin|")
    assert not is_damaged("Louis XIV") and not is_damaged("B-29") and not is_damaged("St. Petersburg")
    assert _canonical("LOC", ["Russian Repub]ic", "Russian Republic"], Counter({"Russian Repub]ic": 5})) == "Russian Republic"
    assert _canonical("ORG", ["Counci] of People's Commissars"], Counter()) == "Counci] of People's Commissars"  # no other


def test_titles_are_roles_not_names() -> None:
    aliases = ["Krylenko", "N. Krylenko", "People’s Commissar for War and Commander-in-Chief", "citizen Commander in Chief",
               "Commander-in-Chief Dukhonin"]
    titles = ["People’s Commissar for War and Commander-in-Chief", "Commander-in-Chief"]
    assert names_not_roles(aliases, titles) == ["Krylenko", "N. Krylenko", "Commander-in-Chief Dukhonin"]
    assert names_not_roles(["Lenin"], []) == ["Lenin"]


def test_info_names_the_models_and_their_licences() -> None:
    import json

    from click.testing import CliRunner

    from fontes.cli import cli

    out = CliRunner().invoke(cli, ["info", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["ner_model"]["licence"] and data["ner_model"]["licence"] != "unknown"
    assert data["embedding_model"]["licence"] == "Apache-2.0"
    text = CliRunner().invoke(cli, ["info"]).output
    assert "licence:" in text and "NER model" in text
