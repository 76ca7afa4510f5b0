"""Abbreviations: expanded once, at first use, in visible text only."""

from perflib.report.abbreviations import expand_first_use, glossary_rows, used_in

GLOSSARY = {
    "SEND": "special educational needs and disabilities",
    "EHCP": "Education, Health and Care plan",
    "ASB": "anti-social behaviour",
}


def test_first_use_expanded_later_uses_left_alone():
    seen: set[str] = set()
    first = expand_first_use("<p>SEND reviews; SEND plans.</p>", GLOSSARY, seen)
    assert first == (
        '<p><abbr title="special educational needs and disabilities">SEND</abbr> '
        "(special educational needs and disabilities) reviews; SEND plans.</p>"
    )
    # a later section: already expanded
    assert expand_first_use("<li>SEND</li>", GLOSSARY, seen) == "<li>SEND</li>"
    assert seen == {"SEND"}


def test_whole_words_only_and_case_sensitive():
    seen: set[str] = set()
    text = "<p>SENDING, Send, ASBO and XASB are not ASB.</p>"
    out = expand_first_use(text, GLOSSARY, seen)
    assert out.count("<abbr") == 1
    assert out.endswith('are not <abbr title="anti-social behaviour">ASB</abbr> (anti-social behaviour).</p>')


def test_attributes_styles_and_svg_titles_untouched():
    markup = (
        '<style>.SEND { color: red }</style><img alt="EHCP chart"><svg><title>EHCP</title></svg>'
        '<span aria-label="ASB">x</span><abbr title="t">ASB</abbr>'
    )
    assert expand_first_use(markup, GLOSSARY, set()) == markup


def test_the_expansion_is_escaped():
    out = expand_first_use("<p>EHCP</p>", {"EHCP": 'A "plan" & <more>'}, set())
    escaped = "A &quot;plan&quot; &amp; &lt;more&gt;"
    assert out == f'<p><abbr title="{escaped}">EHCP</abbr> ({escaped})</p>'


def test_no_glossary_changes_nothing():
    assert expand_first_use("<p>SEND</p>", {}, set()) == "<p>SEND</p>"


def test_used_and_listed_alphabetically():
    assert used_in('<p>ASB and SEND</p><img alt="EHCP">', GLOSSARY) == ["SEND", "ASB"]
    assert glossary_rows(GLOSSARY, ["SEND", "ASB", "XYZ"]) == [
        ("ASB", "anti-social behaviour"),
        ("SEND", "special educational needs and disabilities"),
    ]


def test_a_plural_first_use_is_expanded_in_the_plural():
    seen: set[str] = set()
    out = expand_first_use("<p>Two EHCPs and one EHCP.</p>", GLOSSARY, seen)
    assert out == (
        '<p>Two <abbr title="Education, Health and Care plans">EHCPs</abbr> (Education, Health and Care plans)'
        " and one EHCP.</p>"
    )
