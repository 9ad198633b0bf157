"""edulab.files: every way a file can be wrong is reported with the file's name."""

import os

import pandas as pd
import pytest

from edulab import files
from edulab.errors import FileFormatError, MissingFileError, NotAFileError, NotAFolderError


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(MissingFileError, match=f"{tmp_path / 'x.csv'}: no such file$") as error:
        files.check_file(tmp_path / "x.csv")
    assert isinstance(error.value, FileNotFoundError) and error.value.filename == str(tmp_path / "x.csv")


def test_a_missing_folder_on_the_way_is_named(tmp_path):
    with pytest.raises(MissingFileError, match=f"the folder {tmp_path / 'nope'} does not exist"):
        files.check_file(tmp_path / "nope" / "x.csv")


def test_a_folder_is_reported_as_a_folder_not_as_missing(tmp_path):
    with pytest.raises(NotAFileError, match=f"{tmp_path}: is a folder; expected a file") as error:
        files.read_text(tmp_path)
    assert isinstance(error.value, IsADirectoryError)


@pytest.mark.parametrize(
    "content, message", [(b"", "the file is empty"), (b" \n\t\n", "the file holds only white space")]
)
def test_an_empty_file_is_an_error_unless_allowed(tmp_path, content, message):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(FileFormatError, match=f"{path}: {message}"):
        files.read_text(path)
    assert files.read_text(path, allow_empty=True) == content.decode()


def test_bytes_that_are_not_utf8_are_placed_by_line_and_column(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("a,b\n1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(FileFormatError) as error:
        files.read_text(path)
    assert str(error.value) == f"{path}, line 2, column 6: byte 0xe9 is not UTF-8 text; expected a UTF-8 text file"
    assert (error.value.line, error.value.column) == (2, 6)
    assert isinstance(error.value, ValueError)


def test_a_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    assert files.read_text(path) == "a,b\n1,2\n"
    assert files.read_csv(path).columns.to_list() == ["a", "b"]
    path.write_bytes(b"\xef\xbb\xbfa,b\n\xff\n")
    with pytest.raises(FileFormatError, match="line 2, column 1: byte 0xff"):
        files.read_text(path)


def test_open_text_reads_lines(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("one\ntwo\n")
    assert list(files.open_text(path)) == ["one\n", "two\n"]


def test_read_csv_checks_required_columns_and_passes_options(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("student,grade\n007,90\n")
    frame = files.read_csv(path, required=("student", "grade"), dtype=str)
    pd.testing.assert_frame_equal(frame, pd.DataFrame({"student": ["007"], "grade": ["90"]}))
    with pytest.raises(FileFormatError, match=r"g.csv, line 1: missing columns \['term'\]"):
        files.read_csv(path, required=("student", "term"))


def test_read_csv_names_the_file_on_a_ragged_row(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n1,2,3\n")
    with pytest.raises(FileFormatError, match=f"{path}: .*line 3.*expected the same number of fields"):
        files.read_csv(path)


def test_read_csv_of_blank_lines_has_no_header(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n")
    with pytest.raises(FileFormatError, match="only white space"):
        files.read_csv(path)


def test_check_folder(tmp_path):
    assert files.check_folder(tmp_path) == tmp_path
    with pytest.raises(MissingFileError, match="no such folder"):
        files.check_folder(tmp_path / "nope")
    (tmp_path / "f").write_text("")
    with pytest.raises(NotAFolderError, match="is a file; expected a folder"):
        files.check_folder(tmp_path / "f")


def test_ensure_folder_creates_or_names_the_file_in_the_way(tmp_path):
    assert files.ensure_folder(tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("")
    with pytest.raises(NotAFolderError, match=f"{tmp_path / 'file'}: is a file; expected a folder for the cache"):
        files.ensure_folder(tmp_path / "file" / "sub", what="the cache")


def test_output_path_needs_an_existing_folder_and_creates_nothing(tmp_path):
    assert files.check_output_path(tmp_path / "out.json") == tmp_path / "out.json"
    with pytest.raises(MissingFileError, match="the folder .*missing/deeper does not exist; create it first"):
        files.check_output_path(tmp_path / "missing" / "deeper" / "out.json")
    assert not (tmp_path / "missing").exists()
    with pytest.raises(NotAFileError, match="is a folder; expected a file name to write"):
        files.check_output_path(tmp_path)
    (tmp_path / "plain").write_text("")
    with pytest.raises(NotAFolderError, match="is a file, not a folder"):
        files.check_output_path(tmp_path / "plain" / "out.json")


def test_output_path_in_a_read_only_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for a user without write access
    with pytest.raises(PermissionError, match=f"{tmp_path / 'out.json'}: not writable"):
        files.check_output_path(tmp_path / "out.json")


def test_a_file_used_as_a_folder_is_named(tmp_path):
    (tmp_path / "grades.csv").write_text("x")
    with pytest.raises(NotAFolderError, match=r"grades.csv/x: no such file \(.*grades.csv is a file, not a folder\)"):
        files.check_file(tmp_path / "grades.csv" / "x")
