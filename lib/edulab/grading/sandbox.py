"""A bubblewrap sandbox for the kernel that runs a student's submission while it is graded.

nbgrader executes the autograded notebook, hidden tests included, with a Jupyter kernel that
by default runs as the grader's user in the folder that holds that very notebook: student code
could read the hidden tests, ``solutions/``, the gradebook or other students' work. Here only
the *kernel* runs in a `bubblewrap <https://github.com/containers/bubblewrap>`_ sandbox (the
notebook itself stays with nbclient in the grader's process). The kernel sees

- the Python installation (the virtual environment and its base interpreter), the kit's library
  (``lib/``, ``datasets/``, ``pyproject.toml`` of the checkout) and the data cache and mirror,
  all read-only, and ``/usr`` with the few files of ``/etc`` that programs need;
- a scratch copy of the submission's folder without any notebook, as its working folder, and a
  data home of its own whose files link to the grader's cache (it can add files, not change them);
- its connection file and its sockets (Unix sockets: the sandbox has no network at all);
- a private ``/tmp`` of bounded size;

and nothing else: no course folder, no home folder of the grader, no other submission, no
network. Its address space, CPU time, file sizes and lifetime are bounded by resource limits set inside the
sandbox before the kernel starts (:class:`Limits`).

References
----------
.. [1] nbgrader issue #917 and the nbgrader documentation on running untrusted code.
.. [2] otter-grader grades each submission in a container for the same reason.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BWRAP = "bwrap"
#: Files of /etc that the interpreter and common libraries read; nothing secret.
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "timezone",
    "nsswitch.conf",
    "hosts",
    "mime.types",
    "fonts",
)
#: Environment variables passed into the sandbox (by name or prefix); everything else is dropped
#: (tokens of JupyterHub, cloud credentials, ``JPY_PARENT_PID``, which would stop the kernel).
ENV_NAMES = (
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "MPLBACKEND",
    "OMP_NUM_THREADS",
    "PYDEVD_DISABLE_FILE_VALIDATION",
)
ENV_PREFIXES = ("EDULAB_", "NBGRADER_", "TF_")

# Runs inside the sandbox, before the kernel: resource limits, then exec the kernel.
_LIMITER = """\
import os, resource, signal, sys
cpu, memory, wall, size = (int(v) for v in sys.argv[1:5])
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
signal.alarm(wall)
os.execv(sys.argv[5], sys.argv[5:])
"""


class SandboxUnavailable(OSError):
    """The sandbox cannot run here (the message says why and how to go on)."""


@dataclass(frozen=True)
class Limits:
    """Bounds on one kernel (one submitted notebook).

    Parameters
    ----------
    memory_bytes
        Address-space limit (``RLIMIT_AS``); a larger allocation raises ``MemoryError``.
    cpu_seconds
        CPU-time limit of the kernel over the whole notebook (``RLIMIT_CPU``); past it the
        kernel is killed.
    wall_seconds
        Lifetime of the kernel (``alarm``); past it the kernel is killed. Each cell also has
        nbgrader's own timeout (``Execute.timeout``).
    tmp_bytes
        Size of the private ``/tmp``.
    file_bytes
        Largest file the kernel may write (``RLIMIT_FSIZE``), in its working folder or elsewhere.
    """

    memory_bytes: int = 6 * 2**30
    cpu_seconds: int = 1800
    wall_seconds: int = 3600
    tmp_bytes: int = 512 * 2**20
    file_bytes: int = 2**30

    def __post_init__(self) -> None:
        for name in ("memory_bytes", "cpu_seconds", "wall_seconds", "tmp_bytes", "file_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Limits.{name}={value!r}: expected a positive integer")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_only_paths() -> list[Path]:
    """What the kernel may read besides ``/usr``: the Python installation, the library, the data."""
    from edulab import runtime

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent}
    root = runtime.repository_root()
    if root is not None:
        paths |= {root / "lib", root / "datasets", root / "pyproject.toml"}
    else:
        paths.add(Path(__file__).resolve().parents[1])
    mirror = os.environ.get(runtime.MIRROR_ENV)
    paths |= {data_home(), *([Path(mirror)] if mirror else [])}
    return sorted(p.resolve() for p in paths if p.exists())


def data_home() -> Path:
    """The grader's data cache (as :func:`edulab.runtime.data_home`, without creating it)."""
    from edulab import runtime

    explicit = os.environ.get(runtime.DATA_HOME_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "edulab"


@dataclass
class Sandbox:
    """A private folder for one kernel and the bubblewrap command that confines it.

    Parameters
    ----------
    private
        Folder bound read-write into the sandbox: the scratch working folder ``work/``, the
        connection file and the kernel's sockets. Created by :meth:`for_folder`.
    limits
        Resource limits of the kernel.
    forbidden
        Folders that must stay invisible (the course); a read-only path inside one, or one
        that contains one, is refused.
    """

    private: Path
    limits: Limits = field(default_factory=Limits)
    forbidden: tuple[Path, ...] = ()

    @property
    def workdir(self) -> Path:
        return self.private / "work"

    @classmethod
    def for_folder(cls, folder: Path, limits: Limits | None = None, forbidden: tuple[Path, ...] = ()) -> Sandbox:
        """A sandbox whose working folder is a copy of ``folder`` without any notebook."""
        private = Path(tempfile.mkdtemp(prefix="edulab-sandbox-")).resolve()
        sandbox = cls(private, limits or Limits(), tuple(Path(f).resolve() for f in forbidden))
        shutil.copytree(
            folder, sandbox.workdir, symlinks=True, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints")
        )
        sandbox._link_data_cache()
        return sandbox

    def _link_data_cache(self) -> None:
        """A writable data home for the kernel whose files link to the grader's cache (bound read-only).

        The kernel finds what the grader has cached and may fetch more (from the mirror) into its
        own folder, but cannot change the grader's cache for the next student.
        """
        target = self.private / "data"
        target.mkdir()
        cache = data_home()
        if not cache.is_dir():
            return
        cache = cache.resolve()
        for folder, _, files in os.walk(cache):
            inside = target / Path(folder).relative_to(cache)
            inside.mkdir(parents=True, exist_ok=True)
            for name in files:
                (inside / name).symlink_to(Path(folder) / name)

    def remove(self) -> None:
        shutil.rmtree(self.private, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()

    def wrap(self, command: list[str]) -> list[str]:
        """``command`` (a kernel's argv) run inside the sandbox, with the limits applied."""
        args = [
            BWRAP,
            "--unshare-all",
            "--unshare-user",
            "--uid",
            "65534",
            "--gid",
            "65534",
            "--disable-userns",
            "--die-with-parent",
            "--cap-drop",
            "ALL",
            "--clearenv",
        ]
        args += ["--ro-bind", "/usr", "/usr"]
        for name in ("bin", "sbin", "lib", "lib32", "lib64"):
            top = Path("/") / name
            if top.is_symlink():
                args += ["--symlink", os.readlink(top), str(top)]
            elif top.is_dir():
                args += ["--ro-bind", str(top), str(top)]
        for name in ETC_FILES:
            args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        args += ["--proc", "/proc", "--dev", "/dev", "--size", str(self.limits.tmp_bytes), "--tmpfs", "/tmp"]
        for path in read_only_paths():
            for secret in self.forbidden:
                if _inside(path, secret) or _inside(secret, path):
                    raise SandboxUnavailable(
                        f"the sandbox would expose {secret} through {path}: move the venv or data out of the course"
                    )
            args += ["--ro-bind", str(path), str(path)]
        args += ["--bind", str(self.private), str(self.private), "--chdir", str(self.workdir)]
        python = str(Path(sys.executable))
        bins = os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"])
        env = {"PATH": bins, "HOME": "/tmp", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/matplotlib"}
        env["EDULAB_DATA_HOME"] = str(self.private / "data")
        for key, value in os.environ.items():
            if key in ENV_NAMES or key.startswith(ENV_PREFIXES):
                env.setdefault(key, value)
        for key, value in sorted(env.items()):
            args += ["--setenv", key, value]
        limits = self.limits
        limiter = [
            python,
            "-c",
            _LIMITER,
            *(str(v) for v in (limits.cpu_seconds, limits.memory_bytes, limits.wall_seconds, limits.file_bytes)),
        ]
        return [*args, "--", *limiter, *command]


@functools.lru_cache(maxsize=1)
def sandbox_problem() -> str | None:
    """Why the sandbox cannot run here, or None when a smoke test inside it passes.

    The smoke test runs this interpreter in the sandbox and checks that it starts, that the
    network has nothing but loopback, and that the grader's working folder is invisible.
    """
    if shutil.which(BWRAP) is None:
        return "bubblewrap (`bwrap`) is not installed (Debian/Ubuntu: `apt-get install bubblewrap`)"
    probe = "import os, socket, sys; print(sorted(n for _, n in socket.if_nameindex()), os.path.exists(sys.argv[1]))"
    with tempfile.TemporaryDirectory(prefix="edulab-probe-") as scratch:
        secret = Path(scratch) / "visible"
        secret.mkdir()
        sandbox = Sandbox.for_folder(secret)
        try:
            command = sandbox.wrap([sys.executable, "-c", probe, str(secret)])
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as error:
                return f"bubblewrap failed to start: {error}"
        finally:
            sandbox.remove()
    if done.returncode != 0:
        return f"bubblewrap failed its smoke test (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    if done.stdout.strip() != "['lo'] False":
        return f"bubblewrap's smoke test saw a network or the grader's files: {done.stdout.strip()!r}"
    return None
