"""Numbers in news copy: digits, words, scales, qualifiers and units (invented sentences)."""

from __future__ import annotations

from reconcile.extract.quantities import find_quantities
from reconcile.rules import load_rules
from conftest import ROOT


def _quantities(text: str, rules):
    return find_quantities(text, 0, len(text), rules.qualifiers, rules.lexicon("units"))


def test_patterns_survive_rules_reloaded_many_times():
    # Rule objects are garbage-collected between runs; a cache keyed on id() alone once
    # handed the qualifier patterns to the unit reader.
    for _ in range(20):
        rules = load_rules(ROOT / "rules")
        found = _quantities("At least 12 people were hurt and 40 km of road closed.", rules)
        assert [(q.low, q.high, q.unit) for q in found] == [(12, None, "people"), (40, 40, "km")]


from hypothesis import example, given, strategies as st  # noqa: E402

from reconcile.extract.quantities import number_value  # noqa: E402

_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


@given(st.integers(1, 99))
def test_number_words_read_as_their_value(n):
    assert number_value(_words(n)) == n
    assert number_value(_words(n).replace("-", " ")) == n


@given(st.integers(1, 98), st.integers(1, 98))
def test_number_word_reading_is_monotonic(a, b):
    assert (number_value(_words(a)) < number_value(_words(b))) == (a < b)


@given(st.integers(1, 10_000_000))
def test_digits_with_thousands_separators_round_trip(shipped_rules, n):
    rules = shipped_rules
    text = f"Officials said {n:,} people were affected."
    found = [q for q in _quantities(text, rules) if q.unit == "people"]
    if 1500 <= n <= 2099 and "," not in f"{n:,}":
        return  # a bare four-digit number in that range reads as a year
    assert [(q.low, q.high) for q in found] == [(n, n)]


def test_word_numbers_in_text(shipped_rules):
    found = _quantities("Forty-two villagers and a dozen miners; three hundred people.", shipped_rules)
    assert [q.low for q in found] == [42, 12, 300]


def test_currency_symbol_scale_and_qualifier(shipped_rules):
    found = _quantities("The painting sold for over $2.6 million, or £1.7m, or two million euros.", shipped_rules)
    assert [(q.low, q.high, q.unit, q.qualifier) for q in found] == [
        (2_600_000, None, "USD", "more_than"), (1_700_000, 1_700_000, "GBP", None),
        (2_000_000, 2_000_000, "EUR", None)]


def test_words_ending_like_a_currency_or_number_word_do_not_swallow_the_number(shipped_rules):
    # "rs" and "one" inside longer words are neither rupees nor a number.
    found = _quantities("In earlier years 12 workers and someone 7 times were named.", shipped_rules)
    assert [q.low for q in found] == [12, 7]
    assert all(q.unit != "INR" for q in found)


@given(st.integers(min_value=1, max_value=5_000_000),
       st.sampled_from(["at_least", "more_than", "up_to", "fewer_than", "nearly", "about", None]),
       st.booleans())
def test_the_stated_figure_survives_its_bounds(n, qualifier, discrete):
    # "more than 50" people is stored as 51 or more; the figure the writer stated is still 50.
    from reconcile.extract.quantities import _bounds, stated_figure
    low, high = _bounds(qualifier, float(n), float(n), discrete) if qualifier else (float(n), float(n))
    if qualifier == "more_than" and n == 999 and discrete:
        return  # "more than 999" is stored as 1,000, which reads back as "more than 1,000"
    assert stated_figure(low, high, qualifier, discrete) == n


def test_only_counted_things_move_a_strict_bound():
    from reconcile.extract.quantities import _bounds
    assert _bounds("more_than", 50.0, 50.0, discrete=True) == (51.0, None)  # "more than 50 people"
    assert _bounds("more_than", 50.0, 50.0, discrete=False) == (50.0, None)  # "more than 50%"
    assert _bounds("fewer_than", 32.0, 32.0, discrete=False) == (None, 32.0)  # "under 32 per cent"


def test_ranges_and_vague_words_state_no_one_figure():
    from reconcile.extract.quantities import stated_figure
    assert stated_figure(10, 15, "range") is None
    assert stated_figure(24, 99, "vague") is None


def test_the_unit_of_a_figures_last_significant_digit():
    from reconcile.compare.values import _last_digit_unit
    assert _last_digit_unit(420) == 10
    assert _last_digit_unit(145_000) == 1_000
    assert _last_digit_unit(43) == 1
    assert _last_digit_unit(2.5) == 0.1


@example(54, 25, "%")  # 54.25% given as 54.3%: half up, where Python's round() would say 54.2
@given(st.integers(1, 10_000), st.integers(1, 99), st.sampled_from(["%", "USD"]))
def test_a_share_or_sum_rounded_to_fewer_decimals_never_conflicts(whole, hundredths, unit):
    from reconcile.compare.values import Comparer
    from reconcile.records import QuantityValue
    from reconcile.rules import load_rules
    from decimal import ROUND_HALF_UP, Decimal
    precise = whole + hundredths / 100
    for places in (0, 1):
        # Rounded half up, as newsrooms do (Python's round() halves to even).
        rounded = float(Decimal(f"{whole}.{hundredths:02d}").quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))
        if rounded == precise:
            continue
        verdict = Comparer(load_rules(None))._judge_quantity(
            QuantityValue(low=precise, high=precise, unit=unit), QuantityValue(low=rounded, high=rounded, unit=unit))
        assert verdict.verdict == "consistent", (precise, rounded, verdict)
