"""The test-image prediction explorer of chapter 06 (Output activations).

Pick a test image and an optimizer; see each output activation's ten outputs
for it beside the image, drawn by :func:`helpers.predictions.prediction_figure`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from helpers.predictions import check_predictions, prediction_figure, summarize, vectors_for


def predictions_explorer(images, labels, predictions):
    """A test-image slider and an optimizer toggle, above the image and its bar charts.

    ``predictions`` is ``{optimizer: {activation: (n_images, 10) array}}``.
    Returns the ``VBox`` (see :mod:`helpers.explorers`): ``box.controls``
    holds ``index`` and ``optimizer``; ``box.state`` the index, optimizer and
    true label shown and the :func:`~helpers.predictions.summarize` of each
    vector.
    """
    import ipywidgets as widgets
    from IPython.display import display

    check_predictions(predictions)
    n = min(len(v) for by_act in predictions.values() for v in by_act.values())
    index = widgets.IntSlider(value=0, min=0, max=n - 1, step=1, description="test image")
    optimizer = widgets.ToggleButtons(options=list(predictions), description="optimizer")
    state = {}

    def draw(index, optimizer):
        vectors = vectors_for(predictions, optimizer, index)
        state.clear()
        state.update(
            index=index,
            optimizer=optimizer,
            label=int(labels[index]),
            summaries={act: summarize(v) for act, v in vectors.items()},
        )
        fig = prediction_figure(
            images[index], labels[index], vectors, f"{optimizer}: outputs for test image {index}"
        )
        display(fig)
        plt.close(fig)

    controls = {"index": index, "optimizer": optimizer}
    out = widgets.interactive_output(draw, controls)
    box = widgets.VBox([widgets.HBox([index, optimizer]), out])
    box.controls, box.state, box.draw = controls, state, draw
    return box
