"""The suites of `make proof` beyond the built-in ones: each module `s<NN>_<name>.py` holds
`SUITE = "<NN> <title>"` and `run(proof, ctx)` (see `proof/__main__.py`)."""
