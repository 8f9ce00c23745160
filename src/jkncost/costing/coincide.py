"""When and why the four allocation methods give the same unit costs.

Direct, step-down, double distribution and reciprocal differ only in how they treat the service
support centers give each other. They give the same cost per production center when

- there is no support center (only shared pools, which every method spreads first, alike);
- no support center gives another a positive weight (there is no mutual service to treat); or
- every support center distributes by one basis: its weights over the production centers are
  proportional to the same vector *v* for every support center and rule. Whatever route a rupiah takes
  between support centers, it reaches the production centers in proportion to *v*, so every method
  ends with the same split.

A reader who sees four identical columns is told which of these holds; otherwise nothing is said.

References
----------
Shepard, Hodgkin & Anthony (2000), *Analysis of Hospital Costs: A Manual for Managers*, WHO, ch. 4
(the methods differ only through service among overhead centers).

Examples
--------
>>> import pandas as pd
>>> from jkncost.costing.hospital import Hospital
>>> centers = pd.DataFrame({"center": ["S1", "S2", "P1", "P2"], "kind": ["support"] * 2 + ["production"] * 2,
...                         "output": [None, None, 1.0, 1.0], "output_unit": "", "beds": None, "order": None})
>>> bases = pd.DataFrame({"support_center": ["S1"] * 3 + ["S2"] * 3, "category": "", "component": "",
...                       "basis": "m2", "center": ["S2", "P1", "P2", "S1", "P1", "P2"],
...                       "weight": [5.0, 10, 30, 7, 1, 3]})
>>> h = Hospital("h", centers, pd.DataFrame(columns=["center", "category", "component", "amount"]), bases)
>>> why_methods_coincide(h).key
'costing.methods_coincide.one_basis'
"""

from __future__ import annotations

import numpy as np

from jkncost.costing.bases import RuleSets
from jkncost.labels import Text


def why_methods_coincide(hospital) -> Text | None:
    r"""The reason the four methods coincide on ``hospital`` (a catalogue text), or None when they may differ.

    Parameters
    ----------
    hospital : Hospital
        The hospital (:func:`jkncost.costing.read_hospital`); only its centers and allocation bases are read.

    Returns
    -------
    Text or None
        ``costing.methods_coincide.no_support`` (no support center), ``.no_mutual`` (no support center
        serves another) or ``.one_basis`` (every support center's weights over the production centers are
        proportional to one vector); None when none of the three holds and the methods may differ.

    Notes
    -----
    Write :math:`Q_{SS}` for the shares support centers send each other and :math:`Q_{SP}` for the shares
    they send the production centers. The reciprocal method moves support cost :math:`d_S` to the production
    centers as :math:`d_S (I - Q_{SS})^{-1} Q_{SP}`; the direct method as :math:`d_S \tilde Q_{SP}` with the
    rows of :math:`Q_{SP}` rescaled to sum to one. When :math:`Q_{SS} = 0` they are equal; when every row of
    :math:`Q_{SP}` is proportional to one vector :math:`v`,

    .. math::
        Q_{SP} = (\mathbf{1} - Q_{SS}\mathbf{1})\, v^\top \;\Rightarrow\;
        (I - Q_{SS})^{-1} Q_{SP} = \mathbf{1} v^\top = \tilde Q_{SP},

    and step-down and double distribution, which lie between the two, give the same split too.

    References
    ----------
    Shepard D.S., Hodgkin D., Anthony Y.E. (2000), *Analysis of Hospital Costs: A Manual for Managers*,
    WHO, ch. 4.

    Examples
    --------
    >>> import pandas as pd
    >>> from jkncost.costing.hospital import Hospital
    >>> centers = pd.DataFrame({"center": ["S1", "P1", "P2"], "kind": ["support", "production", "production"],
    ...                         "output": [None, 1.0, 1.0], "output_unit": "", "beds": None, "order": None})
    >>> bases = pd.DataFrame({"support_center": "S1", "category": "", "component": "", "basis": "m2",
    ...                       "center": ["P1", "P2"], "weight": [1.0, 3.0]})
    >>> costs = pd.DataFrame(columns=["center", "category", "component", "amount"])
    >>> why_methods_coincide(Hospital("h", centers, costs, bases)).key
    'costing.methods_coincide.no_mutual'
    """
    support = set(hospital.support_centers)
    if not support:
        return Text("costing.methods_coincide.no_support")
    production = hospital.production_centers
    pos = {c: i for i, c in enumerate(production)}
    rules = RuleSets.from_bases(hospital.bases)
    mutual = False
    vectors = []
    for (sender, _, _), (to, w) in rules.rows.items():
        if sender not in support:
            continue
        w = np.asarray(w, dtype=float)
        mutual |= bool(any(t in support and t != sender and x > 0 for t, x in zip(to, w)))
        v = np.zeros(len(production))
        for t, x in zip(to, w):
            if t in pos:
                v[pos[t]] += x
        if v.sum() > 0:
            vectors.append(v / v.sum())
    if not mutual:
        return Text("costing.methods_coincide.no_mutual")
    if vectors and all(np.allclose(v, vectors[0], rtol=1e-12, atol=1e-15) for v in vectors[1:]):
        return Text("costing.methods_coincide.one_basis", centers=len(support))
    return None
