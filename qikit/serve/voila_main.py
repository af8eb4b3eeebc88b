"""Start Voilà as ``python -m voila`` does, with its request-information socket kept to kernels.

With preheated kernels, Voilà hands each page's request (its address and query string) to the
kernel over an unauthenticated websocket, ``/voila/query/<kernel id>`` (Voilà's
``RequestInfoSocketHandler``). Left as it is, anyone who can reach the server and knows a kernel
id can read a page's query string, which holds the access token when a delegate opened
``?token=...``. ``qikit serve`` runs Voilà through this module, which changes two things:

- the socket answers only a kernel on this machine: a request from another machine, from a
  browser (browsers always send an Origin header; the kernel's own client does not) or for a
  kernel the server is not running is closed before anything is sent;
- the token is taken out of the query string before it is handed on, so no kernel, app or log
  ever holds it.

It also makes a workbook page set Jupyter's ``_xsrf`` cookie. When a tab closes, Voilà's page
asks the server to shut its kernel down, sending that cookie's value; Voilà's page handler never
set it, so every such request was refused (403) and each closed tab kept its kernel (about
160 MB) until culling. The gallery page, rendered from a Jupyter template, already sets it.

It gives the gallery page's template the function ``qikit_exercise_progress(topic, total)``, so
each exercise topic's card says how many of its exercises the learner has done, read from the
progress file each time the gallery is opened.

It sets how long a browser keeps each file of a page (:func:`cache_static_files`), so the next
page a delegate opens fetches almost nothing:

- Voilà's own JavaScript (``voila.js`` and about 200 pieces named by number, not by content) is
  served under ``voila/static/v-<hash>/``, the hash taken from the files' contents when the
  server starts; the page is told that address (``fullStaticUrl``), so a new Voilà gives a new
  address and these files are kept for a year with no question asked (``immutable``);
- lab extension files whose name carries a content hash (``remoteEntry.698dcaf7.js``), and any
  file asked for with a ``?v=`` version (the template's styles, our own scripts and the Vega
  bundle, whose address ``qikit serve`` gives with its hash), are kept for a year too;
- every other file (``voila/static/voila.js`` asked for by its plain address, an extension's
  ``package.json``) is asked about again each time (``no-cache``) and answered "not modified"
  by its ETag when it has not changed.

A kernel taken from the pool is replaced after the pool's delay, and only then counted in the
pool (:func:`refill_after_the_delay`): a request never waits for a replacement not yet started.

Everything else is Voilà's own code.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import os
import re
from urllib.parse import parse_qsl, urlencode

from voila.request_info_handler import RequestInfoSocketHandler

#: Query-string names that carry a secret and are never handed to a kernel.
SECRET_NAMES = ("token",)
_open = RequestInfoSocketHandler.open
_send_updates = RequestInfoSocketHandler.send_updates.__func__


def without_secrets(query: str) -> str:
    """The query string with the token (and any other secret name) taken out."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in SECRET_NAMES]
    return urlencode(kept)


def _from_a_kernel(handler: RequestInfoSocketHandler, kernel_id: str) -> bool:
    """True for a request from this machine, not from a browser, for a running kernel."""
    try:
        local = ipaddress.ip_address(handler.request.remote_ip or "").is_loopback
    except ValueError:
        local = False
    if not local or "Origin" in handler.request.headers:
        return False
    kernels = handler.settings.get("kernel_manager")
    try:
        return kernels is None or kernel_id in kernels
    except TypeError:
        return True


def open_for_kernels_only(self: RequestInfoSocketHandler, kernel_id: str) -> None:
    if not _from_a_kernel(self, kernel_id):
        self.close(1008, "This socket is for the server's own kernels.")
        return
    _open(self, kernel_id)


def forget_only_itself(self: RequestInfoSocketHandler) -> None:
    """Voilà's own ``on_close`` deletes the last waiter when this socket is not one of them
    (as when it was refused); this one forgets this socket only."""
    waiters = RequestInfoSocketHandler._waiters
    for kernel_id in [k for k, waiter in waiters.items() if waiter is self]:
        del waiters[kernel_id]


