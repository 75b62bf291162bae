"""The guideline catalogue (G1...G31) that policy rules cite, with the article each comes from."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from followup.frozen import frozen


@frozen
class Guideline:
    """One etiquette guideline a rule may cite: its id, text and the articles it comes from."""

    id: str
    text: str
    articles: tuple[str, ...]

    def sources(self) -> str:
        """The titles of the articles this guideline comes from, joined for display."""
        titles = load_articles()
        return "; ".join(f'"{titles.get(a, a)}"' for a in self.articles)


def package_data(name: str) -> Any:
    """A YAML file of the package's `data/` folder, read with the safe loader (the C one where
    present)."""
    text = (Path(__file__).resolve().parent / "data" / name).read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def _raw() -> Any:
    return package_data("guidelines.yaml")


@cache
def load_articles() -> dict[str, str]:
    return {str(k): str(v) for k, v in _raw()["articles"].items()}


@cache
def load_guidelines() -> dict[str, Guideline]:
    """All guidelines by id, in catalogue order."""
    return {
        gid: Guideline(gid, str(entry["text"]), tuple(str(a) for a in entry["articles"]))
        for gid, entry in _raw()["guidelines"].items()
    }
