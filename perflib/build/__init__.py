"""Building a quarter's processed data: the rated panel, the scorecard, the Flagship Actions."""
