"""Fetching: through a mirror, from the cache, and the errors a user meets."""

import gzip
import hashlib
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edulab import cli, datasets
from edulab.datasets import catalog
from edulab.datasets.registry import RemoteDataset, RemoteFile
from edulab.errors import FileFormatError, NotAFileError, NotAFolderError

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
    with pytest.raises(
        datasets.DownloadError, match="could not download https://example.invalid/data.txt.*EDULAB_DATA_MIRROR"
    ):
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


# --- bad mirrors and caches (issue 16) ------------------------------------------------------------
@pytest.mark.parametrize(
    "packed, expected",
    [
        (gzip.compress(CONTENT)[:-9], "truncated; expected a complete gzip file"),
        (b"not gzip at all\n", "not a valid gzip file"),
    ],
    ids=["truncated", "not gzip"],
)
def test_a_damaged_gzipped_mirror_copy_names_the_file_and_leaves_nothing(toy_registry, packed, expected):
    mirror, home = toy_registry
    bad = mirror / "toy" / "data.txt.gz"
    bad.write_bytes(packed)
    with pytest.raises(FileFormatError, match=expected) as error:
        datasets.fetch("toy")
    assert error.value.path == str(bad) and str(error.value).startswith(f"{bad}: ")
    assert list((home / "toy").iterdir()) == []


def test_two_fetches_in_a_row_leave_only_the_file(toy_registry):
    mirror, home = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT)
    datasets.fetch("toy")
    datasets.fetch("toy")
    assert [p.name for p in (home / "toy").iterdir()] == ["data.txt"]


def test_a_file_where_the_cache_needs_a_folder_is_a_clear_error(toy_registry):
    mirror, home = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT)
    home.mkdir()
    (home / "toy").write_text("in the way")
    with pytest.raises(NotAFolderError, match=f"{home / 'toy'}: is a file; expected a folder for the dataset cache"):
        datasets.fetch("toy")


def test_a_folder_where_the_cache_needs_a_file_is_a_clear_error(toy_registry):
    mirror, home = toy_registry
    (mirror / "toy" / "data.txt").write_bytes(CONTENT)
    (home / "toy" / "data.txt").mkdir(parents=True)
    with pytest.raises(NotAFileError, match="is a folder in the dataset cache; expected the file toy/data.txt"):
        datasets.fetch("toy")


def test_a_data_home_that_is_a_file_is_a_clear_error(toy_registry, monkeypatch, tmp_path, capsys):
    home = tmp_path / "home-file"
    home.write_text("")
    monkeypatch.setenv("EDULAB_DATA_HOME", str(home))
    with pytest.raises(NotAFolderError, match="EDULAB_DATA_HOME"):
        datasets.fetch("toy")
    assert cli.main(["datasets", "fetch", "toy"]) == 2
    assert capsys.readouterr().err.startswith(f"edulab: error: {home}: is a file; expected a folder for the data cache")


# --- property: whatever the mirror holds, a fetch gives the file or a clear error -------------------
def _mutations():
    return st.one_of(
        st.tuples(st.just("truncate"), st.integers(0, 200)),
        st.tuples(st.just("insert"), st.integers(0, 200), st.binary(min_size=1, max_size=8)),
        st.tuples(st.just("flip"), st.integers(0, 200), st.integers(1, 255)),
    )


def _mutate(data: bytes, mutation) -> bytes:
    kind, at, *rest = mutation
    at = min(at, len(data))
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + rest[0] + data[at:]
    if at == len(data):
        return data
    return data[:at] + bytes([data[at] ^ rest[0]]) + data[at + 1 :]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(packed=st.booleans(), mutation=_mutations())
def test_a_mutated_mirror_copy_gives_the_file_or_a_clear_error(toy_registry, packed, mutation):
    mirror, home = toy_registry
    for old in (mirror / "toy").iterdir():
        old.unlink()
    shutil.rmtree(home, ignore_errors=True)
    data = _mutate(gzip.compress(CONTENT) if packed else CONTENT, mutation)
    copy = mirror / "toy" / ("data.txt.gz" if packed else "data.txt")
    copy.write_bytes(data)
    try:
        folder = datasets.fetch("toy")
    except (datasets.ChecksumError, FileFormatError) as error:
        assert str(copy) in str(error)
        assert not (home / "toy").exists() or list((home / "toy").iterdir()) == []
    else:
        assert (folder / "data.txt").read_bytes() == CONTENT
        assert [p.name for p in (home / "toy").iterdir()] == ["data.txt"]


def test_a_shipped_dataset_is_rebuilt_whole_into_the_cache_without_leftovers(monkeypatch, tmp_path, repository):
    from edulab import runtime

    monkeypatch.setattr(runtime, "repository_root", lambda: None)  # as on Colab: the package alone
    monkeypatch.setenv("EDULAB_DATA_HOME", str(tmp_path))
    folder = datasets.fetch("advising-synthetic")
    assert folder == tmp_path / "shipped" / "advising"
    shipped = datasets.info("advising-synthetic")
    assert sorted(p.name for p in folder.iterdir()) == sorted(shipped.files)  # no private build folder left
    for name in shipped.files:
        assert (folder / name).read_bytes() == (repository / "datasets" / "advising" / name).read_bytes()
