"""What the plan demands and what was done: posting rhythms checked period by period (cadence),
the reports sent upward and their chart."""
