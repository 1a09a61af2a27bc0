"""The preflight judges the page, not the stylesheet: brand changes that the stylesheet
checks (LP4xx, LP5xx) let through are found on the laid-out pages of a real build."""

from __future__ import annotations

import pytest

from helpers import findings, leaflet
from leafprint.commands.build import BuildOptions, Project, build

pytestmark = pytest.mark.slow  # every test here renders PDFs

MUTATIONS = """
section.content-section { font-size: 10pt; }
.qr-code { width: 12mm; height: 12mm; }
.back-details .qr-code { width: 26mm; height: 26mm; }
"""


def test_faults_the_stylesheet_checks_miss_are_found_on_the_page(sandbox: Project) -> None:
    brand = sandbox.styles / "westerhaven"
    yaml = brand / "brand.yaml"
    yaml.write_text(yaml.read_text().replace('tint: "#E6F0F5"', 'tint: "#8A8A8A"'))
    with (brand / "leaflet.css").open("a") as css:
        css.write(MUTATIONS)
    (brand / "templates").mkdir()
    (brand / "templates" / "leaflet.html").write_text(
        '{% extends "base/leaflet.html" %}\n'
        "{% block availability %}{# availability #}{% endblock %}\n"
    )
    leaflet(sandbox, "judged", "Rest a lot in the first week, but walk a little every day.")
    assert findings(sandbox, "LP4") + findings(sandbox, "LP5") == []

    result = build(sandbox, BuildOptions(formats=["a4"], out=sandbox.root / "dist"))
    where = "leaflets/judged/en.yaml:1:1: {} (preflight): judged (en, general edition, a4)"
    root = str(sandbox.root) + "/"
    assert [str(p).replace(root, "") for p in result.warnings if p.code.startswith("PF")] == [
        where.format("PF107") + " page 1: text #00567D on #8A8A8A has a contrast of 2.3:1, "
        "under 4.5:1: 'In short'",
        where.format("PF108") + " page 1: body text in 10.0 pt, under the 12 pt minimum for "
        "body text in this format: 'Rest a lot in the first week, but walk …'",
        where.format("PF109") + " page 1: QR code printed 9.7 mm across with modules of 0.29 mm "
        "(33 modules, quiet zone aside); at least 20 mm and 0.5 mm modules, so at least 20.0 mm "
        "here",
        where.format("PF110") + ": the statement on other formats and languages is on no "
        "page (class 'availability' with text)",
    ]
