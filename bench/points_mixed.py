#!/usr/bin/env python3
"""Mixed awards and redemptions over HTTP (issue 19's benchmark), then the sums checked.

Sets up HOLDERS registry persons in the demo grid, a manual line of the list (10 points, no
cap) and two rewards of the community's shop (one scarce, one plentiful), then lets THREADS
threads, each on a keep-alive connection, send REQUESTS requests in all: 70 % awards to a
random holder, 30 % redemptions for one (the clerk's on-behalf redemption), each under an
Idempotency-Key. Afterwards it checks what the server holds against what it answered:

  - every holder's balance = the ledger's sum (GET /points/check: no mismatches);
  - the sum of balances = 10 x the awards answered 201 - the prices of the redemptions
    answered 201;
  - each reward's stock = its units added - its redemptions answered 201, never below 0.

Prints one JSON line: requests per second, awards and redemptions by answer, p50/p99 of
each, and "anomalies" (must be 0). Exits 1 when any check fails.

Usage: points_mixed.py BASE_URL ADMIN_PASSWORD [REQUESTS=100000] [THREADS=16] [HOLDERS=200]
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
import uuid

BASE = urllib.parse.urlparse(sys.argv[1])
ADMIN_PW = sys.argv[2]
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
THREADS = int(sys.argv[4]) if len(sys.argv) > 4 else 16
HOLDERS = int(sys.argv[5]) if len(sys.argv) > 5 else 200
COMMUNITY, GRID = "440404104001", "440404104001001"
AWARD, SCARCE_PRICE, PLENTY_PRICE, SCARCE_STOCK, PLENTY_STOCK = 10, 50, 20, 500, 100000


class Client:
    def __init__(self, token=None):
        self.conn = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=120)
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


def id_number(n):
    first17 = "44040419800101%03d" % (n % 1000)
    first17 = first17[:6] + "%04d" % (1950 + n // 1000) + first17[10:]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]
    return first17 + check


def setup():
    s, body = Client().call("POST", "/api/v1/auth/login", {"username": "admin", "password": ADMIN_PW})
    assert s == 200, (s, body)
    admin = Client(body["token"])
    s, h = admin.call("POST", "/api/v1/households", {"region_code": GRID, "address": "积分压测路 1 号",
                                                     "housing_type": "owned"})
    assert s == 201, (s, h)
    persons = []
    for i in range(HOLDERS):
        s, p = admin.call("POST", "/api/v1/persons", {"name": "压测%d" % i, "id_number": id_number(i),
                                                       "household_id": h["id"], "relation": "other"})
        assert s == 201, (s, p)
        persons.append(p["id"])
    s, rule = admin.call("POST", "/api/v1/point-rules", {"region_code": COMMUNITY, "earner_type": "resident",
                                                          "deed": "manual", "name": "压测积分", "points": AWARD})
    assert s == 201, (s, rule)
    rewards = {}
    for name, price, stock in (("稀缺礼品", SCARCE_PRICE, SCARCE_STOCK), ("常备礼品", PLENTY_PRICE, PLENTY_STOCK)):
        s, r = admin.call("POST", "/api/v1/point-rewards", {"region_code": COMMUNITY, "name": name, "price": price,
                                                             "stock": stock, "supplier_kind": "community",
                                                             "supplier_name": "立新社区"})
        assert s == 201, (s, r)
        rewards[r["id"]] = (price, stock)
    # One award each, so that every holder exists before the race.
    holders = []
    for p in persons:
        s, e = admin.call("POST", "/api/v1/point-awards", {"holder_kind": "person", "ref_id": p, "rule_id": rule["id"]})
        assert s == 201, (s, e)
    s, page = admin.call("GET", "/api/v1/point-holders?region=%s&kind=person&limit=200" % GRID)
    by_ref = {x["ref_id"]: x["id"] for x in page["items"]}
    holders = [by_ref[p] for p in persons]
    return admin.token, persons, holders, rule["id"], rewards


def main():
    token, persons, holders, rule, rewards = setup()
    reward_ids = list(rewards)
    counts = {}
    lat = {"award": [], "redeem": []}
    redeemed = {r: 0 for r in reward_ids}
    lock = threading.Lock()
    per_thread = REQUESTS // THREADS

    def run(seed):
        rng = random.Random(seed)
        c = Client(token)
        local = {}
        local_lat = {"award": [], "redeem": []}
        local_redeemed = {r: 0 for r in reward_ids}
        for _ in range(per_thread):
            k = rng.randrange(len(persons))
            key = {"Idempotency-Key": str(uuid.uuid4())}
            t0 = time.perf_counter()
            if rng.random() < 0.7:
                kind = "award"
                s, _ = c.call("POST", "/api/v1/point-awards",
                              {"holder_kind": "person", "ref_id": persons[k], "rule_id": rule}, key)
            else:
                kind = "redeem"
                r = reward_ids[0] if rng.random() < 0.5 else reward_ids[1]
                s, _ = c.call("POST", "/api/v1/point-redemptions", {"reward_id": r, "holder_id": holders[k]}, key)
                if s == 201:
                    local_redeemed[r] += 1
            local_lat[kind].append(time.perf_counter() - t0)
            local[(kind, s)] = local.get((kind, s), 0) + 1
        with lock:
            for k2, v in local.items():
                counts[k2] = counts.get(k2, 0) + v
            for k2 in lat:
                lat[k2].extend(local_lat[k2])
            for r in reward_ids:
                redeemed[r] += local_redeemed[r]

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0

    admin = Client(token)
    anomalies = []
    s, check = admin.call("GET", "/api/v1/points/check?region=%s" % COMMUNITY)
    if s != 200 or check["mismatches"] or check["stock_mismatches"]:
        anomalies.append(("check", s, check))
    total = 0
    cursor = ""
    while True:
        s, page = admin.call("GET", "/api/v1/point-holders?region=%s&kind=person&limit=200%s" % (GRID, cursor))
        for x in page["items"]:
            if x["id"] in set(holders):
                total += x["balance"]
                if x["balance"] < 0:
                    anomalies.append(("negative", x))
        if not page.get("next_cursor"):
            break
        cursor = "&cursor=" + page["next_cursor"]
    awards_ok = counts.get(("award", 201), 0)
    spent = sum(rewards[r][0] * n for r, n in redeemed.items())
    expected = AWARD * (len(holders) + awards_ok) - spent
    if total != expected:
        anomalies.append(("sum", total, expected))
    s, page = admin.call("GET", "/api/v1/point-rewards?view=manage&limit=200")
    for x in page["items"]:
        if x["id"] in rewards and (x["stock"] != rewards[x["id"]][1] - redeemed[x["id"]] or x["stock"] < 0):
            anomalies.append(("stock", x["id"], x["stock"], rewards[x["id"]][1] - redeemed[x["id"]]))
    others = {"%s %d" % k: v for k, v in counts.items() if k[1] not in (201, 409)}
    if others:
        anomalies.append(("answers", others))

    def pct(xs, p):
        xs = sorted(xs)
        return round(1000 * xs[min(len(xs) - 1, int(len(xs) * p))], 2) if xs else None

    print(json.dumps({
        "requests": sum(counts.values()), "seconds": round(elapsed, 1),
        "per_second": round(sum(counts.values()) / elapsed),
        "awards": {str(k[1]): v for k, v in counts.items() if k[0] == "award"},
        "redemptions": {str(k[1]): v for k, v in counts.items() if k[0] == "redeem"},
        "award_ms": {"p50": pct(lat["award"], 0.5), "p99": pct(lat["award"], 0.99)},
        "redeem_ms": {"p50": pct(lat["redeem"], 0.5), "p99": pct(lat["redeem"], 0.99)},
        "balance_sum": total, "anomalies": len(anomalies)}, ensure_ascii=False))
    if anomalies:
        print(json.dumps(anomalies, ensure_ascii=False, default=str)[:2000], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
