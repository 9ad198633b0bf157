"""Course advising with correlation analysis and the analytic hierarchy process.

After M. Al-Sarem, "Solving course selection problem by a combination of correlation analysis
and analytic hierarchy process", IJECE 7(6), 2017. One module a concept:

- :mod:`~edulab.advising.curriculum`: courses, credits, terms, prerequisites (a DAG);
- :mod:`~edulab.advising.records`: students' grade records, validated;
- :mod:`~edulab.advising.grading`: grade points and the GPA on the 0-5 scale;
- :mod:`~edulab.advising.indicators`: difficulty, distance and competence (eqs. 1-3);
- :mod:`~edulab.advising.correlation`: course-course correlation (eq. 4, Table 13);
- :mod:`~edulab.advising.prediction`: predicted grades from prerequisite grades (Table 11);
- :mod:`~edulab.advising.load`: the GPA load rule ``lambda_1``;
- :mod:`~edulab.advising.packages`: candidate packages (Pseudo-code II);
- :mod:`~edulab.advising.advisor`: the whole first phase for a student (Pseudo-code I);
- :mod:`~edulab.advising.ahp` and :mod:`~edulab.advising.hierarchy`: AHP matrices and hierarchies;
- :mod:`~edulab.advising.paper`: the paper's worked example and what of it reproduces;
- :mod:`~edulab.advising.synthetic`: the shipped synthetic dataset;
- :mod:`~edulab.advising.plots`: figures.
"""

from edulab.advising.advisor import Advice, advise
from edulab.advising.ahp import (
    AHPResult,
    InconsistentJudgmentsWarning,
    JudgmentError,
    analyse,
    parse_matrix,
    reciprocal_matrix,
    validate_matrix,
)
from edulab.advising.correlation import CourseCorrelation, average_correlation, course_correlation
from edulab.advising.curriculum import Course, Curriculum, CurriculumError
from edulab.advising.grading import SAUDI_5, GradeScale, gpa
from edulab.advising.hierarchy import Hierarchy, HierarchyResult, Node, weight_sensitivity
from edulab.advising.load import LoadRule
from edulab.advising.packages import TooManyCoursesError, enumerate_packages

__all__ = [
    "AHPResult",
    "Advice",
    "Course",
    "CourseCorrelation",
    "Curriculum",
    "CurriculumError",
    "GradeScale",
    "Hierarchy",
    "HierarchyResult",
    "InconsistentJudgmentsWarning",
    "JudgmentError",
    "LoadRule",
    "Node",
    "SAUDI_5",
    "TooManyCoursesError",
    "advise",
    "analyse",
    "average_correlation",
    "course_correlation",
    "enumerate_packages",
    "gpa",
    "parse_matrix",
    "reciprocal_matrix",
    "validate_matrix",
    "weight_sensitivity",
]
