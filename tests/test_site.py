"""The static site, read as files: permanent addresses, links that resolve, escaping, retired
ids, page structure, cut lists, determinism and the `site` command. The browser tests
(test_site_browser.py) drive the same site in Chromium."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.datamodel.enums import Certainty, Precision
from afghan_dialogues.datamodel.models import Meeting, ReportedDate
from afghan_dialogues.dataset import RECORD_TABLES, Dataset
from afghan_dialogues.site import SiteTargetError, build, found_beside, href, write_site
from afghan_dialogues.site.dates import read_as
from afghan_dialogues.site.timeline import MIN_WIDTH, build_timeline, build_timelines
from site_helpers import MERGED, MERGED_TWICE, WITHDRAWN, bundled, release_with_site

ID = r"[a-z]{3}-[a-z0-9]+(?:-[a-z0-9]+)*"
"""A record id (as ids are defined: never two hyphens in a row, unlike continuation pages)."""


class Page(HTMLParser):
    """What the tests read from a page: tags with their attributes, headings, text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[int] = []
        self.h1: list[str] = []
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
            if tag == "h1":
                self._in_h1 = True
                self.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1[-1] += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release_with_site(tmp_path_factory.mktemp("release"))


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))
    }


def test_every_record_has_a_page_at_its_permanent_address(site: Path) -> None:
    data = bundled()
    for record in (*data.meetings, *data.actors, *data.claims, *data.sources):
        page = site / href(record.id)
        assert page.is_file(), record.id
        assert record.id in page.read_text(encoding="utf-8")
    assert href("clm-coffey-001") == "claims/clm-coffey-001.html"


def test_every_link_and_asset_of_every_page_resolves(site: Path, pages: dict[str, str]) -> None:
    broken = []
    for path, text in pages.items():
        page = Page(text)
        targets = [a["href"] for a in page.all("a")] + [a["href"] for a in page.all("link")]
        targets += [s["src"] for s in page.all("script")]
        for target in targets:
            if target.startswith(("https://", "http://", "data:", "#")):
                continue
            file = target.split("#", 1)[0].split("?", 1)[0]
            if not (site / path).parent.joinpath(file).resolve().is_file():
                broken.append(f"{path}: {target}")
    assert broken == []


