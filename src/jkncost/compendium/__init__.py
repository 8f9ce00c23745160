"""The research compendium: paths, atomic outputs, notebook runs, reproduce, manifest, report, sweeps, published-vs-reproduced comparison and source audits."""
