"""One router per capability; each is mounted on the API in msj/api/api.py."""
