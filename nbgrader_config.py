"""nbgrader configuration of the course: one source (solutions/), generated student copies (lectures/).

Authors edit only solutions/. `nbgrader generate_assignment NAME` (or `make course`) writes
lectures/NAME; submissions, autograded copies, feedback, the gradebook and grades.csv live in
grading/, which git ignores. `edulab course --help` lists the instructor's commands.

Student code runs in a bubblewrap sandbox while it is graded (edulab.grading): the kernel sees
neither this folder nor the grader's home nor the network. Without bubblewrap, autograde refuses
to run unless told `--SandboxedExecute.unsafe=True` (`edulab course autograde --unsafe`).
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

root = Path(__file__).resolve().parent

c.CourseDirectory.root = str(root)
c.CourseDirectory.course_id = "edulab"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "lectures"
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
c.CourseDirectory.db_url = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.weights.h5"]

# The exchange through which a JupyterHub serves the assignments. nbgrader's default folder does
# not exist until someone creates it: `edulab course release` does (world-writable, sticky).
# Students need the same two settings in a config file of their own (see the README).
c.Exchange.root = os.environ.get("EDULAB_EXCHANGE", "/srv/nbgrader/exchange")
c.CsvExportPlugin.to = str(root / "grading" / "grades.csv")

# Autograde: nbgrader's steps, with three replaced (edulab/grading/): duplicated graded cells are
# reported by name, deleted ones restored with a note, honest test cells get their hidden tests
# back without a "checksum has changed" warning, and the kernel runs in the sandbox.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "edulab.grading.preprocessors.ReportDuplicates",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "edulab.grading.preprocessors.RestoreCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "edulab.grading.execute.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# What the sandbox must never expose, even through a venv or data cache placed inside them.
c.SandboxedExecute.forbidden_paths = [str(root / name) for name in ("solutions", "lectures", "grading")]
# Feedback: per test cell passed/failed, points and the assertion's message; no hidden test.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "edulab.grading.preprocessors.FeedbackWithoutHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# The heaviest cell of any lecture takes under a minute in the fast budget on 2 CPU cores;
# 120 s leaves room for a slower grading machine and still stops an endless loop quickly.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
