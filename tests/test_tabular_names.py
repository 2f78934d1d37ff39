"""Column-wise name folding gives exactly what `schema.normalize` gives, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.datamodel.normalize import name_key, name_skeleton
from afghan_dialogues.validate.tabular.names import name_keys, name_skeletons

LATIN = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzQPHAEIOUY -.,'\"()0123\t")), max_size=30
)
ANY = st.text(max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LATIN, ANY), max_size=40))
def test_keys_and_skeletons_match_the_records_validator(values: list[str]) -> None:
    assert name_keys(values).to_pylist() == [name_key(v) for v in values]
    assert name_skeletons(values).to_pylist() == [name_skeleton(v) for v in values]


def test_transliteration_variants_fold_together() -> None:
    assert name_skeletons(["Mohammad Mohaqeq", "Muhammad Mohaqiq"]).to_pylist() == ["mhmd mhk", "mhmd mhk"]
    assert name_keys(["  Ahmad  Shah-Massoud "]).to_pylist() == ["ahmad shah massoud"]
