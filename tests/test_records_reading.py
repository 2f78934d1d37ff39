"""Reading a records folder faster gives what the straightforward reading gave.

Each test states the plain way of computing something (the oracle, written out here) and
checks that the faster way the loader takes gives the same result: the list of files, how a
path is shown, what counts as an empty file, files prepared on a second core, line numbers
of a file read by the fast YAML reader, and the odd-character check that skips plain text.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.recordfiles import layout, loader, readahead
from afghan_dialogues.recordfiles.snapshots import digest_snapshot, digest_snapshots
from afghan_dialogues.recordfiles.yamlfast import fast_plan
from afghan_dialogues.recordfiles.yamlio import ParseProblem, Prepared, layout_problems, parse_text, prepare
from afghan_dialogues.synth import synthesize
from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY
from helpers import Edit, findings, line_of


def rglob_files(root: Path) -> list[Path]:
    """The file list as the loader used to build it."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".gitkeep")


def test_walk_lists_the_files_rglob_finds(tmp_path: Path) -> None:
    root = tmp_path / "records"
    for rel in ["a-b", "a/b", "a/c/d.yaml", ".hidden", "sources/.gitkeep", "sources/x.yaml", "z", "é"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x: 1\n", encoding="utf-8")
    (root / "empty-dir").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "f.yaml").write_text("x: 1\n", encoding="utf-8")
    os.symlink(outside, root / "linked-dir")
    os.symlink(root / "z", root / "linked-file")
    os.symlink(root / "missing", root / "broken-link")
    assert layout.iter_files(root) == rglob_files(root)
    assert [path for path, _ in layout.walk(root)] == rglob_files(root)
    assert all(path == root.joinpath(*parts) for path, parts in layout.walk(root))


@pytest.mark.parametrize("where", ["inside", "cwd", "outside", "dotdot"])
def test_shown_paths_are_display_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    (tmp_path / "work" / "records" / "sources").mkdir(parents=True)
    (tmp_path / "work" / "records" / "sources" / "s.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "work" / "records" / "..odd").write_text("x: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / ("work/records" if where == "cwd" else "work"))
    root = {
        "inside": Path("records"),
        "cwd": Path("."),
        "outside": tmp_path / "work" / "records",
        "dotdot": Path("../work/records"),
    }[where]
    shown_root = loader._shown_root(root)
    for path, parts in layout.walk(root):
        assert loader._shown(shown_root, parts, path) == loader.display_path(path)


def holds_no_data(text: str) -> bool:
    """The emptiness test as the loader used to write it."""
    lines = text.splitlines()
    return not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in lines)


@settings(max_examples=400, deadline=None)
@given(
    st.text(st.sampled_from(list(" #a:\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000")), max_size=12)
)
def test_empty_files_are_found_as_before(text: str) -> None:
    assert any(p.kind == "empty" for p in layout_problems(text)) == holds_no_data(text)


@pytest.mark.parametrize("text", ["\n\ufeff", " \n\n\ufeff\n"])
def test_text_without_a_document_is_an_empty_file(text: str) -> None:
    assert parse_text(Path("x.yaml"), text) == (None, [ParseProblem("empty", 1, "file holds no YAML data")])


def write_files(root: Path, count: int) -> list[Path]:
    root.mkdir()
    texts = ["k: v\n", "k: '1402-09-12'\n", "k: 1_000\n", "\tk: v\n", "# only\n", "k: [a]\n", "k: 1\nk: 2\n"]
    paths = []
    for index in range(count):
        path = root / f"f{index:03}.yaml"
        path.write_text(texts[index % len(texts)], encoding="utf-8")
        paths.append(path)
    (root / "f003.yaml").write_bytes(b"k: \xff\n")
    return [*paths, root / "missing.yaml"]


def same_results(a: list[Prepared | OSError], b: list[Prepared | OSError]) -> bool:
    return [str(x) if isinstance(x, OSError) else x for x in a] == [
        str(x) if isinstance(x, OSError) else x for x in b
    ]


def test_files_prepared_on_a_second_core_are_prepared_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_files(tmp_path / "records", 300)
    here = [prepare(path) for path in paths]
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 1)
    monkeypatch.setattr(readahead, "MAX_CHUNK", 16)
    with readahead.Readahead() as ahead:
        assert same_results(list(ahead.prepared(paths)), here)
        assert ahead.later(os.getpid)() != os.getpid()  # so there was a worker
    assert sum(isinstance(x, Prepared) and x.plan is not None for x in here) > 100


