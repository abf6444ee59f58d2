"""Tests of provenance.files: atomic writes, and outputs that would overwrite inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.errors import ConfigError
from provenance.files import check_not_input, write_text_atomic


def test_writes_the_whole_text_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_text_atomic(target, "é" * 1000)
    write_text_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_text_that_cannot_be_encoded_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("earlier", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(target, "a lone surrogate \ud800")
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_failed_rename_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("earlier", encoding="utf-8")

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_process_killed_while_writing_leaves_the_earlier_file(tmp_path: Path) -> None:
    """A real process, killed with SIGKILL in the middle of the write (once the new
    text is in the temporary file, before the rename): the target is untouched."""
    target = tmp_path / "report.json"
    target.write_text("earlier report\n", encoding="utf-8")
    script = (
        "import os, signal, sys\n"
        "from provenance.files import write_text_atomic\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "write_text_atomic(sys.argv[1], 'x' * 10_000_000)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert done.returncode == -9
    assert target.read_text(encoding="utf-8") == "earlier report\n"


def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("x", encoding="utf-8")
    kept.chmod(0o640)
    write_text_atomic(kept, "y")
    assert kept.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.json", "z")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


def test_an_input_by_another_name_or_a_link_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "corpus" / "a.txt"
    article.parent.mkdir()
    article.write_text("text", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(article)
    for name in (article, tmp_path / "corpus" / ".." / "corpus" / "a.txt", tmp_path / "link.txt"):
        with pytest.raises(ConfigError, match="is an input"):
            check_not_input(name, [article])
    check_not_input(tmp_path / "report.json", [article])
