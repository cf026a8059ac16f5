#!/usr/bin/env python3
"""Takers racing for open service orders over HTTP (issue 18's benchmark).

Sets up TAKERS party-member accounts of the demo community and ORDERS orders the demo
resident files and the community's grid chief opens to be taken, then lets every taker, on
a thread of its own with a keep-alive connection, list the open orders near them and try to
take one (at the version it read) until none is left. Prints one JSON line: takes per second
over the race, successes (must equal ORDERS), 409s, other answers, and the p50/p99 of a take.

Usage: take_race.py BASE_URL ADMIN_PASSWORD [TAKERS=64] [ORDERS=1000]
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

BASE = urllib.parse.urlparse(sys.argv[1])
ADMIN_PW = sys.argv[2]
TAKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 64
ORDERS = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
DEMO_PW = "Wangge@2026"
COMMUNITY, GRID = "440404104001", "440404104001001"


class Client:
    def __init__(self, token=None):
        self.conn = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=60)
        self.token = token

    def call(self, method, path, body=None, headers=None):
        h = {"Content-Type": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        self.conn.request(method, path, json.dumps(body) if body is not None else None, h)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data and data[:1] in b"{[" else None)


def login(user, pw):
    status, body = Client().call("POST", "/api/v1/auth/login", {"username": user, "password": pw})
    assert status == 200, (user, status, body)
    return body["token"]


def setup():
    admin = Client(login("admin", ADMIN_PW))
    names = []
    for i in range(TAKERS):
        name = "racer%03d" % i
        status, body = admin.call("POST", "/api/v1/users",
                                  {"username": name, "display_name": "党员%03d" % i, "password": "Racer#2026x"})
        assert status in (201, 409), (status, body)
        if status == 201:
            s, b = admin.call("POST", "/api/v1/users/%d/grants" % body["id"],
                              {"role": "party_member", "region_code": COMMUNITY})
            assert s == 201, (s, b)
        names.append(name)
    resident = Client(login("resident", DEMO_PW))
    chief = Client(login("gridchief", DEMO_PW))
    for i in range(ORDERS):
        s, o = resident.call("POST", "/api/v1/service-orders", {"region_code": GRID, "title": "代领快递 %d" % i})
        assert s == 201, (s, o)
        s, b = chief.call("POST", "/api/v1/service-orders/%d/publish" % o["id"], {"version": o["version"]})
        assert s == 200, (s, b)
    return [login(n, "Racer#2026x") for n in names]


def race(tokens):
    results = {"ok": 0, "conflict": 0, "other": 0}
    lat = []
    lock = threading.Lock()
    start = threading.Barrier(len(tokens) + 1)

    def taker(token):
        c = Client(token)
        rnd = random.Random(token)
        start.wait()
        while True:
            s, page = c.call("GET", "/api/v1/service-orders?view=open&limit=50")
            if s != 200:
                with lock:
                    results["other"] += 1
                continue
            items = page["items"]
            if not items:
                return
            o = rnd.choice(items)
            t0 = time.perf_counter()
            s, _ = c.call("POST", "/api/v1/service-orders/%d/take" % o["id"], {"version": o["version"]})
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                results["ok" if s == 200 else "conflict" if s == 409 else "other"] += 1

    threads = [threading.Thread(target=taker, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    lat.sort()
    q = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else None
    return dict(takers=len(tokens), orders=ORDERS, seconds=round(elapsed, 2),
                takes_per_s=round(results["ok"] / elapsed, 1), successes=results["ok"],
                conflicts=results["conflict"], other=results["other"], take_p50_ms=q(0.5), take_p99_ms=q(0.99))


if __name__ == "__main__":
    tokens = setup()
    out = race(tokens)
    # Each order taken once: none open any more, every one taken by exactly one account.
    chief = Client(login("gridchief", DEMO_PW))
    s, page = chief.call("GET", "/api/v1/service-orders?view=community&status=open&limit=1")
    out["left_open"] = len(page["items"])
    print(json.dumps(out))
    sys.exit(0 if out["successes"] == ORDERS and out["other"] == 0 and out["left_open"] == 0 else 1)
