"""Every setting of the load benchmark (``make bench``), in one place.

Each can be overridden on the command line (``make bench BENCH_ARGS="--duration 10"``;
``python -m bench.load --help`` lists the flags). The defaults are chosen so that a run at
1,000 and 10,000 products, with the page cache off and on, the two-server check and the
soak, finishes in about seven and a half minutes on a 2-core machine.
"""

# Catalogue sizes (products) measured by default; --large adds LARGE_SIZE.
SIZES = (1_000, 10_000)
LARGE_SIZE = 100_000
# seed_bulk's defaults per product (10 usages, 5 interests, one initiative per 20 products)
# need at least 100 organisations for the interests; 200 leaves room and matches
# seed_bulk's own default.
ORGANISATIONS = 200
SEED = 1
# One database per size on the development server: os2portal_load_<size>.
DATABASE_PREFIX = "os2portal_load_"

# Page cache modes, each run against every size (see bench/load/servers.py for the
# environment each sets): "off" PAGE_CACHE_SECONDS=0; "on" the default page cache in
# each worker's memory (one app server); "redis" the page cache in the shared Redis, as
# several app servers would run it.
MODES = ("off", "on", "redis")
PAGE_CACHE_SECONDS = 300

# gunicorn sync workers per app server: one per core on the 2-core development machine.
WORKERS = 2

# Load per endpoint: a closed loop of CONNECTIONS keep-alive connections (gunicorn's sync
# workers close each after one response, so wrk reconnects, as a browser would behind a
# proxy), spread over THREADS wrk threads. 8 connections keep both workers busy with a
# short queue in front of them, so the latency includes some queueing, as under real load.
CONNECTIONS = 8
THREADS = 2
# Each endpoint is measured in ROUNDS rounds of DURATION_SECONDS, after WARMUP_SECONDS of
# warm-up (which also fills the page cache), the sizes taking turns; the round with the
# most requests per second counts, since other work on a shared machine only ever slows a
# round down. 8 endpoints × 3 modes × 2 sizes × (1 + 3 × 2 s) ≈ 5.6 minutes.
ROUNDS = 3
DURATION_SECONDS = 2
WARMUP_SECONDS = 1
# A request slower than this counts as a timeout error.
TIMEOUT_SECONDS = 10

# Soak: the mixed read load (every endpoint in turn) against one app server with the page
# cache on, at the largest default size. The workers' memory is read after the warm-up
# and again at the end.
SOAK_SECONDS = 60
SOAK_WARMUP_SECONDS = 10
SOAK_CONNECTIONS = 8
# The page cache mode of the soak: "on" as a single app server runs by default, so
# most requests are cache hits; "off" makes every request render its page.
SOAK_MODE = "on"
# Allowed growth of each worker's resident memory over the soak. A worker settles at
# about 92 MB after the warm-up, and in a 60 s soak with the page cache on serves some
# 70,000 requests (2,300 per second shared by two workers). It grew by
# 1.5 MB in the first runs (the per-process page cache holds one entry per URL, and
# Python's allocator keeps the arenas it once needed). A leak of 1 KB per request would
# add 70 MB; 25 MB lets the allocator's noise pass and stops leaks from about 0.4 KB per
# request. With the page cache off a worker serves far fewer requests, and the bound
# catches only larger leaks.
SOAK_RSS_GROWTH_LIMIT_MB = 25

# The search: a Danish word of the synthetic vocabulary (seeding.py), found in the text of
# about two thirds of the synthetic products; the page shows the best 20.
SEARCH_WORD = "kalender"

# Seconds to wait for an app server or Redis to answer after starting it.
START_TIMEOUT_SECONDS = 60
