"""A static site generated from a dataset: a timeline of the meetings, a page per meeting,
actor, claim and source at a permanent address made of its id, the contradictions side by
side, and a search over names, titles and quotes.

Plain HTML and CSS from Jinja2 templates, a little JavaScript only for the timeline's filters
and the search; it works from `file://`, with no server and no network, and is deterministic
like every export. `write_site` writes it; `export` can put it in a release under `site/`.
"""

from afghan_dialogues.site.build import SiteTargetError, check_target, href, write_site
from afghan_dialogues.site.links import Link, found_beside, in_release

__all__ = ["Link", "SiteTargetError", "check_target", "found_beside", "href", "in_release", "write_site"]
