"""Wrong answers and a correct alternative for every autograded gap of lecture 02 (MOOC).

Each entry of ``GAPS`` is keyed by the answer cell's grade_id. An answer is either a whole cell
source or a list of ``(old, new)`` replacements applied to the reference answer in solutions/.
See ``runner.py`` for how they are run.
"""

TENSOR_ROW_ORDER = """\
def masked_feature_tensor(features, quizzes, students, feature_names, mask_value=-1.0):
    n_weeks = features["week"].nunique()
    values = features[list(feature_names)].to_numpy(dtype=np.float32).reshape(len(students), n_weeks, -1)
    taken = quizzes["quiz_correct"].notna().to_numpy().reshape(len(students), n_weeks)
    return np.where(taken[..., None], values, np.float32(mask_value))
"""

TENSOR_SET_INDEX_IN_PLACE = """\
def masked_feature_tensor(features, quizzes, students, feature_names, mask_value=-1.0):
    weeks = np.sort(features["week"].unique())
    grid = pd.MultiIndex.from_product([students, weeks])
    features.set_index(["user_id", "week"], inplace=True)
    quizzes.set_index(["user_id", "week"], inplace=True)
    values = features[list(feature_names)].reindex(grid).to_numpy(dtype=np.float32)
    taken = quizzes["quiz_correct"].reindex(grid).notna().to_numpy()
    values = np.where(taken[:, None], values, np.float32(mask_value))
    return values.reshape(len(students), len(weeks), len(feature_names))
"""

TENSOR_LOOP = """\
def masked_feature_tensor(features, quizzes, students, feature_names, mask_value=-1.0):
    f = features.sort_values(["user_id", "week"]).set_index("user_id")
    q = quizzes.sort_values(["user_id", "week"]).set_index("user_id")
    per_student = []
    for student in students:
        values = f.loc[[student], list(feature_names)].to_numpy(dtype=np.float32)
        taken = q.loc[[student], "quiz_correct"].notna().to_numpy()
        per_student.append(np.where(taken[:, None], values, mask_value))
    return np.stack(per_student).astype(np.float32)
"""

MODEL_SEQUENTIAL = """\
import keras


def build_early_lstm(n_features, units=16, dropout=0.1, mask_value=-1.0):
    model = keras.Sequential(
        [
            keras.Input((None, n_features)),
            keras.layers.Masking(mask_value),
            keras.layers.LSTM(units, dropout=dropout, return_sequences=False),
            keras.layers.Dense(1),
            keras.layers.Activation("sigmoid"),
        ]
    )
    model.compile(keras.optimizers.Adam(), keras.losses.BinaryCrossentropy(), metrics=[keras.metrics.AUC(name="auc")])
    return model
"""

THRESHOLD_LOOP = """\
from sklearn.metrics import balanced_accuracy_score


def best_threshold(y_true, probability):
    p = np.ravel(probability)
    best_t, best_score = np.inf, -1.0
    for t in sorted(set(p.tolist())):
        score = balanced_accuracy_score(y_true, p >= t)
        if score > best_score:
            best_t, best_score = t, score
    return best_t
"""

CHOICE_FILTER = """\
def choose_candidate(table):
    tied = table[table["validation_auc"] == table["validation_auc"].max()]
    return tied["validation_balanced_accuracy"].idxmax()
"""

CHOICE_IN_PLACE = """\
def choose_candidate(table):
    table.sort_values(["validation_auc", "validation_balanced_accuracy"], ascending=False, kind="stable", inplace=True)
    return table.index[0]
"""

PIPELINE_LIBRARY = """\
from sklearn.metrics import roc_auc_score

from edulab.mooc.early import early_data


def predict_early(arrays, split, n_weeks, *, make_model=build_early_lstm, epochs=5, batch_size=32, mask_value=-1.0, random_state=0):
    data = early_data(arrays, split, n_weeks)
    keras.utils.set_random_seed(random_state)
    model = make_model(data.x["train"].shape[-1], mask_value=mask_value)
    model.fit(data.x["train"], data.y["train"], epochs=epochs, batch_size=batch_size, verbose=0)
    p = {part: model.predict(data.x[part], verbose=0).ravel() for part in ("validation", "test")}
    threshold = best_threshold(data.y["validation"], p["validation"])
    result = {"n_weeks": n_weeks, "threshold": threshold}
    for part in ("validation", "test"):
        result[f"{part}_auc"] = roc_auc_score(data.y[part], p[part])
        result[f"{part}_balanced_accuracy"] = balanced_accuracy_score(data.y[part], p[part] >= threshold)
    return result


def how_early(arrays, split, weeks, **options):
    return pd.DataFrame([predict_early(arrays, split, n, **options) for n in weeks])
"""