def send_updates_without_secrets(cls, msg: dict) -> None:
    payload = dict(msg.get("payload") or {})
    if "QUERY_STRING" in payload:
        payload["QUERY_STRING"] = without_secrets(payload["QUERY_STRING"])
    _send_updates(cls, {**msg, "payload": payload})


def guard_request_info() -> None:
    """Apply the two changes to Voilà's request-information socket (idempotent)."""
    RequestInfoSocketHandler.open = open_for_kernels_only
    RequestInfoSocketHandler.on_close = forget_only_itself
    RequestInfoSocketHandler.send_updates = classmethod(send_updates_without_secrets)


def set_xsrf_cookie_on_pages() -> None:
    """Workbook pages set the ``_xsrf`` cookie, so the page's 'tab closed' request is accepted
    and the kernel is shut down at once (idempotent)."""
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "_qikit_xsrf", False):
        return
    prepare = VoilaHandler.prepare

    async def prepare_and_set_cookie(self, *args, **kwargs):
        result = prepare(self, *args, **kwargs)
        if result is not None:
            await result
        self.xsrf_token  # noqa: B018 - reading it sets the cookie (tornado)

    VoilaHandler.prepare = prepare_and_set_cookie
    VoilaHandler._qikit_xsrf = True


def exercise_progress(topic: str, total: int) -> str:
    """The learner's progress on one exercise topic; never stops the gallery from opening."""
    from qikit.serve.gallery import exercise_progress as read_progress

    try:
        return read_progress(topic, int(total))
    except Exception:  # noqa: BLE001 - an unreadable progress file costs the count, not the page
        return f"{total} exercises"


def give_gallery_progress() -> None:
    """The gallery's template can call ``qikit_exercise_progress`` (idempotent)."""
    from voila.treehandler import VoilaTreeHandler

    if getattr(VoilaTreeHandler, "_qikit_progress", False):
        return
    get_template = VoilaTreeHandler.get_template

    def get_template_with_progress(self, name):
        self.settings["voila_jinja2_env"].globals["qikit_exercise_progress"] = exercise_progress
        return get_template(self, name)

    VoilaTreeHandler.get_template = get_template_with_progress
    VoilaTreeHandler._qikit_progress = True


#: A file kept for a year without asking again: its address changes when its contents do.
LONG_LIVED = "public, max-age=31536000, immutable"
#: A file asked about again each time, answered 304 by its ETag when unchanged.
REVALIDATE = "no-cache"
#: A file name that carries its contents' hash, as bundlers write them (``remoteEntry.698dcaf7.js``,
#: ``718.a7a3f80ef4813fab.js``).
HASHED_NAME = re.compile(r"(?:^|[./_-])[0-9a-f]{8,}\.[A-Za-z0-9]+$")
#: The hash of Voilà's own static files, set when the server starts (see :func:`static_version`).
_static_version: str | None = None


def static_version(roots: list[str]) -> str:
    """A short hash of every file under ``roots`` (names and contents): Voilà's JavaScript.

    About 10 MB are read once when the server starts (a few tenths of a second)."""
    digest = hashlib.sha256()
    for root in roots:
        if not os.path.isdir(root):
            continue
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, root).encode() + b"\0")
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()[:16]


def long_lived(path: str, arguments: dict) -> bool:
    """True for a file whose address changes with its contents: a ``?v=`` version or a hashed
    file name."""
    return "v" in arguments or bool(HASHED_NAME.search(path.rsplit("/", 1)[-1]))


class _CacheHeaders:
    """Cache-Control as :func:`long_lived` says; an ETag on every file. Mixed into tornado
    static file handlers (in front of them, so this ``set_headers`` runs last)."""

    always_long_lived = False

    def compute_etag(self):
        from tornado.web import StaticFileHandler

        return StaticFileHandler.compute_etag(self)

    def set_headers(self) -> None:
        super().set_headers()
        self.clear_header("Expires")
        if self.always_long_lived or long_lived(self.request.path, self.request.arguments):
            self.set_header("Cache-Control", LONG_LIVED)
        else:
            self.set_header("Cache-Control", REVALIDATE)


