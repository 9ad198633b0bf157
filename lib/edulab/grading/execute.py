"""nbgrader's ``Execute`` preprocessor with the kernel in the sandbox and kernel deaths survived.

Named in ``nbgrader_config.py`` (``Autograde.autograde_preprocessors``), so ``nbgrader autograde``,
the formgrader and ``edulab course autograde`` all grade through it.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, List, Unicode

from edulab.grading.sandbox import Limits, Sandbox, SandboxUnavailable, sandbox_problem

UNSAFE_HINT = (
    "pass --unsafe to `edulab course autograde` (nbgrader: --SandboxedExecute.unsafe=True) to grade without it"
)


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside :attr:`sandbox` and talks to it over Unix sockets."""

    sandbox: Sandbox | None = None

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        # Signals from outside do not reach a kernel in its own PID namespace: ask it by message.
        self.kernel_spec.interrupt_mode = "message"
        return self.sandbox.wrap(command) if self.sandbox is not None else command

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        # The kernel's own stdout carries only ipykernel's banner ("Ctrl-C will not work", "To
        # connect another client...": it cannot see its parent through the sandbox), once per
        # submission; the student's output travels in the kernel's messages. The grader's stdout
        # is not the banner's either (a Dask worker shares it with `edulab course autograde --json`).
        kw.setdefault("stdout", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)


def kernel_died_output(cell_kind: str) -> NotebookNode:
    """The error recorded in a cell whose kernel died (or that was not run after too many deaths)."""
    return NotebookNode(
        output_type="error",
        ename="KernelDied",
        evalue=cell_kind,
        traceback=[f"KernelDied: {cell_kind}"],
    )


class SandboxedExecute(Execute):
    """Execute a submission with its kernel in a bubblewrap sandbox (:mod:`edulab.grading.sandbox`).

    When the kernel dies in a cell (memory, CPU time, a crash), that cell gets a ``KernelDied``
    error (so a test cell scores 0), a new kernel replays the cells before it that ran, and
    execution goes on. After ``max_kernel_deaths`` deaths the remaining code cells get the
    same error without running.
    """

    unsafe = Bool(False, help="Run student code without the sandbox (only where none is available).").tag(config=True)
    memory_limit = Integer(Limits.memory_bytes, help="Address-space limit of the kernel, bytes.").tag(config=True)
    cpu_time_limit = Integer(Limits.cpu_seconds, help="CPU-time limit of the kernel, seconds.").tag(config=True)
    wall_time_limit = Integer(Limits.wall_seconds, help="Lifetime limit of the kernel, seconds.").tag(config=True)
    max_kernel_deaths = Integer(2, help="Kernel deaths survived per notebook.").tag(config=True)
    forbidden_paths = List(Unicode(), help="Folders the sandbox must never expose (the course root).").tag(config=True)

    _sandbox: Sandbox | None = None

    def preprocess(self, nb, resources=None, km=None):
        self._deaths = 0
        self._folder = (resources or {}).get("metadata", {}).get("path") or None
        if self.unsafe:
            self.log.warning("grading WITHOUT the sandbox (--unsafe): student code can read the hidden tests")
            self._sandbox = None
            return super().preprocess(nb, resources, km)
        problem = sandbox_problem()
        if problem:
            raise SandboxUnavailable(f"cannot sandbox student code: {problem}; {UNSAFE_HINT}")
        folder = Path(self._folder or ".")
        limits = Limits(self.memory_limit, self.cpu_time_limit, self.wall_time_limit)
        with Sandbox.for_folder(folder, limits, tuple(Path(p) for p in self.forbidden_paths)) as sandbox:
            self._sandbox = sandbox
            try:
                return super().preprocess(nb, resources, km)
            finally:
                self._sandbox = None

    def create_kernel_manager(self):
        if self._sandbox is None:
            return super().create_kernel_manager()
        self.kernel_manager_class = SandboxKernelManager
        km = super().create_kernel_manager()
        starts = self._deaths
        km.sandbox = self._sandbox
        km.transport = "ipc"
        km.ip = str(self._sandbox.private / f"kernel{starts}")
        km.connection_file = str(self._sandbox.private / f"kernel{starts}.json")
        return km

    def preprocess_cell(self, cell, resources, index):
        if self._deaths > self.max_kernel_deaths:
            if cell.cell_type == "code":
                cell.outputs = [kernel_died_output("not run: the kernel died too often in earlier cells")]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            self._deaths += 1
            what = "did not answer an interrupt" if isinstance(error, CellTimeoutError) else "died"
            self.log.warning("the kernel %s in cell %s (%s); restarting it", what, index, _grade_id(cell))
            cell.outputs.append(
                kernel_died_output(
                    f"the kernel {what} while this cell ran (time, memory or CPU-time limit, or a crash)"
                )
            )
            if self._deaths <= self.max_kernel_deaths:
                self._restart(resources, index)
            return cell, resources

    def _restart(self, resources, index: int) -> None:
        """A fresh kernel that has run the cells before ``index`` again (except those that failed)."""
        self._cleanup_kernel()
        self.km = self.create_kernel_manager()
        self.kc = None
        self.start_new_kernel(cwd=str(self._sandbox.workdir) if self._sandbox else self._folder)
        self.start_new_kernel_client()
        for earlier, cell in enumerate(self.nb.cells[:index]):
            failed = any(output.get("output_type") == "error" for output in cell.get("outputs", []))
            if cell.cell_type == "code" and not failed:
                replay = copy.deepcopy(cell)
                try:
                    self.execute_cell(replay, earlier, store_history=False)
                except (DeadKernelError, CellTimeoutError):
                    self._deaths = self.max_kernel_deaths + 1
                    return


def _grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "no grade_id")


def sandboxed_validator_class():
    """nbgrader's ``Validator`` with the kernel in the sandbox (its preprocessors are not configurable)."""
    import os

    from nbgrader import utils
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput
    from nbgrader.validator import Validator

    class SandboxedValidator(Validator):
        preprocessors = List([CheckCellMetadata, ClearOutput, SandboxedExecute])

        def validate(self, filename):
            self._folder = os.path.dirname(os.path.abspath(filename))
            return super().validate(filename)

        def _preprocess(self, nb):
            resources = {"metadata": {"path": self._folder}}
            with utils.setenv(NBGRADER_VALIDATING="1", NBGRADER_EXECUTION="validate"):
                for preprocessor in self.preprocessors:
                    nb, resources = preprocessor(parent=self).preprocess(nb, resources)
            return nb

    return SandboxedValidator
