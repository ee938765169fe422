"""Click's usage errors, as the console script prints them, follow `--lang vi` in full: the
"Error:"/"Usage:" lines and the "Did you mean" hint are made when the error is shown, after the
command has returned (issue 13 §7)."""

from __future__ import annotations

import subprocess
import sys


def test_a_mistyped_option_is_explained_in_vietnamese() -> None:
    done = subprocess.run([sys.executable, "-m", "hhtax", "--lang", "vi", "declare", "--perod", "2026-Q1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Lỗi:" in done.stderr and "Cách dùng:" in done.stderr
    assert "Có phải ý bạn là" in done.stderr
    for english in ("Error:", "Usage:", "Did you mean", "Try '"):
        assert english not in done.stderr, done.stderr


def test_english_stays_english() -> None:
    done = subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "declare", "--perod", "2026-Q1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Error:" in done.stderr and "Usage:" in done.stderr
