import numpy as np
import pytest

from helpers import modes


def test_full_mode_is_the_default(full):
    assert modes.is_quick() is False
    assert modes.pick(full=20, quick=2) == 20
    assert "Full mode" in modes.banner()


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_quick_mode_switches_on(monkeypatch, value):
    monkeypatch.setenv("NNBOOK_QUICK", value)
    assert modes.is_quick() is True
    assert modes.pick(full=20, quick=2) == 2
    assert "QUICK MODE" in modes.banner()


@pytest.mark.parametrize("value", ["0", "false", "", "off"])
def test_quick_mode_switches_off(monkeypatch, value):
    monkeypatch.setenv("NNBOOK_QUICK", value)
    assert modes.is_quick() is False


def test_unknown_value_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("NNBOOK_QUICK", "maybe")
    with pytest.raises(ValueError, match="NNBOOK_QUICK='maybe' is not understood"):
        modes.is_quick()


def test_subsample_cuts_only_in_quick_mode(monkeypatch):
    x, y = np.arange(100).reshape(50, 2), np.arange(50)
    monkeypatch.setenv("NNBOOK_QUICK", "0")
    fx, fy = modes.subsample(x, y, n=10)
    assert fx.shape == (50, 2) and fy.shape == (50,)
    monkeypatch.setenv("NNBOOK_QUICK", "1")
    qx, qy = modes.subsample(x, y, n=10)
    assert qx.shape == (10, 2) and qy.tolist() == list(range(10))
    assert modes.subsample(y, n=5).tolist() == [0, 1, 2, 3, 4]


def test_subsample_rejects_mismatched_rows():
    with pytest.raises(ValueError, match="same number of rows"):
        modes.subsample(np.zeros(5), np.zeros(6), n=2)
    with pytest.raises(ValueError, match="n > 0"):
        modes.subsample(np.zeros(5), n=0)


def test_show_banner_prints_a_visible_frame_in_quick_mode(quick, capsys):
    modes.show_banner()
    out = capsys.readouterr().out
    assert out.startswith("=====") and "QUICK MODE" in out


@pytest.mark.parametrize("value", ["0", "1"])
def test_banner_lines_fit_a_page(monkeypatch, value):
    monkeypatch.setenv("NNBOOK_QUICK", value)
    assert all(len(line) <= 72 for line in modes.banner().splitlines())


@pytest.fixture(autouse=True)
def no_notebook_choice(monkeypatch):
    """Each test starts with no set_mode() choice (the environment decides)."""
    monkeypatch.setattr(modes, "_chosen", None)


@pytest.mark.parametrize("env", ["0", "1"])
def test_set_mode_wins_over_the_environment(monkeypatch, env):
    monkeypatch.setenv("NNBOOK_QUICK", env)
    modes.set_mode("quick")
    assert modes.is_quick() is True and modes.pick(full=20, quick=2) == 2
    assert "MODE = 'quick'" in modes.banner()
    modes.set_mode("full")
    assert modes.is_quick() is False and "Full mode" in modes.banner()


def test_set_mode_auto_leaves_it_to_the_environment(monkeypatch):
    modes.set_mode("quick")
    modes.set_mode("auto")
    monkeypatch.setenv("NNBOOK_QUICK", "1")
    assert modes.is_quick() is True and "NNBOOK_QUICK=1" in modes.banner()
    monkeypatch.setenv("NNBOOK_QUICK", "0")
    assert modes.is_quick() is False


def test_set_mode_rejects_an_unknown_mode(full):
    with pytest.raises(ValueError, match="MODE = 'fast' is not a mode: use 'full'"):
        modes.set_mode("fast")
    assert modes.is_quick() is False
