"""The datasets of the kit: every public file with its pinned URL, size and SHA-256.

Hashes were computed from copies of the files as published at the pinned commits. Each topic
registers its shipped synthetic datasets at the end of this module.
"""

from __future__ import annotations

from edulab.datasets.registry import Registry, RemoteDataset, RemoteFile, ShippedDataset

REGISTRY = Registry()


def _raw(repository: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repository}/{commit}/{path}"


# --- ITC-2007 track 3 (curriculum-based course timetabling) ------------------------------------
# Di Gaspero, McCollum and Schaerf (2007), public competition data, as kept by
# github.com/Docheinstein/itc2007-cct; reference solutions checked with the official validator.
# Instances and solutions are pinned at one commit, 1722616 ("Finished: version 1.0", 2021-02-07,
# the head of master): there every registered file has the registered SHA-256 and size (checked
# with `git show <commit>:<path> | sha256sum` on a clone). The races were re-run just before it:
# at c4b7526 results/races/comp04 to comp07 hold other timetables, and at 58bb6ee comp05 is absent
# and comp06, comp07 still differ, so pinning the solutions there made `fetch` fail its checksum.
_DOCHEINSTEIN = "Docheinstein/itc2007-cct"
_DOCHEINSTEIN_COMMIT = "1722616f834e5a5d0faffa25e99ef3a9def922e0"
_CBCTT = ("TakehideSoh/cbctt", "e1d19c658fc7006f5e6ed95a37f244f117246d40")

