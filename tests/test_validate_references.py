"""Layer 4: references resolve to live records of the right kind."""

from __future__ import annotations

from pathlib import Path

from helpers import Edit, assert_finding, line_of


def test_dangling_reference_suggests_the_closest_id(records: Path, edit: Edit) -> None:
    path = edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: act-ahmad-masud")
    finding = assert_finding(records, "ref/dangling", path, line_of(path, "actor_id: act-ahmad-masud"))
    assert finding.hint is not None
    assert finding.hint.startswith("did you mean 'act-ahmad-massoud'?")
    assert "actors.yaml" in finding.hint and "templates/actor.yaml" in finding.hint


def test_a_new_actors_dangling_id_points_at_the_registry_not_at_a_lookalike(
    records: Path, edit: Edit
) -> None:
    path = edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: act-iran")
    finding = assert_finding(records, "ref/dangling", path, line_of(path, "actor_id: act-iran"))
    assert finding.hint == "correct the id, or add the actor to actors.yaml (see templates/actor.yaml)"


def test_a_dangling_claim_id_is_never_matched_to_another_sources_claim(records: Path, edit: Edit) -> None:
    path = edit("claim_relations.yaml", "other_claim_id: clm-example-001", "other_claim_id: clm-exampel-001")
    finding = assert_finding(records, "ref/dangling", path, line_of(path, "other_claim_id: clm-exampel-001"))
    assert "did you mean" not in str(finding.hint)


def test_reference_to_a_retired_id_names_its_replacement(records: Path, edit: Edit) -> None:
    path = edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: act-ahmad-masoud")
    finding = assert_finding(records, "ref/retired", path, line_of(path, "actor_id: act-ahmad-masoud"))
    assert finding.hint == "use 'act-ahmad-massoud'"


def test_affiliation_to_a_person_is_the_wrong_kind(records: Path, edit: Edit) -> None:
    path = edit(
        "affiliations.yaml", "organization_id: act-example-front", "organization_id: act-ahmad-massoud"
    )
    assert_finding(records, "ref/wrong-kind", path, line_of(path, "organization_id: act-ahmad-massoud"))


def test_actor_nothing_refers_to_is_an_orphan(records: Path) -> None:
    path = records / "actors.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: act-lonely\n    name: Lonely\n    kind: person\n    description: Nobody cites.\n",
        encoding="utf-8",
    )
    assert_finding(records, "ref/orphan", path, line_of(path, "- id: act-lonely"))


def test_claim_related_to_itself(records: Path, edit: Edit) -> None:
    path = edit("claim_relations.yaml", "other_claim_id: clm-example-001", "other_claim_id: clm-example-002")
    assert_finding(records, "ref/self-relation", path, line_of(path, "other_claim_id"))


def test_listed_source_must_record_the_participants_spelling(records: Path, edit: Edit) -> None:
    path = edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: act-example-front")
    finding = assert_finding(records, "ref/source-not-evidence", path, line_of(path, "- src-example-report"))
    assert "act-example-front" in finding.message
