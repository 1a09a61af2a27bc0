"""Speed and memory benchmark: `make bench` (not part of `make test`).

Makes a corpus of about 200 leaflet-language documents from the example leaflets
(copies with their own slugs and codes), then measures, side by side in one run:

- seconds per document, leafprint against WeasyPrint alone on the same HTML;
- ``--jobs 2`` against ``--jobs 1``;
- a rebuild with nothing changed, and a rebuild after editing one leaflet;
- where the time of a first build and of a rebuild with nothing changed goes, as shares
  of the build's stages (load and check, plan, render, preflight, balancing, write, web,
  catalog, thumbnails...; ``BuildResult.timings``);
- ``leafprint --help`` and ``leafprint check``;
- peak memory of the main process and of the largest worker at 50 and at 200 documents,
  and, with ``BENCH_SCALE`` documents (e.g. 1000; 0, the default, skips it), at that scale;
- at the scale of a hospital (``BENCH_LEAFLETS``, 500 leaflets in their source language;
  0 skips it): ``leafprint check`` and a rebuild with nothing changed.

Writes ``bench/results.json`` and prints a table. Exits with status 1 when a target
is missed. Targets are for a two-core machine; they live here, never in the tests.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results.json"
DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", 200))  # fewer for a quick trial run
SMALL = DOCUMENTS // 4
SCALE = int(os.environ.get("BENCH_SCALE", 0))  # documents of the memory-at-scale run; 0: skip
LEAFLETS = int(os.environ.get("BENCH_LEAFLETS", 500))  # the hospital-sized corpus; 0: skip
TARGETS = {
    "leafprint_vs_weasyprint": ("≤", 1.10),
    "jobs2_speedup": ("≥", 1.8),
    "noop_rebuild_s": ("<", 1.5),
    "help_s": ("<", 0.3),
    "check_s": ("<", 2.0),
    "worker_peak_mib_200": ("<", 300.0),
    "worker_peak_growth_mib": ("<", 30.0),  # 50 → 200 documents: flat
    "main_peak_growth_mib": ("<", 30.0),
    "scale_worker_growth_mib": ("<", 30.0),  # 200 → BENCH_SCALE documents: flat
    "scale_main_growth_mib": ("<", 30.0),
    "large_check_s": ("<", 10.0),
    "large_noop_rebuild_s": ("<", 5.0),
}

# A build in a fresh process, in the project folder and with its paths as the command line
# has them (the caches name files so); prints seconds, states, stage timings and the
# peak memory of this (the main) process and of its largest worker.
BUILD = """
import json, resource, sys, time
from pathlib import Path
from leafprint.commands.build import BuildOptions, Project, build
jobs, force = int(sys.argv[1]), sys.argv[2] == "1"
slugs = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else []
start = time.perf_counter()
result = build(Project(Path(".")), BuildOptions(slugs=slugs, formats=["a4"],
               editions=["general"], out=Path("dist"), jobs=jobs, force=force))
seconds = time.perf_counter() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "ok": result.ok, "errors": [str(e) for e in result.errors],
                  "rendered": sum(o.state != "unchanged" for o in result.outputs),
                  "outputs": len(result.outputs), "peak_mib": children if jobs > 1 else own,
                  "main_peak_mib": own,
                  "build_s": result.seconds, "timings": result.timings}))
