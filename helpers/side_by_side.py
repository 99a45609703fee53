"""Train several compiled Keras models at once, each exactly as if it were alone.

Chapter 06 compares models that differ only in their output layer, all trained
on the same images with the same optimizer settings. Fitting them one after the
other costs one pass over the data per model; :func:`fit_side_by_side` makes
one pass for all of them. It wires the models into one functional model over a
shared input: that model's layers *are* the models' layers, so training it
trains them, and each model keeps its own loss and metrics. On a CPU that pass
took about three quarters of the time of separate fits of chapter 06's models
(measured when the helper was kept); chapter 06's ``SIDE_BY_SIDE = False``
runs the plain ``model.fit`` of each model instead.

Why each model learns exactly what it would learn alone: the joint loss is the
sum of the models' losses, and a weight of one model appears only in that
model's loss, so it receives the same gradient as in a fit of its own. An
optimizer that updates every weight from its own gradient and its own state
(SGD, momentum, Adam, RMSprop...) then makes the same updates, and every model
sees the same batches in the same order. ``tests/test_side_by_side.py`` checks
that the weights match those of separate fits. What breaks the equivalence:
optimizer settings that couple the weights (``global_clipnorm``), and
randomness inside training (dropout draws its masks differently); with shuffling
on, the batch order is the joint fit's, not that of any one separate fit.
"""

from __future__ import annotations

import keras

__all__ = ["fit_side_by_side", "joint_model"]

#: compile settings each model keeps for itself
_OWN = ("loss", "metrics", "weighted_metrics")


def _own_settings(model) -> dict:
    """The loss and metrics ``model`` was compiled with."""
    if not getattr(model, "compiled", False):
        raise ValueError(
            f"model {model.name!r} is not compiled: call model.compile(...) "
            "before fit_side_by_side()."
        )
    config = keras.saving.deserialize_keras_object(model.get_compile_config())
    if config.get("loss_weights") is not None:
        raise ValueError(f"model {model.name!r} has loss_weights: not supported.")
    return {key: config.get(key) for key in _OWN}


def _shared_settings(models) -> dict:
    """The one optimizer (a fresh copy) and training-loop settings for all."""
    first = models[0]

    def settings(model):
        optimizer = model.optimizer.get_config()
        optimizer.pop("name", None)
        return {
            "optimizer": (type(model.optimizer), optimizer),
            "run_eagerly": model.run_eagerly,
            "steps_per_execution": model.steps_per_execution,
            "jit_compile": model.jit_compile,
        }

    shared = settings(first)
    for model in models[1:]:
        for key, value in settings(model).items():
            if value != shared[key]:
                raise ValueError(
                    f"models {first.name!r} and {model.name!r} were compiled "
                    f"with different {key} ({shared[key]!r} and {value!r}); "
                    "side by side they share one."
                )
    cls, config = shared["optimizer"]
    if config.get("global_clipnorm"):
        raise ValueError(
            "global_clipnorm couples the weights of all the models; fit them one by one instead."
        )
    shared["optimizer"] = cls.from_config(config)
    return shared


def joint_model(models) -> keras.Model:
    """One functional model over a shared input whose outputs are ``models``.

    The outputs are a dict keyed by each model's name. The joint model owns no
    weights of its own: its layers are the models themselves.
    """
    models = list(models)
    if not models:
        raise ValueError("joint_model() needs at least one model.")
    names = [m.name for m in models]
    if len(set(names)) != len(names):
        raise ValueError(f"the models need distinct names, got {names}.")
    shapes = {tuple(m.inputs[0].shape[1:]) for m in models}
    if len(shapes) != 1 or any(len(m.inputs) != 1 for m in models):
        raise ValueError(f"the models need one input of the same shape, got {sorted(shapes)}.")
    first = models[0].inputs[0]
    inputs = keras.Input(shape=first.shape[1:], dtype=first.dtype)
    return keras.Model(inputs, {m.name: m(inputs) for m in models})


def _per_model(targets, names):
    """``targets`` for every model: a dict by name is kept, anything else shared."""
    if isinstance(targets, dict):
        missing = set(names) - set(targets)
        if missing:
            raise ValueError(f"no targets for the models {sorted(missing)}.")
        return {name: targets[name] for name in names}
    return {name: targets for name in names}


def _split_history(history, models) -> dict:
    """Cut the joint History into one per model, with the keys fit() gives."""
    names = [m.name for m in models]
    longest_first = sorted(names, key=len, reverse=True)
    logs = {name: {} for name in names}
    for key, values in history.history.items():
        prefix, rest = ("val_", key[4:]) if key.startswith("val_") else ("", key)
        if len(names) == 1:  # Keras leaves a single output's names bare
            logs[names[0]][key] = list(values)
            continue
        for name in longest_first:
            if rest.startswith(name + "_"):
                logs[name][prefix + rest[len(name) + 1 :]] = list(values)
                break
    split = {}
    for name, model in zip(names, models, strict=True):
        own = keras.callbacks.History()
        own.set_model(model)
        own.params = dict(history.params)
        own.epoch = list(history.epoch)
        own.history = logs[name]
        split[name] = own
    return split


def fit_side_by_side(models, x, y, *, validation_data=None, **fit_kwargs) -> dict:
    """Fit compiled ``models`` together, each as if by its own ``model.fit``.

    ``models``: compiled Keras models with distinct names and one input of the
    same shape, compiled with the same optimizer settings (``"sgd"``, or equal
    optimizer configs) and the same ``steps_per_execution``/``jit_compile``;
    each keeps its own loss and metrics. ``y`` (and the targets in
    ``validation_data``) is one array for all the models or a dict by model
    name. Other keyword arguments go to ``fit`` (``epochs``, ``batch_size``,
    ``shuffle``, ``verbose``...).

    Trains the models in place and returns ``{name: History}``: each History
    has the keys that model's own ``fit`` would have given (``loss``,
    ``accuracy``, ``val_loss``...). The models' own optimizers are not used.
    """
    models = list(models)
    joint = joint_model(models)
    names = [m.name for m in models]
    own = {m.name: _own_settings(m) for m in models}

    def by_name(key):
        values = {n: own[n][key] for n in names if own[n][key] is not None}
        return values or None

    joint.compile(
        loss={n: own[n]["loss"] for n in names},
        metrics=by_name("metrics"),
        weighted_metrics=by_name("weighted_metrics"),
        **_shared_settings(models),
    )
    if validation_data is not None:
        vx, vy, *rest = validation_data
        if rest:
            raise ValueError("validation_data with sample weights is not supported.")
        validation_data = (vx, _per_model(vy, names))
    history = joint.fit(x, _per_model(y, names), validation_data=validation_data, **fit_kwargs)
    return _split_history(history, models)