def test_no_page_loads_anything_from_outside_the_site(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        page = Page(text)
        loaded = [s["src"] for s in page.all("script")] + [
            link["href"] for link in page.all("link") if link.get("rel") != "canonical"
        ]
        outside = [url for url in loaded if re.match(r"^(https?:)?//", url)]
        assert outside == [], path


def test_every_page_links_to_the_release_files(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        depth = "../" * (path.count("/") + 1)
        for name in ("datacard.md", "codebook.md", "afghan-dialogues-0.1.0.zip"):
            assert f'href="{depth}{name}"' in text, (path, name)


def test_every_page_has_landmarks_one_h1_and_headings_in_order(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        page = Page(text)
        assert page.all("html")[0].get("lang") == "en", path
        assert len(page.h1) == 1 and page.h1[0].strip(), path
        for landmark in ("header", "nav", "main", "footer"):
            assert page.all(landmark), (path, landmark)
        assert page.all("a")[0] == {"class": "skip", "href": "#main"}, path
        levels = page.headings
        assert levels[0] == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)


def test_every_form_control_has_a_label(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        page = Page(text)
        labelled = {label["for"] for label in page.all("label")}
        for control in page.all("input") + page.all("select"):
            assert control["id"] in labelled, (path, control)


def test_meeting_page_shows_date_participants_by_role_and_claims_by_source(pages: dict[str, str]) -> None:
    text = pages["meetings/mtg-hsd-dushanbe-2023.html"]
    assert '<q dir="auto">November 27-28, 2023</q>' in text
    assert (
        "The source gives only &#34;on the 6th&#34;" in text
        or "The source gives only &quot;on the 6th&quot;" in text
    )
    assert "2023-11-27" in text and "2023-11-28" in text
    participants = bundled().participants_of("mtg-hsd-dushanbe-2023")
    assert participants
    for participation in participants:
        assert f"<h3>{participation.role.value.replace('_', ' ').capitalize()}</h3>" in text
        assert f'href="../actors/{participation.actor_id}.html"' in text
    assert '<h3>In <a href="../sources/src-moscow-dushanbe-vienna-opponents.html">' in text


def test_claim_page_shows_the_quote_and_the_chain_to_the_source(pages: dict[str, str]) -> None:
    data = bundled()
    claim = next(c for c in data.claims if c.via_ids)
    text = pages[href(claim.id)]
    chain = text.split('<ol class="chain">', 1)[1].split("</ol>", 1)[0]
    ids = re.findall(r'href="\.\./(?:actors|sources)/([a-z0-9-]+)\.html"', chain)
    assert ids[: 2 + len(claim.via_ids)] == [claim.speaker_id, *claim.via_ids, claim.source_id]
    assert Page(text).h1 == [claim.summary]


def test_claim_page_shows_relations_in_both_directions(pages: dict[str, str]) -> None:
    relation = bundled().claim_relations[0]
    words = {"contradicts": "is contradicted by", "supports": "is supported by"}
    words |= {"repeats": "is repeated by", "updates": "is updated by"}
    outgoing = pages[href(relation.claim_id)]
    incoming = pages[href(relation.other_claim_id)]
    assert f"<strong>{relation.relation.value}</strong>" in outgoing
    assert f"<strong>{words[relation.relation.value]}</strong>" in incoming
    assert f'href="../claims/{relation.other_claim_id}.html"' in outgoing
    assert f'href="../claims/{relation.claim_id}.html"' in incoming


def test_actor_page_lists_every_spelling_with_its_sources(pages: dict[str, str]) -> None:
    text = pages["actors/act-amir-khan-muttaqi.html"]
    for spelling in ("Amir Khan Muttaqi", "Amir Khan Muttaki", "Mottaki"):
        assert f">{spelling}</span>" in text
    assert 'href="../sources/src-taliban-meets-opposition-in-iran.html"' in text


def test_contradictions_page_holds_every_contradicting_pair(pages: dict[str, str]) -> None:
    pairs = [r for r in bundled().claim_relations if r.relation.value == "contradicts"]
    text = pages["contradictions.html"]
    assert text.count('class="pair"') == len(pairs) > 0
    for pair in pairs:
        assert f'aria-label="{pair.claim_id} contradicts {pair.other_claim_id}"' in text


def test_merged_ids_redirect_to_the_record_that_replaced_them(pages: dict[str, str]) -> None:
    for retired in (MERGED, MERGED_TWICE):
        text = pages[href(retired)]
        assert '<meta http-equiv="refresh" content="0; url=../actors/act-amir-khan-muttaqi.html">' in text
        assert '<a href="../actors/act-amir-khan-muttaqi.html">Amir Khan Muttaqi</a>' in text


def test_withdrawn_ids_say_so_without_redirecting(pages: dict[str, str]) -> None:
    text = pages[href(WITHDRAWN)]
    assert "http-equiv" not in text
    assert "This record was withdrawn" in text
    assert "The quote is not in the source." in text


def test_timeline_lists_every_meeting_once_in_date_order(pages: dict[str, str]) -> None:
    data = bundled()
    listed = re.findall(r'<a href="meetings/([a-z0-9-]+)\.html">', pages["timeline.html"])
    assert sorted(listed) == sorted(m.id for m in data.meetings)
    starts = [(data[mid].date.start or data[mid].date.end) for mid in listed]
    assert starts == sorted(starts)


def test_search_index_holds_every_spelling_title_and_quote(site: Path) -> None:
    entries = []
    for part in sorted((site / "assets").glob("search-index-*.js")):
        body = part.read_text(encoding="utf-8")
        entries += json.loads(body[body.index("[\n") : body.rindex("]") + 1])
    by_id = {entry[1]: entry for entry in entries}
    data = bundled()
    assert set(by_id) == {r.id for r in (*data.actors, *data.meetings, *data.sources, *data.claims)}
    assert by_id["act-amir-khan-muttaqi"][2:] == ["Amir Khan Muttaqi", "Amir Khan Muttaki · Mottaki"]
    claim = data.claims[0]
    assert by_id[claim.id] == ["claim", claim.id, claim.quote, ""]


def test_record_text_is_escaped_everywhere(tmp_path: Path) -> None:
    data = bundled()
    attack = '<script>alert("x")</script>'
    records = {name: list(data.records(name)) for name in RECORD_TABLES}
    claim = records["claims"][0]
    records["claims"][0] = claim.model_copy(update={"quote": attack, "summary": attack, "note": attack})
    actor = next(i for i, a in enumerate(records["actors"]) if a.id == claim.speaker_id)
    records["actors"][actor] = records["actors"][actor].model_copy(
        update={"name": '<img src=x onerror="alert(1)">'}
    )
    write_site(Dataset.build(data.info, records), tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page
    text = (tmp_path / "site" / href(claim.id)).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in text


def test_the_same_dataset_gives_the_same_bytes(tmp_path: Path, site: Path) -> None:
    again = release_with_site(tmp_path / "release")
    first = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_long_lists_are_cut_into_pages_that_hold_every_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "LIST_PAGE", 20)
    monkeypatch.setattr(build, "PART_PAGE", 4)
    monkeypatch.setattr(build, "PAIR_PAGE", 3)
    monkeypatch.setattr(build, "TIMELINE_PAGE", 5)
    data = bundled()
    written = write_site(data, tmp_path / "site")
    site = tmp_path / "site"

    def linked(paths: list[str], folder: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for path in paths:
            main = (site / path).read_text(encoding="utf-8").split("<main", 1)[1].split("</main>", 1)[0]
            found.update(re.findall(rf'href="(?:\.\./)?{folder}/({ID})\.html"', main))
        return found

    claim_pages = [p for p in written if re.fullmatch(r"claims/(index|page-\d+)\.html", p)]
    assert len(claim_pages) == -(-len(data.claims) // 20)
    assert set(linked(claim_pages, "claims")) == {c.id for c in data.claims}

    actor = "act-islamic-emirate-of-afghanistan"
    about = [href(actor), *(p for p in written if p.startswith(f"actors/{actor}--about-"))]
    expected = {c.id for c in data.claims_about(actor)}
    assert len(about) == -(-len(expected) // 4) > 1
    assert set(linked(about, "claims")) >= expected

    timeline = [p for p in written if re.fullmatch(r"timeline(-\d+)?\.html", p)]
    assert len(timeline) > 1
    assert sorted(linked(timeline, "meetings").elements()) == sorted(m.id for m in data.meetings)


def test_write_site_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteTargetError, match="not an empty folder"):
        write_site(bundled(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def _date(start: str | None, end: str | None, precision: str = "day") -> ReportedDate:
    return ReportedDate(
        as_written="x",
        start=dt.date.fromisoformat(start) if start else None,
        end=dt.date.fromisoformat(end) if end else None,
        precision=Precision(precision),
        certainty=Certainty.inferred,
        note="n",
    )


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        ("2023-11-23", "2023-11-23", "day", "2023-11-23"),
        ("2023-11-01", "2023-11-30", "month", "2023-11"),
        ("2023-01-01", "2023-12-31", "year", "2023"),
        ("2023-11-27", "2023-12-03", "week", "2023-11-27 to 2023-12-03"),
        ("2023-11-02", "2023-11-30", "month", "2023-11-02 to 2023-11-30"),
        (None, "2023-12-03", "range", "until 2023-12-03"),
        ("2023-11-27", None, "range", "from 2023-11-27"),
    ],
)
def test_dates_read_as_the_interval_their_bounds_give(
    start: str | None, end: str | None, precision: str, shown: str
) -> None:
    assert read_as(_date(start, end, precision)) == shown


def _meeting(mid: str, date: ReportedDate) -> Meeting:
    return Meeting(
        id=mid,
        title=mid,
        kind="meeting",
        status="held",
        date=date,
        description="d",
        source_ids=["src-x"],
    )


def test_timeline_bars_cover_each_dates_interval_on_a_shared_axis() -> None:
    day = _meeting("mtg-day", _date("2022-07-02", "2022-07-02"))
    year = _meeting("mtg-year", _date("2023-01-01", "2023-12-31", "year"))
    open_end = _meeting("mtg-open", _date("2023-07-02", None, "range"))
    timeline = build_timeline([year, open_end, day])
    assert [b.meeting.id for b in timeline.bars] == ["mtg-day", "mtg-year", "mtg-open"]
    bar_day, bar_year, bar_open = timeline.bars
    assert (bar_day.left, bar_day.width) == (round(182 / 730 * 100, 2), MIN_WIDTH)
    assert (bar_year.left, bar_year.width) == (round(365 / 730 * 100, 2), 50.0)
    assert bar_open.open_end and bar_open.left + bar_open.width == pytest.approx(100)
    quarters = ["2022", "2022-04", "2022-07", "2022-10", "2023", "2023-04", "2023-07", "2023-10"]
    assert [t.label for t in timeline.ticks] == quarters


def test_timelines_are_cut_between_years() -> None:
    meetings = [
        _meeting(f"mtg-{y}-{n}", _date(f"{y}-03-0{n}", f"{y}-03-0{n}"))
        for y in (2020, 2021, 2022)
        for n in (1, 2)
    ]
    pages = build_timelines(meetings, per_page=4)
    assert [t.label for t in pages] == ["2020–2021", "2022"]
    assert [len(t.bars) for t in pages] == [4, 2]


def test_site_command_writes_the_site_of_a_records_folder(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["site", str(records), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "meetings" / "mtg-vienna-2022-10.html").is_file()
    assert "no release files beside this site" in (out / "index.html").read_text(encoding="utf-8")


def test_site_command_refuses_a_folder_that_holds_anything_and_exits_two(
    records: Path, tmp_path: Path
) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", str(records), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an empty folder" in result.output


def test_site_command_refuses_records_with_errors_and_exits_one(records: Path, tmp_path: Path) -> None:
    (records / "meetings.yaml").write_text("meetings:\n  - id: mtg-broken\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["site", str(records), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert not (tmp_path / "site").exists()


def test_links_from_a_site_outside_its_release_lead_to_the_files_that_exist(tmp_path: Path) -> None:
    data = bundled()
    release = tmp_path / "release"
    release.mkdir()
    (release / "codebook.md").write_text("", encoding="utf-8")
    links = found_beside(data.info, release, tmp_path / "elsewhere" / "site")
    assert [(link.label, link.href) for link in links] == [("Codebook", "../../release/codebook.md")]
