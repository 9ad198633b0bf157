"""Checking the registered public files: the local copies, or the published files themselves.

Offline, :func:`verify` re-hashes the copies in the cache and in the mirror folder; online, it
downloads every file afresh into a temporary folder, as a user without the mirror would, so that
a maintainer sees before a release whether every pinned URL still serves the registered bytes.

>>> from edulab import datasets
>>> checks = datasets.verify(["itc2007"])                   # doctest: +SKIP
>>> datasets.checks_table(checks)                           # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from edulab import runtime
from edulab.datasets.download import ChecksumError, DownloadError, digest, download, mirror_copy, mismatch
from edulab.datasets.registry import Registry, RemoteDataset, RemoteFile, ShippedDataset
from edulab.errors import FileFormatError

if TYPE_CHECKING:
    import pandas as pd

OK = "ok"
MISSING = "missing"
UNREACHABLE = "unreachable"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class FileCheck:
    """What one copy of one registered file held.

    Attributes
    ----------
    dataset
        Name of the dataset.
    path
        The file's registry path (relative to the cache and the mirror).
    location
        ``"cache"``, ``"mirror"`` or ``"online"``.
    source
        The file checked: its absolute path, or its URL online.
    status
        ``"ok"``, ``"missing"``, ``"wrong size"``, ``"wrong hash"``, ``"unreadable"`` (a gzipped
        mirror copy that is truncated or not gzip) or (online) ``"unreachable"``.
    sha256, size
        What the copy held (None when there was no copy).
    expected_sha256, expected_size
        What the registry records.
    detail
        Why a download failed or a copy could not be read; empty otherwise.
    """

    dataset: str
    path: str
    location: str
    source: str
    status: str
    sha256: str | None
    size: int | None
    expected_sha256: str
    expected_size: int
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def verify(
    names: Sequence[str] = (),
    *,
    online: bool = False,
    registry: Registry | None = None,
    progress: bool = True,
) -> list[FileCheck]:
    """Check the public files of the named datasets (all remote datasets when none is named).

    Parameters
    ----------
    names
        Dataset names; an unknown name raises :class:`~edulab.datasets.UnknownDatasetError`
        (listing the known ones), a shipped dataset a ``ValueError`` (it has no registered hashes).
    online
        False: re-hash the copies in the cache (:func:`edulab.runtime.data_home`) and, when
        ``EDULAB_DATA_MIRROR`` is set, in the mirror; nothing is changed or deleted. Without
        ``names``, a dataset with no file at all in a location (never fetched there) is left
        out for that location. True: download every file from its registered URL into a
        temporary folder and check it; the cache and the mirror are not used.
    registry
        The registry to check; by default the one :func:`edulab.datasets.fetch` uses (the
        kit's catalogue).
    progress
        Show a progress bar per download (online only).

    Returns
    -------
    list of FileCheck
        One record per file and location, in registry order: the cache's, then the mirror's.
    """
    if registry is None:
        import edulab.datasets

        registry = edulab.datasets.REGISTRY
    datasets = _remote_datasets(registry, names)
    if online:
        return _verify_online(datasets, progress=progress)
    checks = _verify_folder(datasets, "cache", runtime.data_home(), named=bool(names))
    folder = runtime.data_mirror()
    if folder is not None:
        checks += _verify_folder(datasets, "mirror", folder, named=bool(names))
    return checks


def checks_table(checks: Iterable[FileCheck]) -> pd.DataFrame:
    """The checks as a DataFrame, one row per check and one column per field of :class:`FileCheck`."""
    import pandas as pd

    return pd.DataFrame([check.to_dict() for check in checks], columns=[f.name for f in fields(FileCheck)])


def _remote_datasets(registry: Registry, names: Sequence[str]) -> list[RemoteDataset]:
    if not names:
        return [d for d in registry if isinstance(d, RemoteDataset)]
    chosen = [registry.get(name) for name in dict.fromkeys(names)]  # unknown names raise here
    shipped = [d.name for d in chosen if isinstance(d, ShippedDataset)]
    if shipped:
        remote = ", ".join(d.name for d in registry if isinstance(d, RemoteDataset))
        raise ValueError(
            f"shipped datasets are regenerated from a fixed seed and have no registered hashes to verify: "
            f"{', '.join(map(repr, shipped))}; the public datasets are: {remote}"
        )
    return chosen


def _record(dataset: RemoteDataset, remote: RemoteFile, location: str, source: str, **found) -> FileCheck:
    return FileCheck(
        dataset=dataset.name,
        path=remote.path,
        location=location,
        source=source,
        expected_sha256=remote.sha256,
        expected_size=remote.size,
        **found,
    )


def _compare(
    dataset: RemoteDataset, remote: RemoteFile, location: str, source: str, sha256: str, size: int
) -> FileCheck:
    status = mismatch(sha256, size, remote) or OK
    return _record(dataset, remote, location, source, status=status, sha256=sha256, size=size)


def _verify_folder(datasets: list[RemoteDataset], location: str, folder: Path, *, named: bool) -> list[FileCheck]:
    checks = []
    for dataset in datasets:
        found = {remote: _find(remote, location, folder) for remote in dataset.files}
        if not named and all(copy is None for copy in found.values()):
            continue
        for remote, copy in found.items():
            if copy is None:
                source = str(folder / remote.path)
                checks.append(_record(dataset, remote, location, source, status=MISSING, sha256=None, size=None))
                continue
            path, gzipped = copy
            try:
                found = digest(path, gzipped=gzipped)
            except FileFormatError as error:
                unreadable = {"status": UNREADABLE, "sha256": None, "size": None, "detail": error.reason}
                checks.append(_record(dataset, remote, location, str(path), **unreadable))
                continue
            checks.append(_compare(dataset, remote, location, str(path), *found))
    return checks


def _find(remote: RemoteFile, location: str, folder: Path) -> tuple[Path, bool] | None:
    """The cache holds plain files; a mirror may also hold them gzipped."""
    if location == "mirror":
        return mirror_copy(remote, folder)
    path = folder / remote.path
    return (path, False) if path.is_file() else None


def _verify_online(datasets: list[RemoteDataset], *, progress: bool) -> list[FileCheck]:
    checks = []
    with tempfile.TemporaryDirectory(prefix="edulab-verify-") as scratch:
        for dataset in datasets:
            for remote in dataset.files:
                target = Path(scratch) / remote.path
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    download(remote, target, progress=progress)
                except ChecksumError as error:
                    checks.append(_compare(dataset, remote, "online", remote.url, error.sha256, error.size))
                except DownloadError as error:
                    reason = str(error.__cause__ or error)
                    found = {"status": UNREACHABLE, "sha256": None, "size": None, "detail": reason}
                    checks.append(_record(dataset, remote, "online", remote.url, **found))
                else:
                    checks.append(_compare(dataset, remote, "online", remote.url, *digest(target)))
    return checks
