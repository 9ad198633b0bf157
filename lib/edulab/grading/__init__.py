"""Grading a class safely with nbgrader: the kernel in a sandbox, nothing lost, hidden tests kept hidden.

- :mod:`edulab.grading.sandbox`: the bubblewrap sandbox of the kernel and its smoke test;
- :mod:`edulab.grading.execute`: nbgrader's ``Execute`` step running the kernel in it;
- :mod:`edulab.grading.preprocessors`: restored and duplicated cells, feedback without hidden tests;
- :mod:`edulab.grading.cli`: the ``edulab course`` commands.

``nbgrader_config.py`` wires them into nbgrader; :mod:`edulab.course` drives nbgrader.
"""
