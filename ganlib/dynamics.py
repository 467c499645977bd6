r"""The training dynamics of the Dirac-GAN, explained in the chapter *Does the game converge?*
(``07b_game_dynamics``), after Mescheder, Geiger & Nowozin (2018).

The data distribution is a point mass at 0 and the generator's a point mass at :math:`\theta`; the
discriminator is linear, :math:`D_\psi(x) = \psi x`, a logit with the paper's sign (large where it
believes a sample is *fake*; the book's logit of "real" is :math:`-\psi x`). The discriminator
maximises and the generator minimises

.. math::

    L(\theta, \psi) = f(\psi \theta) + f(0), \qquad
    f(t) = -\log(1 + e^{-t}) \ (\texttt{"minimax"}), \qquad f(t) = t \ (\texttt{"wgan"}, \texttt{"wgan-gp"}).

Regularisers act on the discriminator's objective only: R1,
:math:`-\tfrac{\gamma}{2}\,\mathbb{E}_{p_{data}} |\nabla_x D_\psi|^2 = -\tfrac{\gamma}{2}\psi^2`
(``gamma``); the WGAN-GP penalty :math:`-\lambda (|\psi| - 1)^2` (``gp_weight``, with
``loss="wgan-gp"``); instance noise of standard deviation :math:`\sigma` (``noise``), which replaces
:math:`L` by :math:`\mathbb{E}_\varepsilon[f(\psi(\theta + \varepsilon))] + \mathbb{E}_\varepsilon[f(-\psi \varepsilon)]`,
:math:`\varepsilon \sim \mathcal{N}(0, \sigma^2)`, computed by Gauss–Hermite quadrature. Gradient
play follows the vector field

.. math::

    v(\theta, \psi) = \bigl(-\partial_\theta L,\; \partial_\psi L_D\bigr)
    = \bigl(-\psi f'(\psi\theta),\; \theta f'(\psi\theta) - \gamma \psi\bigr)
    \quad (\text{no noise, no WGAN-GP}),

whose Jacobian at the equilibrium :math:`(0, 0)` is
:math:`\begin{pmatrix} 0 & -f'(0) \\ f'(0) & -\gamma \end{pmatrix}`.

>>> from ganlib.dynamics import dirac_field, dirac_jacobian, dirac_steps
>>> [float(v) for v in dirac_field(1.0, 0.0)]                    # f'(0) = 1/2
[-0.0, 0.5]
>>> np.round(np.linalg.eigvals(dirac_jacobian()), 6)              # purely imaginary
array([0.+0.5j, 0.-0.5j])
>>> path = dirac_steps([1.0, 0.0], steps=1, lr=0.1)                # one simultaneous step
>>> bool(np.isclose(np.hypot(*path[-1]), np.sqrt(1 + 0.1**2 / 4), rtol=1e-12))
True
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from ._checks import as_array, instance, number, positive_int, whole

__all__ = ["DIRAC_LOSSES", "f_prime", "dirac_field", "dirac_jacobian", "dirac_steps", "dirac_flow"]

#: the objectives :func:`dirac_field` knows
DIRAC_LOSSES = ("minimax", "wgan", "wgan-gp")
METHODS = ("simultaneous", "alternating")
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(40)  # E over N(0, 1): sum(w g(x)) / sqrt(2 pi)
_WEIGHTS = _WEIGHTS / np.sqrt(2 * np.pi)


def _choice(value, name, options):
    instance(value, str, name, f"one of {', '.join(map(repr, options))}")
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, got {value!r}")
    return value


def _settings(loss, gamma, noise, gp_weight):
    loss = _choice(loss, "loss", DIRAC_LOSSES)
    gamma = number(gamma, "gamma", at_least=0)
    noise = number(noise, "noise", at_least=0)
    gp_weight = number(gp_weight, "gp_weight", above=0)
    return loss, gamma, noise, gp_weight


def f_prime(t, loss="minimax"):
    r""":math:`f'(t)`: :math:`1 / (1 + e^{t})` for ``"minimax"`` (so :math:`f'(0) = 1/2`), 1 for the
    Wasserstein losses.

    >>> float(f_prime(0.0)), float(f_prime(0.0, "wgan"))
    (0.5, 1.0)
    """
    return _f_prime(as_array(t, "t", scalar_ok=True), _choice(loss, "loss", DIRAC_LOSSES))


def _f_prime(t, loss):
    return expit(-t) if loss == "minimax" else np.ones_like(t)


def _field(theta, psi, loss, gamma, noise, gp_weight):
    """The vector field for checked arguments (arrays that broadcast)."""
    if noise == 0:
        slope = _f_prime(psi * theta, loss)
        v_theta, v_psi = -psi * slope, theta * slope
    else:  # expectations over the noise, one quadrature node per entry of the last axis
        eps = noise * _NODES
        th, ps = np.asarray(theta)[..., None], np.asarray(psi)[..., None]
        fake, real = _f_prime(ps * (th + eps), loss), _f_prime(-ps * eps, loss)
        v_theta = -(ps * fake) @ _WEIGHTS
        v_psi = ((th + eps) * fake - eps * real) @ _WEIGHTS
    v_psi = v_psi - gamma * psi
    if loss == "wgan-gp":
        v_psi = v_psi - 2 * gp_weight * (psi - np.sign(psi))
    return v_theta, v_psi


def dirac_field(theta, psi, loss="minimax", gamma=0.0, noise=0.0, gp_weight=1.0):
    r"""The gradient vector field :math:`v = (-\partial_\theta L, \partial_\psi L_D)` of the Dirac-GAN
    at ``theta``, ``psi`` (numbers or arrays that broadcast, e.g. from ``np.meshgrid``).

    ``gamma``: the R1 weight; ``noise``: the instance noise's standard deviation; ``gp_weight``:
    :math:`\lambda` of the WGAN-GP penalty :math:`\lambda(|\psi| - 1)^2`, used with
    ``loss="wgan-gp"`` only. Returns ``(v_theta, v_psi)``.

    >>> [float(v) for v in dirac_field(0.0, 1.0, gamma=1.0)]
    [-0.5, -1.0]
    """
    theta = as_array(theta, "theta", scalar_ok=True, finite=True)
    psi = as_array(psi, "psi", scalar_ok=True, finite=True)
    try:
        np.broadcast_shapes(theta.shape, psi.shape)
    except ValueError:
        raise ValueError(f"theta and psi must have shapes that broadcast, got {theta.shape} and {psi.shape}") from None
    return _field(theta, psi, *_settings(loss, gamma, noise, gp_weight))


def _point(value, name):
    arr = as_array(value, name, finite=True)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be a point (theta, psi) of shape (2,), got shape {arr.shape}")
    return arr


def dirac_jacobian(loss="minimax", gamma=0.0, noise=0.0, gp_weight=1.0, at=(0.0, 0.0), eps=1e-6):
    r"""The Jacobian :math:`\partial v / \partial (\theta, \psi)` of :func:`dirac_field` at the point
    ``at`` (default the equilibrium), by central differences of step ``eps``; rows are
    :math:`(v_\theta, v_\psi)`, columns :math:`(\theta, \psi)`. At :math:`(0, 0)` it is
    :math:`\begin{pmatrix} 0 & -f'(0) \\ f'(0) & 2\sigma^2 f''(0) - \gamma \end{pmatrix}`.

    >>> np.round(dirac_jacobian(gamma=0.5), 6)
    array([[ 0. , -0.5],
           [ 0.5, -0.5]])
    """
    settings = _settings(loss, gamma, noise, gp_weight)
    at = _point(at, "at")
    eps = number(eps, "eps", above=0)
    columns = []
    for e in np.eye(2) * eps:
        plus, minus = _field(*(at + e), *settings), _field(*(at - e), *settings)
        columns.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
    return np.array(columns, dtype=float).T


def dirac_steps(start, steps, lr, method="simultaneous", loss="minimax", gamma=0.0, noise=0.0,
                gp_weight=1.0, clip=None, d_steps=1):
    r"""Gradient play from ``start`` = :math:`(\theta_0, \psi_0)` with learning rate ``lr`` = :math:`h`
    for both players; returns the iterates, shape ``(steps + 1, 2)``.

    ``"simultaneous"``: :math:`(\theta, \psi) \leftarrow (\theta, \psi) + h\, v(\theta, \psi)`.
    ``"alternating"`` (Algorithm 1's order): ``d_steps`` discriminator steps
    :math:`\psi \leftarrow \psi + h\, v_\psi(\theta, \psi)`, then one generator step
    :math:`\theta \leftarrow \theta + h\, v_\theta(\theta, \psi)` with the new :math:`\psi`.
    ``clip``: WGAN's weight clipping, :math:`\psi \leftarrow \min(\max(\psi, -c), c)` after every
    discriminator step. A simultaneous step multiplies the distance to :math:`(0, 0)` by exactly
    :math:`\sqrt{1 + h^2 f'(\theta\psi)^2}` (no regulariser).

    >>> dirac_steps([1.0, 0.0], steps=2, lr=0.5, method="alternating", loss="wgan")
    array([[1.    , 0.    ],
           [0.75  , 0.5   ],
           [0.3125, 0.875 ]])
    """
    settings = _settings(loss, gamma, noise, gp_weight)
    point = _point(start, "start")
    steps = whole(steps, "steps", 0)
    h = number(lr, "lr", above=0)
    method = _choice(method, "method", METHODS)
    clip = None if clip is None else number(clip, "clip", above=0, what="None or a positive number")
    d_steps = positive_int(d_steps, "d_steps")
    if method == "simultaneous" and d_steps != 1:
        raise ValueError(f"d_steps applies to method='alternating' only, got d_steps={d_steps}")

    def bound(psi):
        return psi if clip is None else min(max(psi, -clip), clip)

    theta, psi = float(point[0]), bound(float(point[1]))
    path = np.empty((steps + 1, 2))
    path[0] = theta, psi
    for i in range(1, steps + 1):
        if method == "simultaneous":
            v_theta, v_psi = _field(theta, psi, *settings)
            theta, psi = theta + h * float(v_theta), bound(psi + h * float(v_psi))
        else:
            for _ in range(d_steps):
                psi = bound(psi + h * float(_field(theta, psi, *settings)[1]))
            theta = theta + h * float(_field(theta, psi, *settings)[0])
        path[i] = theta, psi
    return path


def dirac_flow(start, t_end, n_steps=1000, loss="minimax", gamma=0.0, noise=0.0, gp_weight=1.0):
    r"""The continuous-time gradient flow :math:`\dot x = v(x)` from ``start``, integrated by the
    classical fourth-order Runge–Kutta method with ``n_steps`` equal steps up to ``t_end``; returns
    the path at the times ``np.linspace(0, t_end, n_steps + 1)``, shape ``(n_steps + 1, 2)``.
    Without a regulariser the flow keeps :math:`\theta^2 + \psi^2` constant: it circles.

    >>> radius = np.hypot(*dirac_flow([1.0, 0.0], t_end=20.0, n_steps=400).T)
    >>> round(float(radius.min()), 6), round(float(radius.max()), 6)
    (1.0, 1.0)
    """
    settings = _settings(loss, gamma, noise, gp_weight)
    x = _point(start, "start")
    t_end = number(t_end, "t_end", above=0)
    n_steps = positive_int(n_steps, "n_steps")
    dt = t_end / n_steps

    def v(p):
        return np.array([float(c) for c in _field(p[0], p[1], *settings)])

    path = np.empty((n_steps + 1, 2))
    path[0] = x
    for i in range(1, n_steps + 1):
        k1 = v(x)
        k2 = v(x + dt / 2 * k1)
        k3 = v(x + dt / 2 * k2)
        k4 = v(x + dt * k3)
        x = x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        path[i] = x
    return path
