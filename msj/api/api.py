"""The HTTP API, version 1: one NinjaAPI, routers per capability."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="msj API", version="1", urls_namespace="api")
