"""Exercises that judge the student's own answer, after Kaggle Learn's ``learntools``.

Each chapter's exercises live in ``helpers/exercises/chNN.py`` as
:class:`Exercise` objects ``q1``, ``q2``, ... In the notebook a student writes
an answer in an open "your turn" cell and runs ``q1.check(answer)``:

- a right answer gets "Correct" and one sentence of why;
- a wrong one gets what is wrong in the exercise's terms ("your model has 2
  hidden layers; the exercise asks for 3");
- no answer yet (``None``), or something that is not an answer at all (a
  string, an unbuilt model, an array of the wrong shape), gets a clear
  message, never a traceback from deep inside Keras.

``q1.hint()`` prints a hint; ``q1.solution()`` says where the solution is:
a folded, self-contained cell in the chapter's "Solutions" section, placed
after every question so that "Run all" never prints an answer under its
question. That cell ends in ``q1.check(...)`` on its own answer; in the book's
build and the tests (strict, see :func:`helpers.modes.is_strict`) a solution
the check rejects fails the build, so a check and its solution cannot drift
apart.

A chapter module writes one judge function per exercise. It returns
:func:`correct` or :func:`wrong`, and raises :class:`NotAnAnswer` for input
that is not an answer; the helpers below (:func:`need_model`,
:func:`need_number`, :func:`need_array`, :func:`dense_layers`) do the usual
input checks.
"""

from __future__ import annotations

import numbers
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from helpers.modes import is_strict


class NotAnAnswer(ValueError):
    """Raised by a judge for input that is not an answer to the exercise at all."""


class ExerciseFailed(AssertionError):
    """A wrong answer in strict mode: the book's own solution no longer passes its check."""


@dataclass(frozen=True)
class Verdict:
    """What a judge found: ``ok`` and the sentence to show."""

    ok: bool
    message: str


def correct(why: str) -> Verdict:
    """A right answer, with one sentence of why it is right."""
    return Verdict(True, why)


def wrong(what: str) -> Verdict:
    """A wrong answer, with what is wrong in the exercise's terms."""
    return Verdict(False, what)


def _a(noun: str) -> str:
    """``noun`` with its article: 'an int', 'a str'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _say(*paragraphs: str) -> None:
    """Print paragraphs wrapped to the 76 columns a page's code box shows."""
    print("\n".join(textwrap.fill(part, 76) for part in paragraphs))


class Exercise:
    """One exercise of a chapter: ``check``, ``hint`` and ``solution``.

    ``judge(answer)`` returns a :class:`Verdict` (via :func:`correct` or
    :func:`wrong`) or raises :class:`NotAnAnswer`; ``asks`` names what the
    answer must be ("a compiled keras model", "a number between 0 and 1").
    """

    def __init__(
        self,
        number: int,
        asks: str,
        judge: Callable[[object], Verdict],
        hint: str,
        idea: str,
        answer_name: str = "answer",
    ):
        self.number = number
        self.asks = asks
        self._judge = judge
        self._hint = hint
        self._idea = idea
        self.answer_name = answer_name

    def __repr__(self) -> str:
        return f"<exercise {self.number}: check(), hint(), solution()>"

    def judge(self, answer) -> Verdict:
        """Judge ``answer`` without printing: the verdict the check would show."""
        if answer is None:
            return Verdict(
                False,
                f"no answer yet: set `{self.answer_name}` to {self.asks} in the cell "
                "above, run it, then run this check again.",
            )
        try:
            verdict = self._judge(answer)
        except NotAnAnswer as problem:
            return Verdict(False, f"{problem} The exercise asks for {self.asks}.")
        except Exception as problem:  # noqa: BLE001 - a student's object can fail anywhere
            return Verdict(
                False,
                f"your answer could not be checked ({type(problem).__name__}: {problem}). "
                f"The exercise asks for {self.asks}.",
            )
        if not isinstance(verdict, Verdict):
            raise TypeError(f"exercise {self.number}'s judge returned {verdict!r}, not a Verdict")
        return verdict

    def check(self, answer=None) -> None:
        """Print whether ``answer`` is right and why (and return nothing, so a
        notebook shows only the message).

        In the book's build and the tests (strict mode) a wrong answer raises
        :class:`ExerciseFailed`, so the book's own solutions stay right; an
        unanswered exercise (``None``) only prints its reminder.
        """
        verdict = self.judge(answer)
        if verdict.ok:
            _say(f"Correct. {verdict.message}")
            return
        if answer is not None and is_strict():
            raise ExerciseFailed(f"exercise {self.number}: {verdict.message}")
        if answer is None:
            _say(f"Exercise {self.number}: {verdict.message}")
        else:
            _say(f"Not yet: {verdict.message}", f"For a hint, run q{self.number}.hint().")

    def hint(self) -> None:
        """Print the hint."""
        _say(f"Hint: {self._hint}")

    def solution(self) -> None:
        """Say where the solution is, and its idea in a sentence."""
        _say(
            f"Solution: {self._idea}",
            f"The code is the folded cell 'Solution to exercise {self.number}' in the "
            "Solutions section at the end of the notebook.",
        )


