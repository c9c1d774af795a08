"""Brand building, campaigns and media coverage, public-opinion events and their handling (6.7)."""
