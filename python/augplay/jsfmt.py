"""JSON.stringify and Number-to-string as JavaScript writes them, so that error messages read the
same in Python as in the TypeScript library."""

import json
import math


class Undefined:
    """JavaScript's undefined: a missing field."""

    def __repr__(self):
        return "undefined"


UNDEFINED = Undefined()


def js_number(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        x = float(x) if abs(x) >= 2**53 else x
        if isinstance(x, int):
            return str(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    text = repr(abs(x))
    mantissa, _, exp = text.partition("e")
    exponent = int(exp) if exp else 0
    whole, _, frac = mantissa.partition(".")
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    # value = 0.digits x 10^n
    n = len(whole.lstrip("0")) + exponent if whole.strip("0") else exponent - (len(frac) - len(frac.lstrip("0")))
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        es = ("+" if e >= 0 else "-") + str(abs(e))
        body = digits + "e" + es if k == 1 else digits[0] + "." + digits[1:] + "e" + es
    return sign + body


def stringify(value):
    """JSON.stringify(value) (compact); undefined gives "undefined" as in a template string."""
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return "null" if isinstance(value, float) and not math.isfinite(value) else js_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join("null" if v is UNDEFINED else stringify(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + stringify(v) for k, v in value.items() if v is not UNDEFINED) + "}"
    return json.dumps(str(value))


# Longest echo of a value in a message, before the ellipsis (schema/errors.ts ECHO_MAX).
ECHO_MAX = 80


def echo(value, limit=ECHO_MAX):
    """schema/errors.ts echo(): JSON-like text of a value, cut at `limit` characters with an ellipsis."""
    out = []
    size = [0]

    def put(text):
        out.append(text)
        size[0] += len(text)

    def write(v, depth):
        if size[0] > limit:
            return
        if isinstance(v, str):
            put(json.dumps(v[: limit + 1] if len(v) > limit else v, ensure_ascii=False))
        elif isinstance(v, bool):
            put("true" if v else "false")
        elif v is None:
            put("null")
        elif isinstance(v, (int, float)):
            put(js_number(v))
        elif v is UNDEFINED:
            put("nothing")
        elif depth > 8:
            put("…")
        elif isinstance(v, (list, tuple)):
            put("[")
            for i, item in enumerate(v):
                if size[0] > limit:
                    break
                if i:
                    put(",")
                write(item, depth + 1)
            put("]")
        elif isinstance(v, dict):
            put("{")
            first = True
            for k, item in v.items():
                if size[0] > limit:
                    break
                if not first:
                    put(",")
                first = False
                put(json.dumps(k[: limit + 1] if len(k) > limit else k, ensure_ascii=False) + ":")
                write(item, depth + 1)
            put("}")
        else:
            put(str(v))

    write(value, 0)
    text = "".join(out)
    return text[:limit] + "…" if len(text) > limit else text


show = echo
