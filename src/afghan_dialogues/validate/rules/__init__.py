"""The cross-record rules, each written once over the tables both front ends build.

A rule is a function from `Checked` to findings; each finding code is raised from one rule
module. Adding a rule is adding a function here and its codes in `afghan_dialogues.findings`.
"""

from __future__ import annotations

from collections.abc import Callable

from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked
from afghan_dialogues.validate.rules.citations import check_citations
from afghan_dialogues.validate.rules.date_expressions import check_date_expressions
from afghan_dialogues.validate.rules.dates import check_dates
from afghan_dialogues.validate.rules.evidence import check_evidence
from afghan_dialogues.validate.rules.identity import check_identity
from afghan_dialogues.validate.rules.lifetimes import check_lifetimes
from afghan_dialogues.validate.rules.meetings import check_meetings
from afghan_dialogues.validate.rules.provenance import check_provenance
from afghan_dialogues.validate.rules.references import check_references
from afghan_dialogues.validate.rules.text import check_text

Rule = Callable[[Checked], list[Finding]]

RULES: tuple[Rule, ...] = (
    check_identity,
    check_references,
    check_evidence,
    check_dates,
    check_text,
    check_lifetimes,
    check_date_expressions,
    check_meetings,
    check_provenance,
    check_citations,
)
