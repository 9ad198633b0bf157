import keras
import numpy as np
import pytest

from edulab.recurrent.layers import CELLS, EpochClock, recurrent_layer


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_each_cell_builds_a_named_layer(cell):
    layer = recurrent_layer(cell, 4, 0.1, return_sequences=True)
    assert isinstance(layer, CELLS[cell]) and layer.name == cell and layer.units == 4
    assert layer.return_sequences


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("lstm", 0, 0.1), "units=0"),
        (("lstm", True, 0.1), "units=True"),
        (("lstm", 4, 1.0), "dropout=1.0"),
        (("transformer", 4, 0.1), "cell='transformer'"),
    ],
)
def test_bad_arguments_name_the_value(arguments, message):
    with pytest.raises(ValueError, match=message):
        recurrent_layer(*arguments, return_sequences=False)


def test_a_caller_may_restrict_the_cells():
    with pytest.raises(ValueError, match=r"expected one of \['gru', 'lstm'\]"):
        recurrent_layer("rnn", 4, 0.0, return_sequences=False, cells=("lstm", "gru"))


def test_epoch_clock_reports_the_median_after_the_first_epoch():
    clock = EpochClock()
    clock.seconds = [9.0, 1.0, 2.0, 3.0]
    assert clock.typical() == 2.0
    clock.seconds = [5.0]
    assert clock.typical() == 5.0
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    clock = EpochClock()
    model.fit(np.array([[0.0, 1.0]]), np.array([[1.0]]), epochs=3, verbose=0, callbacks=[clock])
    assert len(clock.seconds) == 3 and all(s > 0 for s in clock.seconds)
