"""Step 1 of the SYNTHETIC demo data: plausible priors (modelling assumptions, not published figures).

* :data:`PRIORS` -- the distribution of each indicator across provinces in 2018 and its drift;
* :func:`prior_group_scores` -- plausible sub-index scores per year from a latent development
  level of each province (urban share, centrally-run city, region), anchored to the overall ranks
  the province is published with, persistent province x sub-index effects, a trend per province
  and small yearly changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from icttools.core.framework import Framework

__all__ = ["IndicatorPrior", "PRIORS", "decimals_of", "prior_group_scores", "YEARLY_CHANGE_SD"]


@dataclass(frozen=True)
class IndicatorPrior:
    """Plausible distribution of one indicator across provinces in 2018, and its yearly drift."""

    mean: float
    sd: float
    low: float
    high: float
    drift: float  # change of the mean per year


# Plausible values for Vietnam around 2017–2019 (orders of magnitude from MIC/GSO statistics of
# the period; these are modelling assumptions for synthetic data, not published figures). The
# highs stay within the caps of icttools/data/feasibility_default.yaml.
PRIORS: dict[str, IndicatorPrior] = {
    "fixed_phones_per100": IndicatorPrior(3.0, 1.5, 0.4, 14.0, -0.3),
    "mobile_phones_per100": IndicatorPrior(125.0, 17.0, 85.0, 185.0, 5.0),
    "internet_subs_per100": IndicatorPrior(60.0, 14.0, 22.0, 120.0, 5.5),
    "fixed_broadband_per100": IndicatorPrior(12.0, 5.0, 2.0, 35.0, 2.0),
    "wireless_broadband_per100": IndicatorPrior(55.0, 12.0, 20.0, 110.0, 7.0),
    "households_computer_pct": IndicatorPrior(22.0, 9.0, 4.0, 60.0, 2.0),
    "households_broadband_pct": IndicatorPrior(30.0, 11.0, 5.0, 75.0, 5.0),
    "enterprises_broadband_pct": IndicatorPrior(80.0, 8.0, 50.0, 99.0, 3.0),
    "computers_per_staff": IndicatorPrior(0.95, 0.12, 0.5, 1.5, 0.03),
    "computers_internet_pct": IndicatorPrior(93.0, 4.0, 70.0, 100.0, 2.0),
    "bandwidth_per_staff": IndicatorPrior(1.6, 0.7, 0.1, 6.0, 0.35),
    "infosec_solutions": IndicatorPrior(60.0, 14.0, 15.0, 98.0, 5.0),
    "adult_literacy_pct": IndicatorPrior(94.0, 3.5, 78.0, 99.6, 0.2),
    "school_enrollment_pct": IndicatorPrior(92.0, 3.5, 78.0, 99.8, 0.3),
    "schools_teaching_it_pct": IndicatorPrior(75.0, 13.0, 30.0, 100.0, 3.0),
    "colleges_it_major_pct": IndicatorPrior(45.0, 18.0, 0.0, 100.0, 1.0),
    # dedicated IT staff include the information-security staff (plan 126, II.2.2)
    "it_staff_pct": IndicatorPrior(2.6, 0.7, 0.6, 5.0, 0.15),
    "it_staff_degree_pct": IndicatorPrior(70.0, 11.0, 30.0, 100.0, 2.0),
    "infosec_staff_pct": IndicatorPrior(1.9, 0.6, 0.05, 4.5, 0.2),
    "staff_trained_oss_pct": IndicatorPrior(20.0, 8.0, 2.0, 60.0, 2.0),
    "staff_trained_infosec_pct": IndicatorPrior(10.0, 4.5, 0.5, 35.0, 2.0),
    "email_use": IndicatorPrior(70.0, 13.0, 20.0, 100.0, 5.0),
    "basic_apps": IndicatorPrior(60.0, 14.0, 15.0, 100.0, 5.0),
    "sector_databases": IndicatorPrior(45.0, 15.0, 5.0, 100.0, 5.0),
    "edocuments_use": IndicatorPrior(65.0, 14.0, 15.0, 100.0, 5.0),
    "oss_use": IndicatorPrior(50.0, 15.0, 5.0, 100.0, 3.0),
    # cumulative levels: level 1 >= 2 >= 3 >= 4 in every province (Decree 43/2011/NĐ-CP)
    "online_services_l1_pct": IndicatorPrior(85.0, 12.0, 30.0, 100.0, 4.0),
    "online_services_l2_pct": IndicatorPrior(60.0, 17.0, 10.0, 100.0, 5.0),
    "online_services_l3_pct": IndicatorPrior(35.0, 15.0, 0.5, 95.0, 8.0),
    "online_services_l4_pct": IndicatorPrior(14.0, 9.0, 0.0, 60.0, 4.0),
}

_REGION_EFFECT = {  # development prior by region (synthetic modelling choice)
    "Đông Nam Bộ": 0.35,
    "Đồng bằng sông Hồng": 0.30,
    "Bắc Trung Bộ và duyên hải miền Trung": 0.05,
    "Đồng bằng sông Cửu Long": -0.05,
    "Tây Nguyên": -0.25,
    "Trung du và miền núi phía Bắc": -0.30,
}

ANCHOR_YEAR = 2018  # the year with the most published figures
# Spread of the yearly change of a province's latent sub-index level, and of its trend over the
# period (latent units; the logistic slope ~0.2 turns 0.25 into ~0.05 of a sub-index score, a few
# places a year, as the published moves of 3-16 places suggest).
YEARLY_CHANGE_SD = 0.25
TREND_SD = 0.12


def decimals_of(iid: str) -> int:
    """Decimals written for an indicator: rounding moves its z-score by < 1e-5."""
    return int(min(6, max(2, np.ceil(np.log10(5e4 / PRIORS[iid].sd)))))


def _latent_development(provinces: pd.DataFrame, rng: np.random.Generator,
                        published_ranks: dict[str, float]) -> np.ndarray:
    urban = provinces["population_2019_urban"].to_numpy(float) / provinces["population_2019"].to_numpy(float)
    logit = np.log(urban / (1 - urban))
    d = (logit - logit.mean()) / logit.std()
    city = (provinces["unit_type"].str.startswith("thành phố")).to_numpy(float)
    region = provinces["region"].map(_REGION_EFFECT).fillna(0.0).to_numpy(float)
    dev = 0.6 * d + 0.6 * city + region + 0.45 * rng.standard_normal(len(d))
    # a province published at rank r (mean over the years) gets the r-th highest level, so that
    # every year's prior already places it near its published ranks
    ladder = np.sort(dev)[::-1]
    codes = provinces["gso_code"].tolist()
    for code, r in sorted(published_ranks.items()):
        dev[codes.index(code)] = ladder[int(round(r)) - 1]
    return dev


def _anchor_groups(fw: Framework, base: np.ndarray, codes: list[str],
                   node_ranks: dict[tuple[str, str], float]) -> np.ndarray:
    """Move a province's persistent level on a sub-index to its published rank there (mean over
    the years), or, for a published component rank, on both sub-indices of the component."""
    base = base.copy()
    targets: dict[tuple[int, int], float] = {}
    for (code, node), r in sorted(node_ranks.items()):
        if code not in codes or not fw.has_node(node) or node == fw.root.id:
            continue
        groups = [node] if fw.node(node).is_group else list(fw.node(node).children)
        for gid in groups:
            if not fw.node(gid).is_group:
                continue
            key = (codes.index(code), fw.group_ids.index(gid))
            if gid == node or key not in targets:  # a sub-index's own rank wins over its component's
                targets[key] = r
    for (p, g), r in sorted(targets.items()):
        ladder = np.sort(base[:, g])[::-1]
        base[p, g] = ladder[int(round(r)) - 1]
    return base


def prior_group_scores(fw: Framework, years: tuple[int, ...], seed: int, provinces: pd.DataFrame,
                       published_ranks: dict[tuple[str, str], float]) -> dict[int, np.ndarray]:
    """Plausible sub-index scores per year (before calibration), each (P, G) in (0, 1).

    Not rescaled per year, so that ``scores[y] - scores[ANCHOR_YEAR]`` is the modelled change of
    each province from the anchor year.

    Parameters
    ----------
    published_ranks : dict
        (GSO code, node) -> mean published rank over the years. Overall ranks anchor the
        development level, component and sub-index ranks the persistent effects, so that every
        year's prior already places the province near the ranks it is published with.
    """
    rng = np.random.default_rng(seed)
    root = fw.root.id
    dev = _latent_development(provinces, rng, {c: r for (c, n), r in published_ranks.items() if n == root})
    P, G = len(provinces), len(fw.group_ids)
    loading = rng.uniform(0.55, 1.0, G)
    persistent = rng.standard_normal((P, G)) * 0.75
    base = loading * dev[:, None] + persistent
    persistent += _anchor_groups(fw, base, provinces["gso_code"].tolist(), published_ranks) - base
    trend = rng.standard_normal(P) * TREND_SD
    out = {}
    for year in sorted(years):
        # a random walk away from the anchor year: one yearly change per year of distance
        steps = abs(year - ANCHOR_YEAR)
        change = rng.standard_normal((steps, P, G)).sum(axis=0) * YEARLY_CHANGE_SD if steps else 0.0
        latent = loading * (dev + trend * (year - ANCHOR_YEAR))[:, None] + persistent + change
        out[year] = 1 / (1 + np.exp(-0.8 * latent))  # not rescaled: changes stay comparable
    return out