_ITC_INSTANCES = (
    ("comp01", 1629, "916ed31b48e8c0b58d923817c5d5ebae52434ee5dfd9fa0f5931cee41dd1939b"),
    ("comp02", 9114, "fe9c4b257fd4a0bdcaa89f56798c172aadeca122437af91902e3950f677e764f"),
    ("comp03", 9635, "70941b6dcdab1e7ad06e0dc95b85c1f202ef0af5130a036c9587890fcaa7073e"),
    ("comp04", 7206, "cd54f1ebf98adac87ef847afef60196cca29ab890df8b23c0999a6d606798b78"),
    ("comp05", 17897, "2c7f1f16c0668345caef6fc9cc9441088a67d4feb3d09a450673a40f42a99ffd"),
    ("comp06", 10821, "b97ce85ad154b3a4838d3e7a6b42622381751c3eef90b423a38e71ff78935586"),
    ("comp07", 11834, "547dcd5e439280a2f2d9a6fc48eec38d55689c76d5617286c932ba0509ef3d90"),
    ("comp08", 8215, "85ad0702b60b29df4a306c62f2e9b330ee48679f45d8212d3bdef14744daa1e5"),
    ("comp09", 7683, "8cc04847bfbbb3370aaeab806a4e4b87ceeb58dda7007d5aa57e9825389b7ea1"),
    ("comp10", 11528, "c58f3077654f58c49714cbe6ede5793ddc25c46e0357162e73c26152cefc86f8"),
    ("comp11", 2071, "ff1f4d56a494f59e6733770558bf0fd2ea4cf4de8df6c780c0a637fa333455d2"),
    ("comp12", 29008, "051771eb6eb4861553c2b6140013010392d44e409c0695b59271f13900ffb211"),
    ("comp13", 8194, "a32bfff48fd0deced4aa380baaa855f4974d06630abaed23790597f16e751de3"),
    ("comp14", 8556, "4a831ed04ae6e84e93eb36719d073063dc70585fc2744e5341f1cad55ea8fbe0"),
    ("comp15", 10053, "0c6d38c18afb6d8edfb8964f7345e787f17c492bda1d5d995bed436722e21fe9"),
    ("comp16", 10251, "5e18801fce5c63de1764684f316b28ff9f8f5a1e3d20e81c86e80baa12ea80aa"),
    ("comp17", 10312, "3501f98bbc7c7e3b4bccfc088feb8d7b117ce186cfb69d223fab18428886bfb6"),
    ("comp18", 17702, "af887ddc88e5a3b7b3e5298617e7e5b7f65cd6b069a0616fbf5723afa79d884d"),
    ("comp19", 8644, "e09401452e8418b0eeda25d387e824f35c23ab97acc21fb5471e71bb3225266a"),
    ("comp20", 12746, "401a111aa480b5dab23291ee9c3cde702c6b5b4550d28671f16463c81aa11711"),
    ("comp21", 9435, "304a88f77d7620d521a123b49ada4459e533cce3a1398be40af47076d250f45a"),
    ("toy", 401, "a3591aff236ad33b38bea48a747e36806c1d84c43d86fd9a4b880552c50ca89e"),
)
_AKT2009 = (
    ("assist2009_pid_test1.csv", 627529, "7a1cb2bc8045dbe1016253fdd1dc831b26580638e15a7b7b99c5d7c73d3c3915"),
    ("assist2009_pid_test2.csv", 630410, "547c17ad179e850edc7a8a8a1e74a2e371e5eaeafcb2c375b7ae53248e733db0"),
    ("assist2009_pid_test3.csv", 703370, "deb07f638f84e391c170ca3bdc87eb07001c8034e6f5b87817876378b20ff3ee"),
    ("assist2009_pid_test4.csv", 682599, "b6a8edbe565cfae154ccae93584d69d7bd99a8341ac3e481ea1c569b9239ecc3"),
    ("assist2009_pid_test5.csv", 701760, "be0b93bd7f94c4d489f2950eb818d2a6d96ebd5ddb2342ee152695d504c40fa5"),
    ("problems.json", 262435, "e79a0a91549238058f2e6f3ddf393dd08476285275f26f35291d15f5aa3563e2"),
    ("skill.json", 3362, "f3a3e5e9d719c264b28a8bcedf5a7debfbf51f3c6c78db206175f0c443de6ccd"),
    ("user.json", 61155, "fbe90e77b63882f125f6ce442e600e111dfbaa7e49b8d6213c96c52d2169f168"),
)
_AKT2017 = (
    ("assist2017_pid_test1.csv", 1842930, "32d1580467edb4b87ec9773fada2e3439c820c0640d5e618a80f49b2a9bcd582"),
    ("assist2017_pid_test2.csv", 1737844, "c40e2eb18e3079cedc92af1a0a9eeceebd3a5d43fc9da4df8f16009e96197857"),
    ("assist2017_pid_test3.csv", 1633238, "504ce41c75545f2f43ea1a6c228ef032596a0d8bd3819fa013aab4c558d2c2a4"),
    ("assist2017_pid_test4.csv", 1665580, "fe758a0e545eb51594e5ee8cee01ae1898d7f3a8ef5f87c86df4bacfa6ea8800"),
    ("assist2017_pid_test5.csv", 1652234, "7659d973bf2517105070b573444d39e7899323fee28cf93bf3c921363eaedc5c"),
    ("problems.json", 42650, "29a035b367448bb807766924c6ae87c714dcccd1b4cc2896b4aee8c202d84943"),
    ("skill.json", 2635, "100e4c47b82a33582343998c5e245156ea2ab04ed4209aa34a6b2cb459be1ff1"),
    ("user.json", 22567, "3b4749971d833adf472698359a869544bed31bdb31aba3a5d41fe7d27db4f5ad"),
)
_ITC_RACE_SOLUTIONS = (
    ("comp01", 1919, "8260bf276fccd864df04e1282a469d8c5d7decc4aecc98ecdd20a9f2b4f9a9dd"),
    ("comp02", 3577, "c97ebd0550ed0f90fbc34c9f38607b4d95847f217611694eead44980158f5d4f"),
    ("comp03", 3942, "194300f1dd89ce3fdd2cbbcf9ef14eb4a1c30bbbdd5c4523731bc842f60ee409"),
    ("comp04", 3622, "ad4efd646f58a3638ed96bc6bf24031accc6c8729746c7bfdfbf17bbb66a5e67"),
    ("comp05", 2382, "e6bb9d600350266b46934d3a9312ac47e661cb937a807cd76cf73b67a3bf4ff1"),
    ("comp06", 4592, "0d3c474bab7e29c7cf610e294173136c89498f71a3a452d87d2537a4467745a0"),
    ("comp07", 5573, "7abd216afd6563af35b712954bbea60da50eb421092e1fe9343a067da3555155"),
)