PIPELINE_CUT = """\
from sklearn.metrics import roc_auc_score

from edulab.mooc.tensors import WeeklyMinMaxScaler


def predict_early(arrays, split, n_weeks, *, make_model=build_early_lstm, epochs=5, batch_size=32, mask_value=-1.0, random_state=0):
    inputs = []
    if arrays.features is not None:
        scaler = WeeklyMinMaxScaler().fit(arrays.features[split.train][:, :n_weeks])
        inputs.append(scaler.transform(arrays.features[:, :n_weeks]))
    if arrays.observed is not None:
        taken = arrays.observed[:, :n_weeks].astype(np.float32)
        inputs.append(np.dstack([np.nan_to_num(arrays.scores[:, :n_weeks, 0]) * taken, taken]))
    x = np.concatenate(inputs, axis=2)  # the first n weeks only: nothing to pad
    keras.utils.set_random_seed(random_state)
    model = make_model(x.shape[2], mask_value=mask_value)
    model.fit(x[split.train], arrays.labels[split.train], batch_size=batch_size, epochs=epochs, verbose=0)
    p_val = model.predict(x[split.validation], verbose=0)[:, 0]
    p_test = model.predict(x[split.test], verbose=0)[:, 0]
    y_val, y_test = arrays.labels[split.validation], arrays.labels[split.test]
    t = best_threshold(y_val, p_val)
    return dict(
        n_weeks=n_weeks,
        threshold=t,
        validation_auc=roc_auc_score(y_val, p_val),
        validation_balanced_accuracy=balanced_accuracy_score(y_val, p_val >= t),
        test_auc=roc_auc_score(y_test, p_test),
        test_balanced_accuracy=balanced_accuracy_score(y_test, p_test >= t),
    )


def how_early(arrays, split, weeks, **options):
    rows = []
    for n in weeks:
        rows.append(predict_early(arrays, split, n, **options))
    return pd.DataFrame(rows)
"""

