"""The production settings with bench/public_urls.py as the URLconf (bench/public.py only)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.public_urls"
