#!/usr/bin/env python3
"""Writes a registry import CSV of N persons (bench/registry_bench.sh): about three per
household, across the demo town's grids, with valid ID numbers (GB 11643 check digit),
phones, residence types and some tags. Deterministic for a seed.

Usage: persons_csv.py N OUT.csv [SEED]
COMMUNITIES=001,002 limits the rows to those communities of 平沙镇 (440404104NNN).
PART_ROWS=1000000 splits the output into OUT.00.csv, OUT.01.csv, ... of about that many
rows each (whole households, a header in each), for files above the upload limit."""
import os
import random
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
SURNAMES = "陈黄李梁吴张林何罗郑谢冯周徐孙马朱胡郭高"
GIVEN = "建国秀英志强丽华伟明婷婷小红国庆海燕文杰桂芳永红春梅俊杰晓东"
TAGS = ["老年人", "党员", "低保对象", "残疾人", "退役军人", "留守儿童", "志愿者"]
COMMUNITIES = os.environ.get("COMMUNITIES", "001,002,003,004,006,007,008,009,010,013,014").split(",")


def id_number(rng, serial):
    year = rng.randint(1930, 2020)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    # The sequence digits make numbers unique: serial spread over birth date and sequence.
    first17 = "440404%04d%02d%02d%03d" % (year, month, day, serial % 1000)
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + CHECK[total % 11], year


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    part_rows = int(os.environ.get("PART_ROWS", "0"))
    header = "姓名,身份证号,手机,人口类型,网格编码,地址,房号,与户主关系,标签\r\n"
    parts = []

    def open_part():
        name = out if not part_rows else "%s.%02d.csv" % (out[:-4] if out.endswith(".csv") else out, len(parts))
        parts.append(name)
        handle = open(name, "w", encoding="utf-8", newline="")
        handle.write(header)
        return handle

    seen = set()
    f = open_part()
    serial = 0
    household = 0
    part_start = 0
    while serial < n:
        if part_rows and serial - part_start >= part_rows:
            f.close()
            f = open_part()
            part_start = serial
        household += 1
        community = COMMUNITIES[household % len(COMMUNITIES)]
        grid = "440404104%s%03d" % (community, 1 + household % 6)
        address = "平沙镇%s社区第%d栋" % (community, 1 + household // 40)
        room = "%d-%d" % (1 + household % 30, 101 + household % 8)
        for member in range(min(rng.randint(1, 5), n - serial)):
            while True:
                number, year = id_number(rng, rng.randint(0, 999))
                if number not in seen:
                    seen.add(number)
                    break
            serial += 1
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
            phone = "13%09d" % rng.randint(0, 999999999) if rng.random() < 0.8 else ""
            kind = rng.choices(["户籍", "常住", "流动"], [70, 20, 10])[0]
            relation = "户主" if member == 0 else rng.choice(["配偶", "子女", "父母", "孙子女", "其他"])
            tags = []
            if year < 1966:
                tags.append("老年人")
            if rng.random() < 0.08:
                tags.append(rng.choice(TAGS[1:]))
            f.write("%s,%s,%s,%s,%s,%s,%s,%s,%s\r\n" % (name, number, phone, kind, grid, address, room, relation,
                                                         "；".join(tags)))

    f.close()


if __name__ == "__main__":
    main()
