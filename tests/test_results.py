"""Tests of tools/results.py: the recorded results, the tolerances, the comparison."""

import fnmatch
import json
from pathlib import Path

import nbformat
import pytest

from tools import results
from tools.build_cache import inputs_fingerprint
from tools.results import Rule

PREFIX = "application/papermill.record/"

RULES = [
    Rule("*_seconds", "wall clock", timing=True),
    Rule("*_acc", "seed spread", abs=0.01),
    Rule("*_ratio", "trained", rel=0.05),
    Rule("*", "counts exact, arithmetic to the last digits", rel=1e-6),
]


def rec(values: dict, notebook: str = "04_nb") -> dict:
    return {key: {"notebook": notebook, "value": value} for key, value in values.items()}


# --------------------------------------------------------------------- the table


def test_the_book_tolerance_table_reads_and_gives_every_rule_a_reason(root):
    rules = results.load_rules(root / "results" / "tolerances.yml")
    assert rules and all(rule.why for rule in rules)
    assert rules[-1].pattern == "*"  # every key has a rule
    pick = {key: results.rule_for(key, rules) for key in ("relu_test_acc", "x_seconds", "y_ms")}
    assert pick["relu_test_acc"].abs == 0.01
    assert pick["x_seconds"].timing and pick["y_ms"].timing
    assert results.rule_for("iris_params", rules).allows(35, 35)
    assert not results.rule_for("iris_params", rules).allows(35, 36)


def test_a_rule_without_a_reason_is_refused(tmp_path):
    table = tmp_path / "t.yml"
    table.write_text('- pattern: "*_acc"\n  abs: 0.01\n')
    with pytest.raises(results.ResultsError, match="needs a pattern and a why"):
        results.load_rules(table)


def test_every_rule_of_the_book_is_for_keys_it_has(root):
    """A rule whose pattern matches no recorded key is left from a renamed or removed key
    (its key now falls to another rule); a pattern written twice, the second is never used."""
    rules = results.load_rules(root / "results" / "tolerances.yml")
    keys = results.read_record(root / "results" / "glued.json")
    unused = [r.pattern for r in rules if not fnmatch.filter(keys, r.pattern)]
    assert not unused, (
        f"results/tolerances.yml: these patterns match no key of results/glued.json: {unused}; "
        "remove them, or rename them after the key they were written for"
    )
    patterns = [r.pattern for r in rules]
    twice = sorted({p for p in patterns if patterns.count(p) > 1})
    assert not twice, f"results/tolerances.yml: patterns given twice (the first wins): {twice}"


def test_first_matching_rule_wins():
    assert results.rule_for("relu_test_acc", RULES).abs == 0.01
    assert results.rule_for("param_ratio", RULES).rel == 0.05
    assert results.rule_for("anything", RULES).pattern == "*"
    assert results.rule_for("anything", []).pattern == "(no rule)"  # exact


@pytest.mark.parametrize(
    "rule, recorded, new, ok",
    [
        (RULES[1], 0.9794, 0.9802, True),  # the cross-machine drift seen
        (RULES[1], 0.9794, 0.9594, False),  # a 2-point move
        (RULES[2], 2.0, 2.09, True),
        (RULES[2], 2.0, 2.2, False),
        (RULES[3], 669706, 669706, True),
        (RULES[3], 669706, 669707, False),  # counts are exact, whatever rel says
        (RULES[3], 0.7310585786, 0.7310585791, True),  # last float digits
        (RULES[3], 0.7310585786, 0.7311, False),
        (RULES[3], "relu", "relu", True),
        (RULES[3], "relu", "tanh", False),
    ],
)
def test_rule_allows(rule, recorded, new, ok):
    assert rule.allows(recorded, new) is ok


# --------------------------------------------------------------------- comparing


def test_compare_sorts_every_key_into_its_place():
    recorded = rec(
        {"a_acc": 0.90, "b_acc": 0.90, "n_params": 100, "gone_acc": 0.5, "t_seconds": 10.0}
    )
    built = rec({"a_acc": 0.905, "b_acc": 0.93, "n_params": 100, "new_acc": 0.7})
    built.update(rec({"t_seconds": 99.0, "u_seconds": 3.0}))
    result = results.compare(recorded, built, RULES)
    assert not result.ok
    assert [line.split(":")[0] for line in result.moved] == ["04_nb  b_acc"]
    assert "0.9 -> 0.93" in result.moved[0] and "abs 0.01" in result.moved[0]
    assert result.within == ["04_nb  a_acc: 0.9 -> 0.905 (moved +0.005)"]
    assert result.new == ["04_nb  new_acc = 0.7"]
    assert result.vanished == ["04_nb  gone_acc (was 0.5)"]
    # timings are listed (changed, new or not), never compared
    assert result.timings == ["04_nb  t_seconds: 10 -> 99", "04_nb  u_seconds: none -> 3"]
    assert result.compared == 3


def test_timings_alone_never_fail():
    result = results.compare(rec({"t_seconds": 1.0}), rec({"t_seconds": 50.0}), RULES)
    assert result.ok and result.timings and result.compared == 0


