"""The load benchmark of the portal served as in production (``make bench``).

Run ``python -m bench.load --help``; bench/README.md says what it measures and how.
"""