def test_snapshots_digested_ahead_are_digested_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("He said \u201cyes\u201d \u2014  twice\u2026\n", encoding="utf-8")
    (texts / "b.txt").write_bytes(b"not \xff UTF-8")
    paths = {"a": texts / "a.txt", "b": texts / "b.txt", "c": texts / "missing.txt"}
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 1)
    with readahead.Readahead() as ahead:
        list(ahead.prepared(write_files(tmp_path / "records", 2)))  # starts the worker
        assert ahead.later(os.getpid)() != os.getpid()
        digests = ahead.later(digest_snapshots, paths)()
    assert digests == {key: digest_snapshot(path) for key, path in paths.items()}
    assert digest_snapshot(paths["a"]) == (
        hashlib.sha256(paths["a"].read_bytes()).hexdigest(),
        'He said "yes" - twice...',
    )


def test_a_worker_process_changes_no_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "records"
    synthesize(records, 300, seed=3, error_rate=0.2)
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 10**9)
    alone = validate_records(records, today=TODAY).findings
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 1)
    monkeypatch.setattr(readahead, "MAX_CHUNK", 8)
    helped = validate_records(records, today=TODAY).findings
    assert len(alone) > 50
    assert sorted(map(repr, helped)) == sorted(map(repr, alone))


def test_tasks_run_later_on_the_worker_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_files(tmp_path / "records", 20)
    with readahead.Readahead() as ahead:  # too few files for a worker: runs here, when asked
        assert ahead.later(os.getpid)() == os.getpid()
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 1)
    with readahead.Readahead() as ahead:
        list(ahead.prepared(paths))
        assert ahead.later(os.getpid)() != os.getpid()
        assert ahead.later(divmod, 7, 2)() == (3, 1)


@pytest.mark.parametrize("worker", [False, True])
def test_each_file_is_visited_with_its_records_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> None:
    records = tmp_path / "records"
    synthesize(records, 120, seed=5)
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 1 if worker else 10**9)
    monkeypatch.setattr(readahead, "MAX_CHUNK", 4)
    visits: list[list[loader.Entry]] = []
    loaded = loader.load_folder(records, visit=lambda entries: visits.append(list(entries)))
    assert [e for batch in visits for e in batch] == loaded.entries
    assert all(len({e.file for e in batch}) == 1 for batch in visits)
    assert len(visits) == len({e.file for e in loaded.entries}) > 10


def test_files_are_prepared_here_when_no_process_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes in this sandbox")

    paths = write_files(tmp_path / "records", 30)
    monkeypatch.setattr(readahead, "MIN_PARALLEL_FILES", 1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    with readahead.Readahead() as ahead:
        assert same_results(list(ahead.prepared(paths)), [prepare(path) for path in paths])
        assert ahead.later(os.getpid)() == os.getpid()  # work handed to a worker is done here


def plain_source(records: Path) -> Path:
    """The fixture's source file without its one escaped quote, so the fast reader reads it."""
    path = records / "sources" / "src-example-report.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'quote: "Ahmad Masoud told the gathering that the front \\"will keep the door open to talks\\""',
        "quote: 'Ahmad Masoud told the gathering that the front \"will keep the door open to talks\"'",
    )
    path.write_text(text, encoding="utf-8")
    assert fast_plan(text) is not None
    return path


def test_lines_of_a_fast_read_source_file(records: Path, edit: Edit) -> None:
    path = plain_source(records)
    edit(
        "sources/src-example-report.yaml",
        "    quote_kind: indirect",
        "    quote_kind: indirect\n    mood: calm",
    )
    edit(
        "sources/src-example-report.yaml",
        "      precision: day\n      certainty: stated",
        "      precision: day",
    )
    assert fast_plan(path.read_text(encoding="utf-8")) is not None
    found = {(f.code, f.field): f.line for f in findings(records)}
    assert found[("model/unknown-field", "mood")] == line_of(path, "mood: calm")
    assert found[("model/missing-field", "stated.certainty")] == line_of(path, "stated:")


def test_odd_characters_of_a_file_name_are_found_in_plain_text_files(records: Path) -> None:
    path = plain_source(records)
    text = path.read_text(encoding="utf-8").replace("  id: src-example-report\n", "", 1)
    path.unlink()
    odd = path.with_name("src-example\u200b-report.yaml")
    odd.write_text(text, encoding="utf-8")
    invisible = [f for f in findings(records) if f.code == "parse/invisible-character"]
    assert [(f.record_id, f.field, f.line) for f in invisible] == [
        ("clm-example-001", "source_id", line_of(odd, "- id: clm-example-001")),
        ("clm-example-002", "source_id", line_of(odd, "- id: clm-example-002")),
    ]
