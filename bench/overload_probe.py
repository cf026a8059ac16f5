#!/usr/bin/env python3
"""Probes a server under overload, as a load balancer's health check and a person would:
every INTERVAL seconds a new connection asks GET /healthz, an authenticated GET
/api/v1/auth/me, and (every fifth round) POST /api/v1/auth/login. Each call's latency and
status is recorded; a call that takes more than TIMEOUT seconds counts as a timeout.
Prints one JSON object: per probe the count, p50, p99 and max in milliseconds, and the
statuses seen.

Usage: overload_probe.py HOST PORT TOKEN USER PASSWORD SECONDS [INTERVAL] [TIMEOUT]
"""
import http.client
import json
import sys
import threading
import time

host, port, token, user, password, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6])
interval = float(sys.argv[7]) if len(sys.argv) > 7 else 0.2
timeout = float(sys.argv[8]) if len(sys.argv) > 8 else 15.0

results = {"healthz": [], "get": [], "login": []}
lock = threading.Lock()


def call(name, method, path, body=None, headers=None):
    started = time.monotonic()
    status = "timeout"
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request(method, path, body=body, headers=headers or {})
        status = conn.getresponse().status
        conn.close()
    except Exception as e:  # refused, reset, timed out
        status = type(e).__name__
    ms = (time.monotonic() - started) * 1000
    with lock:
        results[name].append((ms, status))


threads = []
end = time.monotonic() + seconds
round_ = 0
while time.monotonic() < end:
    round_ += 1
    jobs = [("healthz", "GET", "/healthz", None, None),
            ("get", "GET", "/api/v1/auth/me", None, {"Authorization": "Bearer " + token})]
    if round_ % 5 == 0:
        jobs.append(("login", "POST", "/api/v1/auth/login",
                     json.dumps({"username": user, "password": password}), {"Content-Type": "application/json"}))
    for job in jobs:
        t = threading.Thread(target=call, args=job, daemon=True)
        t.start()
        threads.append(t)
    time.sleep(interval)
for t in threads:
    t.join(timeout + 1)


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 1)


out = {}
for name, rows in results.items():
    ms = [r[0] for r in rows]
    statuses = {}
    for _, s in rows:
        statuses[str(s)] = statuses.get(str(s), 0) + 1
    out[name] = {"n": len(rows), "p50": pct(ms, 50), "p99": pct(ms, 99), "max": pct(ms, 100), "statuses": statuses}
print(json.dumps(out))
