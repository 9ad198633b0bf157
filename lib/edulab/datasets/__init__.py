"""Datasets of the kit: a registry of public files fetched on demand, and shipped synthetic data.

>>> from edulab import datasets
>>> [d.name for d in datasets.list_datasets()][:2]          # doctest: +SKIP
>>> folder = datasets.fetch("itc2007")                      # doctest: +SKIP
>>> interactions = datasets.load("assistments2009")         # doctest: +SKIP

Public files are downloaded to :func:`edulab.runtime.data_home` and checked against their SHA-256;
a mirror folder named by ``EDULAB_DATA_MIRROR`` replaces the network. :func:`verify` re-checks
the copies in the cache and the mirror, or (online, for maintainers) the published files
themselves. Shipped datasets are read from the repository's ``datasets/`` folder, or regenerated
into the cache from their fixed seed where the repository is not at hand (Colab installs the
package alone).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from edulab import errors, files, runtime
from edulab.datasets.catalog import REGISTRY
from edulab.datasets.download import ChecksumError, DownloadError, copy_from_mirror, download, verify_file
from edulab.datasets.integrity import FileCheck, checks_table, verify
from edulab.datasets.registry import (
    Dataset,
    RemoteDataset,
    RemoteFile,
    ShippedDataset,
    UnknownDatasetError,
)

__all__ = [
    "ChecksumError",
    "Dataset",
    "DownloadError",
    "FileCheck",
    "RemoteDataset",
    "RemoteFile",
    "ShippedDataset",
    "UnknownDatasetError",
    "checks_table",
    "fetch",
    "info",
    "list_datasets",
    "load",
    "verify",
]


def list_datasets() -> list[Dataset]:
    """All registered datasets, sorted by name."""
    return list(REGISTRY)


def info(name: str) -> Dataset:
    """The registry entry of ``name``; raises :class:`UnknownDatasetError` with suggestions."""
    return REGISTRY.get(name)


def fetch(name: str, *, progress: bool = True) -> Path:
    """Make the files of dataset ``name`` available locally and return their folder.

    Remote files already in the cache are re-verified; missing ones are copied from the mirror
    (``EDULAB_DATA_MIRROR``) when set, else downloaded. A file whose hash differs from the
    registry's is deleted and :class:`ChecksumError` raised. Several processes may fetch the
    same dataset at once: each file appears in the cache whole and verified, or not at all.

    Raises
    ------
    UnknownDatasetError
        ``name`` is not registered.
    ChecksumError
        A copy does not hold the registered bytes.
    edulab.errors.FileFormatError
        A gzipped mirror copy is truncated or not gzip (the message names it).
    edulab.errors.NotAFolderError, edulab.errors.NotAFileError
        A file of the cache is where a folder should be, or the reverse.
    DownloadError
        The network failed and no mirror holds the file.
    """
    dataset = REGISTRY.get(name)
    if isinstance(dataset, ShippedDataset):
        return _shipped_folder(dataset)
    return _fetch_remote(dataset, progress=progress)


def load(name: str, **kwargs: Any) -> Any:
    """Fetch dataset ``name`` and read it with its loader (keyword arguments go to the loader)."""
    dataset = REGISTRY.get(name)
    folder = fetch(name)
    loader = dataset.load_function()
    if loader is None:
        if kwargs:
            raise TypeError(f"dataset {name!r} has no loader, so it takes no arguments; got {sorted(kwargs)}")
        return folder
    return loader(folder, **kwargs)


def is_cached(name: str) -> bool:
    """True when every file of ``name`` is already local (without checking hashes)."""
    dataset = REGISTRY.get(name)
    if isinstance(dataset, ShippedDataset):
        return True
    home = runtime.data_home()
    return all((home / f.path).is_file() for f in dataset.files)


def _fetch_remote(dataset: RemoteDataset, *, progress: bool) -> Path:
    home = runtime.data_home()
    mirror = runtime.data_mirror()
    for remote in dataset.files:
        target = home / remote.path
        # a folder first: another process may turn an absent file into a whole one at any moment
        if target.is_dir():
            raise errors.NotAFileError(
                target,
                f"{target}: is a folder in the dataset cache; expected the file {remote.path} (remove the folder)",
            )
        if target.is_file():
            _verify_cached(target, remote)
            continue
        files.ensure_folder(target.parent, what=f"the dataset cache of {dataset.name!r}")
        if mirror is not None and copy_from_mirror(remote, mirror, target):
            continue
        download(remote, target, progress=progress)
    return home / dataset.folder


_VERIFIED: set[tuple[str, float]] = set()


def _verify_cached(target: Path, remote: RemoteFile) -> None:
    """Verify a cached file once per process (per modification time)."""
    key = (str(target), target.stat().st_mtime)
    if key not in _VERIFIED:
        verify_file(target, remote, f"the cache ({target})")
        _VERIFIED.add(key)


def _shipped_folder(dataset: ShippedDataset) -> Path:
    root = runtime.repository_root()
    if root is not None:
        folder = root / "datasets" / dataset.folder
        if all((folder / file).is_file() for file in dataset.files):
            return folder
    folder = runtime.data_home() / "shipped" / dataset.folder
    if not all((folder / file).is_file() for file in dataset.files):
        files.ensure_folder(folder, what=f"the shipped dataset {dataset.name!r}")
        print(f"Generating the shipped dataset {dataset.name!r} into {folder} (the repository is not at hand).")
        # Build in a private folder, then move each file in atomically: a process that fetches the
        # same dataset meanwhile sees each file whole or not at all.
        scratch = Path(tempfile.mkdtemp(dir=folder, prefix=".build-"))
        try:
            dataset.build_function()(scratch)
            missing = [file for file in dataset.files if not (scratch / file).is_file()]
            if missing:
                raise RuntimeError(f"the builder of {dataset.name!r} did not write {missing} into {scratch}")
            for file in dataset.files:
                (folder / file).parent.mkdir(parents=True, exist_ok=True)
                os.replace(scratch / file, folder / file)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return folder
