"""Where jobs run: one process, a process pool or a Dask cluster give the same bytes; a
dead worker, a full disk or Ctrl-C cost only the outputs they touch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import META, add_leaflet
from leafprint.build import runners
from leafprint.commands.build import BuildOptions, BuildResult, Project, build
from leafprint.layout.jobs import Job, JobResult
from leafprint.layout.render import RenderTimeout, run_job, time_limit

LANGUAGES = META.replace("languages: [en]", "languages: [en, nl]")
NL = 'title: Een testfolder\ntranslated_from: {language: en, version: "1.0"}\n'
NL += "summary: Een korte samenvatting.\nsections:\n  - heading: Kop\n    body: Tekst.\n"


def small_project(project: Project, count: int) -> Project:
    for number in range(count):
        folder = add_leaflet(project, f"leaflet-{number}", LANGUAGES)
        (folder / "nl.yaml").write_text(NL, encoding="utf-8")
    return project


def outputs(result: BuildResult) -> dict[str, bytes]:
    assert result.ok, result.errors
    return {o.path.name: o.path.read_bytes() for o in result.outputs}


@pytest.mark.slow
def test_jobs_and_dask_give_byte_identical_pdfs(sandbox: Project, tmp_path: Path) -> None:
    small_project(sandbox, 2)
    formats = ["a4"]  # four jobs, two a worker: where a job runs, not its format, is tested
    one = outputs(build(sandbox, BuildOptions(out=tmp_path / "one", formats=formats)))
    two = outputs(build(sandbox, BuildOptions(out=tmp_path / "two", formats=formats, jobs=2)))
    assert len(one) == 4 and one == two
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        options = BuildOptions(
            out=tmp_path / "dask", formats=formats, scheduler=cluster.scheduler_address
        )
        assert outputs(build(sandbox, options)) == one


def _dies_on_leaflet_1(job: Job) -> JobResult:
    if job.target.slug == "leaflet-1":
        os._exit(1)  # a worker killed mid-job (out of memory, say)
    return run_job(job)


@pytest.mark.slow
def test_a_killed_worker_fails_only_its_jobs(
    sandbox: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_project(sandbox, 4)
    monkeypatch.setattr(runners, "run_job", _dies_on_leaflet_1)
    monkeypatch.setattr(runners, "IN_FLIGHT_PER_WORKER", 1)
    result = build(sandbox, BuildOptions(out=tmp_path, jobs=2))
    failed = {target.slug for target in result.failed}
    assert "leaflet-1" in failed
    assert {o.slug for o in result.outputs} | failed == {f"leaflet-{n}" for n in range(4)}
    assert "leaflet-3" in {o.slug for o in result.outputs}  # the build went on in a new pool
    assert any("stopped unexpectedly" in p.message for p in result.errors)
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_job_a_broken_pool_refuses_waits_for_the_next_pool() -> None:
    """A worker may die between two results: the pool then refuses new jobs, and they
    go to the next pool instead of failing."""
    from collections import deque
    from concurrent.futures import BrokenExecutor, Future
    from types import SimpleNamespace

    jobs = ["first", "second", "third"]
    submitted: list[str] = []

    def submit(job: str) -> Future[SimpleNamespace]:
        if job == "second":
            raise BrokenExecutor("a child process terminated abruptly")
        submitted.append(job)
        future: Future[SimpleNamespace] = Future()
        future.set_result(SimpleNamespace(job=job, debug=None))  # a finished render
        return future

    refused: deque[str] = deque()
    results = runners._bounded(iter(jobs), submit, 1, refused)  # type: ignore[arg-type]
    done = []
    try:
        while True:
            done.append(next(results).job)
    except StopIteration as stop:
        broken = stop.value
    assert done == ["first"] and submitted == ["first"]
    assert broken is True and list(refused) == ["second"]


@pytest.mark.slow
def test_a_write_error_fails_that_output_only(sandbox: Project, tmp_path: Path) -> None:
    small_project(sandbox, 2)
    (tmp_path / "leaflet-0").write_text("a file where a folder should be")
    result = build(sandbox, BuildOptions(out=tmp_path))
    assert sorted(o.path.name for o in result.outputs) == ["leaflet-1.en.pdf", "leaflet-1.nl.pdf"]
    assert sorted(t.path.name for t in result.failed) == ["leaflet-0.en.pdf", "leaflet-0.nl.pdf"]
    assert {p.field for p in result.errors} == {"(write)"}
    assert "could not write leaflet-0 (en, a4)" in result.errors[0].message


def leafprint(*args: str, cwd: Path, held: bool = False) -> subprocess.Popen[str]:
    """``leafprint *args`` in its own process; *held*: its second render waits (see HELD)."""
    command = [sys.executable, "-c", HELD if held else RUN, *args]
    return subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


RUN = "from leafprint.cli import main; main()"
# The second render waits until the test makes a file named "release" in the project, or
# until a signal stops the build; unreleased after two minutes, the build fails. So the
# test knows the build is running, with exactly one PDF written, when it reads a line.
HELD = """
import sys, time
from pathlib import Path
from leafprint.build import runners
from leafprint.cli import main

