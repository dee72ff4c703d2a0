#!/usr/bin/env python3
"""Misbehaving servers for the probe's fault tests, on raw sockets at 127.0.0.1.

Usage: fault_server.py MODE [--port N]
Prints the bound port on one line of standard output when ready, then serves
until killed or until standard input closes. Modes:
  silent        accepts, reads, never answers
  garbage       sends an HTTP response instead of a greeting
  endless       sends "220 " and then an endless line without a line end
  huge-reply    sends a multi-line greeting of more than 64 KiB, lines of 100 bytes
  close-mid     sends "220-first line" of a multi-line greeting and closes
  reject        greets with "554 5.7.1 No SMTP service here" and closes
  escape-reject greets with a 554 whose text holds terminal escape sequences (clear screen, set title)
  ehlo-reject   greets normally and answers EHLO with "501 5.5.4 Invalid domain name"
  mute          greets normally, then never answers again
  auth-then-530 offers AUTH PLAIN and accepts any login, then answers MAIL FROM with
                "530 5.7.0 Authentication required"
  tls-alert     answers the client's first bytes (a TLS ClientHello) with a TLS handshake_failure alert
  full          never accepts: listens with backlog 0 and fills the accept queue with its own idle
                connections before printing the port, so Linux drops every further SYN and a client's
                connect times out (a filtered port, made on loopback)
"""
import argparse
import socket
import sys
import threading


def read_line(conn, pending):
    """The next line from `conn` (without CRLF) and the bytes after it; None at the end of the stream."""
    while b"\n" not in pending:
        more = conn.recv(4096)
        if not more:
            return None, b""
        pending += more
    line, _, rest = pending.partition(b"\n")
    return line.rstrip(b"\r"), rest


def auth_then_530(conn):
    conn.sendall(b"220 fault.localhost ESMTP\r\n")
    pending = b""
    replies = {b"EHLO": b"250-fault.localhost\r\n250 AUTH PLAIN\r\n", b"AUTH": b"235 2.7.0 Authentication successful\r\n",
               b"MAIL": b"530 5.7.0 Authentication required\r\n", b"QUIT": b"221 Bye\r\n"}
    while True:
        line, pending = read_line(conn, pending)
        if line is None:
            return
        conn.sendall(replies.get(line[:4].upper(), b"250 OK\r\n"))


def serve(conn, mode):
    try:
        if mode == "silent":
            while conn.recv(4096):
                pass
        elif mode == "garbage":
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            conn.recv(4096)
        elif mode == "endless":
            conn.sendall(b"220 ")
            chunk = b"x" * 4096
            while True:
                conn.sendall(chunk)
        elif mode == "huge-reply":
            line = b"220-" + b"y" * 96 + b"\r\n"
            for _ in range(700):
                conn.sendall(line)
            conn.sendall(b"220 end\r\n")
            conn.recv(4096)
        elif mode == "close-mid":
            conn.sendall(b"220-first line\r\n")
        elif mode == "reject":
            conn.sendall(b"554 5.7.1 No SMTP service here\r\n")
        elif mode == "escape-reject":
            conn.sendall(b"554 5.7.1 \x1b[2J\x1b]0;pwned\x07go away\r\n")
        elif mode == "ehlo-reject":
            conn.sendall(b"220 fault.localhost ESMTP\r\n")
            data = b""
            while b"\n" not in data:
                more = conn.recv(4096)
                if not more:
                    return
                data += more
            conn.sendall(b"501 5.5.4 Invalid domain name\r\n")
            conn.recv(4096)
        elif mode == "mute":
            conn.sendall(b"220 fault.localhost ESMTP\r\n")
            while conn.recv(4096):
                pass
        elif mode == "auth-then-530":
            auth_then_530(conn)
        elif mode == "tls-alert":
            if conn.recv(4096):
                conn.sendall(bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))
            conn.recv(4096)
    except OSError:
        pass
    finally:
        conn.close()


def fill_accept_queue(listener):
    """Connects to `listener` until a connect times out: its accept queue is then full. Returns the fillers."""
    fillers = []
    for _ in range(8):
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.settimeout(0.3)
        try:
            client.connect(listener.getsockname())
        except OSError:
            client.close()
            return fillers
        fillers.append(client)
    sys.exit("fault_server.py: the accept queue never filled up")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["silent", "garbage", "endless", "huge-reply", "close-mid", "reject",
                                         "escape-reject", "ehlo-reject", "mute", "auth-then-530", "tls-alert", "full"])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    if args.mode == "full":
        listener.listen(0)
        fillers = fill_accept_queue(listener)
        print(listener.getsockname()[1], flush=True)
        sys.stdin.read()
        for filler in fillers:
            filler.close()
        return
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)

    def accept_loop():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn, args.mode), daemon=True).start()
    threading.Thread(target=accept_loop, daemon=True).start()
    sys.stdin.read()


if __name__ == "__main__":
    main()
