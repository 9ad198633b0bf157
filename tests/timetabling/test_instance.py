"""The .ctt parser: tolerant of layout, strict about content, exact on the competition files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edulab.timetabling.generator import TINY, GeneratorConfig, generate_instance
from edulab.timetabling.instance import (
    InstanceFormatError,
    format_instance,
    load_instance,
    parse_instance,
    read_instance,
    read_instances_folder,
    write_instance,
)


def test_tiny_instance_is_read_with_its_derived_tables():
    instance = parse_instance(TINY, "tiny.ctt")
    assert (instance.name, instance.n_courses, instance.n_rooms, instance.n_periods) == ("Tiny", 4, 2, 9)
    assert instance.lectures.tolist() == [3, 2, 2, 1]
    assert instance.n_lectures == 8
    assert instance.lecture_course.tolist() == [0, 0, 0, 1, 1, 2, 2, 3]
    # Algebra-Biology-Chemistry share a curriculum, Algebra-Drawing too and have the same teacher
    expected = np.array([[0, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]], dtype=bool)
    np.testing.assert_array_equal(instance.conflict, expected)
    assert instance.unavailable.sum() == 3
    assert instance.unavailable[0, 0] and instance.unavailable[2, 2 * 3 + 1] and instance.unavailable[2, 8]
    assert instance.curricula_of == ((0, 1), (0,), (0,), (1,))


def test_same_teacher_makes_a_conflict_without_a_curriculum():
    text = (
        TINY.replace("Curricula: 2", "Curricula: 0").split("CURRICULA:")[0]
        + "CURRICULA:\n\n"
        + "UNAVAILABILITY_CONSTRAINTS:"
        + TINY.split("UNAVAILABILITY_CONSTRAINTS:")[1]
    )
    instance = parse_instance(text)
    assert instance.conflict[0, 3] and instance.conflict[3, 0]
    assert instance.conflict.sum() == 2


def test_tabs_repeated_spaces_and_blank_lines_are_accepted():
    messy = (
        TINY.replace("Algebra    Ada", "Algebra\t\tAda")
        .replace("Aula  40", "   Aula \t 40   ")
        .replace("END.", "\n\n\nEND.\n\n")
    )
    assert format_instance(parse_instance(messy)) == format_instance(parse_instance(TINY))


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("Science  3 Algebra Biology Chemistry", "Science  3 Algebra Biology Physics", 20, "unknown course 'Physics'"),
        ("Science  3 Algebra", "Science  4 Algebra", 20, "declares 4 courses but lists 3"),
        ("Courses: 4", "Courses: 5", 15, "COURSES holds 4 entries but the header declares 5"),
        ("Rooms: 2", "Rooms: 1", 17, "ROOMS holds more entries than the 1 declared"),
        ("Chemistry 2 1", "Chemistry 3 1", 25, "day 3 is out of range"),
        ("Chemistry 2 1", "Chemistry 2 3", 25, "period 3 is out of range"),
        ("Chemistry 2 1", "Chemistry 2 2", 26, "unavailable at day 2, period 2 twice"),
        ("Drawing    Ada    1 1 12", "Biology    Ada    1 1 12", 13, "course 'Biology' is listed twice"),
        ("Biology    Boole  2 2 25", "Biology    Boole  two 2 25", 11, "must be an integer, got 'two'"),
        ("Biology    Boole  2 2 25", "Biology    Boole  0 2 25", 11, "must be at least 1, got 0"),
        ("Lab   25", "Lab   25 big", 17, "a room line has 2 fields"),
        ("Periods_per_day: 3", "Periods: 3", 5, "expected the header line 'Periods_per_day: ...'"),
        ("Arts     2 Algebra Drawing", "Arts     2 Algebra Algebra", 21, "lists course 'Algebra' twice"),
    ],
)
def test_malformed_content_names_file_line_and_problem(old, new, line, message):
    assert old in TINY
    with pytest.raises(InstanceFormatError) as caught:
        parse_instance(TINY.replace(old, new, 1), "bad.ctt")
    assert caught.value.source == "bad.ctt"
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"bad.ctt, line {line}: ")


def test_missing_end_and_trailing_content_are_errors():
    with pytest.raises(InstanceFormatError, match="unexpected end of file, expected END"):
        parse_instance(TINY.replace("END.", ""))
    with pytest.raises(InstanceFormatError, match="line 30: unexpected content after END"):
        parse_instance(TINY + "\nextra words\n")


def test_read_instance_names_the_file(tmp_path):
    path = tmp_path / "broken.ctt"
    path.write_text(TINY.replace("Lab   25", "Lab   -5"))
    with pytest.raises(InstanceFormatError, match=r"broken.ctt, line 17: capacity of room Lab must be at least 1"):
        read_instance(path)


def test_instances_folder_reads_every_ctt_and_accepts_an_instances_subfolder(tmp_path):
    (tmp_path / "instances").mkdir()
    (tmp_path / "instances" / "tiny.ctt").write_text(TINY)
    instances = read_instances_folder(tmp_path)
    assert list(instances) == ["tiny"]
    with pytest.raises(KeyError, match="comp01"):
        read_instances_folder(tmp_path, ["comp01"])
    with pytest.raises(FileNotFoundError):
        read_instances_folder(tmp_path / "instances" / "nothing")


sizes = st.builds(
    GeneratorConfig,
    n_courses=st.integers(3, 25),
    n_rooms=st.integers(1, 6),
    n_days=st.integers(1, 6),
    periods_per_day=st.integers(1, 7),
    n_curricula=st.integers(0, 10),
    occupancy=st.floats(0.2, 0.9),
    unavailability=st.floats(0.0, 0.5),
    curriculum_size=st.just((2, 3)),
)


@settings(max_examples=40, deadline=None)
@given(sizes, st.integers(0, 2**32 - 1), st.randoms(use_true_random=False))
def test_written_instances_read_back_identically_whatever_the_spacing(params, seed, random):
    instance = generate_instance(params, seed)
    text = format_instance(instance)
    spaced = "\n".join(
        random.choice([" ", "\t", "  ", " \t "]).join(line.split()) + random.choice(["", " ", "\t"])
        for line in text.splitlines()
    )
    again = parse_instance(spaced)
    assert format_instance(again) == text
    np.testing.assert_array_equal(again.unavailable, instance.unavailable)
    np.testing.assert_array_equal(again.conflict, instance.conflict)


# The competition instances: sizes as in the data's PROVENANCE table.
#            courses rooms days ppd curricula unavail lectures teachers
PROVENANCE = {
    "comp01": (30, 6, 5, 6, 14, 53, 160, 24),
    "comp02": (82, 16, 5, 5, 70, 513, 283, 71),
    "comp03": (72, 16, 5, 5, 68, 382, 251, 61),
    "comp04": (79, 18, 5, 5, 57, 396, 286, 70),
    "comp05": (54, 9, 6, 6, 139, 771, 152, 47),
    "comp06": (108, 18, 5, 5, 70, 632, 361, 87),
    "comp07": (131, 20, 5, 5, 77, 667, 434, 99),
    "comp08": (86, 18, 5, 5, 61, 478, 324, 76),
    "comp09": (76, 18, 5, 5, 75, 405, 279, 68),
    "comp10": (115, 18, 5, 5, 67, 694, 370, 88),
    "comp11": (30, 5, 5, 9, 13, 94, 162, 24),
    "comp12": (88, 11, 6, 6, 150, 1368, 218, 74),
    "comp13": (82, 19, 5, 5, 66, 468, 308, 77),
    "comp14": (85, 17, 5, 5, 60, 486, 275, 68),
    "comp15": (72, 16, 5, 5, 68, 382, 251, 61),
    "comp16": (108, 20, 5, 5, 71, 518, 366, 89),
    "comp17": (99, 17, 5, 5, 70, 548, 339, 80),
    "comp18": (47, 9, 6, 6, 52, 594, 138, 47),
    "comp19": (74, 16, 5, 5, 66, 475, 277, 66),
    "comp20": (121, 19, 5, 5, 78, 691, 390, 95),
    "comp21": (94, 18, 5, 5, 78, 463, 327, 76),
}


@pytest.mark.shared_data
def test_competition_instances_have_the_published_sizes(competition):
    assert set(PROVENANCE) <= set(competition)
    for name, expected in PROVENANCE.items():
        s = competition[name].summary()
        got = (
            s["courses"],
            s["rooms"],
            s["days"],
            s["periods_per_day"],
            s["curricula"],
            s["unavailability"],
            s["lectures"],
            s["teachers"],
        )
        assert got == expected, name


@pytest.mark.shared_data
def test_the_registry_loader_reads_the_competition(shared_data):
    from edulab import datasets

    instances = datasets.load("itc2007")
    assert len(instances) == 22 and instances["comp07"].n_lectures == 434


def test_load_instance_takes_a_path_or_a_shipped_name(tmp_path, shipped):
    path = write_instance(shipped["small"], tmp_path / "small.ctt")
    assert format_instance(load_instance(path)) == format_instance(shipped["small"])
    assert format_instance(load_instance("tiny")) == format_instance(shipped["tiny"])
    with pytest.raises(FileNotFoundError, match="missing.ctt does not exist"):
        load_instance(tmp_path / "missing.ctt")
