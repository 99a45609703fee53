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

from helpers.i18n import N_, tr
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
    """``noun`` with its article: 'an int', 'a str' (in English; other languages have none)."""
    from helpers.i18n import SOURCE_LANGUAGE, language

    if language() != SOURCE_LANGUAGE:
        return noun
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _wrap(paragraph: str) -> str:
    """One paragraph wrapped to 76 columns; Chinese (no spaces) by characters, two columns each."""
    if any("\u4e00" <= char <= "\u9fff" for char in paragraph):
        lines, line, width = [], "", 0
        for char in paragraph:
            char_width = 2 if ord(char) > 0x2E7F else 1
            if width + char_width > 76 and line:
                lines.append(line)
                line, width = "", 0
            line += char
            width += char_width
        return "\n".join([*lines, line])
    return textwrap.fill(paragraph, 76)


def _say(*paragraphs: str) -> None:
    """Print paragraphs wrapped to the 76 columns a page's code box shows."""
    print("\n".join(_wrap(part) for part in paragraphs))


class Exercise:
    """One exercise of a chapter: ``check``, ``hint`` and ``solution``.

    ``judge(answer)`` returns a :class:`Verdict` (via :func:`correct` or
    :func:`wrong`) or raises :class:`NotAnAnswer`; ``asks`` names what the
    answer must be ("a compiled keras model", "a number between 0 and 1").
    ``asks``, ``hint`` and ``idea`` are English templates marked with
    :func:`helpers.i18n.N_`, translated when they are shown.
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
                tr(
                    "no answer yet: set `{name}` to {asks} in the cell above, run it, "
                    "then run this check again.",
                    name=self.answer_name,
                    asks=tr(self.asks),
                ),
            )
        try:
            verdict = self._judge(answer)
        except NotAnAnswer as problem:
            return Verdict(
                False,
                tr("{problem} The exercise asks for {asks}.", problem=problem, asks=tr(self.asks)),
            )
        except Exception as problem:  # noqa: BLE001 - a student's object can fail anywhere
            return Verdict(
                False,
                tr(
                    "your answer could not be checked ({error}: {problem}). "
                    "The exercise asks for {asks}.",
                    error=type(problem).__name__,
                    problem=problem,
                    asks=tr(self.asks),
                ),
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
            _say(tr("Correct. {why}", why=verdict.message))
            return
        if answer is not None and is_strict():
            raise ExerciseFailed(f"exercise {self.number}: {verdict.message}")
        if answer is None:
            _say(tr("Exercise {number}: {message}", number=self.number, message=verdict.message))
        else:
            _say(
                tr("Not yet: {what}", what=verdict.message),
                tr("For a hint, run q{number}.hint().", number=self.number),
            )

    def hint(self) -> None:
        """Print the hint."""
        _say(tr("Hint: {hint}", hint=tr(self._hint)))

    def solution(self) -> None:
        """Say where the solution is, and its idea in a sentence."""
        _say(
            tr("Solution: {idea}", idea=tr(self._idea)),
            tr(
                "The code is the folded cell 'Solution to exercise {number}' in the "
                "Solutions section at the end of the notebook.",
                number=self.number,
            ),
        )


# --- input checks that judges share -------------------------------------------------

#: what need_number and need_array call an answer unless told otherwise
NUMBER = N_("number")
ARRAY = N_("array")


def need_model(answer, *, built: bool = True, compiled: bool = False, trained: bool = False):
    """Return ``answer`` if it is a Keras model in the state asked; raise NotAnAnswer otherwise."""
    import keras

    if not isinstance(answer, keras.Model):
        raise NotAnAnswer(
            tr("Your answer is {kind}, not a Keras model.", kind=_a(type(answer).__name__))
        )
    if built and not answer.built:
        raise NotAnAnswer(
            tr(
                "Your model is not built yet: give it a `keras.Input(shape=...)` first, "
                "or call it on data once."
            )
        )
    if compiled and getattr(answer, "optimizer", None) is None:
        raise NotAnAnswer(tr("Your model is not compiled yet: call `model.compile(...)` first."))
    if trained and getattr(answer, "optimizer", None) is None:
        raise NotAnAnswer(
            tr("Your model is not trained yet: compile it, then call `model.fit(...)`.")
        )
    if trained and int(answer.optimizer.iterations.numpy()) == 0:
        raise NotAnAnswer(
            tr("Your model has not taken a training step: call `model.fit(...)` first.")
        )
    return answer


def need_number(answer, *, low: float | None = None, high: float | None = None, what=NUMBER):
    """Return ``answer`` as a float if it is one number within [low, high]; raise otherwise.

    ``what`` names the number ("accuracy"): an English word marked with
    :func:`helpers.i18n.N_` where it is not "number", translated when shown.
    """
    what = tr(what)
    if hasattr(answer, "numpy") and callable(answer.numpy):
        answer = answer.numpy()
    if hasattr(answer, "ndim") and getattr(answer, "ndim", None) == 0:
        answer = answer.item()
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise NotAnAnswer(
            tr(
                "Your answer is {kind}, not {what}.",
                kind=_a(type(answer).__name__),
                what=_a(what),
            )
        )
    value = float(answer)
    if value != value:
        raise NotAnAnswer(tr("Your {what} is NaN: the run that made it went wrong.", what=what))
    if (low is not None and value < low) or (high is not None and value > high):
        fields = {"what": what, "value": f"{value:g}", "a_what": _a(what), "low": low, "high": high}
        if high is None:
            raise NotAnAnswer(tr("Your {what} is {value}; {a_what} is at least {low}.", **fields))
        if low is None:
            raise NotAnAnswer(tr("Your {what} is {value}; {a_what} is at most {high}.", **fields))
        raise NotAnAnswer(
            tr("Your {what} is {value}; {a_what} lies between {low} and {high}.", **fields)
        )
    return value


def need_array(answer, *, shape: tuple | None = None, what=ARRAY):
    """Return ``answer`` as a NumPy array, of ``shape`` if given (None matches any length).

    ``what`` names the array: an English word marked with :func:`helpers.i18n.N_`
    where it is not "array", translated when shown.
    """
    import numpy as np

    what = tr(what)
    if isinstance(answer, str) or not hasattr(answer, "__len__") and not hasattr(answer, "shape"):
        raise NotAnAnswer(
            tr(
                "Your answer is {kind}, not {what}.",
                kind=_a(type(answer).__name__),
                what=_a(what),
            )
        )
    try:
        array = np.asarray(answer, dtype="float64")
    except (TypeError, ValueError) as problem:
        raise NotAnAnswer(
            tr(
                "Your answer cannot be read as {what} of numbers ({problem}).",
                what=_a(what),
                problem=problem,
            )
        ) from None
    if shape is not None:
        ok = len(shape) == array.ndim and all(
            want is None or want == have for want, have in zip(shape, array.shape, strict=True)
        )
        if not ok:
            any_length = tr("any")
            wanted = "(" + ", ".join(any_length if s is None else str(s) for s in shape) + ")"
            raise NotAnAnswer(
                tr(
                    "Your {what} has shape {shape}; the exercise needs {wanted}.",
                    what=what,
                    shape=array.shape,
                    wanted=wanted,
                )
            )
    return array


def dense_layers(model) -> list:
    """The model's ``Dense`` layers in order (hidden layers and the output layer)."""
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def activation_name(layer) -> str:
    """The name of a layer's activation ("relu", "linear", ...)."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))
