"""Input checks shared by ganlib's functions: clear ``ValueError``s, never ``assert``."""

from __future__ import annotations

import numpy as np

#: how far a probability vector's sum may be from 1
PMF_TOL = 1e-6
#: how far a density's Riemann sum on the grid may be from 1 (grids truncate the tails)
DENSITY_TOL = 1e-3


def as_array(x, name: str, scalar_ok: bool = False) -> np.ndarray:
    """``x`` as a float64 NumPy array (accepts lists, NumPy arrays and torch tensors; plain numbers
    too when ``scalar_ok``)."""
    if hasattr(x, "detach"):  # a torch tensor
        x = x.detach().cpu().numpy()
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}") from e
    if arr.ndim == 0 and not scalar_ok:
        raise ValueError(f"{name} must be an array, got the scalar {arr.item()!r}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at index {np.argwhere(np.isnan(arr))[0].tolist()}")
    return arr


def positive_int(value, name: str, what: str = "a positive whole number") -> int:
    """``value`` as an int, or a ValueError saying that ``name`` must be ``what``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def check_dx(dx) -> float | None:
    if dx is None:
        return None
    if not np.isscalar(dx) or not np.isfinite(dx) or dx <= 0:
        raise ValueError(f"dx must be a positive grid spacing, got {dx!r}")
    return float(dx)


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
    if not np.isscalar(base) or not np.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a positive number other than 1 (2 for bits, None for nats), got {base!r}")
    return float(np.log(base))
