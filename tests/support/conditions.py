"""Walking a condition as the YAML writes it ({all|any: [...]}, {not: ...}, atoms)."""


def atoms(expr: dict):
    """Each {field: ..., op: value} inside expr, depth first."""
    if "all" in expr or "any" in expr:
        for e in expr.get("all", expr.get("any")):
            yield from atoms(e)
    elif "not" in expr:
        yield from atoms(expr["not"])
    else:
        yield expr
