"""Two real processes fetching the same datasets at the same moment (issue 16).

Before each fetch wrote its own temporary file, both processes wrote the same ``.part`` file:
one or both failed (a missing ``.part``, or a false checksum error on bytes interleaved by the
other process) and a ``.part`` could be left behind.
"""

import gzip
import hashlib
import os
import subprocess
import sys
import textwrap

FILES = 24
SIZE = 1 << 20  # 1 MiB a file, gzipped in the mirror: unpacking it takes long enough for the processes to overlap

SCRIPT = textwrap.dedent(
    """
    import hashlib, pathlib, sys, time

    from edulab import datasets
    from edulab.datasets.registry import Registry, RemoteDataset, RemoteFile

    go, hashes = pathlib.Path(sys.argv[1]), sys.argv[2:]
    registry = Registry()
    for k, sha in enumerate(hashes):
        remote = RemoteFile(f"race{k}/data.bin", "https://example.invalid/data.bin", sha, SIZE)
        registry.add(RemoteDataset(f"race{k}", "a file two processes fetch at once", "tests", (remote,)))
    datasets.REGISTRY = registry
    while not go.exists():
        time.sleep(0.001)
    for k in range(len(hashes)):
        folder = datasets.fetch(f"race{k}", progress=False)
        print(hashlib.sha256((folder / "data.bin").read_bytes()).hexdigest())
    """
).replace("SIZE", str(SIZE))


def test_two_processes_fetching_at_once_both_get_the_verified_files(tmp_path):
    mirror, home = tmp_path / "mirror", tmp_path / "home"
    hashes = []
    for k in range(FILES):
        content = os.urandom(SIZE)
        hashes.append(hashlib.sha256(content).hexdigest())
        (mirror / f"race{k}").mkdir(parents=True)
        (mirror / f"race{k}" / "data.bin.gz").write_bytes(gzip.compress(content, compresslevel=1))
    go = tmp_path / "go"
    env = {**os.environ, "EDULAB_DATA_HOME": str(home), "EDULAB_DATA_MIRROR": str(mirror)}
    env.pop("PYTEST_CURRENT_TEST", None)
    command = [sys.executable, "-c", SCRIPT, str(go), *hashes]
    workers = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    go.touch()
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, results):
        assert worker.returncode == 0, err
        assert out.split() == hashes
    left = sorted(p.name for p in home.rglob("*") if p.is_file() and p.name != "data.bin")
    assert left == [], f"partial files left in the cache: {left}"
