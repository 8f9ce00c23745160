"""The methods study (``methods.ipynb``): allocation methods, sensitivity and break-even on Pasangkayu and RS Contoh.

A teaching study for an S2 class: the methods of :mod:`jkncost.costing` and :mod:`jkncost.sensitivity` side by
side on a real hospital (Pasangkayu, seed 002, through :mod:`jkncost.studies.pasangkayu`) and the invented one,
with exercises. It publishes nothing to compare against, so it has no ``comparison`` or ``audit``.

Modules:

- :mod:`.model`: a notebook parameter (``"pasangkayu"``, a hospital folder or workbook) turned into a
  :class:`~jkncost.studies.methods.model.TeachingHospital`: costs, tariffs per patient-day, ATP/WTP and a
  sensitivity model, with a caption saying what each rests on (:func:`~jkncost.studies.methods.model.load`);
- :mod:`.exercises`: the notebook's exercises, built from its own results (checked by
  :mod:`jkncost.teaching.exercises`, the course's checker).

Its inputs are in ``data/raw/methods/`` (an illustrative asset register, the example hospital's tariffs), its
texts in ``src/jkncost/labels/data/methods.csv``; the figures are the package's (:mod:`jkncost.plots`,
:mod:`jkncost.sensitivity.figures`).
"""
