"""Plumbing shared by the notebooks of *Neural networks in Keras, step by step*.

The lessons keep their own model code; these modules hold only what every
chapter needs and no chapter should teach: loading the offline data
(:mod:`helpers.data`), full and quick mode (:mod:`helpers.modes`), gluing
numbers into the prose (:mod:`helpers.glue`), training plumbing
(:mod:`helpers.training`), plots (:mod:`helpers.plotting`) and the set-up
report (:mod:`helpers.environment`).
"""

__version__ = "0.1.0"
