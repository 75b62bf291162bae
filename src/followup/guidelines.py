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
def _raw() -> dict[str, object]:
    data = package_data("guidelines.yaml")
    assert isinstance(data, dict)
    return data


@cache
def load_articles() -> dict[str, str]:
    articles = _raw()["articles"]
    assert isinstance(articles, dict)
    return {str(k): str(v) for k, v in articles.items()}


@cache
def load_guidelines() -> dict[str, Guideline]:
    """All guidelines by id, in catalogue order."""
    entries = _raw()["guidelines"]
    assert isinstance(entries, dict)
    return {
        gid: Guideline(gid, str(entry["text"]), tuple(str(a) for a in entry["articles"]))
        for gid, entry in entries.items()
    }
