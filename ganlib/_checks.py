"""Input checks shared by ganlib's functions, in the spirit of scikit-learn's ``check_array`` and
``check_scalar``: one helper per kind of argument. Each raises a ``ValueError`` (a bad value) or a
``TypeError`` (a wrong type) whose message names the argument, says what was expected and shows
what arrived; none uses ``assert``. NumPy scalars and 0-d arrays are accepted wherever Python
numbers are."""

from __future__ import annotations

import math
import numbers

import numpy as np

#: how far a probability vector's sum may be from 1
PMF_TOL = 1e-6
#: how far a density's Riemann sum on the grid may be from 1 (grids truncate the tails)
DENSITY_TOL = 1e-3

_KINDS = {"U": "text", "S": "bytes", "c": "complex numbers", "M": "dates", "m": "time spans", "V": "records"}


def _got(value) -> str:
    """``value`` as a message shows it: its repr (shortened), with the type for non-numbers."""
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    plain = value is None or isinstance(value, (numbers.Number, np.ndarray, np.generic))
    return text if plain else f"{text} (a {type(value).__name__})"


def _scalar(value):
    """A 0-d NumPy array or a one-number torch tensor as its number; anything else unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value[()]
    if hasattr(value, "detach") and getattr(value, "ndim", None) == 0:
        return value.item()
    return value


def _wrong(value, name, what):
    """The error for ``value`` that is not ``what``: a ValueError for numbers and bools (a bad value),
    a TypeError for anything else (a wrong type)."""
    v = _scalar(value)
    error = ValueError if isinstance(v, (numbers.Real, np.bool_)) else TypeError
    return error(f"{name} must be {what}, got {_got(value)}")


def _bounds(above, at_least, below, at_most) -> str:
    lo, hi = (above if above is not None else at_least), (below if below is not None else at_most)
    if lo is not None and hi is not None:
        return f"a number in {'(' if above is not None else '['}{lo:g}, {hi:g}{')' if below is not None else ']'}"
    if above == 0:
        return "a positive finite number"
    if lo is not None:
        return f"a finite number {'>' if above is not None else '>='} {lo:g}"
    if hi is not None:
        return f"a finite number {'<' if below is not None else '<='} {hi:g}"
    return "a finite number"


def number(value, name: str, *, above=None, at_least=None, below=None, at_most=None, what=None) -> float:
    """``value`` (a Python or NumPy number, or a 0-d array) as a finite float within the bounds,
    e.g. ``number(std, "std", above=0)``; ``what`` replaces the generated description."""
    what = what or _bounds(above, at_least, below, at_most)
    v = _scalar(value)
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
        raise _wrong(value, name, what)
    v = float(v)
    if not (math.isfinite(v) and (above is None or v > above) and (at_least is None or v >= at_least)
            and (below is None or v < below) and (at_most is None or v <= at_most)):
        raise ValueError(f"{name} must be {what}, got {_got(value)}")
    return v


def whole(value, name: str, minimum: int = 1, what: str | None = None) -> int:
    """``value`` (a Python or NumPy integer, or a 0-d integer array) as an int >= ``minimum``; floats
    such as 2.0 are refused, as a count or a seed is never fractional."""
    v = _scalar(value)
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral) or v < minimum:
        raise _wrong(value, name, what or f"a whole number >= {minimum}")
    return int(v)


def positive_int(value, name: str, what: str = "a positive whole number") -> int:
    """``value`` as an int >= 1, or an error saying that ``name`` must be ``what``."""
    return whole(value, name, 1, what)


def instance(value, types, name: str, what: str):
    """``value`` itself if it is one of ``types``, else a TypeError saying that ``name`` must be ``what``."""
    if not isinstance(value, types):
        raise TypeError(f"{name} must be {what}, got {_got(value)}")
    return value


def _at(mask: np.ndarray) -> str:
    return f" at index {np.argwhere(mask)[0].tolist()}" if mask.ndim else ""


def as_array(x, name: str, scalar_ok: bool = False, finite: bool = False, nan_ok: bool = False) -> np.ndarray:
    """``x`` as a float64 NumPy array (accepts lists, NumPy arrays and torch tensors; plain numbers
    too when ``scalar_ok``), refusing text, complex numbers, empty arrays, NaN (unless ``nan_ok``)
    and, when ``finite``, inf."""
    what = f"{'a number or ' if scalar_ok else ''}an array of numbers"
    if hasattr(x, "detach"):  # a torch tensor (floats widened first: bfloat16 has no NumPy twin)
        x = x.detach().cpu()
        x = (x.double() if x.is_floating_point() else x).numpy()
    try:
        if x is None:  # np.asarray would make it NaN
            raise TypeError
        raw = np.asarray(x)
        kind = raw.dtype.kind
        if kind == "O" and any(isinstance(e, (str, bytes)) for e in raw.flat):
            kind = "U"
        arr = None if kind in _KINDS else np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as e:  # ragged lists, None, objects that are not numbers
        raise TypeError(f"{name} must be {what}, got {_got(x)}") from e
    if arr is None:
        kind_of = "NumPy array" if isinstance(x, np.ndarray) else type(x).__name__
        got = _got(x) if isinstance(x, (str, bytes)) else f"a {kind_of} of {_KINDS[kind]}"
        raise TypeError(f"{name} must be {what}, got {got}")
    if arr.ndim == 0 and not scalar_ok:
        raise ValueError(f"{name} must be an array, got the scalar {arr.item()!r}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not nan_ok and np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN{_at(np.isnan(arr))}" if arr.ndim else f"{name} is NaN")
    if finite and np.isinf(arr).any():
        raise ValueError(f"{name} contains inf{_at(np.isinf(arr))}" if arr.ndim else f"{name} is {arr.item()}")
    return arr


def grid(x, name: str = "x", uniform: bool = False) -> np.ndarray:
    """``x`` as a 1-D, finite, strictly increasing float64 array of at least 2 points (evenly spaced
    too when ``uniform``, as a Riemann sum with one ``dx`` needs)."""
    x = as_array(x, name, finite=True)
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"{name} must be a 1-D grid of at least 2 points, got shape {x.shape}")
    step = np.diff(x)
    if (step <= 0).any():
        raise ValueError(f"{name} must be strictly increasing")
    if uniform and not np.allclose(step, step[0], rtol=1e-6, atol=0):
        raise ValueError(f"{name} must be evenly spaced (as np.linspace makes it), got spacings from "
                         f"{step.min():.4g} to {step.max():.4g}")
    return x


def probabilities(d, name: str) -> np.ndarray:
    """``d`` as an array of discriminator outputs in [0, 1]."""
    d = as_array(d, name)
    if (d < 0).any() or (d > 1).any():
        raise ValueError(
            f"{name} must hold discriminator outputs in [0, 1], got values in [{d.min():.4g}, {d.max():.4g}]; "
            "apply a sigmoid to logits first"
        )
    return d


def check_dx(dx) -> float | None:
    return None if dx is None else number(dx, "dx", above=0, what="a positive grid spacing")


def as_distribution(p, name: str, dx: float | None = None) -> np.ndarray:
    """Checks that ``p`` is a probability vector (``dx=None``) or a density sampled on a uniform
    grid of spacing ``dx``, and returns it normalised exactly (as probability masses times 1/dx)."""
    arr = as_array(p, name)
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains inf; probabilities and densities must be finite")
    if (arr < 0).any():
        i = np.argwhere(arr < 0)[0].tolist()
        raise ValueError(f"{name} must be non-negative, got {arr[tuple(i)]:.4g} at index {i}")
    total = arr.sum() * (1.0 if dx is None else dx)
    if dx is None:
        if abs(total - 1.0) > PMF_TOL:
            raise ValueError(
                f"{name} must sum to 1, got {total:.6g}; pass dx=<grid spacing> if it is a density on a grid"
            )
    elif abs(total - 1.0) > DENSITY_TOL:
        raise ValueError(
            f"{name} must integrate to 1 on the grid (sum(p) * dx), got {total:.6g}; "
            "widen or refine the grid, or check dx"
        )
    return arr / total


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


def log_base(base) -> float:
    """The natural log of ``base`` (``None`` means nats, i.e. base e)."""
    if base is None:
        return 1.0
    what = "a positive number other than 1 (2 for bits, None for nats)"
    if number(base, "base", above=0, what=what) == 1:
        raise ValueError(f"base must be {what}, got {_got(base)}")
    return float(np.log(_scalar(base)))
