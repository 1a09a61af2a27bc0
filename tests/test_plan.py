"""Planning and resolving: a Resolver keeps the last pages it resolved, not all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT
from leafprint.build import plan
from leafprint.build.plan import Resolver
from leafprint.cache import BuildCache
from leafprint.commands.build import BuildOptions, Project, load
from leafprint.commands.build import plan as plan_build


def test_a_resolver_keeps_only_the_last_pages_it_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan, "PAGES_KEPT", 2)
    project = Project(ROOT)
    options = BuildOptions(slugs=["immunotherapy"], formats=["a4"], editions=["general"])
    kept, _ = load(project, options)
    planned = plan_build(project, kept, options, BuildCache(tmp_path)).planned
    first, second, third = planned[:3]
    resolver = Resolver(project, None)

    def page(item: plan.Planned) -> object:
        return resolver.page(item.leaflet, item.brand, item.target.language)

    dutch = page(first)
    assert page(first) is dutch  # kept while among the last two
    page(second), page(third)
    again = page(first)  # resolved again: the same page, not the same object
    assert again is not dutch and again == dutch
    assert page(third) is page(third)
