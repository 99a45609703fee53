"""Interactive explorers (core ipywidgets, working on ipywidgets 7.7 and 8).

One module per explorer; each keeps its logic in plain functions that the unit
tests call directly, and builds its widgets in one ``*_explorer()`` function.
Widgets need a running kernel, so every explorer in the book sits beside a
static figure that shows the same information on the rendered page.
"""
