"""A tiny purpose-made assignment in a temporary course, and the students who hand it in.

The assignment ``tiny`` has two gaps (``double``, 2 points; ``total`` over the shipped data file
``numbers.csv``, 3 points); each test cell has visible tests and hidden ones. The students:

- *honest*: the solution (5 of 5);
- *careless*: ``double`` right, ``total`` wrong (2 of 5);
- *cheater*: tries to read the hidden tests (notebooks in the working folder and above, a
  search of the filesystem, the gradebook, a network connection) and answers ``double`` with a
  lookup table of what it found; prints what each attempt gave as JSON; captures the source of
  the cells that run after its answer (the hidden tests) and prints it in its next answer, hoping
  to read it in the feedback;
- *sloppy*: the solution, with the ``double`` test cell deleted and the ``total`` one duplicated;
- *bomber*: allocates memory without end in the ``total`` answer cell;
- *stubborn*: ignores interrupts and loops forever in the ``double`` answer cell.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from edulab import course

ASSIGNMENT = "tiny"
COURSE_ID = "edulab"
#: Text that occurs only in the hidden tests (the cheater looks for it; feedback must not show it).
HIDDEN_LINES = (
    'assert double(-3) == -6, "negative numbers double too"',
    "assert double(21) == 42",
    "assert total(DATA) == 15",
)
#: The per-cell timeout and memory limit of the temporary course (small, so the tests stay fast).
CELL_TIMEOUT = 10
MEMORY_LIMIT = 2 * 2**30

DOUBLE_SOLUTION = "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"
DOUBLE_TESTS = (
    'assert double(2) == 4, "double(2) should be 4"\n'
    "### BEGIN HIDDEN TESTS\n" + "\n".join(HIDDEN_LINES[:2]) + "\n### END HIDDEN TESTS"
)
TOTAL_SOLUTION = (
    "def total(values):\n    ### BEGIN SOLUTION\n    return sum(int(v) for v in values)\n    ### END SOLUTION"
)
TOTAL_TESTS = (
    'assert total(["1", "2"]) == 3, "add the numbers"\n### BEGIN HIDDEN TESTS\n'
    + HIDDEN_LINES[2]
    + "\n### END HIDDEN TESTS"
)


def _cell(kind: str, source: str, grade_id: str, points: int = 0):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": kind == "tests",
        "grade_id": grade_id,
        "locked": kind == "tests",
        "schema_version": 3,
        "solution": kind == "answer",
        "task": False,
        **({"points": points} if kind == "tests" else {}),
    }
    return cell


def make_course(root: Path, repository: Path, exchange: Path) -> Path:
    """A course at ``root`` with the kit's configuration (small limits) and the assignment generated."""
    root.mkdir(parents=True, exist_ok=True)
    config = (repository / "nbgrader_config.py").read_text(encoding="utf-8")
    config += (
        f"\nc.Exchange.root = {str(exchange)!r}\nc.Execute.timeout = {CELL_TIMEOUT}\n"
        f"c.SandboxedExecute.memory_limit = {MEMORY_LIMIT}\n"
    )
    (root / "nbgrader_config.py").write_text(config, encoding="utf-8")
    folder = root / "solutions" / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "numbers.csv").write_text("1\n2\n3\n4\n5\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A tiny assignment"),
            nbformat.v4.new_code_cell('from pathlib import Path\n\nDATA = Path("numbers.csv").read_text().split()'),
            _cell("answer", DOUBLE_SOLUTION, "double-answer"),
            _cell("tests", DOUBLE_TESTS, "double-tests", 2),
            _cell("answer", TOTAL_SOLUTION, "total-answer"),
            _cell("tests", TOTAL_TESTS, "total-tests", 3),
        ]
    )
    path = folder / f"{ASSIGNMENT}.ipynb"
    nbformat.write(nb, path)
    course.normalise(path)
    course.generate(root, ASSIGNMENT)
    return root


