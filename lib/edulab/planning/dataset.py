"""The shipped HLAPP instances (``datasets/planning/``), rebuilt byte for byte from fixed seeds.

No real instance is public outside DataverseNL, so the kit ships small generated ones: a
160-learner school (a fifth of the paper's medium school) where instruction activities form and
the ILP proves optimality in seconds.
"""

from __future__ import annotations

from pathlib import Path

from edulab.files import ensure_folder
from edulab.planning.generator import GeneratorConfig, generate_instance
from edulab.planning.instance import Instance, read_instance, write_instance

#: File name -> (generator configuration, seed).
SHIPPED: dict[str, tuple[GeneratorConfig, int]] = {
    "hlapp-160.json": (GeneratorConfig(learners=160, sigma=1.0, penalty=0.5, qualification_mix=(0.5, 0.5, 0.0)), 0),
}


def build_shipped(folder: str | Path) -> list[Path]:
    """Write every shipped instance into ``folder``."""
    folder = ensure_folder(folder)
    return [
        write_instance(generate_instance(config, random_state=seed), folder / name)
        for name, (config, seed) in SHIPPED.items()
    ]


def load_shipped(folder: str | Path, name: str = "hlapp-160.json") -> Instance:
    """Read one shipped instance from ``folder``."""
    if name not in SHIPPED:
        raise ValueError(f"unknown shipped instance {name!r}; expected one of {sorted(SHIPPED)}")
    return read_instance(Path(folder) / name)
