"""Running a quarter end to end: the notebooks, publishing, the cache, manifests and the command line."""
