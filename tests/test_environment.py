"""environment.yml installs the same package as pyproject.toml (conda itself is not run here)."""

import re
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPOSITORY = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_this_package_with_its_dev_extra():
    environment = yaml.safe_load((REPOSITORY / "environment.yml").read_text())
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    assert environment["name"] == project["name"]
    dependencies = environment["dependencies"]
    python = next(d for d in dependencies if isinstance(d, str) and d.startswith("python="))
    version = python.split("=", 1)[1]
    assert version in SpecifierSet(project["requires-python"]), f"{python} is outside {project['requires-python']}"
    assert "pip" in dependencies
    (pip_section,) = [d["pip"] for d in dependencies if isinstance(d, dict)]
    assert pip_section == ["-e .[dev]"], "install the checkout itself, as the Makefile does"
    assert "dev" in project["optional-dependencies"]


def test_makefile_installs_the_same_extra():
    makefile = (REPOSITORY / "Makefile").read_text()
    assert re.search(r'pip install .*-e "\.\[dev\]"', makefile)


def test_the_dev_extra_brings_tensorflow_and_the_teaching_tools():
    extras = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(req.startswith("tensorflow-cpu") for req in extras["tf"])
    dev = " ".join(extras["dev"])
    for tool in ("edulab[tf", "pytest", "nbgrader", "jupyterlab", "nbval"):
        assert tool in dev


def test_tensorflow_is_not_a_base_dependency():
    """Colab and Noto bring their own TensorFlow; a second build beside it breaks both."""
    base = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not [req for req in base if req.lower().startswith(("tensorflow", "keras"))]