def cheater_source(gradebook: Path, port: int) -> str:
    """An answer cell that tries every way to the hidden tests it can think of, then cheats with them."""
    return f"""\
import glob, json, os, re, socket, time

found = {{}}

def attempt(name, action):
    try:
        found[name] = action()
    except Exception as error:
        found[name] = "blocked: " + type(error).__name__

def notebooks_nearby():
    paths = []
    for up in (".", "..", "../..", "../../..", "../../../.."):
        paths += glob.glob(os.path.join(up, "*.ipynb")) + glob.glob(os.path.join(up, "*", "*.ipynb"))
    return {{p: open(p).read() for p in paths[:50]}}

def search_filesystem():
    hits, start = {{}}, time.time()
    skip = ("/proc", "/sys", "/dev", "/usr")
    for folder, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if not os.path.join(folder, d).startswith(skip) and d not in ("site-packages", ".venv")]
        for name in files:
            path = os.path.join(folder, name)
            try:
                if os.path.getsize(path) < 2_000_000:
                    text = open(path, errors="ignore").read()
                    if "BEGIN HIDDEN TESTS" in text and "double(" in text:
                        hits[path] = text
            except OSError:
                pass
        if time.time() - start > 4:
            break
    return hits

attempt("notebooks", notebooks_nearby)
attempt("filesystem", search_filesystem)
attempt("gradebook", lambda: open({str(gradebook)!r}, "rb").read(100).decode("latin-1"))
attempt("network", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=3).close() or "connected")

table = {{2: 4}}
for value in found.values():
    texts = value.values() if isinstance(value, dict) else [value]
    for text in texts:
        for x, y in re.findall(r"double\\((-?\\d+)\\) == (-?\\d+)", text):
            table[int(x)] = int(y)

def double(x):
    return table[x]

captured = []  # the source of every later cell, hidden tests included, printed by the next answer
get_ipython().events.register("pre_run_cell", lambda info: captured.append(info.raw_cell))

print(json.dumps({{name: (sorted(v) if isinstance(v, dict) else v) for name, v in found.items()}}))
"""


def answer_sources(student: str, gradebook: Path, port: int) -> dict[str, str]:
    """The answer cells of ``student``, by grade_id (missing ones keep the solution)."""
    double = "def double(x):\n    return 2 * x"
    total = "def total(values):\n    return sum(int(v) for v in values)"
    if student == "careless":
        return {"double-answer": double, "total-answer": "def total(values):\n    return len(values)"}
    if student == "cheater":
        return {
            "double-answer": cheater_source(gradebook, port),
            "total-answer": 'print("\\n".join(captured))\n' + total,
        }
    if student == "bomber":
        bomb = "chunks = []\nwhile True:\n    chunks.append(bytearray(2**27))\n"
        return {"double-answer": double, "total-answer": bomb + total}
    if student == "stubborn":
        loop = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
        return {"double-answer": loop + double, "total-answer": total}
    return {"double-answer": double, "total-answer": total}


def _exchange(action: str, home: Path, exchange: Path, student: str) -> None:
    """Run nbgrader's exchange step ``action`` (fetch or submit) as ``student`` would, in ``home``."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.assignment_id = ASSIGNMENT
    config.CourseDirectory.student_id = student
    step = {"fetch": ExchangeFetchAssignment, "submit": ExchangeSubmit}[action]
    coursedir = CourseDirectory(config=config)
    step(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()


def hand_in(home: Path, exchange: Path, student: str, gradebook: Path, port: int) -> None:
    """Fetch the assignment from the exchange as ``student``, answer it, and submit it."""
    home.mkdir(parents=True, exist_ok=True)
    _exchange("fetch", home, exchange, student)
    path = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    answers = answer_sources(student, gradebook, port)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    if student == "sloppy":
        ids = [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells]
        duplicate = copy.deepcopy(nb.cells[ids.index("total-tests")])
        duplicate.id = "duplicate-of-total-tests"
        nb.cells.insert(ids.index("total-tests"), duplicate)
        del nb.cells[ids.index("double-tests")]
    nbformat.write(nb, path)
    _exchange("submit", home, exchange, student)
