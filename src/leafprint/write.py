"""Write output files atomically: a reader never sees a half-written PDF."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> bool:
    """Write *data* to *path* via a temporary file and a rename.

    Returns False (and leaves the file alone) when it already holds exactly *data*,
    so rebuilding unchanged leaflets does not touch their files.
    """
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def place_file(source: Path, target: Path) -> None:
    """Put *source* at *target* whole: a hard link where possible, a copy otherwise."""
    if target.exists() and os.path.samefile(source, target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def writable_folder(option: str, folder: Path) -> Path:
    """*folder*, made if missing; an :class:`OptionError` for *option* when it cannot be
    written, before any work is done."""
    from .errors import OptionError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise OptionError(
            option,
            f"cannot write to the folder '{folder}': {error.strerror}",
            f"choose a folder you may write to with {option}",
        ) from None
    return folder
