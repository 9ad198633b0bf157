"""Wrong answers and a correct alternative for every autograded gap of lecture 01 (DKT).

Each entry of ``GAPS`` is keyed by the answer cell's grade_id. An answer is either a whole cell
source or a list of ``(old, new)`` replacements applied to the reference answer in solutions/.
See ``runner.py`` for how they are run.
"""

SHIFT_BY_FEATURES = """\
def shift_sequence(skills, correct):
    features = 2 * np.asarray(skills) + np.asarray(correct)
    return features[:-1], np.asarray(skills)[1:], np.asarray(correct)[1:]
"""

MASK_BY_ANY_ENTRY = """\
def masked_targets(y_true, y_pred, mask_value=-1.0):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    real = np.any(y_true != mask_value, axis=-1, keepdims=True)
    correct = np.where(real, y_true[..., -1:], 0.0)
    skills = np.where(real, y_true[..., :-1], 0.0)
    predicted = np.einsum("btk,btk->bt", y_pred, skills)[..., None]
    return correct, predicted, real.astype(float)
"""

MODEL_SEQUENTIAL = """\
from edulab.recurrent.masking import MaskedAUC, MaskedLoss, MaskedRMSE

CELLS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}


def build_dkt(n_skills, cell="lstm", units=16, dropout=0.1, mask_value=-1.0, learning_rate=0.01):
    try:
        recurrent = CELLS[cell]
    except KeyError:
        raise ValueError(f"unknown cell {cell!r}: expected lstm, gru or rnn") from None
    model = keras.Sequential([
        keras.Input(shape=(None, 2 * n_skills)),
        keras.layers.Masking(mask_value),
        recurrent(units, dropout=dropout, return_sequences=True),
        keras.layers.Dense(n_skills, activation=keras.activations.sigmoid),
    ])
    model.compile(
        keras.optimizers.Adam(learning_rate),
        MaskedLoss("binary_crossentropy", "next_answer", mask_value),
        metrics=[MaskedAUC("next_answer", mask_value, name="auc"), MaskedRMSE("next_answer", mask_value, name="rmse")],
    )
    return model
"""

MODEL_FROM_LIBRARY = """\
from edulab.tracing.models import build_dkt_model

CELLS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}


def build_dkt(n_skills, cell="lstm", units=16, dropout=0.1, mask_value=-1.0, learning_rate=0.01):
    if cell not in CELLS:
        raise ValueError(f"cell={cell!r}: expected one of {sorted(CELLS)}")
    return build_dkt_model(n_skills, cell=cell, units=units, dropout=dropout, mask_value=mask_value, learning_rate=learning_rate)
"""

GRID_ALTERNATIVE = """\
from sklearn.model_selection import ParameterGrid

from edulab.recurrent.grid import GridResult
from edulab.recurrent.training import fit
from edulab.tracing.training import BatchFeed, evaluate


def search_grid(data, grid, *, build=build_dkt, epochs=2, patience=2, random_state=0):
    results = []
    for params in ParameterGrid(grid):
        model = build(data.skill_index.n_skills, **params)
        record = fit(model, data.train, data.validation, epochs=epochs, patience=patience, feed=BatchFeed,
                     random_state=random_state, progress=False)
        scores = {part: evaluate(model, getattr(data, part)) for part in ("validation", "test")}
        results.append(dict(params, val_auc=scores["validation"].auc, val_rmse=scores["validation"].rmse,
                            test_auc=scores["test"].auc, test_rmse=scores["test"].rmse, best_epoch=record.best_epoch))
    table = pd.DataFrame(results)
    table = table.iloc[np.argsort(-table["val_auc"].to_numpy(), kind="stable")].reset_index(drop=True)
    return GridResult(table, {key: table.at[0, key] for key in grid}, table.iloc[0].to_dict())
"""

GRID_FROM_LIBRARY = """\
from sklearn.model_selection import ParameterGrid

from edulab.tracing.grid import grid_search
from edulab.tracing.training import BatchFeed, evaluate
from edulab.recurrent.training import fit


def search_grid(data, grid, *, build=build_dkt, epochs=2, patience=2, random_state=0):
    return grid_search(data, grid, epochs=epochs, patience=patience, random_state=random_state, progress=False)
"""

