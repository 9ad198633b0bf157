"""Getting files into the cache: from a mirror folder or the network, always hash-checked.

Safe when several processes fetch the same file at once (two notebooks, parallel graders): each
writes its own temporary file next to the target (a unique name from :func:`tempfile.mkstemp`,
ending in ``.part``), checks its hash, then renames it onto the target with :func:`os.replace`,
which is atomic. A reader therefore sees no file or a whole, verified one, never a partial
one; the last rename wins with identical bytes. The temporary file is removed on every error.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tqdm.auto import tqdm

from edulab.datasets.registry import RemoteFile
from edulab.errors import FileFormatError

CHUNK = 1 << 16


class ChecksumError(ValueError):
    """A file's SHA-256 or size is not the one the registry records; the file has been deleted.

    ``sha256`` and ``size`` are what the file held.
    """

    def __init__(self, message: str, *, sha256: str, size: int) -> None:
        super().__init__(message)
        self.sha256 = sha256
        self.size = size


class DownloadError(ConnectionError):
    """A file could not be obtained from the network (and no mirror holds it)."""


def digest(path: Path, *, gzipped: bool = False) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file's content; of the unpacked content when ``gzipped``.

    A ``gzipped`` file that is truncated or not gzip raises :class:`~edulab.errors.FileFormatError`
    naming it.
    """
    sha = hashlib.sha256()
    size = 0
    with _unpacking(path, gzipped):
        with (gzip.open if gzipped else open)(path, "rb") as handle:
            for block in iter(lambda: handle.read(CHUNK), b""):
                sha.update(block)
                size += len(block)
    return sha.hexdigest(), size


@contextmanager
def _unpacking(path: Path, gzipped: bool) -> Iterator[None]:
    """Turn the errors of a damaged gzip file into a FileFormatError naming ``path``."""
    try:
        yield
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        if not gzipped:
            raise
        problem = "truncated" if isinstance(error, EOFError) else f"not a valid gzip file ({error})"
        raise FileFormatError(path, f"{problem}; expected a complete gzip file") from error


def mismatch(sha256: str, size: int, expected: RemoteFile) -> str | None:
    """``"wrong size"`` or ``"wrong hash"`` when content with this digest is not ``expected``, else None."""
    if size != expected.size:
        return "wrong size"
    if sha256 != expected.sha256:
        return "wrong hash"
    return None


def verify_file(path: Path, expected: RemoteFile, origin: str) -> None:
    """Check ``path`` against the registry; delete it and raise :class:`ChecksumError` on mismatch."""
    got, size = digest(path)
    if mismatch(got, size, expected):
        path.unlink(missing_ok=True)  # another process may have removed the same bad file
        raise ChecksumError(
            f"{expected.path} from {origin}: SHA-256 {got} ({size} bytes) does not match the "
            f"registry's {expected.sha256} ({expected.size} bytes); the file was deleted. "
            "The source changed or the transfer was corrupted.",
            sha256=got,
            size=size,
        )


def mirror_copy(remote: RemoteFile, mirror: Path) -> tuple[Path, bool] | None:
    """The copy of ``remote`` in ``mirror`` and whether it is gzipped, or None when absent."""
    plain = mirror / remote.path
    if plain.is_file():
        return plain, False
    packed = mirror / (remote.path + ".gz")
    if packed.is_file():
        return packed, True
    return None


def write_verified(remote: RemoteFile, target: Path, origin: str, write: Callable[[BinaryIO], None]) -> None:
    """Write ``target`` through ``write(handle)``, verify it against ``remote``, then publish it atomically.

    ``write`` fills a temporary file with a unique name in ``target``'s folder; the file is
    checked (:func:`verify_file`, ``origin`` names the source in its error) and renamed onto
    ``target``. On any error the temporary file is removed and ``target`` is left as it was.
    """
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f"{target.name}.", suffix=".part")
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as sink:
            write(sink)
        verify_file(partial, remote, origin)
        os.chmod(partial, 0o644)  # mkstemp makes it private; the cache is readable like any download
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def copy_from_mirror(remote: RemoteFile, mirror: Path, target: Path) -> bool:
    """Copy ``remote`` from ``mirror`` (plain or gzipped) to ``target``; False when absent.

    A gzipped copy that is truncated or not gzip raises :class:`~edulab.errors.FileFormatError`
    naming it; nothing is left in the cache.
    """
    found = mirror_copy(remote, mirror)
    if found is None:
        return False
    origin, gzipped = found

    def write(sink: BinaryIO) -> None:
        with _unpacking(origin, gzipped):
            with (gzip.open if gzipped else open)(origin, "rb") as source:
                shutil.copyfileobj(source, sink, CHUNK)

    write_verified(remote, target, f"mirror file {origin}", write)
    return True


def download(remote: RemoteFile, target: Path, *, timeout: float = 60.0, progress: bool = True) -> None:
    """Download ``remote.url`` to ``target`` with a progress bar, then verify its hash."""
    request = urllib.request.Request(remote.url, headers={"User-Agent": "edulab"})

    def write(sink: BinaryIO) -> None:
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                with tqdm(total=remote.size, unit="B", unit_scale=True, desc=target.name, disable=not progress) as bar:
                    for block in iter(lambda: response.read(CHUNK), b""):
                        sink.write(block)
                        bar.update(len(block))
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise DownloadError(
                f"could not download {remote.url} ({getattr(error, 'reason', error)}). If this machine is "
                "offline, set EDULAB_DATA_MIRROR to a folder holding copies of the files under their "
                f"registry paths (here {remote.path})."
            ) from error

    write_verified(remote, target, remote.url, write)
