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
