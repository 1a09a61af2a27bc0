"""Where jobs run: in this process, in a local process pool, or on a Dask cluster.

Every runner takes the jobs as an iterator (the build resolves them while the first
ones render) and yields a :class:`~leafprint.layout.jobs.JobResult` for each as it finishes.
Workers only render; the build writes. A worker that dies costs only the jobs it
had: they come back as failed results naming their outputs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from functools import partial
from itertools import chain, islice
from typing import Any

from leafprint.errors import OptionError, Problem
from leafprint.failures import INTERNAL
from leafprint.layout.jobs import Job, JobResult
from leafprint.layout.render import RenderContext, make_pdf, run_job, worker_init

IN_FLIGHT_PER_WORKER = 2  # jobs queued per worker: enough to keep it busy, few in memory


def run_here(jobs: Iterable[Job]) -> Iterator[JobResult]:
    """One job after another in this process."""
    context = RenderContext()
    for job in jobs:
        yield make_pdf(job, context)


def run_pool(jobs: Iterable[Job], workers: int) -> Generator[JobResult, None, None]:
    """Jobs in *workers* local processes, each keeping its fonts and templates."""
    import multiprocessing

    rest = iter(jobs)
    refused: deque[Job] = deque()  # submitted to a pool found broken: for the next pool
    while True:  # a new pool after one breaks (a worker killed), for the jobs left
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=worker_init
        )
        queue = chain(_drain(refused), rest)
        try:
            broken = yield from _bounded(
                queue, partial(_submit, pool), workers * IN_FLIGHT_PER_WORKER, refused
            )
        except BaseException:  # Ctrl-C: cancel what waits, leave the running renders alone
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=not broken)
        if not broken:
            return


def _submit(pool: ProcessPoolExecutor, job: Job) -> Future[JobResult]:
    return pool.submit(run_job, job)


def _drain(jobs: deque[Job]) -> Iterator[Job]:
    while jobs:
        yield jobs.popleft()


def run_dask(jobs: Iterable[Job], scheduler: str) -> Generator[JobResult, None, None]:
    """Jobs on the Dask cluster at *scheduler*; the workers must see the project's files
    at the same paths (a shared folder) and have leafprint installed."""
    with _dask_client(scheduler) as client:
        workers = max(1, sum(client.nthreads().values()))

        def submit(job: Job) -> Any:
            return client.submit(run_job, job, pure=False)

        yield from _bounded(iter(jobs), submit, workers * IN_FLIGHT_PER_WORKER, deque())


def _dask_client(scheduler: str) -> Any:
    """A client of the scheduler at *scheduler*; an :class:`OptionError` when Dask is not
    installed or no scheduler answers there."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise OptionError(
            "--scheduler",
            "rendering on a Dask cluster needs Dask, which is not installed",
            "install it with: pip install 'leafprint[dask]'; or build without --scheduler",
        ) from None
    try:
        return Client(scheduler)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:  # dask raises OSError when it times out
        raise OptionError(
            "--scheduler",
            f"no Dask scheduler answers at {scheduler} ({error})",
            "start the scheduler, correct its address, or build without --scheduler",
        ) from None


def _bounded(
    queue: Iterator[Job], submit: Callable[[Job], Any], limit: int, refused: deque[Job]
) -> Generator[JobResult, None, bool]:
    """Keep at most *limit* jobs submitted; yield results as they finish. A job the pool
    refuses because it broke goes to *refused*, for the next pool.

    Returns True (as the generator's value) when the pool broke and jobs are left.
    """
    pending: dict[Any, Job] = {}
    broken = False

    def add(job: Job) -> bool:
        try:
            pending[submit(job)] = job
        except BrokenExecutor:  # a worker died since the last result came in
            refused.append(job)
            return False
        return True

    for job in islice(queue, limit):
        if not add(job):
            broken = True
            break
    while pending:
        done = _wait_any(list(pending))
        for future in done:
            job = pending.pop(future)
            result = _result(future, job)
            broken = broken or result.debug == _BROKEN
            yield result
            if not broken:
                for more in islice(queue, 1):
                    broken = not add(more)
    return broken or bool(refused)


def _wait_any(futures: list[Any]) -> list[Any]:
    if isinstance(futures[0], Future):
        return list(wait(futures, return_when=FIRST_COMPLETED).done)
    from dask.distributed import wait as dask_wait

    done = dask_wait(futures, return_when="FIRST_COMPLETED").done  # type: ignore[no-untyped-call]
    return list(done)


_BROKEN = "worker stopped"


def _result(future: Any, job: Job) -> JobResult:
    """The job's result, or a failed result when its worker died or the task failed."""
    try:
        result: JobResult = future.result()
        return result
    except Exception as error:  # BrokenProcessPool, dask's KilledWorker, a lost connection
        message = (
            f"the worker making {job.target.name} stopped unexpectedly "
            f"({type(error).__name__}); the other outputs are not affected"
        )
        problem = Problem.at(job.source, INTERNAL, message)
        return JobResult(job.target, None, [problem], [], debug=_BROKEN)