def _cached_handlers() -> dict:
    """Voilà's static file handlers and the same handlers with our cache headers."""
    from jupyter_server.base.handlers import FileFindHandler
    from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

    class CachedTemplateStaticFileHandler(_CacheHeaders, TemplateStaticFileHandler):
        pass

    class CachedMultiStaticFileHandler(_CacheHeaders, MultiStaticFileHandler):
        pass

    class VersionedStaticFileHandler(_CacheHeaders, MultiStaticFileHandler):
        always_long_lived = True

    class CachedFileFindHandler(_CacheHeaders, FileFindHandler):
        pass

    return {
        TemplateStaticFileHandler: CachedTemplateStaticFileHandler,
        MultiStaticFileHandler: CachedMultiStaticFileHandler,
        FileFindHandler: CachedFileFindHandler,
        "versioned": VersionedStaticFileHandler,
    }


def versioned_static_url(base_url: str) -> str:
    """Where pages load Voilà's JavaScript from: ``<base>voila/static/v-<hash>``."""
    return f"{base_url.rstrip('/')}/voila/static/v-{_static_version}"


def cache_static_files() -> None:
    """Serve static files with the cache headers described above (idempotent)."""
    import voila.handler
    import voila.utils
    import voila.voila_kernel_manager
    from voila.app import Voila

    if getattr(Voila, "_qikit_cache", False):
        return
    replacements = _cached_handlers()
    versioned = replacements.pop("versioned")
    init_handlers = Voila.init_handlers

    def init_handlers_with_cache_headers(self):
        global _static_version
        handlers = []
        for rule in init_handlers(self):
            pattern, handler, *rest = rule
            if handler in replacements:
                rule = (pattern, replacements[handler], *rest)
            if pattern.endswith("/voila/static/(.*)"):
                _static_version = static_version(list(self.static_paths))
                prefix = pattern[: -len("(.*)")]
                handlers.append((f"{prefix}v-{_static_version}/(.*)", versioned, *rest))
            handlers.append(rule)
        return handlers

    get_page_config = voila.utils.get_page_config

    def get_page_config_versioned(*args, **kwargs):
        page_config = get_page_config(*args, **kwargs)
        if _static_version:
            page_config["fullStaticUrl"] = versioned_static_url(page_config.get("baseUrl", "/"))
        return page_config

    Voila.init_handlers = init_handlers_with_cache_headers
    voila.handler.get_page_config = get_page_config_versioned
    voila.voila_kernel_manager.get_page_config = get_page_config_versioned
    Voila._qikit_cache = True


def refill_after_the_delay() -> None:
    """Put a used kernel's replacement into the pool only when it starts, not before.

    Voilà puts the replacement in the pool at once and starts it after ``fill_delay``; a request
    that comes meanwhile takes that replacement and waits for the whole delay (with
    ``qikit serve --room`` eight hours: the page never came). Now the replacement joins the pool
    when its delay is over, so until then the pool is empty and the request starts a kernel of
    its own, as on a server without a pool.
    """
    import voila.app

    factory = voila.app.voila_kernel_manager_factory
    if getattr(factory, "_qikit_refill", False):
        return

    def factory_with_late_refill(base_class, preheat_kernel, *args, **kwargs):
        made = factory(base_class, preheat_kernel, *args, **kwargs)
        if not preheat_kernel:
            return made

        class LateRefill(made):
            def fill_if_needed(self, delay=None, notebook_name=None, *more, **options):
                delay = self.fill_delay if delay is None else delay
                if delay > 0:
                    asyncio.get_event_loop().call_later(
                        delay, lambda: made.fill_if_needed(self, 0, notebook_name, *more, **options)
                    )
                    return
                made.fill_if_needed(self, 0, notebook_name, *more, **options)

        return LateRefill

    factory_with_late_refill._qikit_refill = True
    voila.app.voila_kernel_manager_factory = factory_with_late_refill


def main() -> None:
    guard_request_info()
    set_xsrf_cookie_on_pages()
    give_gallery_progress()
    cache_static_files()
    refill_after_the_delay()
    from voila.app import main as voila_main

    voila_main()


if __name__ == "__main__":
    main()
