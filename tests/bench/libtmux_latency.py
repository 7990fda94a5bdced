#!/usr/bin/python3
"""The libtmux side of broker_latency: type a token + Enter, poll until it is seen.

Usage: /usr/bin/python3 -I libtmux_latency.py SOCKET_NAME

Starts a private tmux server (`tmux -L SOCKET_NAME -f /dev/null`) through Debian's
python3-libtmux, with one pane running `stty -echo; exec cat`: with the terminal's echo
off, a token shows on the screen only once cat has read the line and written it back.
Prints "ready", then reads one token per line from stdin; for each it does what a
libtmux script does today, `pane.send_keys(token)` (send-keys, then send-keys Enter)
and `pane.capture_pane()` in a loop without sleeping until a line holds the token, and
prints the seconds that took ("timeout" after 10 s). At end of input it kills the
server and removes its socket.
"""
import os
import sys
import time

import libtmux

TIMEOUT_SECONDS = 10.0


def one_round_trip(pane, token):
    """Seconds from send_keys to the first capture_pane showing TOKEN, or None."""
    start = time.perf_counter()
    pane.send_keys(token)
    while True:
        if any(token in line for line in pane.capture_pane()):
            return time.perf_counter() - start
        if time.perf_counter() - start > TIMEOUT_SECONDS:
            return None


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    os.environ["SHELL"] = "/bin/sh"
    os.environ.pop("TMUX", None)
    server = libtmux.Server(socket_name=argv[1], config_file="/dev/null")
    try:
        session = server.new_session(session_name="latency", x=80, y=24,
                                     window_command="sh -c 'stty -echo; exec cat'")
        pane = session.attached_window.attached_pane
        print("ready", flush=True)
        for line in sys.stdin:
            seconds = one_round_trip(pane, line.strip())
            print("timeout" if seconds is None else f"{seconds:.9f}", flush=True)
    finally:
        server.kill_server()
        directory = os.environ.get("TMUX_TMPDIR") or "/tmp"
        try:  # tmux leaves its socket file behind
            os.unlink(f"{directory}/tmux-{os.getuid()}/{argv[1]}")
        except FileNotFoundError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
