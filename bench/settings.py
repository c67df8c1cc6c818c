"""Production settings for the benchmarks, plus the minimal view that measures the ceiling.

bench/run.py starts gunicorn with this module: DEBUG is off and everything
else comes from the environment, as in production.
"""
import os

os.environ.setdefault("DEBUG", "off")

from sinovik.settings import *  # noqa: E402,F403 (the benchmark runs the production settings)

ROOT_URLCONF = "bench.urls"
