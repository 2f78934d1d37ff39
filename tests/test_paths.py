"""Which files a dataset may be read from: regular files inside its folder, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

from afghan_dialogues.paths import outside_problem


def test_a_regular_file_inside_the_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\n")
    assert outside_problem(tmp_path, tmp_path / "a.yaml") is None


def test_a_symlink_is_refused_even_to_a_file_inside(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\n")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert "symbolic link" in str(outside_problem(tmp_path, tmp_path / "b.yaml"))


def test_a_file_reached_through_a_symlinked_folder_lies_outside(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("token")
    root = tmp_path / "records"
    root.mkdir()
    (root / "texts").symlink_to(elsewhere)
    assert "outside" in str(outside_problem(root, root / "texts" / "secret.txt"))


def test_a_fifo_or_folder_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "dir.yaml").mkdir()
    assert "regular" in str(outside_problem(tmp_path, tmp_path / "pipe.yaml"))
    assert "regular" in str(outside_problem(tmp_path, tmp_path / "dir.yaml"))


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    assert outside_problem(tmp_path, tmp_path / "missing.yaml") is not None