GAPS = {
    "masked-tensor-answer": {
        "wrong": {
            "a quiz counted as taken only when its score is above 0": [(".notna().to_numpy()", ".gt(0).to_numpy()")],
            "mask value ignored (-1 hard-coded)": [("np.float32(mask_value)", "np.float32(-1.0)")],
            "students sorted instead of in the order given": [
                (
                    "pd.MultiIndex.from_product([students, weeks])",
                    "pd.MultiIndex.from_product([np.sort(students), weeks])",
                )
            ],
            "row order trusted (reshape without alignment)": TENSOR_ROW_ORDER,
            "the input tables mutated (set_index in place)": TENSOR_SET_INDEX_IN_PLACE,
        },
        "alternative": TENSOR_LOOP,
    },
    "early-model-answer": {
        "wrong": {
            "output without sigmoid": [('keras.layers.Dense(1, activation="sigmoid")', "keras.layers.Dense(1)")],
            "a Masking layer that masks nothing (mask_value ignored: zeros masked)": [
                ("keras.layers.Masking(mask_value=mask_value)", "keras.layers.Masking()")
            ],
            "mask value hard-coded to -1": [
                ("keras.layers.Masking(mask_value=mask_value)", "keras.layers.Masking(mask_value=-1.0)")
            ],
            "no Masking layer": [
                ("    hidden = keras.layers.Masking(mask_value=mask_value)(inputs)\n", "    hidden = inputs\n")
            ],
            "dropout ignored": [("keras.layers.LSTM(units, dropout=dropout)", "keras.layers.LSTM(units)")],
            "units ignored": [("keras.layers.LSTM(units, dropout=dropout)", "keras.layers.LSTM(16, dropout=dropout)")],
        },
        "alternative": MODEL_SEQUENTIAL,
    },
    "threshold-answer": {
        "wrong": {
            "fixed threshold 0.5": [("return float(candidates[int(np.argmax(scores))])", "return 0.5")],
            "plain accuracy instead of balanced accuracy": [
                (
                    "scores = [balanced_accuracy_score(y_true, probability >= t)",
                    "scores = [np.mean(y_true == (probability >= t))",
                )
            ],
            "the worst threshold (argmin)": [("np.argmax(scores)", "np.argmin(scores)")],
            "thresholds on a coarse grid only": [
                ("candidates = np.append(np.unique(probability), np.inf)", "candidates = np.linspace(0, 1, 11)")
            ],
            "strict > where the test predicts with >=": [
                (
                    "balanced_accuracy_score(y_true, probability >= t)",
                    "balanced_accuracy_score(y_true, probability > t)",
                )
            ],
        },
        "alternative": THRESHOLD_LOOP,
    },
    "grid-choice-answer": {
        "wrong": {
            "chosen on the test AUC": [
                ('["validation_auc", "validation_balanced_accuracy"]', '["test_auc", "validation_balanced_accuracy"]')
            ],
            "ties broken by the lowest balanced accuracy": [("ascending=False", "ascending=[False, True]")],
            "tie break ignored": 'def choose_candidate(table):\n    return table["validation_auc"].idxmax()\n',
            "position instead of index label": [
                ("return ordered.index[0]", "return table.index.get_loc(ordered.index[0])")
            ],
            "the table sorted in place": CHOICE_IN_PLACE,
        },
        "alternative": CHOICE_FILTER,
    },
    "how-early-answer": {
        "wrong": {
            "week n itself read (off by one)": [
                ("arrays.features[:, :n_weeks]", "arrays.features[:, : n_weeks + 1]"),
                ("arrays.observed[:, :n_weeks]", "arrays.observed[:, : n_weeks + 1]"),
                ("arrays.scores[:, :n_weeks, 0]", "arrays.scores[:, : n_weeks + 1, 0]"),
                ("x[:, :n_weeks] = seen", "x[:, : n_weeks + 1] = seen"),
            ],
            "scaler fitted on all weeks (later weeks leak)": [
                (
                    "WeeklyMinMaxScaler().fit(first[split.train])",
                    "WeeklyMinMaxScaler().fit(arrays.features[split.train])",
                )
            ],
            "scaler fitted on every student (test students leak)": [
                ("WeeklyMinMaxScaler().fit(first[split.train])", "WeeklyMinMaxScaler().fit(first)")
            ],
            "padding left unmasked (zeros)": [
                (
                    "np.full((n_students, total, seen.shape[-1]), mask_value, dtype=np.float32)",
                    "np.zeros((n_students, total, seen.shape[-1]), dtype=np.float32)",
                )
            ],
            "padding with -1 whatever mask_value": [
                (
                    "np.full((n_students, total, seen.shape[-1]), mask_value, dtype=np.float32)",
                    "np.full((n_students, total, seen.shape[-1]), -1.0, dtype=np.float32)",
                )
            ],
            "mask_value not passed to the model": [
                ("make_model(x.shape[-1], mask_value=mask_value)", "make_model(x.shape[-1])")
            ],
            "a quiz counted as taken only when its score is above 0": [
                ("taken = arrays.observed[:, :n_weeks]", "taken = np.nan_to_num(arrays.scores[:, :n_weeks, 0]) > 0")
            ],
            "threshold chosen on the test students": [
                (
                    'best_threshold(labels["validation"], probability["validation"])',
                    'best_threshold(labels["test"], probability["test"])',
                )
            ],
            "threshold fixed at 0.5": [('best_threshold(labels["validation"], probability["validation"])', "0.5")],
            "the input arrays mutated (NaN replaced in place)": [
                (
                    "score = np.where(taken, np.nan_to_num(arrays.scores[:, :n_weeks, 0]), 0.0)",
                    "score = np.nan_to_num(arrays.scores[:, :n_weeks, 0], copy=False)",
                )
            ],
            "epochs ignored": [("epochs=epochs, batch_size", "epochs=5, batch_size")],
            "fits the lecture's data only (features and quizzes assumed)": [
                ("    if arrays.scores is not None:\n", "    if True:\n")
            ],
            "how_early ignores weeks": [("for n in weeks])", "for n in range(1, len(arrays.weeks) + 1)])")],
            "how_early drops the options": [
                ("predict_early(arrays, split, n, **options)", "predict_early(arrays, split, n)")
            ],
            "the library's early_data called (off limits)": PIPELINE_LIBRARY,
        },
        "alternative": PIPELINE_CUT,
    },
}
