"""A second, valid source for the small records fixture (conftest.py), for the mistakes that need
two documents: a claim of one source about a meeting that lists only the other, one capture or
one address shared by two sources.
"""

from __future__ import annotations

import hashlib
import textwrap

SECOND = "src-second-report"
SECOND_SNAPSHOT = (
    "Vienna talks end\nKabul, 14 October 2022\n"
    "The Vienna gathering ended without a joint statement, the outlet wrote.\n"
)


def second_source(
    *, header: str = "", meeting_ids: str = "[]", snapshot: str = SECOND_SNAPSHOT
) -> tuple[tuple[str, str], ...]:
    """The files of a second source (its YAML and its snapshot): `header` adds lines to the
    source block (two-space indent), `meeting_ids` is the YAML value of its claim's meetings."""
    sha = hashlib.sha256(snapshot.encode("utf-8")).hexdigest()
    source = textwrap.dedent(
        f"""\
        source:
          id: {SECOND}
          title: Vienna talks end
          publisher_id: act-example-outlet
          kind: news_report
          language: en
          published:
            as_written: Kabul, 14 October 2022
            start: 2022-10-14
            end: 2022-10-14
            precision: day
            certainty: stated
          text_sha256: {sha}
          snapshot_note: Nothing removed.
        {{header}}claims:
          - id: clm-second-001
            speaker_id: act-example-outlet
            quote: The Vienna gathering ended without a joint statement
            quote_kind: editorial
            summary: The outlet reports that the gathering ended without a joint statement.
            meeting_ids: {meeting_ids}
        """
    ).replace("{header}", header)
    return ((f"sources/{SECOND}.yaml", source), (f"texts/{SECOND}.txt", snapshot))
