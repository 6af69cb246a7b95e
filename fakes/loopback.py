"""The HTTP server every fake platform listens with on 127.0.0.1."""

from __future__ import annotations

from http.server import ThreadingHTTPServer


class LoopbackServer(ThreadingHTTPServer):
    """A threading HTTP server with a listen backlog like a real front end's. The standard
    library's backlog of 5 drops the handshakes of a burst of new connections, and each
    dropped one waits out TCP's 200 ms retransmission timer: a delay no platform adds."""

    request_queue_size = 1024
    daemon_threads = True
