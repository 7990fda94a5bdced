#!/usr/bin/python3
"""An independent look at a jail's tmux server, through Debian's python3-libtmux.

Usage: /usr/bin/python3 -I libtmux_check.py SOCKET SESSIONS_JSON

SESSIONS_JSON is `sandmux ls --json` (a list of session objects). For every session
whose "socket" is SOCKET, checks from outside sandmux that the jail's server has exactly
one window with the session's window id, that the window is named after the session,
has one pane, and that the pane runs the session's command; and that no other window
carries a session's name. Windows that are no session (the jail's first window, made
when the server started) are listed on stderr as notes. Prints one line per problem and
exits 1, or prints "ok N" and exits 0.
"""
import json
import sys

import libtmux


def window_problems(window, session):
    name = session["name"]
    problems = []
    if window.window_name != name:
        problems.append(f"{name}: window {window.window_id} is named {window.window_name!r}")
    panes = window.panes
    if len(panes) != 1:
        problems.append(f"{name}: window {window.window_id} has {len(panes)} panes")
        return problems
    pane = panes[0]
    if pane.pane_id != session["pane"]:
        problems.append(f"{name}: pane is {pane.pane_id}, sandmux says {session['pane']}")
    start = pane.pane_start_command or ""
    missing = [word for word in session["command"] if word not in start]
    if missing:
        problems.append(f"{name}: pane_start_command {start!r} lacks {missing!r}")
    return problems


def check(socket, sessions):
    server = libtmux.Server(socket_path=socket)
    windows = {}
    for tmux_session in server.sessions:
        for window in tmux_session.windows:
            windows[window.window_id] = window
    mine = [s for s in sessions if s["socket"] == socket]
    problems = []
    for session in mine:
        window = windows.get(session["window"])
        if window is None:
            problems.append(f"{session['name']}: no window {session['window']} in the server")
            continue
        problems.extend(window_problems(window, session))
    expected = {s["window"] for s in mine}
    names = {s["name"] for s in mine}
    for window_id in sorted(set(windows) - expected):
        name = windows[window_id].window_name
        if name in names:
            problems.append(f"{name}: a second window {window_id} has its name")
        else:
            print(f"note: window {window_id} ({name!r}) is no session", file=sys.stderr)
    return mine, problems


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[2], encoding="utf-8") as f:
        sessions = json.load(f)
    mine, problems = check(argv[1], sessions)
    for problem in problems:
        print(problem)
    if not mine:
        print("no session uses that socket")
        return 1
    if problems:
        return 1
    print(f"ok {len(mine)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
