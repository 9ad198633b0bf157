"""Verifying the registered files: local copies in the cache and the mirror, and (online) the URLs."""

import functools
import gzip
import hashlib
import http.server
import json
import re
import shutil
import threading

import pytest

from edulab import cli, datasets
from edulab.datasets.registry import Registry, RemoteDataset, RemoteFile

FILES = {"a.txt": b"first file\n", "b.txt": b"second file, a little longer\n", "c.txt": b"third\n"}


def _registry(base_url: str) -> Registry:
    registry = Registry()
    registry.add(
        RemoteDataset(
            "toy",
            "three small files",
            "tests",
            tuple(
                RemoteFile(f"toy/{name}", f"{base_url}/toy/{name}", hashlib.sha256(data).hexdigest(), len(data))
                for name, data in FILES.items()
            ),
        )
    )
    registry.add(
        RemoteDataset(
            "other", "never fetched", "tests", (RemoteFile("other/x.txt", f"{base_url}/other/x.txt", "0" * 64, 1),)
        )
    )
    return registry


@pytest.fixture
def toy(monkeypatch, tmp_path):
    """A toy registry as the package's, an empty cache and an empty mirror; returns (mirror, cache)."""
    monkeypatch.setattr(datasets, "REGISTRY", _registry("https://example.invalid"))
    cache, mirror = tmp_path / "cache", tmp_path / "mirror"
    (mirror / "toy").mkdir(parents=True)
    monkeypatch.setenv("EDULAB_DATA_HOME", str(cache))
    monkeypatch.setenv("EDULAB_DATA_MIRROR", str(mirror))
    return mirror, cache


def _write(folder, files=FILES):
    (folder / "toy").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / "toy" / name).write_bytes(data)


def _by_path(checks):
    return {(check.location, check.path): check for check in checks}


def _corrupt(folder, one_byte: str, truncated: str, missing: str) -> None:
    """Change one byte of one file, cut another short and delete a third, in place."""
    changed = folder / one_byte
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    cut = folder / truncated
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    (folder / missing).unlink()


# --- offline, against the shared copies --------------------------------------------------------


@pytest.mark.shared_data
def test_every_shared_copy_is_ok(shared_data, monkeypatch, tmp_path):
    monkeypatch.setenv("EDULAB_DATA_HOME", str(tmp_path / "empty_cache"))
    monkeypatch.setenv("EDULAB_DATA_MIRROR", str(shared_data))
    checks = datasets.verify()
    remote_files = [(d.name, f.path) for d in datasets.list_datasets() if d.kind == "remote" for f in d.files]
    assert sorted((c.dataset, c.path) for c in checks) == sorted(remote_files)
    assert {c.location for c in checks} == {"mirror"}
    assert [c.path for c in checks if not c.ok] == []
    assert all(c.sha256 == c.expected_sha256 and c.size == c.expected_size for c in checks)


@pytest.mark.shared_data
def test_a_corrupted_copy_of_the_shared_data_is_reported_file_by_file(shared_data, monkeypatch, tmp_path):
    mirror = tmp_path / "mirror"
    shutil.copytree(shared_data / "itc2007", mirror / "itc2007")
    _corrupt(
        mirror,
        one_byte="itc2007/solutions/comp04.docheinstein_race.sol",
        truncated="itc2007/instances/comp05.ctt",
        missing="itc2007/instances/comp06.ctt",
    )
    monkeypatch.setenv("EDULAB_DATA_HOME", str(tmp_path / "empty_cache"))
    monkeypatch.setenv("EDULAB_DATA_MIRROR", str(mirror))
    checks = datasets.verify(["itc2007", "itc2007-solutions"])
    wrong = {c.path: c for c in checks if c.location == "mirror" and not c.ok}
    assert {path: c.status for path, c in wrong.items()} == {
        "itc2007/solutions/comp04.docheinstein_race.sol": "wrong hash",
        "itc2007/instances/comp05.ctt": "wrong size",
        "itc2007/instances/comp06.ctt": "missing",
    }
    assert wrong["itc2007/instances/comp06.ctt"].source == str(mirror / "itc2007/instances/comp06.ctt")
    assert wrong["itc2007/instances/comp05.ctt"].size == (mirror / "itc2007/instances/comp05.ctt").stat().st_size
    assert wrong["itc2007/instances/comp05.ctt"].expected_size == datasets.info("itc2007").files[4].size
    # The named datasets were never fetched, so every cache copy is reported missing.
    assert {c.status for c in checks if c.location == "cache"} == {"missing"}
    # The check only reads: the corrupted mirror files are still there.
    assert (mirror / "itc2007/solutions/comp04.docheinstein_race.sol").is_file()