# --- input checks that judges share -------------------------------------------------


def need_model(answer, *, built: bool = True, compiled: bool = False, trained: bool = False):
    """Return ``answer`` if it is a Keras model in the state asked; raise NotAnAnswer otherwise."""
    import keras

    if not isinstance(answer, keras.Model):
        raise NotAnAnswer(f"Your answer is {_a(type(answer).__name__)}, not a Keras model.")
    if built and not answer.built:
        raise NotAnAnswer(
            "Your model is not built yet: give it a `keras.Input(shape=...)` first, "
            "or call it on data once."
        )
    if compiled and getattr(answer, "optimizer", None) is None:
        raise NotAnAnswer("Your model is not compiled yet: call `model.compile(...)` first.")
    if trained and getattr(answer, "optimizer", None) is None:
        raise NotAnAnswer("Your model is not trained yet: compile it, then call `model.fit(...)`.")
    if trained and int(answer.optimizer.iterations.numpy()) == 0:
        raise NotAnAnswer("Your model has not taken a training step: call `model.fit(...)` first.")
    return answer


def need_number(answer, *, low: float | None = None, high: float | None = None, what="number"):
    """Return ``answer`` as a float if it is one number within [low, high]; raise otherwise."""
    if hasattr(answer, "numpy") and callable(answer.numpy):
        answer = answer.numpy()
    if hasattr(answer, "ndim") and getattr(answer, "ndim", None) == 0:
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise NotAnAnswer(f"Your answer is {_a(type(answer).__name__)}, not {_a(what)}.")
    value = float(answer)
    if value != value:
        raise NotAnAnswer(f"Your {what} is NaN: the run that made it went wrong.")
    if (low is not None and value < low) or (high is not None and value > high):
        raise NotAnAnswer(f"Your {what} is {value:g}; {_a(what)} lies between {low} and {high}.")
    return value


def need_array(answer, *, shape: tuple | None = None, what="array"):
    """Return ``answer`` as a NumPy array, of ``shape`` if given (None matches any length)."""
    import numpy as np

    if isinstance(answer, str) or not hasattr(answer, "__len__") and not hasattr(answer, "shape"):
        raise NotAnAnswer(f"Your answer is {_a(type(answer).__name__)}, not {_a(what)}.")
    try:
        array = np.asarray(answer, dtype="float64")
    except (TypeError, ValueError) as problem:
        raise NotAnAnswer(
            f"Your answer cannot be read as {_a(what)} of numbers ({problem})."
        ) from None
    if shape is not None:
        ok = len(shape) == array.ndim and all(
            want is None or want == have for want, have in zip(shape, array.shape, strict=True)
        )
        if not ok:
            wanted = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise NotAnAnswer(f"Your {what} has shape {array.shape}; the exercise needs {wanted}.")
    return array


def dense_layers(model) -> list:
    """The model's ``Dense`` layers in order (hidden layers and the output layer)."""
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def activation_name(layer) -> str:
    """The name of a layer's activation ("relu", "linear", ...)."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))
