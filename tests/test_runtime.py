import random

import numpy as np
import pytest

from edulab import runtime


@pytest.fixture
def clean_env(monkeypatch):
    for key in ("NBGRADER_EXECUTION", "EDULAB_FAST"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(runtime, "_under_pytest", lambda: False)
    return monkeypatch


def test_full_budget_by_default(clean_env):
    assert not runtime.is_fast()
    assert runtime.choose(fast=1, full=30) == 30
    assert runtime.budget_name() == "full"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("NBGRADER_EXECUTION", "autograde"),
        ("NBGRADER_EXECUTION", "validate"),
        ("EDULAB_FAST", "1"),
        ("EDULAB_FAST", "yes"),
    ],
)
def test_fast_budget_switches(clean_env, key, value):
    clean_env.setenv(key, value)
    assert runtime.is_fast()
    assert runtime.choose(fast=1, full=30) == 1


def test_fast_under_pytest_unless_forced_full(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("EDULAB_FAST", raising=False)
    assert runtime.is_fast()
    clean_env = monkeypatch
    clean_env.setenv("EDULAB_FAST", "0")
    assert not runtime.is_fast()


def test_grading_is_always_fast(clean_env):
    clean_env.setenv("EDULAB_FAST", "0")
    clean_env.setenv("NBGRADER_EXECUTION", "autograde")
    assert runtime.is_fast()


def test_unreadable_switch_is_an_error(clean_env):
    clean_env.setenv("EDULAB_FAST", "maybe")
    with pytest.raises(ValueError, match="EDULAB_FAST='maybe'"):
        runtime.is_fast()


def test_expect_prints_the_time_of_the_current_budget(clean_env, capsys):
    runtime.expect(full="8 min", fast="20 s", what="Training")
    assert capsys.readouterr().out.startswith("Training takes about 8 min in the full budget")


def test_seed_everything_makes_python_numpy_and_the_generator_repeat():
    first = runtime.seed_everything(5, tensorflow=False)
    a = (random.random(), np.random.rand(), first.random())
    second = runtime.seed_everything(5, tensorflow=False)
    assert (random.random(), np.random.rand(), second.random()) == a


def test_seed_everything_seeds_tensorflow():
    tf = pytest.importorskip("tensorflow")
    runtime.seed_everything(3, tensorflow=True)
    a = tf.random.uniform((3,)).numpy()
    runtime.seed_everything(3, tensorflow=True)
    assert np.array_equal(a, tf.random.uniform((3,)).numpy())


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True])
def test_seed_must_be_a_non_negative_integer(seed):
    with pytest.raises(ValueError, match="seed"):
        runtime.seed_everything(seed)


def test_colab_detection(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("JUPYTERHUB_API_URL", raising=False)
    assert not runtime.in_colab()
    assert runtime.platform_name() == "local"
    monkeypatch.setenv("JUPYTERHUB_USER", "student")
    assert runtime.platform_name() == "jupyterhub"
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261101")
    assert runtime.in_colab()
    assert runtime.platform_name() == "colab"


def test_data_home_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EDULAB_DATA_HOME", str(tmp_path / "cache"))
    assert runtime.data_home() == tmp_path / "cache"
    assert (tmp_path / "cache").is_dir()
    monkeypatch.delenv("EDULAB_DATA_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert runtime.data_home() == tmp_path / "xdg" / "edulab"


def test_mirror_must_be_a_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("EDULAB_DATA_MIRROR", str(tmp_path / "absent"))
    with pytest.raises(FileNotFoundError, match="absent"):
        runtime.data_mirror()
    monkeypatch.delenv("EDULAB_DATA_MIRROR")
    assert runtime.data_mirror() is None


def test_repository_root_is_this_checkout(repository):
    assert runtime.repository_root() == repository


def test_environment_report_names_the_course_libraries():
    report = runtime.environment_report()
    for key in ("python", "budget", "numpy", "alns", "pulp", "nbgrader"):
        assert key in report
    assert report["budget"] == "fast"