# --- offline, a toy registry -------------------------------------------------------------------


def test_cache_and_mirror_are_checked_and_nothing_is_deleted(toy):
    mirror, cache = toy
    _write(mirror)
    datasets.fetch("toy", progress=False)
    _corrupt(cache, one_byte="toy/a.txt", truncated="toy/b.txt", missing="toy/c.txt")
    checks = _by_path(datasets.verify(["toy"]))
    assert {key: check.status for key, check in checks.items()} == {
        ("cache", "toy/a.txt"): "wrong hash",
        ("cache", "toy/b.txt"): "wrong size",
        ("cache", "toy/c.txt"): "missing",
        ("mirror", "toy/a.txt"): "ok",
        ("mirror", "toy/b.txt"): "ok",
        ("mirror", "toy/c.txt"): "ok",
    }
    assert checks["cache", "toy/a.txt"].source == str(cache / "toy" / "a.txt")
    assert checks["cache", "toy/c.txt"].sha256 is None
    assert (cache / "toy" / "a.txt").is_file() and (cache / "toy" / "b.txt").is_file()


def test_a_gzipped_mirror_copy_is_checked_unpacked(toy):
    mirror, _ = toy
    _write(mirror, {"a.txt": FILES["a.txt"], "c.txt": FILES["c.txt"]})
    (mirror / "toy" / "b.txt.gz").write_bytes(gzip.compress(FILES["b.txt"]))
    checks = _by_path(datasets.verify(["toy"]))
    assert checks["mirror", "toy/b.txt"].status == "ok"
    assert checks["mirror", "toy/b.txt"].source.endswith("b.txt.gz")


