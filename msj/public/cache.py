"""The public pages' cache: rendered once per publication, served from memory until the next one.

Every act of publication or withdrawal bumps the Mesa's and the network's `published_version`
(msj.mesas.services.publication_changed) in the same transaction. A public response is kept in
this process under (page, object, version, language); each request reads only the version — one
indexed query, which also answers 404 for a slug that does not exist — and serves the stored
bytes. So a new publication shows on the very next request in every worker, a withdrawn figure
never outlives its withdrawal, and no worker needs to be told anything.

What is not an act of publication — a committee created, a new coordinator on the directory
card — reaches the cached pages within `REFRESH_SECONDS`, as every key also carries the current
five-minute slot.

Browsers and proxies get an ETag and `no-cache`: they may keep the page but must ask again, and a
page that did not change answers 304 without a body.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers

MAX_ENTRIES = 512
REFRESH_SECONDS = 300


@dataclass(frozen=True)
class Stored:
    body: bytes
    content_type: str
    etag: str


class PageCache:
    """A small LRU of rendered responses, per process."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[object, ...], Stored] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key: tuple[object, ...]) -> Stored | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is not None:
                self._entries.move_to_end(key)
            return stored

    def put(self, key: tuple[object, ...], stored: Stored) -> None:
        with self._lock:
            self._entries[key] = stored
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


pages = PageCache()


def serve(request: HttpRequest, key: tuple[object, ...], render: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer from the cache under `key` (which must carry the publication version), or render and keep."""
    full_key = (*key, translation.get_language(), int(time.time()) // REFRESH_SECONDS)
    stored = pages.get(full_key)
    if stored is None:
        response = render()
        if response.status_code != 200:
            return response
        etag = '"' + hashlib.blake2b(repr(full_key).encode() + response.content, digest_size=12).hexdigest() + '"'
        stored = Stored(body=response.content, content_type=response["Content-Type"], etag=etag)
        pages.put(full_key, stored)
    if request.headers.get("If-None-Match") == stored.etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(stored.body, content_type=stored.content_type)
    response["ETag"] = stored.etag
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
