"""Write data/raw/papi/<year>/indicators.csv from the shared PAPI source (run once; kept for provenance).

Usage: ``python data/raw/papi/convert.py ../shared/realdata/papi/papi_dimensions_2018_2024.csv``

Reads the long file (``year, gso_code, province, variable, value, source``), keeps the 8 dimension
scores (the total is recomputed by the framework and checked against the source's total in the
data card), and writes one table per year: ``gso_code, province, data_source`` and the 8 columns.
Every year lists the 63 provinces (``icttools/data/provinces_63.csv``): a province or a value the
source lacks stays an empty cell (never filled). Values are copied as they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

DIMENSIONS = ["papi_d1_participation", "papi_d2_transparency", "papi_d3_vertical_accountability",
              "papi_d4_control_of_corruption", "papi_d5_public_admin_procedures",
              "papi_d6_public_service_delivery", "papi_d7_environmental_governance", "papi_d8_e_governance"]


def main(source: str) -> None:
    long = pd.read_csv(source, dtype={"gso_code": str, "value": str}, keep_default_na=False)
    commit = sorted(set(long["source"]))
    assert len(commit) == 1, commit
    out_root = Path(__file__).resolve().parent
    provinces = pd.read_csv(out_root.parents[2] / "icttools" / "data" / "provinces_63.csv", dtype=str)
    for year, rows in long.groupby("year"):
        wide = rows.pivot(index="gso_code", columns="variable", values="value")
        wide = wide.reindex(index=provinces["gso_code"], columns=DIMENSIONS)
        wide.insert(0, "province", provinces.set_index("gso_code")["name_vi"])
        wide = wide.reset_index()
        wide.insert(2, "data_source", f"REAL: PAPI {year} dimension scores, {commit[0]}")
        folder = out_root / str(year)
        folder.mkdir(exist_ok=True)
        wide.to_csv(folder / "indicators.csv", index=False, lineterminator="\n", na_rep="")


if __name__ == "__main__":
    main(sys.argv[1])
