"""Story-wide comparisons over more than two invented sources: counts with time order, name mentions."""

from __future__ import annotations

from conftest import write_articles
from reconcile.extract import extract
from reconcile.pipeline import analyse
from reconcile.records import Article, Source


def _analyse(tmp_path, articles):
    return analyse([str(write_articles(tmp_path / "corpus", articles))])


def test_storm_tolls_from_three_outlets(tmp_path):
    analysis = _analyse(tmp_path, {
        "early.txt": ("Storm Kira hit the Varna coast on Monday. At least 30 people were dead, officials said.", "2024-05-01"),
        "middle.txt": ("Storm Kira struck the Varna coast on Monday, killing 42, officials said.", "2024-05-02"),
        "late.txt": ("Officials put the death toll from Storm Kira on the Varna coast at 45.", "2024-05-03"),
    })
    flags = [f for f in analysis.flags if f.attribute == "killed"]
    assert len(flags) == 1, [f.summary for f in flags]  # one flag for the story's toll, not one per pair
    flag = flags[0]
    assert flag.kind == "discrepancy" and "'42 people' vs '45 people'" in flag.summary
    assert "'30 or more people'" in flag.summary  # shown, though it contradicts neither
    assert "published later" in flag.explanation and flag.severity == "warning"


def test_undated_counts_say_the_order_is_unknown(tmp_path):
    analysis = _analyse(tmp_path, {
        "one.txt": ("Storm Kira struck the Varna coast on Monday, killing 42, officials said.", None),
        "two.txt": ("Officials put the death toll from Storm Kira on the Varna coast at 45.", None),
    })
    flag = next(f for f in analysis.flags if f.attribute == "killed")
    assert flag.severity == "error" and "cannot be told" in flag.explanation


def test_name_mentions_are_recorded_once_per_article(shipped_rules):
    text = "Rashid Meredov met Ana Ruiz. Later Rashid Meredov left Varna, and Ana Ruiz stayed in Varna."
    source = Source(id="s", path="s.txt", outlet="S", text=text)
    article = Article(id="a", source="s", index=1, start=0, end=len(text), title="t")
    names = [name for name, *_ in extract(article, source, shipped_rules).names.names]
    assert names == ["Rashid Meredov", "Ana Ruiz", "Varna"]


def test_ages_with_unknown_dates_are_a_warning_that_says_so(tmp_path):
    analysis = _analyse(tmp_path, {
        "one.txt": ("The Varna court heard that Mara Ellison, 27, drove the car.", None),
        "two.txt": ("The Varna court jailed Mara Ellison, 29, for six years.", None),
    })
    flag = next(f for f in analysis.flags if f.attribute == "age")
    assert flag.kind == "discrepancy" and flag.severity == "warning"
    assert "publication dates are not known" in flag.explanation


def test_a_figure_from_another_place_is_left_out(tmp_path):
    analysis = _analyse(tmp_path, {
        "one.txt": ("Shelling killed 40 people in the town of Varna on Monday, officials said.", "2024-05-01"),
        "two.txt": ("Officials said 40 people were killed in Varna on Monday when shells hit a school.", "2024-05-01"),
        "three.txt": ("Two people were killed in the city of Orle on Monday when shells hit a school.", "2024-05-01"),
    })
    assert not [f for f in analysis.flags if f.kind == "discrepancy"], [f.summary for f in analysis.flags]


def test_a_follow_up_close_to_one_report_joins_the_story():
    """Average link alone leaves out an article close to one report and far from the rest; it is
    adopted when it is half as close to the story as a whole."""
    from reconcile.resolve import _adopt_strays

    members = {0: [0, 1, 2], 3: [3]}
    close = {(3, 0), (0, 3)}
    sums = {3: {0: 0.15 + 0.07 + 0.05}}  # summed similarity to the story's three articles: 0.09 on average
    _adopt_strays(members, sums, close, threshold=0.1)
    assert members == {0: [0, 1, 2, 3]}
    members = {0: [0, 1, 2], 3: [3]}
    _adopt_strays(members, {3: {0: 0.12}}, close, threshold=0.1)  # 0.04 on average: another event
    assert members == {0: [0, 1, 2], 3: [3]}
