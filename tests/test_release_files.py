"""The files around a release: CITATION.cff, the release workflow and the README's consumer guide."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from afghan_dialogues.dataset import Dataset

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "README.md"


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def dataset_version() -> str:
    match = re.search(
        r"(?m)^version: *(\S+) *$", (REPO / "records" / "dataset.yaml").read_text(encoding="utf-8")
    )
    assert match is not None
    return match.group(1)


def test_citation_carries_the_dataset_version_from_the_records() -> None:
    citation = read_yaml(REPO / "CITATION.cff")
    assert str(citation["version"]) == dataset_version(), "update `version` in CITATION.cff"


def test_citation_credits_the_maintainers_under_the_data_licence_without_invented_identifiers() -> None:
    citation = read_yaml(REPO / "CITATION.cff")
    assert citation["cff-version"] == "1.2.0"
    assert citation["license"] == "CC-BY-4.0"
    assert citation["authors"] == [{"name": "afghan-dialogues maintainers"}]
    assert not {"doi", "identifiers"} & set(citation), "no DOI until one is minted"


def test_citation_and_zenodo_metadata_agree_with_dataset_yaml() -> None:
    dataset = read_yaml(REPO / "records" / "dataset.yaml")
    citation = read_yaml(REPO / "CITATION.cff")
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert citation["repository-code"] == citation["url"] == dataset["homepage"]
    assert citation["keywords"] == zenodo["keywords"] == dataset["keywords"], (
        "keywords are set in dataset.yaml"
    )
    assert zenodo["title"] == citation["title"] == dataset["title"]
    assert zenodo["creators"] == [{"name": c["title"]} for c in dataset["contributors"]]
    assert zenodo["license"] == dataset["licenses"][0]["name"].lower()
    assert "version" not in zenodo, "Zenodo takes the version from the release tag"
    if dataset["released"]:
        assert str(citation["date-released"]) == str(dataset["released"]), "set date-released in CITATION.cff"
    else:
        assert "date-released" not in citation, "date-released only once released"


def test_project_urls_point_at_the_repository() -> None:
    import tomllib

    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    repository = read_yaml(REPO / "records" / "dataset.yaml")["homepage"]
    assert urls["Repository"] == urls["Homepage"] == repository
    assert urls["Changelog"] == f"{repository}/blob/main/CHANGELOG.md"
    assert urls["Issues"] == f"{repository}/issues"


def test_release_workflow_validates_exports_and_attaches_on_version_tags() -> None:
    text = (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    workflow = read_yaml(REPO / ".github" / "workflows" / "release.yml")
    assert workflow["on"]["push"]["tags"] == ["v*"]
    steps = workflow["jobs"]["release"]["steps"]
    assert any(s.get("with", {}).get("python-version") == "3.11" for s in steps)
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "pip install -e '.[test]'" in runs
    assert "afghan-dialogues validate --release --strict" in runs
    assert "afghan-dialogues export --out build/release" in runs
    assert "afghan-dialogues validate --strict build/release" in runs
    assert "frictionless validate build/release/datapackage.json" in runs
    attach = next(s for s in steps if s.get("uses", "").startswith("softprops/action-gh-release"))
    assert attach["with"]["files"].split() == ["build/release/*.zip", "build/release/*.zip.sha256"]
    assert "softprops/action-gh-release@v2" in text
    deposit = next(s for s in steps if s.get("name") == "DOI-ready deposit")
    assert ".zenodo.json" in deposit["run"]


def test_consumer_guide_shows_how_to_verify_the_checksums() -> None:
    assert "sha256sum -c SHA256SUMS" in GUIDE.read_text(encoding="utf-8")


def test_every_dataset_method_the_guide_names_exists() -> None:
    named = set(re.findall(r"data\.([a-z_]+)", GUIDE.read_text(encoding="utf-8")))
    assert named, "the guide shows the load() API"
    assert sorted(n for n in named if not hasattr(Dataset, n) and n not in Dataset.__dataclass_fields__) == []
