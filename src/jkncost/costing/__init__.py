"""The costing pipeline: hospital folder, annualized investment, allocation of support-center costs, unit cost, cost per procedure (RVU), rational tariff, pricing, break-even."""
