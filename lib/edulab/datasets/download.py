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
    """A file's SHA-256 is not the one the registry records; the file has been deleted."""


class DownloadError(ConnectionError):
    """A file could not be obtained from the network (and no mirror holds it)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, expected: RemoteFile, origin: str) -> None:
    """Check ``path`` against the registry; delete it and raise :class:`ChecksumError` on mismatch."""
    got = sha256_of(path)
    if got != expected.sha256:
        size = path.stat().st_size
        path.unlink()
        raise ChecksumError(
            f"{expected.path} from {origin}: SHA-256 {got} ({size} bytes) does not match the "
            f"registry's {expected.sha256} ({expected.size} bytes); the file was deleted. "
            "The source changed or the transfer was corrupted."
        )


def copy_from_mirror(remote: RemoteFile, mirror: Path, target: Path) -> bool:
    """Copy ``remote`` from ``mirror`` (plain or gzipped) to ``target``; False when absent."""
    plain = mirror / remote.path
    packed = mirror / (remote.path + ".gz")
    partial = target.with_name(target.name + ".part")
    if plain.is_file():
        shutil.copyfile(plain, partial)
        origin = plain
    elif packed.is_file():
        with gzip.open(packed, "rb") as source, open(partial, "wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
        origin = packed
    else:
        return False
    verify(partial, remote, f"mirror file {origin}")
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
    verify(partial, remote, remote.url)
    partial.replace(target)
