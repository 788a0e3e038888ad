"""Groups of steps in training (pipeline version 2), as src/pipeline/groups.ts: oneOf, someOf and sequence over
runs of consecutive steps, nested; each group draws from its own stream keyed by (seed, epoch, index, first,
count), so the steps that run, and their order, are the TypeScript library's."""

from .rng import Rng, hash_ints
from .schema import PipelineError

KINDS = ("oneOf", "someOf", "sequence")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def normalize_groups(raw, step_count):
    """Groups as the TypeScript parser leaves them (p 1, enabled, n as [min, max], keepOrder true by default).
    The TypeScript parser checks every rule; this checks what running needs, naming the field."""
    groups = []
    for i, g in enumerate(raw or []):
        path = f"groups[{i}]"
        if not isinstance(g, dict) or g.get("kind") not in KINDS:
            raise PipelineError([(f"{path}.kind", 'expected "oneOf", "someOf" or "sequence"')])
        first, count = g.get("first"), g.get("count")
        if not _is_int(first) or not _is_int(count) or first < 0 or count < 1 or first + count > step_count:
            raise PipelineError([(path, f"expected first and count within the {step_count} steps, got first {first!r}, count {count!r}")])
        out = {"kind": g["kind"], "first": first, "count": count, "p": g.get("p", 1), "enabled": g.get("enabled", True)}
        if g["kind"] == "oneOf" and g.get("weights") is not None:
            out["weights"] = list(g["weights"])
        if g["kind"] == "someOf":
            n = g.get("n", 1)
            out["n"] = [n, n] if _is_int(n) else list(n)
            out["keepOrder"] = g.get("keepOrder", True)
        groups.append(out)
    return groups


def _tree_order(groups):
    return sorted(range(len(groups)), key=lambda i: (groups[i]["first"], -groups[i]["count"]))


def group_children(groups, step_count):
    """The direct children of each group (and of the pipeline, key -1), in step order: ("step", i) or ("group", g)."""
    children = {-1: []}
    for i in range(len(groups)):
        children[i] = []
    stack = []
    for g in _tree_order(groups):
        group = groups[g]
        while stack and groups[stack[-1]]["first"] + groups[stack[-1]]["count"] <= group["first"]:
            stack.pop()
        parent = stack[-1] if stack else -1
        children[parent].append(("group", g))
        stack.append(g)
    owner = [-1] * step_count
    for g in _tree_order(groups):
        group = groups[g]
        for s in range(group["first"], min(group["first"] + group["count"], step_count)):
            owner[s] = g
    for s in range(step_count):
        children[owner[s]].append(("step", s))

    def start(c):
        return c[1] if c[0] == "step" else groups[c[1]]["first"]

    for lst in children.values():
        lst.sort(key=start)
    return children


def group_seed(sample_seed_value, group):
    return hash_ints(sample_seed_value, 0x47525550, group["first"], group["count"])


def _pick_children(g, n, rng):
    if n == 0:
        return []
    if g["kind"] == "sequence":
        return list(range(n))
    if g["kind"] == "oneOf":
        w = g.get("weights")
        if not w:
            return [rng.int(0, n - 1)]
        total = 0
        for x in w:
            total += x
        u = rng.next() * total
        for i in range(n):
            u -= w[i]
            if u < 0 and w[i] > 0:
                return [i]
        last = n - 1
        while last > 0 and w[last] == 0:
            last -= 1
        return [last]
    lo, hi = g.get("n", [1, 1])
    k = rng.int(lo, min(hi, n))
    idx = list(range(n))
    for i in range(k):
        j = rng.int(i, n - 1)
        idx[i], idx[j] = idx[j], idx[i]
    chosen = idx[:k]
    return chosen if g.get("keepOrder") is False else sorted(chosen)


def resolve_order(groups, step_count, sample_seed_value):
    """The steps that run for one sample, in the order they run (groups.ts resolveOrder)."""
    if not groups:
        return list(range(step_count))
    children = group_children(groups, step_count)
    order = []

    def visit(child):
        if child[0] == "step":
            order.append(child[1])
            return
        g = groups[child[1]]
        lst = children[child[1]]
        rng = Rng(group_seed(sample_seed_value, g))
        ran = rng.chance(g["p"]) and g["enabled"]
        for k in (_pick_children(g, len(lst), rng) if ran else []):
            visit(lst[k])

    for child in children[-1]:
        visit(child)
    return order