REGISTRY.add(
    RemoteDataset(
        name="itc2007",
        description="ITC-2007 track 3: the 21 competition instances comp01-comp21 and toy (.ctt)",
        source="Di Gaspero, McCollum, Schaerf (2007), ITC-2007 track 3; copy of Docheinstein/itc2007-cct",
        files=tuple(
            RemoteFile(
                f"itc2007/instances/{name}.ctt",
                _raw(_DOCHEINSTEIN, _DOCHEINSTEIN_COMMIT, f"datasets/{name}.ctt"),
                sha,
                size,
            )
            for name, size, sha in _ITC_INSTANCES
        ),
        loader="edulab.timetabling.instance:read_instances_folder",
    )
)

REGISTRY.add(
    RemoteDataset(
        name="itc2007-solutions",
        description="Reference ITC-2007 solutions with costs confirmed by the official validator",
        source="Docheinstein/itc2007-cct results and tests; TakehideSoh/cbctt benchmark",
        files=(
            *(
                RemoteFile(
                    f"itc2007/solutions/{name}.docheinstein_race.sol",
                    _raw(_DOCHEINSTEIN, _DOCHEINSTEIN_COMMIT, f"results/races/{name}.ctt.sol"),
                    sha,
                    size,
                )
                for name, size, sha in _ITC_RACE_SOLUTIONS
            ),
            RemoteFile(
                "itc2007/solutions/comp01.cost57.sol",
                _raw(_DOCHEINSTEIN, _DOCHEINSTEIN_COMMIT, "tests/solutions/comp01.ctt.sol.57"),
                "5a1c92c5c168c507be27a7a7004b8d3ed3f3becb52a29337ab2e223c1b9daf61",
                1919,
            ),
            RemoteFile(
                "itc2007/solutions/comp01.cost463.sol",
                _raw(_DOCHEINSTEIN, _DOCHEINSTEIN_COMMIT, "tests/solutions/comp01.ctt.sol.463"),
                "1b8b4f0b4e4f94c59be2346a68b5ac3540d3518bf5119290428f75db455d27b3",
                1919,
            ),
            RemoteFile(
                "itc2007/solutions/comp01.cbctt.sol",
                _raw(*_CBCTT, "benchmark/comp01_solution.out"),
                "7954e6d5ae6f49f14fce05567b16766215b5a006757245c6acdf12d42d15a492",
                1920,
            ),
            RemoteFile(
                "itc2007/solutions/toy.sol",
                _raw(_DOCHEINSTEIN, _DOCHEINSTEIN_COMMIT, "tests/solutions/toy.ctt.sol"),
                "20412580e0cc44ee32f7a79f9220bb974dbbbc1d248059d1fc9a9f764862c5fd",
                210,
            ),
        ),
    )
)

# --- ASSISTments (AKT preprocessing: de-duplicated, chronological, with problem ids) ------------
# Ghosh, Heffernan, Lan (2020), "Context-aware attentive knowledge tracing", github.com/arghosh/AKT
# (MIT). The five test folds are disjoint and together hold the whole data set.
_AKT = ("arghosh/AKT", "01b7e8d7d7c862cabc9467108e3e7f2555653a88")


def _akt_dataset(name: str, folder: str, table, description: str) -> RemoteDataset:
    return RemoteDataset(
        name=name,
        description=description,
        source="Feng, Heffernan, Koedinger (2009) ASSISTments; AKT preprocessing, arghosh/AKT (MIT)",
        files=tuple(
            RemoteFile(
                f"assistments/{folder}/{file}", _raw(*_AKT, f"data/{folder.removeprefix('akt_')}/{file}"), sha, size
            )
            for file, size, sha in table
        ),
        loader="edulab.tracing.data:read_akt_folder",
    )


REGISTRY.add(
    _akt_dataset(
        "assistments2009",
        "akt_assist2009_pid",
        _AKT2009,
        "ASSISTments 2009-2010 skill builder: 4,150 students, 110 skills, 325,589 answers",
    )
)
REGISTRY.add(
    _akt_dataset(
        "assistments2017",
        "akt_assist2017_pid",
        _AKT2017,
        "ASSISTments 2017 data-mining competition: 1,705 students, 102 skills, 941,502 answers",
    )
)

# --- EPFL ML4BD course data (Machine Learning for Behavioral Data, CS-421) ---------------------
_MLBD = ("epfl-ml4ed/mlbd-2022", "2801730922353ad734fc89cee99efe3b00027301")

