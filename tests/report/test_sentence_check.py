"""Every number of a sentence is in the table or chart it summarises."""

from perflib.report.sentence_check import numbers, unsupported


def test_numbers_leave_out_period_labels():
    assert numbers("28 of 46 rated PIs (61%) are Green in 2023-24 Q3") == ["28", "46", "61%"]
    assert numbers("1,327 households, 8.2%") == ["1,327", "8.2%"]


def test_a_number_missing_from_the_table_is_reported():
    table = "<table><tr><th>Green</th><td>28</td><td>61%</td></tr><tr><td>46</td></tr></table>"
    assert unsupported("28 of 46 rated PIs (61%) are Green", table) == []
    # the table's share is of rated PIs (61%); a share of all PIs (56%) is not in it
    assert unsupported("28 of 50 PIs (56%) are Green", table) == ["50", "56%"]


def test_alt_text_counts_as_the_chart():
    chart = '<img alt="Bar chart of 50 PIs by status: Green 28 (61%)">'
    assert unsupported("28 of 50 PIs", chart) == []
