"""Getting files into the cache: from a mirror folder or the network, always hash-checked."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import urllib.error
import urllib.request
from pathlib import Path

from tqdm.auto import tqdm

from edulab.datasets.registry import RemoteFile

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
    """SHA-256 (hex) and size in bytes of a file's content; of the unpacked content when ``gzipped``."""
    sha = hashlib.sha256()
    size = 0
    with (gzip.open if gzipped else open)(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            sha.update(block)
            size += len(block)
    return sha.hexdigest(), size


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
        path.unlink()
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


def copy_from_mirror(remote: RemoteFile, mirror: Path, target: Path) -> bool:
    """Copy ``remote`` from ``mirror`` (plain or gzipped) to ``target``; False when absent."""
    found = mirror_copy(remote, mirror)
    if found is None:
        return False
    origin, gzipped = found
    partial = target.with_name(target.name + ".part")
    if gzipped:
        with gzip.open(origin, "rb") as source, open(partial, "wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
    else:
        shutil.copyfile(origin, partial)
    verify_file(partial, remote, f"mirror file {origin}")
    partial.replace(target)
    return True


def download(remote: RemoteFile, target: Path, *, timeout: float = 60.0, progress: bool = True) -> None:
    """Download ``remote.url`` to ``target`` with a progress bar, then verify its hash."""
    partial = target.with_name(target.name + ".part")
    request = urllib.request.Request(remote.url, headers={"User-Agent": "edulab"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(partial, "wb") as sink:
            with tqdm(total=remote.size, unit="B", unit_scale=True, desc=target.name, disable=not progress) as bar:
                for block in iter(lambda: response.read(CHUNK), b""):
                    sink.write(block)
                    bar.update(len(block))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"could not download {remote.url} ({getattr(error, 'reason', error)}). If this machine is "
            "offline, set EDULAB_DATA_MIRROR to a folder holding copies of the files under their "
            f"registry paths (here {remote.path})."
        ) from error
    verify_file(partial, remote, remote.url)
    partial.replace(target)
