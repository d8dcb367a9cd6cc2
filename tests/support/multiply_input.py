#!/usr/bin/python3
"""Makes a bigger data set from the sample input: every project of
projects.csv, costs.csv and indicators.csv (CP932 CSV, code in the first
column) copied K times under new codes (13035 -> 13035-1 ... 13035-K).
The KPI sheet is left out. Used by tests that need a run lasting long
enough to be interrupted.   usage: multiply_input.py SRC DST K"""
import csv, io, os, sys

src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst, exist_ok=True)
for name in ("projects.csv", "costs.csv", "indicators.csv"):
    with open(os.path.join(src, name), encoding="cp932", newline="") as f:
        rows = list(csv.reader(f))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(rows[0])
    for i in range(1, k + 1):
        for r in rows[1:]:
            if r and r[0]:
                w.writerow([f"{r[0]}-{i}"] + r[1:])
    with open(os.path.join(dst, name), "w", encoding="cp932", newline="") as f:
        f.write(out.getvalue())
with open(os.path.join(dst, "hyoka.conf"), "w") as f:
    f.write("profile = nemuro\n")
