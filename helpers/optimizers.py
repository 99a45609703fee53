"""RMSprop as standalone Keras 2 computed it, for re-running Keras 2 experiments.

Keras 3's ``keras.optimizers.RMSprop`` puts ``epsilon`` inside the square root::

    v = rho * v + (1 - rho) * g**2
    w = w - lr * g / sqrt(v + epsilon)

Standalone Keras 2's ``keras.optimizers.RMSprop`` (without momentum) put it
outside::

    w = w - lr * g / (sqrt(v) + epsilon)

and, from Keras 2.0.0 (March 2017) to 2.1.2 (December 2017), defaulted to
``epsilon=1e-8`` (``RMSprop.__init__`` in ``keras/optimizers.py``); from 2.1.3
(January 2018) on, the default was ``K.epsilon()``, 1e-7. :class:`Keras2RMSprop`
defaults to 1e-8, as the Keras 2 of 2017 that chapter 04's original tutorial
ran on. Keras 3's default is 1e-7.

For gradients well above ``sqrt(1e-7)``, about 3e-4, the two steps agree. For a
gradient far below that, Keras 3's step is far below the learning rate, while
Keras 2's is still about the learning rate. Chapter 04 shows this: it is why a
network of six sigmoid layers that trained in a Keras 2 tutorial does not start
on Keras 3 with the default RMSprop.
"""

from __future__ import annotations

import keras
from keras import ops


class Keras2RMSprop(keras.optimizers.RMSprop):
    """RMSprop with ``epsilon`` outside the square root, as in standalone Keras 2.

    Each step: ``v = rho * v + (1 - rho) * g**2`` then
    ``w = w - learning_rate * g / (sqrt(v) + epsilon)``; ``v`` starts at 0, as
    in both Keras 2 and Keras 3. ``epsilon`` defaults to 1e-8, Keras 2.0's
    default (Keras 3's RMSprop defaults to 1e-7). It takes the arguments of
    ``keras.optimizers.RMSprop`` except ``momentum`` and ``centered``, which it
    does not implement: passing ``momentum > 0`` or ``centered=True`` raises
    ValueError. Taught in chapter 04.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-8, **kwargs):
        momentum = kwargs.pop("momentum", 0.0)
        centered = kwargs.pop("centered", False)
        if momentum or centered:
            raise ValueError(
                "Keras2RMSprop implements plain RMSprop only (the update of "
                "standalone Keras 2 without momentum), got "
                f"momentum={momentum!r}, centered={centered!r}. Use "
                "keras.optimizers.RMSprop for momentum or centered RMSprop."
            )
        if not epsilon > 0:
            raise ValueError(f"Keras2RMSprop needs epsilon > 0, got epsilon={epsilon!r}.")
        if not 0 <= rho < 1:
            raise ValueError(f"Keras2RMSprop needs 0 <= rho < 1, got rho={rho!r}.")
        super().__init__(learning_rate=learning_rate, rho=rho, epsilon=epsilon, **kwargs)

    def update_step(self, gradient, variable, learning_rate):
        """One step: ``variable -= lr * g / (sqrt(v) + epsilon)``."""
        lr = ops.cast(learning_rate, variable.dtype)
        g = ops.cast(gradient, variable.dtype)
        v = self._velocities[self._get_variable_index(variable)]
        # the running mean of g**2, exactly as in Keras 3
        self.assign(v, self.rho * v + (1 - self.rho) * ops.square(g))
        # epsilon outside the root (Keras 3: lr * g / sqrt(v + epsilon))
        step = lr * g / (ops.sqrt(v) + self.epsilon)
        self.assign_sub(variable, step)
