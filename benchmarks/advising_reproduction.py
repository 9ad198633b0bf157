"""Which figures of Al-Sarem (2017), Tables 13-17, reproduce from the paper's own inputs?

Prints every recomputed figure next to the printed one (equal at the printed number of
decimals or not), the verdict for every table 5 and 9-17, and the packages the paper's method
gives for its example (Table 14 recomputed). Nothing is timed.

    .venv/bin/python benchmarks/advising_reproduction.py [--table 16] [--packages 10]
"""

from __future__ import annotations

import argparse
import textwrap

import pandas as pd

from edulab.advising import paper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", help="only this table (5, 9, ..., 17)")
    parser.add_argument("--packages", type=int, default=8, help="recomputed Table 14 packages to print (default 8)")
    args = parser.parse_args()

    report = paper.reproduction_report()
    if args.table:
        report = report[report["table"] == args.table]
    with pd.option_context("display.width", 200, "display.max_colwidth", 60, "display.max_rows", 200):
        print(report[["table", "quantity", "printed", "computed", "reproduces"]].to_string(index=False))
    print()
    counts = report.groupby("table")["reproduces"].agg(["sum", "count"])
    for table, row in counts.iterrows():
        print(f"Table {table}: {row['sum']} of {row['count']} printed figures reproduce at their printed digits")
    print()
    for table, verdict in paper.VERDICTS.items():
        if args.table in (None, table):
            print(textwrap.fill(f"Table {table}: {verdict}", width=100, subsequent_indent="    "))
    if args.table in (None, "14"):
        packages = paper.paper_packages()
        print(f"\nTable 14 recomputed: {len(packages)} packages of 12-17 credits; the best {args.packages}:")
        for row in packages.head(args.packages).itertuples():
            print(f"  {row.rank:>3}  {row.credits:>2} credits  {row.score:.4f}  {', '.join(row.courses)}")


if __name__ == "__main__":
    main()