"""


def shares(run: dict[str, Any]) -> dict[str, float]:
    """Each stage's share of a build's time (renders summed over the processes that ran
    them: with ``--jobs 1``, that is the build's own time); the rest is "other"."""
    total = run["build_s"]
    found = {stage: seconds / total for stage, seconds in run["timings"].items()}
    found["other"] = max(0.0, 1 - sum(found.values()))
    return dict(sorted(found.items(), key=lambda item: -item[1]))


def make_corpus(folder: Path, documents: int) -> tuple[int, list[str]]:
    """Copies of the example leaflets until *documents* leaflet-languages; (count, slugs)."""
    shutil.copytree(ROOT / "styles", folder / "styles")
    (folder / "leaflets").mkdir()
    for shared in ("references.yaml", "blocks"):  # what the examples share
        source = ROOT / "leaflets" / shared
        if source.is_dir():
            shutil.copytree(source, folder / "leaflets" / shared)
        elif source.is_file():
            shutil.copy(source, folder / "leaflets" / shared)
    examples = sorted(p.parent for p in (ROOT / "leaflets").glob("*/leaflet.yaml"))
    count, copy, slugs = 0, 0, []
    while count < documents:
        for example in examples:
            slug = f"{example.name}-{copy}"
            target = folder / "leaflets" / slug
            shutil.copytree(example, target)
            meta = target / "leaflet.yaml"
            text = re.sub(r"(?m)^code: (\S+)", rf"code: \1-B{copy}", meta.read_text())
            meta.write_text(text)
            languages = re.search(r"(?m)^languages: \[(.*)\]", text)
            count += len(languages.group(1).split(",")) if languages else 1
            slugs.append(slug)
            if count >= documents:
                break
        copy += 1
    return count, slugs


def make_leaflets(folder: Path, leaflets: int) -> list[str]:
    """*leaflets* copies of the example leaflets, each in its source language only."""
    make_corpus(folder, 0)
    examples = sorted(p.parent for p in (ROOT / "leaflets").glob("*/leaflet.yaml"))
    slugs = []
    for number in range(leaflets):
        example = examples[number % len(examples)]
        slug = f"{example.name}-{number}"
        target = folder / "leaflets" / slug
        shutil.copytree(example, target)
        meta = target / "leaflet.yaml"
        text = re.sub(r"(?m)^code: (\S+)", rf"code: \1-L{number}", meta.read_text())
        source = re.search(r"(?m)^source_language: (\S+)", text)
        assert source is not None
        text = re.sub(r"(?m)^languages: \[.*\]", f"languages: [{source.group(1)}]", text)
        text = re.sub(r"(?m)^translation_checks:\n(?:[ -].*\n)*", "", text)  # none left
        meta.write_text(text)
        for language_file in target.glob("*.yaml"):
            if language_file.stem not in {"leaflet", source.group(1)}:
                language_file.unlink()
        (target / "translations.lock").unlink(missing_ok=True)
        slugs.append(slug)
    return slugs


def run_build(root: Path, jobs: int, force: bool, slugs: list[str] | None = None) -> dict[str, Any]:
    args = [sys.executable, "-c", BUILD, str(jobs), "1" if force else "0"]
    args.append(",".join(slugs or []))
    output = subprocess.run(args, check=True, capture_output=True, text=True, cwd=root).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit("build failed:\n  " + "\n  ".join(result["errors"]))
    return result


def weasyprint_alone(root: Path) -> tuple[float, int]:
    """Seconds to render the corpus's HTML with WeasyPrint alone (shared fonts, one process)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from leafprint.build.plan import Resolver
    from leafprint.cache import BuildCache
    from leafprint.commands.build import BuildOptions, Project, load, plan
    from leafprint.layout.html import render_html
    from leafprint.layout.render import RenderContext

    project = Project(root)
    options = BuildOptions(formats=["a4"], editions=["general"], out=root / "html")
    leaflets, _ = load(project, options)
    planned = plan(project, leaflets, options, BuildCache(options.out)).planned
    resolver, context = Resolver(project, None), RenderContext()
    documents = []
    for item in planned:
        job = resolver.job(item)
        environment = context.environment(job.theme.template_dirs)
        html = render_html(job.model, job.target.format, job.theme, environment, job.page_css)
        documents.append((html, job.folder.resolve().as_uri(), dict(job.pdf_options)))
    fonts = FontConfiguration()
    HTML(string=documents[0][0], base_url=documents[0][1]).write_pdf(font_config=fonts)  # warm
    start = time.perf_counter()
    for html, base_url, pdf_options in documents:
        HTML(string=html, base_url=base_url).write_pdf(font_config=fonts, **pdf_options)
    return time.perf_counter() - start, len(documents)


def timed(command: list[str], runs: int = 5, cwd: Path | None = None) -> float:
    """Median wall seconds of *command* as a whole process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    leafprint = str(Path(sys.executable).parent / "leafprint")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as temporary:
        corpus = Path(temporary) / "corpus"
        small = Path(temporary) / "small"
        documents, slugs = make_corpus(corpus, DOCUMENTS)
        small_documents, _ = make_corpus(small, SMALL)
        print(f"corpus: {documents} documents ({len(slugs)} leaflets); small: {small_documents}")

        alone, count = weasyprint_alone(corpus)
        one = run_build(corpus, jobs=1, force=True)
        two = run_build(corpus, jobs=2, force=True)
        figures["weasyprint_s_per_doc"] = alone / count
        figures["leafprint_s_per_doc"] = one["seconds"] / one["rendered"]
        figures["leafprint_vs_weasyprint"] = figures["leafprint_s_per_doc"] / (alone / count)
        figures["jobs1_s"] = one["seconds"]
        figures["jobs2_s"] = two["seconds"]
        figures["jobs2_speedup"] = one["seconds"] / two["seconds"]
        figures["shares_first_build"] = shares(one)
        figures["worker_peak_mib_200"] = two["peak_mib"]
        small_run = run_build(small, jobs=2, force=True)
        figures["worker_peak_mib_50"] = small_run["peak_mib"]
        figures["worker_peak_growth_mib"] = two["peak_mib"] - small_run["peak_mib"]
        figures["main_peak_mib_200"] = two["main_peak_mib"]
        figures["main_peak_mib_50"] = small_run["main_peak_mib"]
        figures["main_peak_growth_mib"] = two["main_peak_mib"] - small_run["main_peak_mib"]
        if SCALE:
            scaled = Path(temporary) / "scaled"
            count_at_scale, _ = make_corpus(scaled, SCALE)
            figures["scale_documents"] = float(count_at_scale)
            at_scale = run_build(scaled, jobs=2, force=True)
            figures["scale_build_s"] = at_scale["seconds"]
            figures["scale_worker_peak_mib"] = at_scale["peak_mib"]
            figures["scale_main_peak_mib"] = at_scale["main_peak_mib"]
            figures["scale_worker_growth_mib"] = at_scale["peak_mib"] - two["peak_mib"]
            figures["scale_main_growth_mib"] = at_scale["main_peak_mib"] - two["main_peak_mib"]
            shutil.rmtree(scaled)

        start = time.perf_counter()
        subprocess.run(
            [leafprint, "build", "-q", "--format", "a4", "--edition", "general"],
            cwd=corpus,
            check=True,
            capture_output=True,
        )
        figures["noop_rebuild_s"] = time.perf_counter() - start
        figures["shares_noop_rebuild"] = shares(run_build(corpus, jobs=1, force=False))
        edited = corpus / "leaflets" / slugs[0] / "en.yaml"
        edited.write_text(edited.read_text() + "\n# edited\n")
        after_edit = run_build(corpus, jobs=2, force=False)
        # Only the edited language's PDF: a translation's key holds the source's sections,
        # not its file, and a comment changes no section.
        expected = 1
        figures["edit_one_rendered"] = after_edit["rendered"]
        figures["edit_one_expected"] = expected

        if LEAFLETS:
            large = Path(temporary) / "large"
            make_leaflets(large, LEAFLETS)
            first = run_build(large, jobs=2, force=True)
            figures["large_leaflets"] = float(LEAFLETS)
            figures["large_first_build_s"] = first["seconds"]
            figures["large_check_s"] = timed([leafprint, "check"], runs=3, cwd=large)
            figures["large_noop_rebuild_s"] = timed(
                [leafprint, "build", "-q", "--format", "a4", "--edition", "general"],
                runs=3,
                cwd=large,
            )

        figures["help_s"] = timed([leafprint, "--help"])
        check = subprocess.run([leafprint, "check", "--help"], capture_output=True, cwd=corpus)
        if check.returncode == 0:
            figures["check_s"] = timed([leafprint, "check"], runs=3, cwd=corpus)

    figures["documents"] = documents
    figures["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    return report(figures)


def report(figures: dict[str, Any]) -> int:
    missed = []
    print(f"\n{'figure':<28} {'measured':>10}  target")
    for name, value in figures.items():
        if not isinstance(value, float):
            continue
        sign, target = TARGETS.get(name, ("", None))
        line = f"{name:<28} {value:>10.3f}"
        if target is not None:
            met = {"≤": value <= target, "≥": value >= target, "<": value < target}[sign]
            line += f"  {sign} {target:g} {'ok' if met else 'MISSED'}"
            if not met:
                missed.append(name)
        print(line)
    for name in ("shares_first_build", "shares_noop_rebuild"):
        print(f"\nwhere the time goes, {name[7:].replace('_', ' ')} (--jobs 1)")
        for stage, share in figures[name].items():
            print(f"  {stage:<26} {share:>10.1%}")
    if figures["edit_one_rendered"] != figures["edit_one_expected"]:
        missed.append("edit_one_rendered")
    print(
        f"after editing one leaflet: {figures['edit_one_rendered']} rendered "
        f"(its outputs: {figures['edit_one_expected']})"
    )
    figures["missed"] = missed
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(f"machine: {figures['machine']}; written to bench/results.json")
    print(f"MISSED: {', '.join(missed)}" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
