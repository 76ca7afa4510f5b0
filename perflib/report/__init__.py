"""Appendix 1 itself: its sections, sentences, charts, templates and stylesheet."""