def test_report_says_what_moved_and_how_to_record_it():
    result = results.compare(rec({"relu_acc": 0.98}), rec({"relu_acc": 0.96}), RULES)
    text = results.report(result, Path("results/glued.json"))
    assert "MOVED PAST TOLERANCE (1)" in text
    assert "relu_acc: 0.98 -> 0.96 (moved -0.02)" in text
    assert "FAILED" in text and "make results" in text
    ok = results.report(results.compare(rec({"x_acc": 0.9}), rec({"x_acc": 0.9}), RULES))
    assert "OK" in ok and "FAILED" not in ok


# --------------------------------------------- reading a (fabricated) build's cache


def _glue_output(key, text):
    return nbformat.v4.new_output(
        "display_data",
        data={f"{PREFIX}text/plain": text},
        metadata={"scrapbook": {"name": key, "mime_prefix": PREFIX}},
    )


def _book(tmp_path: Path, quick: bool = False, glued: dict | None = None) -> dict:
    """A one-notebook book in tmp_path whose execution cache holds fabricated glue."""
    glued = {"demo_test_acc": "0.9794", "demo_params": "15", "demo_seconds": "3.2"} | (glued or {})
    (tmp_path / "helpers").mkdir(exist_ok=True)
    (tmp_path / "helpers" / "training.py").write_text("EPOCHS = 5\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: chapters/01_demo\n")
    (tmp_path / "chapters").mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("glue('demo', 1)")])
    nbformat.write(nb, tmp_path / "chapters" / "01_demo.ipynb")
    executed = nbformat.read(tmp_path / "chapters" / "01_demo.ipynb", as_version=4)
    executed.cells[0].outputs = [_glue_output(k, v) for k, v in glued.items()]

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache_dir = tmp_path / "_build" / ".jupyter_cache"
    inputs = inputs_fingerprint(tmp_path, quick=quick)
    get_cache(str(cache_dir)).cache_notebook_bundle(
        CacheBundleIn(
            executed, str(tmp_path / "chapters" / "01_demo.ipynb"), data={"inputs": inputs}
        ),
        check_validity=False,
        overwrite=True,
    )
    return {
        "argv": [
            "--cache",
            str(cache_dir),
            "--toc",
            str(tmp_path / "_toc.yml"),
            "--record",
            str(tmp_path / "results" / "glued.json"),
            "--tolerances",
            str(Path(results.TOLERANCES)),
        ],  # fmt: skip
        "record": tmp_path / "results" / "glued.json",
    }


def test_check_without_a_record_says_how_to_make_one(tmp_path, capsys):
    book = _book(tmp_path)
    assert results.main(["check", *book["argv"]]) == 1
    err = capsys.readouterr().err
    assert "no recorded results" in err and "make results" in err and "commit" in err


def test_update_records_then_a_deliberate_change_shows_up_and_fails(tmp_path, capsys):
    book = _book(tmp_path)
    assert results.main(["update", *book["argv"]]) == 0
    recorded = json.loads(book["record"].read_text())["values"]
    assert recorded == {
        "demo_params": {"notebook": "01_demo", "value": 15},
        "demo_seconds": {"notebook": "01_demo", "value": 3.2},
        "demo_test_acc": {"notebook": "01_demo", "value": 0.9794},
    }
    assert results.main(["check", *book["argv"]]) == 0
    assert "OK" in capsys.readouterr().out

    # drift of the size seen between machines passes, and is listed
    _book(tmp_path, glued={"demo_test_acc": "0.9802", "demo_seconds": "9.9"})
    assert results.main(["check", *book["argv"]]) == 0
    out = capsys.readouterr().out
    assert "changed within tolerance (1)" in out and "demo_test_acc: 0.9794 -> 0.9802" in out
    assert "demo_seconds: 3.2 -> 9.9" in out

    # a 2-point move, a new key: the check fails and names both
    _book(tmp_path, glued={"demo_test_acc": "0.9594", "demo_new": "7"})
    assert results.main(["check", *book["argv"]]) == 1
    out = capsys.readouterr().out
    assert "MOVED PAST TOLERANCE (1)" in out and "demo_test_acc: 0.9794 -> 0.9594" in out
    assert "NEW KEYS, glued by their notebook but not recorded in " in out
    assert "01_demo  demo_new = 7" in out and "make results" in out

    # recorded on purpose, by one command: the check passes again
    assert results.main(["update", *book["argv"]]) == 0
    assert results.main(["check", *book["argv"]]) == 0


def test_a_quick_mode_or_stale_cache_is_not_compared(tmp_path, capsys):
    book = _book(tmp_path, quick=True)
    assert results.main(["update", *book["argv"]]) == 1
    assert "quick mode" in capsys.readouterr().err and not book["record"].exists()

    _book(tmp_path)  # full mode; then a helper changes after the build
    (tmp_path / "helpers" / "training.py").write_text("EPOCHS = 6\n")
    assert results.main(["update", *book["argv"]]) == 1
    assert "helpers changed" in capsys.readouterr().err