@pytest.mark.parametrize("damage", ["truncated", "not gzip"])
def test_a_damaged_gzipped_mirror_copy_is_reported_unreadable(toy, damage, capsys):
    mirror, _ = toy
    _write(mirror, {"a.txt": FILES["a.txt"], "c.txt": FILES["c.txt"]})
    packed = gzip.compress(FILES["b.txt"])
    (mirror / "toy" / "b.txt.gz").write_bytes(packed[: len(packed) // 2] if damage == "truncated" else b"plain text")
    check = _by_path(datasets.verify(["toy"]))["mirror", "toy/b.txt"]
    assert check.status == "unreadable" and not check.ok
    assert ("truncated" if damage == "truncated" else "not a valid gzip file") in check.detail
    assert cli.main(["datasets", "verify", "toy"]) == 1
    assert f"unreadable: {mirror / 'toy' / 'b.txt.gz'}: " in capsys.readouterr().out


def test_without_names_a_dataset_absent_from_a_location_is_left_out(toy, monkeypatch):
    mirror, _ = toy
    _write(mirror, {"a.txt": FILES["a.txt"]})
    checks = datasets.verify()
    assert {(c.location, c.dataset) for c in checks} == {("mirror", "toy")}
    assert sorted((c.path, c.status) for c in checks) == [
        ("toy/a.txt", "ok"),
        ("toy/b.txt", "missing"),
        ("toy/c.txt", "missing"),
    ]
    monkeypatch.delenv("EDULAB_DATA_MIRROR")
    assert datasets.verify() == []


def test_checks_table_has_a_row_per_check(toy):
    mirror, _ = toy
    _write(mirror)
    checks = datasets.verify(["toy"])
    table = datasets.checks_table(checks)
    assert len(table) == len(checks) == 6
    assert table.loc[table["location"] == "mirror", "status"].tolist() == ["ok"] * 3
    assert set(table.columns) >= {"dataset", "path", "location", "source", "status", "sha256", "size"}


def test_unknown_and_shipped_names_are_clear_errors(toy):
    with pytest.raises(datasets.UnknownDatasetError, match="unknown dataset 'toi'.*'toy'.*Known datasets: other, toy"):
        datasets.verify(["toy", "toi"])
    registry = _registry("https://example.invalid")
    registry.add(datasets.ShippedDataset("made", "generated", "made", ("f.csv",), "edulab.x:build"))
    with pytest.raises(ValueError, match="no registered hashes.*'made'.*public datasets are: other, toy"):
        datasets.verify(["made"], registry=registry)


# --- online, against a local web server --------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture
def web_root(tmp_path, monkeypatch):
    """A folder served over HTTP on 127.0.0.1; returns (folder, base URL)."""
    root = tmp_path / "published"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for key in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(key, raising=False)
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_online_downloads_every_file_afresh_and_reports_each_mismatch_with_its_url(web_root, toy, monkeypatch):
    root, base = web_root
    mirror, cache = toy
    monkeypatch.setattr(datasets, "REGISTRY", _registry(base))
    _write(root, {"a.txt": FILES["a.txt"], "b.txt": FILES["b.txt"].upper()})  # b changed, c absent
    _write(mirror)  # local copies are right, and must not be what online checks
    checks = datasets.verify(["toy"], online=True, progress=False)
    assert [(c.location, c.source, c.status) for c in checks] == [
        ("online", f"{base}/toy/a.txt", "ok"),
        ("online", f"{base}/toy/b.txt", "wrong hash"),
        ("online", f"{base}/toy/c.txt", "unreachable"),
    ]
    assert checks[1].sha256 == hashlib.sha256(FILES["b.txt"].upper()).hexdigest()
    assert "404" in checks[2].detail
    assert not (cache / "toy").exists()


def test_online_accepts_file_urls(tmp_path):
    _write(tmp_path, {"a.txt": FILES["a.txt"], "b.txt": FILES["b.txt"][:-3], "c.txt": FILES["c.txt"]})
    registry = _registry(tmp_path.as_uri())
    statuses = [c.status for c in datasets.verify(["toy"], online=True, registry=registry, progress=False)]
    assert statuses == ["ok", "wrong size", "ok"]


# --- the command line ----------------------------------------------------------------------------


def _run(capsys, *argv):
    code = cli.main(["datasets", "verify", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.shared_data
def test_cli_reports_ok_on_the_shared_mirror(shared_data, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("EDULAB_DATA_HOME", str(tmp_path / "empty_cache"))
    code, out, _ = _run(capsys, "itc2007-solutions")
    assert code == 1  # never fetched into this cache: each cache copy is missing
    assert re.search(r"itc2007-solutions\s+mirror\s+ok\s+\S+comp04\.docheinstein_race\.sol", out)
    datasets.fetch("itc2007-solutions", progress=False)
    code, out, _ = _run(capsys, "itc2007-solutions")
    assert code == 0, out
    files = len(datasets.info("itc2007-solutions").files)
    assert f"{2 * files} files checked: {2 * files} ok, 0 not." in out


def test_cli_names_each_wrong_file_and_fails(toy, capsys):
    mirror, _ = toy
    _write(mirror)
    _corrupt(mirror, one_byte="toy/a.txt", truncated="toy/b.txt", missing="toy/c.txt")
    code, out, _ = _run(capsys)
    assert code == 1
    assert re.search(rf"toy\s+mirror\s+wrong hash\s+{re.escape(str(mirror / 'toy' / 'a.txt'))}", out)
    assert re.search(rf"toy\s+mirror\s+wrong size\s+{re.escape(str(mirror / 'toy' / 'b.txt'))}", out)
    assert re.search(rf"toy\s+mirror\s+missing\s+{re.escape(str(mirror / 'toy' / 'c.txt'))}", out)
    assert f"the registry says {hashlib.sha256(FILES['a.txt']).hexdigest()} ({len(FILES['a.txt'])} bytes)" in out
    assert "3 files checked: 0 ok, 3 not." in out
    code, out, _ = _run(capsys, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert [c["status"] for c in report["checks"]] == ["wrong hash", "wrong size", "missing"]


def test_cli_online_prints_the_url_of_each_mismatch(web_root, toy, monkeypatch, capsys):
    root, base = web_root
    monkeypatch.setattr(datasets, "REGISTRY", _registry(base))
    _write(root)
    (root / "other").mkdir()
    (root / "other" / "x.txt").write_bytes(b"y")
    code, out, _ = _run(capsys, "--online")
    assert code == 1
    assert f"wrong hash: {base}/other/x.txt holds SHA-256 {hashlib.sha256(b'y').hexdigest()} (1 bytes)" in out
    code, out, _ = _run(capsys, "toy", "--online")
    assert code == 0 and "3 files checked: 3 ok, 0 not." in out


def test_cli_with_nothing_to_verify_says_so(toy, monkeypatch, capsys):
    monkeypatch.delenv("EDULAB_DATA_MIRROR")
    code, out, _ = _run(capsys)
    assert code == 0 and "Nothing to verify" in out


def test_cli_unknown_name_lists_the_known_ones(toy, capsys):
    code, out, err = _run(capsys, "toy", "tyo")
    assert code == 2 and out == ""
    assert "unknown dataset 'tyo'" in err and "Known datasets: other, toy" in err
