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

Everything else is Voilà's own code.
"""

from __future__ import annotations

import ipaddress
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


def main() -> None:
    guard_request_info()
    set_xsrf_cookie_on_pages()
    give_gallery_progress()
    from voila.app import main as voila_main

    voila_main()


if __name__ == "__main__":
    main()
