"""The synthetic name pools: variants of one name look alike to `validate`, different names never do."""

from __future__ import annotations

import pytest

from afghan_dialogues.datamodel.normalize import name_key, name_skeleton
from afghan_dialogues.synth import names as N
from afghan_dialogues.synth import vocabulary as V

SLOTS = {"GIVEN": V.GIVEN, "FAMILY": V.FAMILY, "NISBA": V.NISBA}


@pytest.mark.parametrize("slot", sorted(SLOTS))
def test_the_spellings_of_one_name_share_a_skeleton(slot: str) -> None:
    for group in SLOTS[slot]:
        assert len(group) >= 2, f"{group} has no transliteration variant"
        assert len({name_skeleton(spelling) for spelling in group}) == 1, group


@pytest.mark.parametrize("slot", sorted(SLOTS))
def test_different_names_of_one_slot_never_share_a_skeleton(slot: str) -> None:
    skeletons = [name_skeleton(group[0]) for group in SLOTS[slot]]
    assert len(skeletons) == len(set(skeletons))


def test_known_transliteration_pairs_are_in_the_pools() -> None:
    pairs = {frozenset(group) for group in V.FAMILY}
    assert frozenset({"Massoud", "Masoud"}) in pairs
    assert frozenset({"Mohaqiq", "Mohaqeq"}) in pairs


def test_person_names_are_distinct_and_their_ids_are_slugs_of_the_canonical_spelling() -> None:
    people = [N.person_name(i) for i in range(0, N.PERSON_CAPACITY, 97)]
    assert len({p.canonical for p in people}) == len(people)
    assert len({name_skeleton(p.canonical) for p in people}) == len(people)
    first = people[0]
    assert first.actor_id == "act-" + N.slug(first.canonical)
    assert all(name_skeleton(s) == name_skeleton(first.canonical) for s in first.spellings)


def test_person_index_outside_the_pools_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        N.person_name(N.PERSON_CAPACITY)


def test_organization_and_outlet_names_never_fold_to_the_same_key() -> None:
    names = [N.organization(i)[0] for i in range(N.ORG_CAPACITY)] + [
        N.outlet(i) for i in range(N.OUTLET_CAPACITY)
    ]
    assert len({name_key(n) for n in names}) == len(names)


def test_slug_is_ascii_lowercase_with_single_hyphens() -> None:
    assert N.slug("Sar-e Pol Gazette") == "sar-e-pol-gazette"
    assert N.slug("Hérat  Times") == "herat-times"
