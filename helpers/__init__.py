"""Plumbing shared by the notebooks of *Neural networks in Keras, step by step*.

The lessons keep their own model code; these modules hold only what every
chapter needs and no chapter should teach:

- :mod:`helpers.environment`: a chapter's set-up (mode, versions, banner);
- :mod:`helpers.modes`: full and quick mode, strict (build) or not (class);
- :mod:`helpers.data`: the offline data, checked by its digests;
- :mod:`helpers.glue`: numbers from a run into the prose;
- :mod:`helpers.formatting`: one number format for prose and printed output;
- :mod:`helpers.claims`: the text's claims checked against the run;
- :mod:`helpers.exercises`: exercises that judge the student's own answer;
- :mod:`helpers.originals`: the figures the original tutorials reported;
- :mod:`helpers.training`: the book's compile settings and epoch tables;
- :mod:`helpers.callbacks`: a live progress line and an epoch timer for fit;
- :mod:`helpers.side_by_side`: several models trained in one fit;
- :mod:`helpers.optimizers`: Keras 2's RMSprop step, re-created;
- :mod:`helpers.plotting`: the book's figures in one visual language;
- :mod:`helpers.activations`: activations, their derivatives and a figure;
- :mod:`helpers.logits`: sigmoid and softmax of logits, and a figure;
- :mod:`helpers.predictions`: a model's ten outputs as bars beside each image;
- :mod:`helpers.explorers`: the widgets that need a live notebook;
- :mod:`helpers.i18n`: the helpers' messages in the reader's language.

(``helpers._figure_png`` is the browser tests' instrument, not the lessons'.)
"""

__version__ = "0.1.0"
