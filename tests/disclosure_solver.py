"""An attacker of the public insights: integer intervals plus linear equalities, solved exactly.

What the attacker knows: every published figure (each an interval of true values: the rounding
rule is public, the key is not), and every linear equality between the true values (a row adds
up to its total, a column to its total, the years to all time, a month is the same month under
every filter, members as at the end of a year are those of the year before plus newcomers).

A true count is *recovered* when it is the only value it takes in every integer solution of
those constraints. ``Solver.recovered`` decides that exactly: interval propagation first (a
singleton after propagation is recovered), then a search for a second solution with another
value (a solution found proves it is not recovered; a search that runs out proves it is).
"""

from __future__ import annotations

import random
from collections import defaultdict

BIG = 10**6


class Undecided(Exception):
    """The search hit its node limit: neither proof found (counted as a failure by the tests)."""


class Solver:
    def __init__(self, node_limit: int = 20_000):
        self.bounds: dict[object, tuple[int, int]] = {}
        self.equations: list[list[tuple[int, object]]] = []
        self.touching: dict[object, list[int]] = defaultdict(list)
        self.node_limit = node_limit

    # --- building the system ----------------------------------------------------------------

    def bound(self, name, lo: int, hi: int) -> None:
        old_lo, old_hi = self.bounds.get(name, (0, BIG))
        self.bounds[name] = (max(lo, old_lo), min(hi, old_hi))

    def observe(self, name, published: int) -> None:
        """A published figure: 0 means 0..4 (a zero stays zero), p > 0 means p-4..p+4 and ≥ 1;
        a figure that is not a multiple of 5 was not rounded."""
        if published % 5:
            self.bound(name, published, published)
            return
        self.bound(name, *((0, 4) if published == 0 else (max(1, published - 4), published + 4)))

    def sum_equals(self, total, parts) -> None:
        """``total`` = Σ ``parts``."""
        self.linear_zero([(1, total), *[(-1, p) for p in parts]])

    def linear_zero(self, terms) -> None:
        """Σ c·x = 0 over ``terms`` [(c, x)], integer coefficients (a sum of ratings is
        Σ rating × answers; "between n and 5n" is two such equations with slack unknowns)."""
        terms = list(terms)
        for _c, name in terms:
            self.bounds.setdefault(name, (0, BIG))
        index = len(self.equations)
        self.equations.append(terms)
        for _c, name in terms:
            self.touching[name].append(index)

    # --- solving ------------------------------------------------------------------------------

    def propagate(self, bounds: dict, queue: set[int] | None = None) -> dict | None:
        """Tighten ``bounds`` (a copy) to the fixpoint; None when no integer solution exists."""
        bounds = dict(bounds)
        queue = set(range(len(self.equations))) if queue is None else set(queue)
        while queue:
            eq = self.equations[queue.pop()]
            lows = [c * bounds[n][0] if c > 0 else c * bounds[n][1] for c, n in eq]
            highs = [c * bounds[n][1] if c > 0 else c * bounds[n][0] for c, n in eq]
            low, high = sum(lows), sum(highs)
            if low > 0 or high < 0:
                return None
            for (c, name), lo_i, hi_i in zip(eq, lows, highs, strict=True):
                rest_lo, rest_hi = low - lo_i, high - hi_i  # c·x = −rest
                # c > 0: x in [ceil(−rest_hi / c), floor(−rest_lo / c)];
                # c < 0: x in [ceil(rest_lo / |c|), floor(rest_hi / |c|)]
                new = (-(rest_hi // c), -rest_lo // c) if c > 0 else (-(-rest_lo // -c), rest_hi // -c)
                lo, hi = bounds[name]
                lo, hi = max(lo, new[0]), min(hi, new[1])
                if lo > hi:
                    return None
                if (lo, hi) != bounds[name]:
                    bounds[name] = (lo, hi)
                    queue.update(self.touching[name])
        return bounds

    def solve(self, bounds: dict, prefer: dict, node_limit: int | None = None) -> dict | None:
        """One integer solution within ``bounds`` (depth-first, values nearest ``prefer`` first);
        None when there is none; ``Undecided`` past the node limit."""
        nodes, limit = [0], node_limit or self.node_limit

        def search(b: dict, changed: set[int] | None) -> dict | None:
            nodes[0] += 1
            if nodes[0] > limit:
                raise Undecided
            b = self.propagate(b, changed)
            if b is None:
                return None
            open_ = [n for n, (lo, hi) in b.items() if lo < hi]
            if not open_:
                return b
            name = min(open_, key=lambda n: b[n][1] - b[n][0])
            lo, hi = b[name]
            values = sorted(range(lo, min(hi, lo + 40) + 1), key=lambda v: abs(v - prefer.get(name, lo)))
            for v in values:
                found = search({**b, name: (v, v)}, set(self.touching[name]))
                if found is not None:
                    return found
            return None

        return search(bounds, None)

    def recovered(self, truth: dict, targets: list, samples: int = 8, seed: int = 0) -> list:
        """The targets whose true value is the only feasible one."""
        base = self.propagate(self.bounds)
        assert base is not None, "the true data must satisfy the attacker's constraints"
        for name, value in truth.items():
            lo, hi = base.get(name, (value, value))
            assert lo <= value <= hi, (name, value, (lo, hi))
        open_ = {t for t in targets if base[t][0] < base[t][1]}
        out = [t for t in targets if t not in open_]

        def clear(solution: dict) -> None:  # a solution clears every target it moves
            open_.difference_update({t for t in open_ if solution[t][0] != truth[t]})

        rng = random.Random(seed)
        for _ in range(samples):  # solutions near the truth with the targets nudged at random
            if not open_:
                break
            nudged = {**truth, **{t: truth[t] + rng.choice((-2, -1, 1, 2)) for t in sorted(open_, key=str)}}
            try:
                solution = self.solve(base, nudged, node_limit=2_000)
            except Undecided:
                continue
            if solution is not None:
                clear(solution)
        while open_:  # the rest one by one: another feasible value, or proof there is none
            t = min(open_, key=str)
            open_.discard(t)
            lo, hi = base[t]
            others = sorted((w for w in range(lo, hi + 1) if w != truth[t]), key=lambda v: abs(v - truth[t]))
            for limit in (2_000, self.node_limit):  # easy values first
                undecided = []
                for w in others:
                    try:
                        solution = self.solve({**base, t: (w, w)}, truth, node_limit=limit)
                    except Undecided:
                        undecided.append(w)
                        continue
                    if solution is not None:
                        clear(solution)
                        break
                else:
                    others = undecided
                    if others:
                        continue
                    out.append(t)  # every other value proved infeasible
                break
            else:
                raise Undecided(t)
        return out
