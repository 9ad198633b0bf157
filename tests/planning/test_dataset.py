"""The shipped instance: registered, loadable, and rebuilt byte for byte by its builder."""

from __future__ import annotations

from edulab import datasets
from edulab.planning.dataset import SHIPPED, build_shipped, load_shipped


def test_builder_rewrites_the_shipped_bytes(tmp_path, repository):
    build_shipped(tmp_path)
    for name in SHIPPED:
        assert (tmp_path / name).read_bytes() == (repository / "datasets" / "planning" / name).read_bytes(), name


def test_registry_loads_the_shipped_instance():
    instance = datasets.load("hlapp-small")
    assert instance.n_learners == 160 and instance.n_modules == 576
    assert instance.meta["generator"]["seed"] == 0
    assert "hlapp-160.json" in datasets.info("hlapp-small").files


def test_loader_refuses_unknown_names(tmp_path):
    import pytest

    with pytest.raises(ValueError, match="unknown shipped instance"):
        load_shipped(tmp_path, "other.json")
