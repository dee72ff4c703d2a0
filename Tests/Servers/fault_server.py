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
  ehlo-reject   greets normally and answers EHLO with "501 5.5.4 Invalid domain name"
  mute          greets normally, then never answers again
  tls-alert     answers the client's first bytes (a TLS ClientHello) with a TLS handshake_failure alert
"""
import argparse
import socket
import sys
import threading


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
        elif mode == "tls-alert":
            if conn.recv(4096):
                conn.sendall(bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))
            conn.recv(4096)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["silent", "garbage", "endless", "huge-reply", "close-mid", "reject",
                                         "ehlo-reject", "mute", "tls-alert"])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
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
