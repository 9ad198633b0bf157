"""nbgrader configuration of the course: one source (solutions/), generated student copies (lectures/).

Authors edit only solutions/. `nbgrader generate_assignment NAME` (or `make course`) writes
lectures/NAME; submissions, autograded copies, feedback and the gradebook live in grading/,
which git ignores.
"""

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

# The heaviest cell of any lecture takes under a minute in the fast budget on 2 CPU cores;
# 120 s leaves room for a slower grading machine and still stops an endless loop quickly.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