GAPS = {
    "shift-answer": {
        "wrong": {
            "targets not shifted (the answer predicts itself)": [
                ("skills[1:], correct[1:]", "skills[:-1], correct[:-1]")
            ],
            "inputs taken one step late": [("skills[:-1] * 2 + correct[:-1]", "skills[1:] * 2 + correct[1:]")],
            "the outcome not separated from the skill (skill + correct)": [
                ("skills[:-1] * 2 + correct[:-1]", "skills[:-1] + correct[:-1]")
            ],
            "the first answer dropped from the inputs too": [
                (
                    "skills[:-1] * 2 + correct[:-1], skills[1:], correct[1:]",
                    "skills[1:-1] * 2 + correct[1:-1], skills[2:], correct[2:]",
                )
            ],
        },
        "alternative": SHIFT_BY_FEATURES,
    },
    "mask-answer": {
        "wrong": {
            "skills not masked (padded steps predict -sum(y_pred))": [
                ("    skills = y_true[..., :-1] * mask\n", "    skills = y_true[..., :-1]\n")
            ],
            "mask value ignored (-1 hard-coded)": [
                ("mask = (y_true[..., -1:] != mask_value)", "mask = (y_true[..., -1:] != -1.0)")
            ],
            "padding taken as any negative value": [
                ("mask = (y_true[..., -1:] != mask_value)", "mask = (y_true[..., -1:] >= 0)")
            ],
            "the mean over every skill instead of the next skill's prediction": [
                (
                    "predicted = (y_pred * skills).sum(axis=-1, keepdims=True)",
                    "predicted = y_pred.mean(axis=-1, keepdims=True) * mask",
                )
            ],
        },
        "alternative": MASK_BY_ANY_ENTRY,
    },
    "model-answer": {
        "wrong": {
            "Masking that masks nothing (mask value 0)": [
                ("keras.layers.Masking(mask_value=mask_value)", "keras.layers.Masking(mask_value=0.0)")
            ],
            "no Masking layer": [
                ("    hidden = keras.layers.Masking(mask_value=mask_value)(inputs)\n", "    hidden = inputs\n")
            ],
            "mask value hard-coded to -1 in Masking": [
                ("keras.layers.Masking(mask_value=mask_value)", "keras.layers.Masking(mask_value=-1.0)")
            ],
            "no sigmoid (a linear head)": [
                ('keras.layers.Dense(n_skills, activation="sigmoid")', "keras.layers.Dense(n_skills)")
            ],
            "softmax over the skills": [
                (
                    'keras.layers.Dense(n_skills, activation="sigmoid")',
                    'keras.layers.Dense(n_skills, activation="softmax")',
                )
            ],
            "loss averaged over every step, padding included": [
                (
                    'loss=MaskedLoss("binary_crossentropy", targets="next_answer", mask_value=mask_value),',
                    "loss=lambda y_true, y_pred: keras.ops.mean(keras.losses.binary_crossentropy("
                    "*next_answer_targets(y_true, y_pred, mask_value)[:2])),",
                ),
                (
                    "from edulab.recurrent.masking import MaskedAUC, MaskedLoss, MaskedRMSE\n",
                    "from edulab.recurrent.masking import MaskedAUC, MaskedLoss, MaskedRMSE, next_answer_targets\n",
                ),
            ],
            "the loss keeps its default mask value": [
                (
                    'MaskedLoss("binary_crossentropy", targets="next_answer", mask_value=mask_value)',
                    'MaskedLoss("binary_crossentropy", targets="next_answer")',
                )
            ],
            "cell ignored (always an LSTM)": [("hidden = CELLS[cell](units,", "hidden = keras.layers.LSTM(units,")],
            "dropout ignored": [
                (
                    "CELLS[cell](units, return_sequences=True, dropout=dropout)",
                    "CELLS[cell](units, return_sequences=True)",
                )
            ],
            "the library's factory called (off limits)": MODEL_FROM_LIBRARY,
        },
        "alternative": MODEL_SEQUENTIAL,
    },
    "grid-answer": {
        "wrong": {
            "chosen on test": [('sort_values("val_auc",', 'sort_values("test_auc",')],
            "early stopping on the test students": [
                ("model, data.train, data.validation,", "model, data.train, data.test,")
            ],
            "a grid parameter ignored (dropout)": [
                (
                    "model = build(data.skill_index.n_skills, **params)",
                    'model = build(data.skill_index.n_skills, cell=params.get("cell", "lstm"), units=params.get("units", 16))',
                )
            ],
            "epochs not passed to fit": [("epochs=epochs,\n", "\n")],
            "validation scored on the training students": [
                ("evaluate(model, data.validation)", "evaluate(model, data.train)")
            ],
            "sorted worst first": [("ascending=False", "ascending=True")],
            "the best row taken by test AUC": [
                ("best = table.iloc[0].to_dict()", 'best = table.loc[table["test_auc"].idxmax()].to_dict()')
            ],
            "the library's grid search called (off limits)": GRID_FROM_LIBRARY,
        },
        "alternative": GRID_ALTERNATIVE,
    },
}