REGISTRY.add(
    RemoteDataset(
        name="epfl-mooc",
        description="EPFL MOOC: weekly quiz scores of 5,969 learners over 10 weeks and pass/fail labels",
        source="EPFL ML4ED lab, course ML4BD 2022 (epfl-ml4ed/mlbd-2022, for educational purposes)",
        files=(
            RemoteFile(
                "mooc/mooc_quizzes.csv",
                _raw(*_MLBD, "lectures/data/mooc_quizzes.csv"),
                "020bd7ac87216ff80ea53732f3029a41438bb3cb61ef083de619cfcb1717ff7e",
                961325,
            ),
            RemoteFile(
                "mooc/mooc_lab.csv",
                _raw(*_MLBD, "lectures/data/mooc_lab.csv"),
                "f2f0d873538e17372a3f0949903eba487952f9408682472f1eb2ff68957808d6",
                69043,
            ),
        ),
        loader="edulab.mooc.data:read_epfl_mooc_folder",
    )
)

REGISTRY.add(
    RemoteDataset(
        name="flipped-classroom",
        description="EPFL flipped classroom: 33 weekly behaviour features of 288 students, with final grades",
        source="EPFL ML4ED lab, course ML4BD 2022 (epfl-ml4ed/mlbd-2022, for educational purposes)",
        files=(
            RemoteFile(
                "mooc/flipped_classroom/time_series_extended_fc.csv",
                _raw(*_MLBD, "lectures/data/time_series_extended_fc.csv"),
                "77dae5446a912140bce61ad2d3381d7cc6dc5957d7cefa53d0afbf031669c720",
                834753,
            ),
            RemoteFile(
                "mooc/flipped_classroom/aggregated_extended_fc.csv",
                _raw(*_MLBD, "lectures/data/aggregated_extended_fc.csv"),
                "f50fc89e2a21b2f4ca9981c9a903feaa810151c2d303618008ed743ea54139f2",
                136385,
            ),
        ),
        loader="edulab.mooc.data:read_flipped_classroom_folder",
    )
)

# --- Shipped synthetic datasets (datasets/ in the repository), one block per topic -------------

# tracing (01_dkt)
REGISTRY.add(
    ShippedDataset(
        name="tracing-synthetic",
        description="Synthetic skill-builder students with known mastery, calibrated on ASSISTments 2009: 500 students, 110 skills",
        folder="tracing",
        files=("synthetic_interactions.csv",),
        builder="edulab.tracing.synthetic:write_shipped",
        loader="edulab.tracing.synthetic:read_shipped",
    )
)

# mooc (02_mooc)
REGISTRY.add(
    ShippedDataset(
        name="mooc-synthetic",
        description="Simulated MOOC: 1,000 learners, 10 weeks, the 42 weekly features, quizzes, labels, true pass probability",
        folder="mooc",
        files=("mooc_feat.csv", "mooc_quizzes.csv", "mooc_lab.csv", "mooc_truth.csv"),
        builder="edulab.mooc.synthetic:build_shipped",
        loader="edulab.mooc.synthetic:read_synthetic_folder",
    )
)

# advising (03_advising)
REGISTRY.add(
    ShippedDataset(
        name="advising-synthetic",
        description="Synthetic 42-course, 8-term curriculum and the grades of 500 students (course advising)",
        folder="advising",
        files=("courses.csv", "students.csv", "grades.csv"),
        builder="edulab.advising.synthetic:build_synthetic",
        loader="edulab.advising.synthetic:read_advising_folder",
    )
)

# timetabling (04_timetabling)
REGISTRY.add(
    ShippedDataset(
        name="ctt-synthetic",
        description="Course timetabling (.ctt): tiny (written by hand, 4 courses), small (12) and medium (40) generated",
        folder="timetabling",
        files=("README.md", "tiny.ctt", "small.ctt", "medium.ctt"),
        builder="edulab.timetabling.generator:build_shipped",
        loader="edulab.timetabling.instance:read_instances_folder",
    )
)

# planning (05_alns)
REGISTRY.add(
    ShippedDataset(
        name="hlapp-small",
        description="HLAPP: a generated 160-learner school (sigma 1, w 0.5, mixed teacher degrees), JSON",
        folder="planning",
        files=("hlapp-160.json",),
        builder="edulab.planning.dataset:build_shipped",
        loader="edulab.planning.dataset:load_shipped",
        source="generated by edulab.planning.generator (section 5.1 of Wouda, Aslan and Vis, 2023), seed 0",
    )
)
