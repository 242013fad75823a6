#!/usr/bin/env python3
"""Writes a valid membership roster CSV (CONTRACT §5) for benchmarks and manual tests.

usage: gen_roster.py ROWS OUT.csv [--plan demo-inpatient --version YEAR --unions U0001,U0002]
Resident IDs have valid check characters and are unique; bank cards pass Luhn.
"""
import argparse
import datetime

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"]


def resident_id(i):
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=(i * 37) % 14000)
    first17 = "330106%s%03d" % (birth.strftime("%Y%m%d"), (i // 14000) % 1000)
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def luhn_card(i):
    payload = "621700%012d" % i
    total = 0
    for k, d in enumerate(reversed(payload)):
        n = int(d) * (2 if k % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return payload + str((10 - total % 10) % 10)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("rows", type=int)
    p.add_argument("out")
    p.add_argument("--plan", default="demo-inpatient")
    p.add_argument("--version", type=int, default=datetime.date.today().year)
    p.add_argument("--unions", default="U0001,U0002")
    p.add_argument("--prefix", default="R")
    a = p.parse_args()
    unions = a.unions.split(",")
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("member_no,name,national_id,union_code,bank_name,bank_account,plan_code,"
                "plan_version,shares,enrolled_on\r\n")
        for i in range(1, a.rows + 1):
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
            f.write("%s%07d,%s,%s,%s,中国工商银行,%s,%s,%d,1,%d-01-01\r\n" % (
                a.prefix, i, name, resident_id(i), unions[i % len(unions)], luhn_card(i),
                a.plan, a.version, a.version))


if __name__ == "__main__":
    main()
