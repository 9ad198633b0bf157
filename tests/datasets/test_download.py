"""Fetching: through a mirror, from the cache, and the errors a user meets."""

import gzip
import hashlib

import pytest

from edulab import datasets
from edulab.datasets import catalog
from edulab.datasets.registry import RemoteDataset, RemoteFile

CONTENT = b"Name: Toy\nCourses: 0\n"


@pytest.fixture
def toy_registry(monkeypatch, tmp_path):
    """A registry with one small dataset whose file lives in a temporary mirror."""
    remote = RemoteFile(
        "toy/data.txt", "https://example.invalid/data.txt", hashlib.sha256(CONTENT).hexdigest(), len(CONTENT)
    )
    registry = catalog.Registry()
    registry.add(RemoteDataset("toy", "a toy file", "tests", (remote,)))
    monkeypatch.setattr(datasets, "REGISTRY", registry)
    monkeypatch.setenv("EDULAB_DATA_HOME", str(tmp_path / "home"))
    mirror = tmp_path / "mirror"
    (mirror / "toy").mkdir(parents=True)
    monkeypatch.setenv("EDULAB_DATA_MIRROR", str(mirror))
    return mirror, tmp_path / "home"


def test_fetch_through_the_mirror(toy_registry):
    mirror, home = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT)
    folder = datasets.fetch("toy")
    assert folder == home / "toy"
    assert (folder / "data.txt").read_bytes() == CONTENT
    assert datasets.load("toy") == folder
    assert datasets.is_cached("toy")


def test_a_gzipped_mirror_copy_is_unpacked(toy_registry):
    mirror, _ = toy_registry
    (mirror / "toy" / "data.txt.gz").write_bytes(gzip.compress(CONTENT))
    assert (datasets.fetch("toy") / "data.txt").read_bytes() == CONTENT


def test_hash_mismatch_is_an_error_and_the_file_is_deleted(toy_registry):
    mirror, home = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT + b"tampered")
    with pytest.raises(datasets.ChecksumError, match="toy/data.txt from mirror file .* does not match"):
        datasets.fetch("toy")
    assert not (home / "toy" / "data.txt").exists()
    assert not (home / "toy" / "data.txt.part").exists()


def test_a_corrupted_cache_file_is_caught(toy_registry):
    mirror, home = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT)
    datasets.fetch("toy")
    (home / "toy" / "data.txt").write_bytes(b"corrupted on disk")
    with pytest.raises(datasets.ChecksumError, match="the cache"):
        datasets.fetch("toy")


def test_offline_without_mirror_says_what_to_do(toy_registry, monkeypatch):
    monkeypatch.delenv("EDULAB_DATA_MIRROR")
    with pytest.raises(datasets.DownloadError, match="could not download https://example.invalid/data.txt.*EDULAB_DATA_MIRROR"):
        datasets.fetch("toy", progress=False)


def test_file_missing_from_the_mirror_falls_back_to_the_network(toy_registry):
    with pytest.raises(datasets.DownloadError, match="example.invalid"):
        datasets.fetch("toy", progress=False)


def test_loader_arguments_need_a_loader(toy_registry):
    mirror, _ = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT)
    with pytest.raises(TypeError, match="no loader"):
        datasets.load("toy", limit=3)


@pytest.mark.parametrize(
    "name", ["itc2007", "itc2007-solutions", "assistments2009", "assistments2017", "epfl-mooc", "flipped-classroom"]
)
def test_every_public_copy_matches_its_registered_hash_and_size(shared_data, name):
    folder = datasets.fetch(name, progress=False)  # verifies every SHA-256 on the way
    home = folder
    for _ in datasets.info(name).folder.split("/"):
        home = home.parent
    for remote in datasets.info(name).files:
        assert (home / remote.path).stat().st_size == remote.size, remote.path
