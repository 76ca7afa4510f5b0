"""Foundations every stage uses: where things live, quarters, the configuration and how problems are reported."""
