"""Splitting a scraped page into the articles it holds. Every page here is invented."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.ingest import read_corpus
from reconcile.ingest.articles import split_articles

FIRST_BODY = (
    "SOLVIK HARBOUR: The regional ferry operator said on Monday it would add two crossings a day to "
    "the island of Tarrow from June, after a winter in which boats ran at capacity.\n\n"
    "The operator's chief executive, Mara Ilves, said the extra sailings would cost about 4 million "
    "crowns a year and would be paid for by the regional council.\n\n"
    "Islanders have campaigned for more crossings since the bridge plan was shelved in 2019.\n"
)
SECOND_BODY = (
    "The city council of Brenmark voted 31 to 12 on Tuesday to close the old tram depot by the end "
    "of the year and move its workshops to a new site in the east of the city.\n\n"
    "Councillor Ode Varga, who opposed the move, said the new site was too small for the fleet.\n"
)


def header(title: str, stamp: str = "Updated 3 March 2024") -> str:
    return f"{title}\n\nA photo caption about the scene. (Photo/Agency)\nShort Url\n{stamp}\nFollow\n\n{title}\n\n"


def titles(text: str) -> list[str]:
    return [span.title for span in split_articles(text)]


def check_partition(text: str) -> None:
    spans = split_articles(text)
    assert spans[0].start == 0 and spans[-1].end == len(text)
    for before, after in zip(spans, spans[1:]):
        assert before.end == after.start and before.start < before.end


def test_one_article_with_a_header_block_is_not_split():
    text = header("Ferry operator adds crossings to Tarrow") + FIRST_BODY
    [span] = split_articles(text)
    assert (span.start, span.end, span.title, span.published) == \
        (0, len(text), "Ferry operator adds crossings to Tarrow", date(2024, 3, 3))


def test_a_second_article_below_the_first_is_split_at_its_header():
    first = header("Ferry operator adds crossings to Tarrow") + FIRST_BODY + "\n\n"
    second = header("Brenmark council votes to close tram depot", "Updated 5 sec ago") + SECOND_BODY
    text = first + second
    spans = split_articles(text)
    assert [span.title for span in spans] == ["Ferry operator adds crossings to Tarrow",
                                              "Brenmark council votes to close tram depot"]
    assert spans[1].start == len(first)
    assert (spans[0].published, spans[1].published) == (date(2024, 3, 3), None)
    check_partition(text)


def test_a_second_article_is_split_when_the_first_has_no_header():
    first = "Ferry operator adds crossings to Tarrow\n\n" + FIRST_BODY + "\n"
    second = header("Brenmark council votes to close tram depot") + SECOND_BODY
    spans = split_articles(first + second)
    assert len(spans) == 2 and spans[1].start == len(first)
    assert spans[0].title == "Ferry operator adds crossings to Tarrow"


def test_a_bare_date_or_an_age_under_a_headline_makes_a_header():
    for stamp, published in (("Tuesday, March 9, 2024", date(2024, 3, 9)), ("9 March 2024 10:32 GMT", date(2024, 3, 9)),
                             ("2024-03-09", date(2024, 3, 9)), ("3 hours ago", None)):
        second = f"Brenmark council votes to close tram depot\n{stamp}\n\n"
        first = header("Ferry operator adds crossings to Tarrow") + FIRST_BODY + "\n"
        spans = split_articles(first + second + SECOND_BODY)
        assert [(span.title, span.published) for span in spans][1:] == \
            [("Brenmark council votes to close tram depot", published)], stamp


def test_a_dated_line_inside_the_body_is_not_a_header():
    text = (header("Ferry operator adds crossings to Tarrow") + FIRST_BODY
            + "\nTimeline of the dispute\n\n" + SECOND_BODY + "\nThe vote was on March 9, 2024, officials said.\n")
    assert len(split_articles(text)) == 1


def test_a_headline_repeated_without_chrome_is_a_header():
    second = "Brenmark council votes to close tram depot\n\nBrenmark council votes to close tram depot\n\n"
    spans = split_articles(FIRST_BODY + "\n" + second + SECOND_BODY)
    assert [span.title for span in spans][1:] == ["Brenmark council votes to close tram depot"]


def test_a_subheading_inside_an_article_is_not_a_split():
    text = (header("Ferry operator adds crossings to Tarrow") + FIRST_BODY
            + "\nIslanders welcome the plan\n\n" + SECOND_BODY.replace("Brenmark", "Tarrow"))
    assert len(split_articles(text)) == 1


def test_a_footer_published_line_is_not_a_split():
    footer = "\nPublished in The Solvik Post, March 4th, 2024\n"
    text = header("Ferry operator adds crossings to Tarrow") + FIRST_BODY + footer
    assert len(split_articles(text)) == 1


def test_a_footer_after_a_closing_quotation_is_not_a_split():
    body = FIRST_BODY + "\nShe added: “We have asked for this for years and we will hold them to it.”\n"
    for footer in ("Published in The Solvik Post, March 4th, 2024", "Updated 4 March 2024", "Share this",
                   "By Lena Holm"):
        text = header("Ferry operator adds crossings to Tarrow") + body + "\n" + footer + "\n"
        assert len(split_articles(text)) == 1, footer


def test_a_byline_under_a_subheading_late_in_the_article_is_not_a_split_without_enough_body():
    text = "Ferry operator adds crossings\nBy Lena Holm\n\nShort intro.\n\nA second heading here\nBy Lena Holm\n"
    assert len(split_articles(text)) == 1


def test_a_page_without_headers_is_one_article_titled_by_its_first_line():
    [span] = split_articles("\n\n  " + FIRST_BODY)
    assert span.title.startswith("SOLVIK HARBOUR: The regional ferry")


def test_empty_and_blank_text_is_one_empty_article():
    assert [(span.start, span.end) for span in split_articles("")] == [(0, 0)]
    assert len(split_articles("\n\n \n")) == 1


def test_crlf_pages_split_at_the_same_place():
    text = (header("Ferry operator adds crossings to Tarrow") + FIRST_BODY + "\n\n"
            + header("Brenmark council votes to close tram depot") + SECOND_BODY)
    crlf = text.replace("\n", "\r\n")
    assert titles(crlf) == titles(text)
    check_partition(crlf)


def test_ingest_gives_each_article_an_id_title_and_date(tmp_path):
    text = (header("Ferry operator adds crossings to Tarrow") + FIRST_BODY + "\n\n"
            + header("Brenmark council votes to close tram depot", "Updated 9 March 2024") + SECOND_BODY)
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    corpus = read_corpus([str(tmp_path)])
    assert [(a.id, a.title, a.published) for a in corpus.articles] == [
        ("page@1", "Ferry operator adds crossings to Tarrow", date(2024, 3, 3)),
        ("page@2", "Brenmark council votes to close tram depot", date(2024, 3, 9))]


_LINES = st.sampled_from(["Ferry operator adds crossings", "Updated 3 March 2024", "Follow", "", "Share",
                          FIRST_BODY.split("\n")[0], "By Lena Holm", "Published in The Solvik Post, 4 March 2024",
                          "A subheading here", "“Quoted.”"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_articles_always_partition_the_text(lines, newline):
    check_partition(newline.join(lines))


def test_a_story_is_titled_by_its_headline_not_the_page_furniture_above_it():
    from reconcile.ingest.articles import split_articles
    page = ("Skip to main content\nNorthgate Herald\nHome | World | Business | Sport\n\nAdvertisement\n\n"
            "Vela wins Orle presidency with 54.2% of vote\n\nBy Elena Varsk\nPublished 2025-09-22\n\n"
            "Lidia Vela has won the presidential election with 54.2% of the vote, the commission said.\n" * 1)
    assert split_articles(page)[0].title == "Vela wins Orle presidency with 54.2% of vote"
    assert split_articles("Quake kills 12\n\nA quake killed 12 people in Orle on Monday.\n")[0].title == "Quake kills 12"
    assert split_articles("NEWS > LOCAL\nORLE TIMES · Vessby\nFire guts Orle market\n\nA fire gutted the market.\n")[0].title \
        == "Fire guts Orle market"
