"""Interactive explorers: widgets that need a live notebook (core ipywidgets, 7.7 and 8).

One module per explorer, holding its widget and what only that widget uses
(its presets, its text). The maths and the static figures it draws live in
modules of their own, which chapters and tests call without any widget:
:mod:`helpers.activations`, :mod:`helpers.logits`, :mod:`helpers.predictions`
and :func:`helpers.plotting.plot_curves`.

Every explorer is one function, ``*_explorer(...)``, with one contract: it
returns the ``ipywidgets.VBox`` it displays (a cell's last expression shows
it), its first figure already drawn, with three attributes:

- ``box.controls``: ``{name: widget}``, every control the reader moves;
- ``box.state``: a dict of what the figure shows now, or ``{"error": why}``
  when the controls ask for something it cannot draw;
- ``box.draw(**values)``: the callback that redraws from the values of the
  controls it follows (keyword arguments named as in ``box.controls``),
  which tests and curious readers can call directly.

Widgets need a running kernel, so every explorer in the book sits beside a
static figure that shows the same information on the rendered page.
"""