render, started = runners.make_pdf, []

def held(job, context):
    started.append(job)
    if len(started) == 2:
        for _ in range(1200):
            if Path("release").exists():
                break
            time.sleep(0.1)
        else:
            sys.exit("the second render was never released")
    return render(job, context)

runners.make_pdf = held
main()
"""


@pytest.mark.slow
def test_progress_lines_stream_while_the_build_runs(sandbox: Project) -> None:
    small_project(sandbox, 2)
    process = leafprint("build", "--jobs", "1", cwd=sandbox.root, held=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("    wrote dist/leaflet-")
    assert process.poll() is None  # the line came while the second render was held
    (sandbox.root / "release").touch()
    rest, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    lines = [first, *rest.splitlines(keepends=True)]
    assert sum(line.lstrip().startswith("wrote") for line in lines) == 4
    assert lines[-1].startswith("4 rendered, 0 unchanged, 0 failed")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_only_whole_pdfs(sandbox: Project, stop: int) -> None:
    small_project(sandbox, 2)
    process = leafprint("build", "--jobs", "1", cwd=sandbox.root, held=True)
    assert process.stdout is not None
    first = process.stdout.readline()  # one PDF written, the second render held
    process.send_signal(stop)
    _, err = process.communicate(timeout=600)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted" in err
    written = sorted((sandbox.root / "dist").rglob("*.pdf"))
    assert written == [sandbox.root / first.split()[1]]
    assert not [p for p in (sandbox.root / "dist").rglob("*") if p.name.endswith(".tmp")]
    assert len(PdfReader(written[0]).pages) >= 1
    rerun = leafprint("build", "--jobs", "1", cwd=sandbox.root)
    out, _ = rerun.communicate(timeout=600)
    assert rerun.returncode == 0
    assert "3 rendered, 1 unchanged" in out


def test_the_time_limit_stops_a_render_that_never_ends() -> None:
    """The limit's timer interrupts a render stuck waiting for something that never comes."""
    never = threading.Event()
    with pytest.raises(RenderTimeout), time_limit(0.01):
        never.wait(60)  # only the timer ends this wait early


@pytest.mark.slow
def test_a_render_over_the_time_limit_is_stopped_and_named(
    sandbox: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """leaflet-0's render never ends and its limit runs out (the timer's signal is raised at
    once instead of after 600 s): the build names it and goes on with leaflet-1."""
    from leafprint.layout.pdf import PdfRenderer

    original = PdfRenderer.render

    def stuck_for_leaflet_0(
        self: PdfRenderer, html: str, *args: object, **kwargs: object
    ) -> object:
        if "leaflet-0" in html:
            assert callable(signal.getsignal(signal.SIGALRM))  # the limit is being timed
            signal.raise_signal(signal.SIGALRM)
            threading.Event().wait(60)
        return original(self, html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PdfRenderer, "render", stuck_for_leaflet_0)
    small_project(sandbox, 2)
    result = build(sandbox, BuildOptions(out=tmp_path, languages=["en"], time_limit=600))
    assert [o.path.name for o in result.outputs] == ["leaflet-1.en.pdf"]
    assert [str(p.message) for p in result.errors] == [
        "leaflet-0 (en, a4) took longer than 600 s to render and was stopped"
    ]
