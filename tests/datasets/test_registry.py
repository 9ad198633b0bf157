import re

import pytest

from edulab import datasets
from edulab.datasets.registry import Registry, RemoteDataset, RemoteFile, ShippedDataset

SHA = "0" * 64


def test_unknown_name_suggests_close_ones():
    with pytest.raises(datasets.UnknownDatasetError, match="unknown dataset 'itc2070'.*'itc2007'"):
        datasets.info("itc2070")


def test_names_are_unique():
    registry = Registry()
    registry.add(RemoteDataset("a", "d", "s", (RemoteFile("a/x", "https://x", SHA, 1),)))
    with pytest.raises(ValueError, match="'a' is registered twice"):
        registry.add(RemoteDataset("a", "d", "s", (RemoteFile("a/y", "https://y", SHA, 1),)))


@pytest.mark.parametrize(
    ("path", "sha", "message"),
    [("x/y", "abc", "64 lowercase hex"), ("/etc/passwd", SHA, "relative"), ("x/../../y", SHA, "relative")],
)
def test_remote_file_is_validated(path, sha, message):
    with pytest.raises(ValueError, match=message):
        RemoteFile(path, "https://example.org/f", sha, 1)


def test_folder_is_the_common_parent():
    files = (
        RemoteFile("itc2007/solutions/a.sol", "u", SHA, 1),
        RemoteFile("itc2007/solutions/b.sol", "u", SHA, 1),
    )
    assert RemoteDataset("s", "d", "src", files).folder == "itc2007/solutions"
    mixed = files + (RemoteFile("itc2007/instances/c.ctt", "u", SHA, 1),)
    assert RemoteDataset("m", "d", "src", mixed).folder == "itc2007"


def test_every_entry_is_well_formed():
    entries = datasets.list_datasets()
    assert {"itc2007", "itc2007-solutions", "assistments2009", "epfl-mooc"} <= {d.name for d in entries}
    for dataset in entries:
        assert dataset.description and dataset.source
        if isinstance(dataset, RemoteDataset):
            assert all(f.url.startswith("https://") for f in dataset.files)
            assert len({f.path for f in dataset.files}) == len(dataset.files)
        else:
            assert isinstance(dataset, ShippedDataset)
            assert callable(dataset.build_function())
        loader = dataset.load_function()
        assert loader is None or callable(loader), f"{dataset.name}: loader {dataset.loader!r} does not resolve"


def test_itc2007_has_the_21_competition_instances_and_toy():
    names = {f.path.rsplit("/", 1)[1] for f in datasets.info("itc2007").files}
    assert names == {f"comp{i:02d}.ctt" for i in range(1, 22)} | {"toy.ctt"}


RAW_URL = re.compile(r"https://raw\.githubusercontent\.com/(?P<repo>[^/]+/[^/]+)/(?P<commit>[^/]+)/(?P<path>.+)")


def _pins():
    """(dataset, repository, commit, path in the repository) of every public file."""
    return [
        (d.name, *RAW_URL.fullmatch(f.url).group("repo", "commit", "path"))
        for d in datasets.list_datasets()
        if isinstance(d, RemoteDataset)
        for f in d.files
    ]


def test_every_url_is_pinned_to_one_commit_per_repository():
    """A branch name would let the bytes change under the hash; two commits of one repository is
    how comp04-07's solutions came to point at a commit holding other timetables."""
    assert all(re.fullmatch(r"[0-9a-f]{40}", commit) for _, _, commit, _ in _pins())
    commits = {}
    for _, repository, commit, _ in _pins():
        commits.setdefault(repository, set()).add(commit)
    assert {repository: len(pinned) for repository, pinned in commits.items()} == dict.fromkeys(commits, 1)


def test_the_race_solutions_are_pinned_where_their_hashes_hold():
    # At 1722616 ("Finished: version 1.0") every results/races/compNN.ctt.sol has the registered
    # SHA-256; at the earlier c4b7526 comp04 to comp07 held other timetables.
    races = [(commit, path) for name, _, commit, path in _pins() if name == "itc2007-solutions" and "races" in path]
    assert [path for _, path in races] == [f"results/races/comp{i:02d}.ctt.sol" for i in range(1, 8)]
    assert {commit for commit, _ in races} == {"1722616f834e5a5d0faffa25e99ef3a9def922e0"}
